"""The browser's code run in Python: V8 embedded with mini-racer, with the site's document
generators (web/js/tender.js, export-docx.js, export-txt.js) loaded. The build makes the category
downloads with it (opslag/exports/documents.py) and the tests run the browser code's logic in it
(tests/webjs.py), so a fix to the tender document is made in one place.

Why an embedded engine rather than a Python twin of the generators: two generators drifted (the
category download had no heading styles, the selection's text lacked type and level). mini-racer
is a small, maintained V8 binding on PyPI (no Node.js needed); the vendored `docx` library runs in
it unchanged, given the two browser objects it uses (TextEncoder, and a clock: Date is held at the
build's date, so the same data gives the same bytes, as SOURCE_DATE_EPOCH asks).
"""

from __future__ import annotations

import json

# The few browser objects the files touch when they load and run. No DOM: generators that needed
# one would not run at build time, and the tests (tests/webjs.py) would not catch it.
STAND_IN = """
var window = globalThis, self = globalThis;
var storage = {};
window.localStorage = {
  getItem: function (k) { return Object.hasOwn(storage, k) ? storage[k] : null; },
  setItem: function (k, v) { storage[k] = String(v); },
  removeItem: function (k) { delete storage[k]; }
};
var localStorage = window.localStorage;
window.location = { href: "https://example.org/udbud/" };
window.addEventListener = function () {};
var console = { warn: function () {}, log: function () {} };
var setTimeout = function () {};
var document = {
  readyState: "complete", currentScript: null,
  addEventListener: function () {}, getElementById: function () { return null; },
  querySelector: function () { return null; }, querySelectorAll: function () { return []; }
};
/* UTF-8, as the browser's TextEncoder (the docx library zips its XML with it) */
globalThis.TextEncoder = function () {};
TextEncoder.prototype.encode = function (text) {
  var bytes = unescape(encodeURIComponent(text)), out = new Uint8Array(bytes.length);
  for (var i = 0; i < bytes.length; i += 1) out[i] = bytes.charCodeAt(i);
  return out;
};
"""

# A zip file cannot hold a date before 1980, and the docx writer's zip refuses one: an earlier
# build date (SOURCE_DATE_EPOCH=0, the tests' epoch) is held at 1980-01-02 (a day's margin for
# the time zone). The build's zip (zipfiles.package) stamps its members the same way.
ZIP_EPOCH = 315619200

# Date held at one moment (milliseconds since 1970): `new Date()` and `Date.now()` give it; and
# Math.random seeded from it (docx names a hyperlink's relation with random letters), started
# again for every document (restartRandom), so a document's bytes do not depend on which documents
# the same engine made before it (serve and a process's second language reuse the engine).
CLOCK = """
(function (fixed) {
  var seed = fixed % 4294967296;
  globalThis.restartRandom = function () { seed = fixed % 4294967296; };
  Math.random = function () {  /* mulberry32: small, well known, deterministic */
    seed = (seed + 0x6D2B79F5) | 0;
    var r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  var RealDate = Date;
  function HeldDate() {
    var args = Array.prototype.slice.call(arguments);
    return args.length ? new (Function.prototype.bind.apply(RealDate, [null].concat(args)))() : new RealDate(fixed);
  }
  HeldDate.prototype = RealDate.prototype;
  HeldDate.now = function () { return fixed; };
  HeldDate.UTC = RealDate.UTC;
  HeldDate.parse = RealDate.parse;
  globalThis.Date = HeldDate;
})(FIXED);
"""

# What the build runs, in order (paths under web/).
SCRIPTS = (
    "js/gpp.js",
    "js/selection.js",
    "js/tender.js",
    "vendor/docx/docx.iife.js",
    "js/export-docx.js",
    "js/export-txt.js",
)


