"""`build.py build`, `serve` and `search`: the site and search from the command line."""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sys
from pathlib import Path

from opslag import urls
from opslag.source.diagnostics import printable

BUILD_WORDS = {
    "da": (
        "bygningen stoppede: {n} fejl; den forrige udgave af siden er uændret.",
        "bygningen mislykkedes: {error}; den forrige udgave af siden er uændret.",
        "byggede {site}",
        "advarsel: SITE_URL er ikke sat, så sidens adresse er ukendt: dokumenter og udskrifter får ingen adresse "
        "og intet link tilbage. Sæt SITE_URL=https://… til den offentlige adresse, når siden skal udgives.",
    ),
    "en": (
        "build stopped: {n} error(s); the previous site is unchanged.",
        "build failed: {error}; the previous site is unchanged.",
        "built {site}",
        "warning: SITE_URL is not set, so the site's address is unknown: documents and printouts carry no address "
        "and no link back. Set SITE_URL=https://… to the public address when the site is to be published.",
    ),
}


def _print_build(result, lang: str = "da") -> int:
    words = BUILD_WORDS[lang]
    for diag in result.check.diagnostics:
        print(diag.format(lang=lang), file=sys.stderr)
    if not result.check.ok:
        print(words[0].format(n=len(result.check.errors)), file=sys.stderr)
        return 1
    if result.error:
        print(words[1].format(error=printable(result.error.rstrip("."))), file=sys.stderr)
        return 1
    print(words[2].format(site=printable(result.site)), file=sys.stderr)
    return 0


def cmd_build(args, project) -> int:
    from opslag.site.build import build_site

    code = _print_build(build_site(project.with_(engine=args.engine)), args.lang)
    if code == 0 and not project.public:  # once, after a build: the preview address must not reach a tender
        print(BUILD_WORDS[args.lang][3], file=sys.stderr)
    return code


