"""Search: the index computed at build time (stems, compounds, synonyms, codes) and the query
that `build.py search` runs over it.

May import: project, urls, source, model."""
