"""Det Grønne Opslagsværk: green public procurement criteria as data.

The package is the pipeline, one folder a stage; each stage imports only those above it here
(tests/test_architecture.py holds it to that):

    project.py, urls.py   where things are: on disk (Project, made once by the command line) and on the site
    source/               read and check: strict YAML, the data model, the rules, the vocabularies
    model/                the checked data as objects: corpus, criteria, the change log
    render/               text as safe HTML and Markdown, the Jinja2 templates and interface texts
    search/               the search index (and, for `build.py search`, its query)
    exports/              the downloads, one module per format
    site/                 pages, the MkDocs run, the site folder and its atomic swap
    editor/               the editor's tools around a pull request: diff, new, fmt, codes
    cli/                  the command line on top (build.py)
"""
