"""The site's JavaScript (web/js/) run without a browser, in V8 embedded in Python (mini-racer).

The logic of the browser code (share links, the selection and the saved copies, placeholders
filled into tender text, the search query) is tested here in the fast suite; the browser tests keep what needs a page.
`page_scripts(...)` loads the named files after a small stand-in for the few browser objects they
touch at load time (no DOM: a test of the logic must not need one). V8 alone has no
CompressionStream: tests of share links put a stand-in codec in its place (tests/test_webjs.py)
and measure real deflate with Python's zlib; Chromium runs the browser's own (tests/test_udbud.py)."""

from __future__ import annotations

import json

from py_mini_racer import MiniRacer

from conftest import ROOT

WEB = ROOT / "web" / "js"

# What the files touch when they load: window, document (for the loader), localStorage, timers.
STAND_IN = """
var window = globalThis;
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
"""


class Page:
    """One JavaScript context with the named web/js files loaded, in order."""

    def __init__(self, *files: str):
        self.ctx = MiniRacer()
        self.ctx.eval(STAND_IN)
        for name in ("gpp.js", *files):
            self.ctx.eval((WEB / name).read_text(encoding="utf-8"))

    def call(self, expression: str, *args):
        """`expression` evaluates to a function; it is called with `args` (as JSON) and its result
        comes back as Python data (through JSON, so no engine objects leak into the tests)."""
        source = f"JSON.stringify(({expression}).apply(null, {json.dumps(list(args), ensure_ascii=False)}))"
        out = self.ctx.eval(source)
        return json.loads(out) if isinstance(out, str) else None

    def wait(self, expression: str, *args):
        """Like call(), for a function that returns a Promise. V8 runs the pending promise jobs when
        an evaluation ends, so the result is read by a second one (not with mini-racer's
        promise.get(), which refuses to run while another event loop, such as the browser tests'
        Playwright, runs in the same process)."""
        args_json = json.dumps(list(args), ensure_ascii=False)
        self.ctx.eval(
            f"globalThis.__settled = null; Promise.resolve(({expression}).apply(null, {args_json})).then("
            "function (r) { globalThis.__settled = JSON.stringify({ok: r === undefined ? null : r}); },"
            "function (e) { globalThis.__settled = JSON.stringify({error: String(e && e.stack || e)}); }); undefined"
        )
        for _ in range(100):
            out = self.ctx.eval("globalThis.__settled")
            if out is not None:
                break
        else:
            raise AssertionError(f"{expression}: the promise did not settle")
        settled = json.loads(out)
        if "error" in settled:
            raise AssertionError(f"{expression} rejected: {settled['error']}")
        return settled["ok"]

    def eval(self, source: str):
        out = self.ctx.eval(f"JSON.stringify((function () {{ {source} }})())")
        return json.loads(out) if isinstance(out, str) else None
