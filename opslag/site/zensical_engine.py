"""The way off MkDocs (issue #21, item 8): the same generated pages built by Zensical, MkDocs'
successor from the Material team, behind `build.py build --engine zensical`. MkDocs + Material
stay the default while they get security fixes.

Zensical reads mkdocs.yml but runs no MkDocs plugins, so what our three plugins do inside MkDocs
is done here around its run: the settings the build sets (address, texts, navigation, the
policy, the date) go into a configuration file written for the run, and the finished HTML blocks
(html_blocks.py) are put back into the built pages afterwards. The downloads need nothing: they
are written beside the run and moved in, as with MkDocs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from opslag.site import html_blocks


class EngineError(OSError):
    """Zensical is missing or stopped: the build fails and the old site stays."""


class _Tagged:
    """A value mkdocs.yml writes with a Python tag (the headings' slugify), passed on as it is."""

    def __init__(self, tag: str, node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _keep_tag(loader, suffix, node):
    value = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else None
    return _Tagged(node.tag, value if value is not None else loader.construct_object(node))


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_Dumper.add_representer(_Tagged, lambda dumper, v: dumper.represent_mapping(v.tag, v.node))


def _read(path: Path) -> dict:
    """A MkDocs configuration with what it INHERITs (mkdocs.en.yml is mkdocs.yml with English settings)."""
    own = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
    parent = own.pop("INHERIT", None)
    return _merge(_read(path.parent / parent), own) if parent else own


def _merge(base: dict, over: dict) -> dict:
    """MkDocs' INHERIT: mappings merged key by key, anything else replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def settings(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, nav: list, theme: dict, site_url: str) -> dict:
    """Zensical's configuration: the language's mkdocs.yml with what build.py sets on MkDocs' (its
    `extra` is filled by build.py's theme_extra, the same for both engines)."""
    out = _read(mkdocs_yml)
    if "custom_dir" in out.get("theme", {}):  # relative to the file, which is written elsewhere
        out["theme"]["custom_dir"] = str((mkdocs_yml.parent / out["theme"]["custom_dir"]).resolve())
    out.update(
        site_url=site_url,
        site_name=theme["site_name"],
        site_description=theme["site_description"],
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        nav=nav,
    )
    for ext in out.get("markdown_extensions", []):
        if isinstance(ext, dict) and "toc" in ext:
            ext["toc"]["permalink_title"] = theme["permalink_title"]
    out.setdefault("extra", {})
    out["plugins"] = {"search": {"enabled": False}}  # the search is our own (opslag/search/)
    return out


def run(settings: dict, config_file: Path, site_dir: Path, blocks: Path | None) -> None:
    """Zensical over the docs folder into `site_dir`, then the finished HTML blocks put back.
    `config_file`: where its configuration is written, in a folder that holds the docs and site
    folders (Zensical wants them inside its project) and may take its cache (.cache)."""
    work = config_file.parent
    for key in ("docs_dir", "site_dir"):  # relative: Zensical 0.0.73 stops on absolute ones (a panic)
        settings[key] = Path(settings[key]).relative_to(work).as_posix()
    config_file.write_text(yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("zensical")), "build", "--clean", "-f", str(config_file)]
    if not Path(command[0]).is_file():
        raise EngineError("Zensical is not installed (pip install zensical); build without --engine zensical")
    done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EngineError(f"Zensical stopped: {(done.stderr or done.stdout).strip()[-500:]}")
    if blocks is not None:
        restore_blocks(blocks, site_dir)
    # its own search's index, written although the search is off; the site's search is ours
    (site_dir / "search.json").unlink(missing_ok=True)


def restore_blocks(blocks: Path, site_dir: Path) -> None:
    """What html_blocks' MkDocs plugin does on each page, as a pass over the built site: every page
    made from Markdown with held blocks gets them back (kategorier/x.md -> kategorier/x/index.html)."""
    for stored in sorted(blocks.rglob("*.md.json")):
        page = stored.relative_to(blocks).as_posix().removesuffix(".json")
        stem = page.removesuffix(".md")
        built = site_dir / (f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html")
        if stem == "404":
            built = site_dir / "404.html"
        output = built.read_text(encoding="utf-8")
        built.write_text(
            html_blocks.restore(output, json.loads(stored.read_text(encoding="utf-8")), page),
            encoding="utf-8",
            newline="",
        )
