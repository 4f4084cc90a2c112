"""The editor's tools around a pull request: `diff` (the review), `new` (scaffolds), `fmt` (the
canonical layout) and `codes` (the table of codes in CONTRIBUTING.md).

May import: project, urls, source."""
