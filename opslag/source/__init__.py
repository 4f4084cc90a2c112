"""Read and check: strict YAML with positions, the data model (JSON Schema), the rules across
fields and files, the vocabularies, and every finding as a located, coded diagnostic.

May import: project, urls (reserved names). Nothing later in the pipeline."""