class Engine:
    """One V8 context with the generators loaded and one language's Mit udbud data."""

    def __init__(self, web, data: dict | None = None, epoch: int | None = None, scripts=SCRIPTS):
        from py_mini_racer import MiniRacer

        self.ctx = MiniRacer()
        self.ctx.eval(STAND_IN)
        self.held = epoch is not None
        if self.held:
            self.ctx.eval(CLOCK.replace("FIXED", str(max(epoch, ZIP_EPOCH) * 1000)))
        for name in scripts:
            self.ctx.eval((web / name).read_text(encoding="utf-8"))
        if data is not None:
            self.load(data)

    def load(self, data: dict) -> None:
        """Mit udbud's data (builder_data.py), in place of what was loaded before."""
        self.ctx.eval(f"var DATA = {json.dumps(data, ensure_ascii=False)};")

    def trim(self, limit: int = 32 << 20) -> None:
        """Let V8 give back its garbage once its heap holds more than `limit` bytes. V8 grows its heap
        rather than collect it (#21: 81 MB after 93 categories' documents, of which 5 MB alive):
        a full collection costs about 20 ms, so it is asked for only when the heap is large."""
        if self.ctx.heap_stats()["total_physical_size"] > limit:
            self.ctx.low_memory_notification()

    def selection(self, ids: list) -> str:
        """The ?k= value of these criteria, unpinned (selection.js writes the URL contract)."""
        return self.call("gpp.selection.format", _items(ids))

    def model(self, ids: list, title: str, link: str, link_js: str | None = None) -> str:
        """JavaScript that makes the tender model of these criteria (unpinned, as the page shows them);
        `link_js`, when given, is JavaScript that makes the cover's link in place of `link`."""
        title_js = json.dumps(title, ensure_ascii=False)
        return f"gpp.tender.model(DATA, {_unpinned(ids)}, {title_js}, {{}}, false, {link_js or json.dumps(link)})"

    def document(
        self, ids: list, title: str, link: str = "", exporter: str = "docx", link_js: str | None = None
    ) -> str:
        """JavaScript that makes the docx library's Document of these criteria (export-docx.js;
        exporter "q-docx": the market-dialogue questionnaire), the random letters started again."""
        restart = "restartRandom(), " if self.held else ""
        return f"({restart}gpp.tender.exporters[{json.dumps(exporter)}].build({self.model(ids, title, link, link_js)}))"

    def docx(self, ids: list, title: str, link: str = "", exporter: str = "docx") -> bytes:
        """The Word file of these criteria as the browser makes it: the library's Packer.pack (its
        promise read by wait())."""
        document = self.document(ids, title, link, exporter)
        packed = self.wait(f"function () {{ return docx.Packer.pack({document}, 'binarystring'); }}")
        return packed.encode("latin-1")  # one character a byte

    def text(self, ids: list, title: str, link: str = "") -> str:
        return self.ctx.eval(self._text_js(ids, title, link))

    def _text_js(self, ids: list, title: str, link: str, link_js: str | None = None) -> str:
        return f"gpp.tender.exporters.txt.build({self.model(ids, title, link, link_js)})"

    def category_documents(self, criteria: dict, categories: dict, ids: list, title: str, selection_url: str):
        """The Word file's parts, [[path, XML text]] in the package's order, and the text download
        of `ids` from these criteria and categories (in place of the ones loaded before), in one
        evaluation (#21: an evaluation costs about half a millisecond however little it does). The
        parts come from the library's compiler, the first half of Packer.pack: the build zips them
        itself (zipfiles.package), for its fixed dates. The cover links to `selection_url` with the
        criteria's ?k= value after it ("": no link)."""
        link = '""'  # no link
        if selection_url:
            link = f"({json.dumps(selection_url)} + gpp.selection.format({_unpinned(ids)}))"
        compiled = f"Array.from(docx.Packer.compiler.compile({self.document(ids, title, link_js=link)}))"
        loaded = (
            f"DATA.criteria = {json.dumps(criteria, ensure_ascii=False)};"
            f"DATA.categories = {json.dumps(categories, ensure_ascii=False)};"
        )
        parts, text = json.loads(
            self.ctx.eval(f"{loaded}JSON.stringify([{compiled}, {self._text_js(ids, title, '', link)}])")
        )
        binary = [path for path, data in parts if not isinstance(data, str)]
        if binary:  # an image, a font or a macro would come through JSON as an object, not its bytes
            raise ValueError(f"category_documents reads text parts only; this document has {', '.join(binary)}")
        return parts, text

    def call(self, expression: str, *args):
        """`expression` evaluates to a function; called with `args` (as JSON), its result comes back as data."""
        source = f"JSON.stringify(({expression}).apply(null, {json.dumps(list(args), ensure_ascii=False)}))"
        out = self.ctx.eval(source)
        return json.loads(out) if isinstance(out, str) else None

    def wait(self, expression: str, *args):
        """Like call(), for a function that returns a promise. V8 runs the pending promise jobs when
        an evaluation ends (nothing here waits on a timer), so a second evaluation reads the result:
        mini-racer's own promise.get() refuses while another event loop runs in the process (as
        Playwright's in the browser tests)."""
        args_json = json.dumps(list(args), ensure_ascii=False)
        self.ctx.eval(
            f"globalThis.__settled = null; Promise.resolve(({expression}).apply(null, {args_json})).then("
            "function (r) { globalThis.__settled = JSON.stringify({ok: r === undefined ? null : r}); },"
            "function (e) { globalThis.__settled = JSON.stringify({error: String((e && e.stack) || e)}); }); undefined"
        )
        out = self.ctx.eval("globalThis.__settled")
        if out is None:
            raise ValueError(f"{expression}: the promise did not settle")
        settled = json.loads(out)
        if "error" in settled:
            raise ValueError(f"{expression} rejected: {settled['error']}")
        return settled["ok"]

    def eval(self, body: str):
        """Run a function body; what it returns comes back as data (through JSON)."""
        out = self.ctx.eval(f"JSON.stringify((function () {{ {body} }})())")
        return json.loads(out) if isinstance(out, str) else None


def _items(ids: list) -> list:
    """The criteria as Mit udbud's items, each unpinned (the version the page shows)."""
    return [{"id": i, "version": None} for i in ids]


def _unpinned(ids: list) -> str:
    """_items() in JavaScript."""
    return json.dumps(_items(ids))
