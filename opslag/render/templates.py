"""Jinja2 rendering shared by every output: one environment per language."""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from opslag import urls
from opslag.model.corpus import Text
from opslag.project import Project
from opslag.render import textformat
from opslag.source import placeholders, textblocks
from opslag.source.yamlsource import load_file


def load_strings(project: Project) -> dict:
    """The catalogue (templates/strings.yaml): {"languages": [...], lang: {key: text}}."""
    from opslag.source.rules import check_values

    src = load_file(project.catalogue)
    if not src.fatal:
        check_values(src)  # ours and trusted, but the same text rule keeps every text on one footing
    if src.fatal or src.diagnostics:
        raise ValueError("; ".join(d.format() for d in src.diagnostics))
    return src.data


def type_slug(type_id: str) -> str:
    """Ascii slug for URLs: 'kontraktvilkår' -> 'kontraktvilkaar'."""
    return type_id.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process, by name and source checksum: a process that renders
    again (serve's rebuilds, the second language) compiles each template once; a changed template's
    new source is compiled anew (Jinja compares the checksum)."""

    def __init__(self):
        self.compiled: dict = {}

    def load_bytecode(self, bucket) -> None:
        known = self.compiled.get(bucket.key)
        if known and known[0] == bucket.checksum:
            bucket.code = known[1]

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


COMPILED = CompiledTemplates()  # one per process, for our templates and MkDocs' theme (opslag/site/build.py)


class Renderer:
    """Renders templates for one language, with helpers that know the corpus."""

    def __init__(self, corpus, lang: str, project: Project, strings: dict | None = None):
        self.corpus, self.lang = corpus, lang
        templates = project.templates
        self.strings = (strings or load_strings(project))[lang]
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(enabled_extensions=("html.j2", "md.j2"), default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            bytecode_cache=COMPILED,
        )
        # `md`: one line of YAML text in Markdown (headings, list items); it is one line by the text
        # rule, and collapsing whitespace keeps it one line even if a text got past the checker.
        self.env.filters["md"] = lambda text: Markup(textformat.md_escape(" ".join(str(text).split())))
        self.env.filters["page_title"] = lambda text: Markup(textformat.md_escape(textformat.page_title(str(text))))
        self.env.globals.update(
            s=self.strings,
            lang=self.lang,
            tr=self.tr,
            plain=self.plain,
            markdown=self.markdown,
            block=self.block,
            inline=self.inline,
            vocab=corpus.vocab,
            vocab_label=self.vocab_label,
            vocab_text=self.vocab_text,
            label_names=self.label_names,
            criterion_text=self.criterion_text,
            levels_up_to_label=self.levels_up_to_label,
            type_slug=type_slug,
            urls=urls,
        )

    # -- text in the page's language -------------------------------------
    def tr(self, text: Text) -> str:
        """Text for a document or download, placeholders shown unfilled and bracketed."""
        shown = placeholders.display(text.get(self.lang), self.lang if text.translated(self.lang) else "da")
        if text.translated(self.lang):
            return shown
        return f"[{self.strings['untranslated']}] {shown}"

    def plain(self, text: Text) -> str:
        return textblocks.to_plain(self.tr(text))

    def markdown(self, text: Text) -> Markup:
        return Markup(textformat.to_markdown(self.tr(text)))

    def _untranslated(self, html: Markup, tag: str) -> Markup:
        badge = Markup('<span class="gpp-untranslated-badge">{}</span>').format(self.strings["untranslated"])
        return Markup('<{0} lang="da" class="gpp-untranslated">{1} {2}</{0}>').format(Markup(tag), badge, html)

    def block(self, text: Text) -> Markup:
        html = textformat.to_html(text.get(self.lang), self.lang if text.translated(self.lang) else "da")
        return html if text.translated(self.lang) else self._untranslated(html, "div")

    def inline(self, text: Text) -> Markup:
        html = escape(placeholders.display(text.get(self.lang), self.lang))
        return html if text.translated(self.lang) else self._untranslated(html, "span")

    # -- vocabularies --------------------------------------------------------
    def vocab_text(self, key: str, id_, field: str = "label") -> str:
        return self.tr(Text.of(self.corpus.vocab.get(key, id_)[field]))

    def vocab_label(self, key: str, id_) -> str:
        return self.tr(self.corpus.vocab_name(key, id_))

    def levels_up_to_label(self, level: str) -> str:
        """'Avanceret (basis + avanceret)': a level named with the levels it includes."""
        included = self.corpus.vocab.levels_up_to(level)
        if len(included) == 1:
            return self.vocab_label("levels", level)
        return f"{self.vocab_label('levels', level)} ({' + '.join(self.vocab_label('levels', l).lower() for l in included)})"

    def label_names(self, ids) -> str:
        return ", ".join(self.vocab_label("labels", i) for i in ids)

    # -- templates -----------------------------------------------------------
    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def criterion_text(self, criterion) -> str:
        """The tender text of one criterion, exactly as the copy button and .txt give it."""
        return self.render("criterion.txt.j2", c=criterion).strip() + "\n"

    def criterion_markdown(self, criterion) -> str:
        return self.render("criterion.md.j2", c=criterion).strip() + "\n"

    def groups(self, criteria) -> list:
        """Criteria grouped by requirement type (vocabulary order), then by level, then id."""
        level_order = {lvl: self.corpus.vocab.level_rank(lvl) for lvl in self.corpus.vocab.levels_by_rank()}
        out = []
        for type_id in self.corpus.vocab.ids("types"):
            members = sorted((c for c in criteria if c.type == type_id), key=lambda c: (level_order[c.level], c.id))
            if members:
                levels = [
                    {
                        "level": lvl,
                        "title": self.vocab_label("levels", lvl),
                        "criteria": [c for c in members if c.level == lvl],
                    }
                    for lvl in level_order
                    if any(c.level == lvl for c in members)
                ]
                out.append(
                    {
                        "type": type_id,
                        "title": self.vocab_label("types", type_id),
                        "criteria": members,
                        "levels": levels,
                    }
                )
        return out
