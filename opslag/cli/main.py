"""Command line: `python build.py check|build|serve|search|schema|codes|diff|new|fmt`."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from opslag.cli import editor as editor_cli
from opslag.cli import site as site_cli
from opslag.project import Project
from opslag.source.diagnostics import printable


def criteria_folder(value: str) -> Path:
    """--criteria takes a folder: the rules that span files (unique ids, references) need all of them."""
    path = Path(value)
    try:
        ok = path.is_dir()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        ok = False
    if not ok:
        what = "is a file" if path.is_file() else "does not exist" if not os.path.lexists(value) else "is no folder"
        raise argparse.ArgumentTypeError(f"{printable(value)} {what}; give the folder that holds the category files")
    return path


class Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit 1, like every other failure of build.py."""

    def error(self, message):
        print(f"{self.prog}: {printable(message)} (see: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(1)


SUMMARY = {
    "da": (
        "{errors} fejl og {warnings} advarsel(er) i {files} kategorifiler",
        "OK: {categories} kategorier, {warnings} advarsel(er)",
        "--strict: advarsler tæller som fejl (CI kører check --strict)",
    ),
    "en": (
        "{errors} error(s), {warnings} warning(s) in {files} category files",
        "OK: {categories} categories, {warnings} warning(s)",
        "--strict: warnings count as errors (CI runs check --strict)",
    ),
}


def _report(result, style: str, lang: str = "da") -> None:
    for diag in result.diagnostics:
        print(diag.format(style, lang), file=sys.stdout if style == "github" else sys.stderr)
    counts = {
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "files": result.files,
        "categories": len(result.categories),
    }
    print(SUMMARY[lang][0 if result.errors else 1].format(**counts), file=sys.stderr)


def cmd_check(args, project) -> int:
    from opslag.source.checker import check_project

    def base_files():  # the files on main, from git: asked only when a duplicate prefix or id must be placed
        from opslag.editor.review import base_category_ids

        return base_category_ids(project.criteria)

    result = check_project(
        project, base_files=base_files, coverage=args.criteria is None, editions=args.criteria is None
    )
    _report(result, args.format, args.lang)
    if args.strict and result.warnings:
        print(SUMMARY[args.lang][2], file=sys.stderr)
        return 1
    return 0 if result.ok else 1


def cmd_schema(args, project) -> int:
    from opslag.source.checker import check_project
    from opslag.source.schema import category_schema, dumps, edition_schema

    result = check_project(project)
    files = {
        project.schema_file: dumps(category_schema(result.vocab)),
        project.schema_file.with_name("edition.schema.json"): dumps(edition_schema(result.vocab)),
    }
    for target, text in files.items():
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print(
                    f"{target.relative_to(project.root)} is out of date; run: python build.py schema", file=sys.stderr
                )
                return 1
            continue
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(project.root)}", file=sys.stderr)
    return 0


def cmd_codes(args, project) -> int:
    from opslag.editor.codes_table import update_contributing

    changed = update_contributing(project.contributing, check=args.check)
    if args.check and changed:
        print("CONTRIBUTING.md's table of codes is out of date; run: python build.py codes", file=sys.stderr)
        return 1
    return 0


def _main(argv=None) -> int:
    parser = Parser(prog="build.py", description="Det Grønne Opslagsværk")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate vocabularies and criteria; list every problem")
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.add_argument("--criteria", type=criteria_folder, help="folder of category files (default: criteria/)")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1), as in CI")
    p.add_argument("--lang", choices=["da", "en"], default="da", help="language of the messages (default: Danish)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("schema", help="write schema/category.schema.json and edition.schema.json from the data model")
    p.add_argument("--check", action="store_true", help="only check that the file is up to date")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("codes", help="write the table of diagnostic codes into CONTRIBUTING.md")
    p.add_argument("--check", action="store_true", help="only check that the table is up to date")
    p.set_defaults(func=cmd_codes)
    site_cli.register(sub, criteria_folder)
    editor_cli.register(sub, criteria_folder)
    args = parser.parse_args(argv)
    # The one place the project is made: where everything is, and the settings from the environment.
    project = Project.from_env(
        criteria=getattr(args, "criteria", None), out=getattr(args, "out", None), edition=getattr(args, "edition", None)
    )
    if project.edition and not project.edition_file(project.edition).is_file():
        from opslag.source.editions import edition_ids

        known = ", ".join(edition_ids(project.editions)) or "-"
        print(
            f"build.py: there is no edition {project.edition!r} (editions/{project.edition}.yaml); "
            f"choose one of: {known}, or leave out --edition for the national library.",
            file=sys.stderr,
        )
        return 1
    return args.func(args, project)


MAX_EPOCH = 4102444799  # 2099-12-31T23:59:59Z: gzip (sitemap.xml.gz) and zip (Word) dates end soon after


def environment_problem(env=None) -> str:
    """One line on a build setting in the environment that cannot work, else ''."""
    env = os.environ if env is None else env
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isascii() and epoch.isdigit() and len(epoch) <= 12 and int(epoch) <= MAX_EPOCH):
        return (
            f"SOURCE_DATE_EPOCH={printable(epoch[:40])} is not a number of seconds since 1970 (up to "
            "2099); set it to e.g. $(git log -1 --format=%ct) or unset it."
        )
    url = env.get("SITE_URL")
    if url and not re.fullmatch(r"https?://[^\s\"'<>\\]+", url):
        return (
            f"SITE_URL={printable(url[:80])} is not an http(s) address; set it to the site's public "
            "address, e.g. https://example.dk/opslag/, or unset it."
        )
    return ""


def main(argv=None) -> int:
    """Every failure is a located diagnostic or one line naming the path and what to do; never a
    traceback (set OPSLAG_DEBUG=1 to see one)."""
    problem = environment_problem()
    if problem:
        print(f"build.py: {problem}", file=sys.stderr)
        return 1
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("build.py: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `build.py search ... | head`
        return 1
    except OSError as exc:
        if os.environ.get("OPSLAG_DEBUG"):
            raise
        where = f"{printable(exc.filename)}: " if exc.filename else ""
        print(
            f"build.py: {where}{printable(exc.strerror or exc)}; check the path and its permissions.", file=sys.stderr
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence, not the way errors are reported
        if os.environ.get("OPSLAG_DEBUG"):
            raise
        print(
            f"build.py: internal error ({type(exc).__name__}: {printable(exc)}); please report it with the "
            "command you ran (OPSLAG_DEBUG=1 shows the details).",
            file=sys.stderr,
        )
        return 1
