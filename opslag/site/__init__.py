"""The site: its Markdown pages, the MkDocs run per language, the Content-Security-Policy, and the
site folder built aside and swapped in atomically.

May import: project, urls, source, model, render, search, exports."""
