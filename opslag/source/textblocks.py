"""The structure of a text in the YAML: paragraphs and '- ' lists, and the same as plain tender text.

A blank line separates paragraphs; a single line break inside a paragraph is a soft wrap
(editors wrap long lines), as in Markdown. Lines starting with '- ' make a list."""

from __future__ import annotations

LIST_MARKER = "-"  # a line starting with it and a space is a list item: the text format's one marker


def is_item(line: str) -> bool:
    """Whether a line of a text starts a list item ('- ', after any indentation)."""
    return line.strip().startswith(LIST_MARKER + " ")


def blocks(text: str) -> list:
    """Split text into ('p', [paragraph]) and ('ul', items) blocks."""
    out = []
    for chunk in text.strip().split("\n\n"):
        run_kind, run = None, []
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            if run_kind == "ul" and raw[:1].isspace() and not is_item(line):
                run[-1] += " " + line  # an indented line continues the list item (editors wrap long items)
                continue
            kind = "ul" if is_item(line) else "p"
            if kind != run_kind and run:
                out.append((run_kind, run if run_kind == "ul" else [" ".join(run)]))
                run = []
            run_kind = kind
            run.append(line[len(LIST_MARKER) + 1 :].strip() if kind == "ul" else line)
        if run:
            out.append((run_kind, run if run_kind == "ul" else [" ".join(run)]))
    return out


def to_plain(text: str) -> str:
    """Tender text: paragraphs separated by one blank line, list items as '- '."""
    parts = []
    for kind, items in blocks(text):
        parts.append("\n".join(f"- {i}" for i in items) if kind == "ul" else "\n".join(items))
    return "\n\n".join(parts)
