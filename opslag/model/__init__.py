"""The checked data as objects the later stages share: corpus, categories, criteria, their texts
in both languages, and the change log made from their history.

May import: project, urls, source."""
