"""The site's JavaScript (web/js/) run without a browser, in the V8 engine the build uses for the
category documents (opslag/webengine.py: mini-racer, with the same stand-in for the few browser
objects the files touch). The logic of the browser code (share links, the selection and the saved
copies, placeholders filled into tender text, the documents, the search query) is tested here in
the fast suite; the browser tests keep what needs a page. V8 alone has no CompressionStream: tests
of share links put a stand-in codec in its place (tests/test_webjs.py) and measure real deflate
with Python's zlib; Chromium runs the browser's own (tests/test_udbud.py)."""

from __future__ import annotations

from conftest import ROOT
from opslag.webengine import Engine


class Page(Engine):
    """One JavaScript context with gpp.js and the named web/js files loaded, in order."""

    def __init__(self, *files: str, data: dict | None = None, epoch: int | None = None):
        super().__init__(ROOT / "web", data, epoch, scripts=("js/gpp.js", *(f"js/{name}" for name in files)))
