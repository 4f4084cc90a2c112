"""`build.py diff`, `new` and `fmt`: the editor's tools around a pull request."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from opslag.source.diagnostics import printable


def cmd_diff(args, project) -> int:
    from opslag.editor.review import GitError, annotations, markdown, review_folder

    try:
        review = review_folder(project.criteria, args.base)
    except GitError as exc:
        reason = exc.args[0] if exc.args else ""
        print(printable(f"diff: {reason.get(args.lang) if hasattr(reason, 'get') else reason}"), file=sys.stderr)
        return 2
    if args.format == "github":
        sys.stdout.write(annotations(review, args.lang))
    else:
        sys.stdout.write(markdown(review, args.lang))
    summary = os.environ.get("GITHUB_STEP_SUMMARY") if args.summary else None
    if summary:
        with open(summary, "a", encoding="utf-8") as f:
            f.write(markdown(review, args.lang))
    for diag in review.errors:
        print(diag.format(lang=args.lang), file=sys.stderr)
    return 1 if review.errors else 0


def cmd_new(args, project) -> int:
    from opslag.editor.scaffold import ScaffoldError, new_category, new_criterion, today
    from opslag.source.vocab import load_vocabulary

    vocab, _ = load_vocabulary(project.vocab)
    date = args.date or today()
    try:
        if args.what == "category":
            path = new_category(project, args.name, vocab, date, args.prefix)
            print(f"skrev {path}: udfyld hvert TODO, og kør derefter build.py check", file=sys.stderr)
        else:
            path, cid = new_criterion(project, args.name, vocab, date)
            print(
                f"tilføjede {cid} nederst i {path}: udfyld hvert TODO, og kør derefter build.py check", file=sys.stderr
            )
    except ScaffoldError as exc:
        print(printable(f"new: {exc}"), file=sys.stderr)
        return 1
    return 0


def cmd_fmt(args, project) -> int:
    from opslag.editor.fmt import format_tree

    folders = args.folders or [project.criteria, project.vocab, project.editions]
    outcomes = format_tree(project.root, folders, write=not args.check)
    changed = [o for o in outcomes if o.changed]
    problems = [o for o in outcomes if o.problem]
    for o in problems:
        print(printable(f"{o.file}: {o.problem}"), file=sys.stderr)
    for o in changed:
        print(printable(f"{o.file}: {'would be reformatted' if args.check else 'reformatted'}"), file=sys.stderr)
    if args.check and changed:
        print("run: python build.py fmt", file=sys.stderr)
    return 1 if problems or (args.check and changed) else 0


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value} is not a date (YYYY-MM-DD)") from None


def _folder(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is not a folder")
    return path


def register(sub, criteria_folder) -> None:
    p = sub.add_parser(
        "diff",
        help="criterion-by-criterion review of the change against BASE, with the version rules",
        description="Compares criteria/ in the working tree with BASE (default: the merge base of HEAD and "
        "main, else origin/main). Reads BASE with git and fetches nothing: BASE must be in the "
        "local repository. In a shallow clone fetch the history first (git fetch --unshallow; "
        "actions/checkout: fetch-depth: 0) or pass a BASE commit that is present.",
    )
    p.add_argument("base", nargs="?", help="commit, branch or tag to compare with")
    p.add_argument("--format", choices=["markdown", "github"], default="markdown")
    p.add_argument("--lang", choices=["da", "en"], default="da", help="language of the report (default: Danish)")
    p.add_argument("--criteria", type=criteria_folder, help="folder of category files (default: criteria/)")
    p.add_argument(
        "--summary",
        action="store_true",
        help="also append the Markdown report to $GITHUB_STEP_SUMMARY (GitHub Actions)",
    )
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("new", help="scaffold a category file or a criterion with TODOs to fill in")
    p.add_argument("what", choices=["category", "criterion"])
    p.add_argument("name", help="the new category's file name (category), or the category to add to (criterion)")
    p.add_argument("--prefix", help="id prefix for a new category (default: an unused one from the name)")
    p.add_argument("--date", type=_date, help="date to write (default: today)")
    p.add_argument("--criteria", type=criteria_folder, help="folder of category files (default: criteria/)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser(
        "fmt", help="put criteria/, vocab/ and editions/ in the canonical layout (key order, indentation, wrapping)"
    )
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    p.add_argument(
        "folders", nargs="*", type=_folder, help="folders to format (default: criteria/, vocab/ and editions/)"
    )
    p.set_defaults(func=cmd_fmt)