def cmd_serve(args, project) -> int:
    from mkdocs.livereload import LiveReloadServer

    from opslag.site import csp
    from opslag.site import folder as sitefolder

    project = project.with_(criteria=project.criteria.resolve())
    problem = _port_problem(args.host, args.port)  # before building: a busy port should not cost a build
    if problem:
        print(
            f"build.py serve: cannot serve on {printable(args.host)}:{args.port} ({problem}); "
            "choose another --port, or stop the program using it.",
            file=sys.stderr,
        )
        return 1
    try:  # never serve a folder that is not a site of ours (a mistyped --out could be ~/Documents)
        sitefolder.refuse_out(project.out, project.root, project.criteria)
    except sitefolder.OutError as exc:
        print(f"build.py serve: {printable(exc)}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)  # stopped by `kill` or a closing session: the same clean end as Ctrl+C
    try:
        rebuild = serve_rebuilder(project)
    except KeyboardInterrupt:  # stopped during the first build: its workers end with this process (processes.py)
        print("build.py serve: stopped before the site was built", file=sys.stderr, flush=True)
        os._exit(1)  # not the interpreter's exit, which would wait for the workers to finish that build
    if rebuild is None:
        return 1
    out = project.out.resolve()

    class Server(LiveReloadServer):
        """MkDocs' server, whose live-reload script is allowed by the page's policy (opslag/site/csp.py)."""

        def _inject_js_into_html(self, content, epoch):
            content = super()._inject_js_into_html(content, epoch)
            scripts = re.findall(rb"<script>(.*?)</script>", content, re.S)
            return csp.allow_inline_script(content, scripts[-1].decode("utf-8")) if scripts else content

    try:
        server = Server(builder=rebuild, host=args.host, port=args.port, root=str(out))
    except (OSError, OverflowError) as exc:
        print(
            f"build.py serve: cannot serve on {printable(args.host)}:{args.port} "
            f"({printable(getattr(exc, 'strerror', None) or exc)}); choose another --port.",
            file=sys.stderr,
        )
        return 1
    for path in project.watched():
        server.watch(str(path))
    print(f"serving on http://{args.host}:{args.port}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        for stop in (signal.SIGTERM, signal.SIGINT):  # a second `kill` or Ctrl+C must not cut the clean-up short
            signal.signal(stop, signal.SIG_IGN)
        server.shutdown()
        rebuild.close()
    return 0


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve_rebuilder(project):
    """Build once; then a function that brings the site up to date after its sources changed (True
    if the site is up to date), what serve runs on every change: only what the changed category
    files affect is made again (opslag/site/incremental.py). None if the first build failed and
    there is no site."""
    from opslag.site.incremental import ServedSite

    served = ServedSite(project.with_(out=project.out.resolve()))
    if _print_build(served.build()) != 0 and not project.out.is_dir():
        served.close()
        return None

    def rebuild(changed=()) -> bool:
        # `changed` is not needed: the site compares the watched files with those it was built from
        return _print_build(served.rebuild()) == 0

    rebuild.close = served.close
    return rebuild


def _port_problem(host: str, port: int) -> str:
    """'' when host:port can be listened on, else why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.bind(infos[0][4])
    except OSError as exc:
        return exc.strerror or str(exc)
    except (OverflowError, IndexError) as exc:
        return str(exc)
    return ""


def port_number(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"port {printable(value)} is not a number from 1 to 65535")
    return int(value)


def positive(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) <= 1000:
        raise argparse.ArgumentTypeError(f"{printable(value)} is not a number from 1 to 1000")
    return int(value)


def cmd_search(args, project) -> int:
    from opslag.model.corpus import build_corpus
    from opslag.search.index import site_index_json
    from opslag.search.query import Search
    from opslag.source.checker import check_project

    check = check_project(project)
    if not check.ok:
        for diag in check.errors:
            print(diag.format(), file=sys.stderr)
        return 1
    corpus = build_corpus(check.categories, check.vocab, check.edition)
    refs = Search(project.web, site_index_json(corpus, args.lang, project.web))(" ".join(args.query), args.limit)
    if not refs:
        print("no criteria found", file=sys.stderr)
        return 1
    for ref in refs:
        c = corpus.criteria[ref]
        cat = corpus.category(c.category)
        print(printable(f"{c.cite:<10} {c.title.get(args.lang)}  [{cat.title.get(args.lang)}]  {urls.criterion(c)}"))
    return 0


def edition_name(value: str) -> str:
    from opslag.source.schema import EDITION_ID

    if not re.fullmatch(EDITION_ID, value):
        raise argparse.ArgumentTypeError(f"{printable(value)} is no edition name (the name of a file in editions/)")
    return value


def register(sub, criteria_folder) -> None:
    p = sub.add_parser("build", help="check, render and build the Danish and English site into site/")
    p.add_argument("--out", type=Path, help="site folder (default: site/)")
    p.add_argument("--edition", type=edition_name, help="an organisation's edition: editions/<EDITION>.yaml on top")
    p.add_argument("--criteria", type=criteria_folder, help="folder of category files (default: criteria/)")
    p.add_argument("--lang", choices=["da", "en"], default="da", help="language of the messages (default: Danish)")
    p.add_argument(
        "--engine",
        choices=["mkdocs", "zensical"],
        default="mkdocs",
        help="what makes the pages: MkDocs + Material (default) or Zensical, their successor (README: Leaving MkDocs)",
    )
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="build, serve and rebuild when criteria, vocabularies or templates change")
    p.add_argument("--out", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port_number, default=8000)
    p.add_argument("--edition", type=edition_name, help="an organisation's edition: editions/<EDITION>.yaml on top")
    p.add_argument("--criteria", type=criteria_folder, help="folder of category files (default: criteria/)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("search", help="search the criteria like the site does")
    p.add_argument("query", nargs="+")
    p.add_argument("--edition", type=edition_name, help="search an edition: editions/<EDITION>.yaml on top")
    p.add_argument("--lang", choices=["da", "en"], default="da")
    p.add_argument("--limit", type=positive, default=10)
    p.set_defaults(func=cmd_search)
