"""Text from the YAML as safe HTML and Markdown, and the Jinja2 templates with the interface texts
of one language (Renderer).

May import: project, urls, source, model."""
