"""The one Markdown escaper: text from the data, written into Markdown, renders as the same text.

Two readers of our Markdown: Python-Markdown (MkDocs, the site and the Markdown downloads) and
GitHub's cmark-gfm (the review diff, posted as a pull request's job summary; `build.py diff`).
`md_escape(text)` is for the first; `md_escape(text, gfm=True)` also stops what only GitHub
makes of text: ~~strikethrough~~, $math$, and links it finds in plain text (https://…, www.…,
e-mail and mailto:/xmpp: addresses). Both never let text become a link, an image, HTML, a
heading, a list, a table cell boundary or code.
"""

from __future__ import annotations

import re

# Backslash-escaped for Markdown. '{' and '}' because the attr_list extension turns '{: onfocus=... }'
# at the end of a heading or paragraph into HTML attributes; '(' ')' '!' so no link or image can form;
# '#' anywhere, since ' #' at the end of a heading would be taken for its closing sequence.
_MD_BACKSLASH = set("\\`*_[]|{}()!#")
_MD_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# GitHub only (CommonMark lets any ASCII punctuation be backslash-escaped; Python-Markdown would
# show the backslash): strikethrough and math delimiters.
_GFM_BACKSLASH = set("~$")
# GitHub's autolinks: 'scheme://' and 'www.' are found while parsing, so an escaped ':' or '.'
# stops them; e-mail addresses (and mailto:, xmpp:) are found in the text after parsing, where an
# escape is already gone, so a WORD JOINER (invisible, no line break) after '@' stops those.
_GFM_AUTOLINK = re.compile(r":(?=//)|(?<=[wW]{3})\.|@(?=\w)")
WORD_JOINER = "\u2060"


def md_escape(text: str, gfm: bool = False) -> str:
    """Escape one line for Markdown (CommonMark and Python-Markdown, or GitHub's with gfm=True)
    so it renders literally."""
    special = _MD_BACKSLASH | _GFM_BACKSLASH if gfm else _MD_BACKSLASH
    autolink = {m.start() for m in _GFM_AUTOLINK.finditer(text)} if gfm else ()
    out = []
    for i, ch in enumerate(text):
        if i in autolink:
            out.append(ch + WORD_JOINER if ch == "@" else "\\" + ch)
        else:
            out.append(_MD_ENTITY.get(ch) or ("\\" + ch if ch in special else ch))
    out = "".join(out)
    if out[:1] in ("+", "-") or out.split(".", 1)[0].isdigit() and "." in out[:10]:
        out = "\\" + out if out[:1] in "+-" else out.replace(".", "\\.", 1)
    return out
