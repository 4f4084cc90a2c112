"""The site's Content-Security-Policy: defence in depth behind the text rule and the escaping.

Every page carries the same policy as a <meta> tag (overrides/main.html), written before any
script. Scripts run only from the site itself ('self') or when they are exactly one of the
theme's own inline scripts, allowed by their SHA-256 hash. Hashes are computed here at build
time by rendering the theme's inline-script partials the way MkDocs does, for every relative
base URL a page can have; so no inline script can be added by content, inline event handlers
(onfocus=...) never run, and javascript: URLs are never followed.

Also allowed, for the pages that make documents in the browser: same-origin Web Workers and
blob: workers, blob: downloads (navigation, not governed by CSP) and data:/blob: images.
No 'unsafe-eval'. Styles keep 'unsafe-inline' (the theme sets style attributes; CSS cannot run
script in current browsers).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

THEME_SCRIPT_PARTIALS = tuple(
    f"partials/javascripts/{name}.html" for name in ("base", "content", "palette", "consent", "announce", "outdated")
)
MAX_DEPTH = 8  # deepest page: en/kategorier/<id>/ is 3; room for more
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def theme_templates(engine: str = "mkdocs") -> Path:
    """The theme's templates: Material's, or Zensical's (the same partials, other scripts)."""
    import importlib

    return (
        Path(importlib.import_module("zensical" if engine == "zensical" else "material").__file__).parent / "templates"
    )


def theme_script_hashes(absolute_bases=(), features=(), templates: Path | None = None) -> list[str]:
    """Hashes of the theme's inline scripts for every page depth (".", "..", "../.." ...) and for
    the absolute base URLs of the 404 pages (the site's path, e.g. "/" and "/en/")."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(templates or theme_templates())), autoescape=False)
    bases = ["."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)] + list(absolute_bases)
    hashes = set()
    for partial in THEME_SCRIPT_PARTIALS:
        template = env.get_template(partial)
        for base in bases:
            html = template.render(config={"extra": {}}, base_url=base, features=list(features))
            hashes.update(script_hash(body) for body in _INLINE.findall(html))
    return sorted(hashes)


def policy(absolute_bases=(), features=(), templates: Path | None = None) -> str:
    scripts = " ".join(["'self'", *theme_script_hashes(absolute_bases, features, templates)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "script-src-attr 'none'",  # no inline event handlers, whatever else is allowed
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def allow_inline_script(html: bytes, script: str) -> bytes:
    """The page with `script`'s hash added to its policy: for `serve`, whose live-reload script
    is injected into each page as it is served (never in a built site)."""
    return html.replace(b"script-src 'self' ", b"script-src 'self' " + script_hash(script).encode() + b" ", 1)
