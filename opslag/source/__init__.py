"""Read and check: strict YAML with positions, the data model (JSON Schema), the rules across
fields and files, the vocabularies, and every finding as a located, coded diagnostic; also the
one Markdown escaper (mdescape), which the site's pages and the review diff both use.

May import: project, urls (reserved names). Nothing later in the pipeline."""
