"""The ``gradkg`` command line (DESIGN.md §8). Results go to stdout, errors to stderr.

Exit codes: 0 success, 1 the graph does not conform, 2 bad input. rdflib and pyshacl are
imported only by the commands that need them, so ``gradkg query`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from gradkg import __version__
from gradkg.errors import EXIT_BAD_INPUT, EXIT_VIOLATIONS, GradkgError
from gradkg.project import Project, find_project

if TYPE_CHECKING:
    from gradkg.charts.ahead import DrawAhead

CHART_FORMATS = ("svg", "png", "html", "json")
REVIEW_FORMATS = ("md", "html", "pdf")


def _write_output(name: str, data: bytes) -> None:
    """Write ``-o NAME`` atomically; a folder or a place that cannot be written is bad input, named."""
    from gradkg.atomic import write_bytes

    path = Path(name)
    if path.is_dir():
        raise GradkgError(f"-o {name}: is a folder; give a file name")
    blocking = next((p for p in path.parents if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise GradkgError(f"-o {name}: {blocking} is a file, not a folder")
    try:
        write_bytes(path, data)
    except OSError as error:
        raise GradkgError(f"-o {name}: cannot write: {error.strerror or error}") from None


def _cmd_build(args: argparse.Namespace, project: Project) -> int:
    from gradkg.build import build, format_summary

    out_dir = args.build_dir or project.root / "build"
    summary = build(project, out_dir, args.lang, args.programme)
    sys.stdout.write(format_summary(summary, project.root))
    return EXIT_VIOLATIONS if summary.outcome.count("Violation") else 0


def _cmd_validate(args: argparse.Namespace, project: Project) -> int:
    import pyoxigraph as ox

    from gradkg.build import CACHE_DIR, GRAPHS_DIR
    from gradkg.inputs import GraphCache, read_graphs
    from gradkg.layout import check_layout, selected_programmes
    from gradkg.loading import file_sources, load_store, project_sources, union_graph
    from gradkg.validation import DEFAULT_ENGINE, format_json, format_text, format_turtle, validate
    from gradkg.validation.editions import validate_editions, with_programme_checks

    if args.files:
        sources = file_sources([Path(f) for f in args.files], project)
        store = load_store(sources)
        outcome = validate(union_graph(store), store, project, args.lang)
    else:  # edition by edition, sharing the build's caches
        check_layout(project)
        chosen = selected_programmes(project, args.programme)
        sources = project_sources(project, chosen)
        cache = GraphCache(project.root / "build" / GRAPHS_DIR)
        graphs = read_graphs(sources, project.root, cache)
        checked = validate_editions(
            project, chosen, graphs, args.lang, DEFAULT_ENGINE, project.root / "build" / CACHE_DIR
        )
        store = ox.Store()
        with cache.joined_nquads(list(graphs.inputs.values())) as stream:
            store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
        outcome = with_programme_checks(checked, store, project, args.lang, sources).outcome
    render = {
        "text": lambda: format_text(outcome, args.lang),
        "json": lambda: format_json(outcome),
        "turtle": lambda: format_turtle(outcome),
    }[args.format]
    sys.stdout.write(render())
    return EXIT_VIOLATIONS if outcome.count("Violation") else 0


def _cmd_queries(args: argparse.Namespace, project: Project) -> int:
    from gradkg.querylib import list_queries

    for query in list_queries(project.queries):
        sys.stdout.write(f"{query.name}\n    {query.summary}\n")
        for p in query.params:
            needs = "optional" if p.optional else "required"
            sys.stdout.write(f"    --param {p.name}=…  ({p.kind}, {needs}) {p.doc}\n")
    return 0


def _cmd_query(args: argparse.Namespace, project: Project) -> int:
    from gradkg.deep_stack import call_with_deep_stack
    from gradkg.engine import LocalEngine, built_store, staleness
    from gradkg.named import run_named
    from gradkg.output import display, terminal_width, write_results, write_rows
    from gradkg.params import parse_assignments
    from gradkg.querylib import find_query

    query = find_query(project.queries, args.name)
    given = parse_assignments(args.param)
    stale = None
    if args.endpoint:
        from gradkg.remote import RemoteEngine

        engine = RemoteEngine(args.endpoint, args.user, args.password)
    else:
        store_path = built_store(project, args.build_dir)
        stale = staleness(project, store_path)
        engine = LocalEngine(store_path)

    width = None if args.wide else terminal_width(sys.stdout)

    def answer_and_write() -> None:  # a query from a file may chain deep enough to need the deep stack
        answer = run_named(project, engine, query, given)
        for hint in answer.hints:
            sys.stderr.write(f"note: {hint}\n")
        if args.format == "table" and args.lang == "en" and not args.endpoint:
            from gradkg.labels import Translator

            names = [v.value for v in answer.solutions.variables]
            rows = [[display(s[n]) for n in names] for s in answer.solutions]
            write_rows(names, Translator(engine, project.queries).rows(rows, "en"), sys.stdout, width)
        else:
            write_results(answer.solutions, args.format, sys.stdout, sys.stdout.buffer, width)

    call_with_deep_stack(answer_and_write)
    if stale is not None and stale():
        sys.stderr.write("note: data changed since the last `gradkg build`; answers may be out of date\n")
    return 0


def _cmd_ask(args: argparse.Namespace, project: Project) -> int:
    from gradkg.asking.answer import Asker
    from gradkg.asking.guard import check_question
    from gradkg.asking.render import write_json, write_text
    from gradkg.engine import LocalEngine, built_store
    from gradkg.output import terminal_width

    check_question(args.question)  # bad input is refused before the graph is opened
    engine = LocalEngine(built_store(project, args.build_dir))
    reply = Asker(project, engine).ask(args.question, args.lang, args.programme)
    if args.lang == "en" and reply.rows:
        from gradkg.labels import Translator

        translator = Translator(engine, project.queries)
        reply.rows = [{k: translator.cell(v, "en") for k, v in row.items()} for row in reply.rows]
    if args.format == "json":
        write_json(reply, sys.stdout)
    else:
        write_text(reply, args.lang, sys.stdout, None if args.wide else terminal_width(sys.stdout))
    return 0


def _cmd_search(args: argparse.Namespace, project: Project) -> int:
    import json

    from gradkg.engine import LocalEngine, built_store
    from gradkg.output import terminal_width, write_rows
    from gradkg.search import SearchIndex, check_term

    term = check_term(args.term)
    hits = SearchIndex(LocalEngine(built_store(project, args.build_dir)), project.queries).search(term, args.limit)
    if args.format == "json":
        sys.stdout.write(json.dumps([h.as_dict(args.lang) for h in hits], ensure_ascii=False, indent=2) + "\n")
        return 0
    rows = [
        [
            h.label(args.lang),
            h.matched,
            ", ".join(h.shown_types()),
            " ".join(sorted(h.programmes)),
            " ".join(sorted(h.editions)),
            h.iri,
        ]
        for h in hits
    ]
    head = ["name", "matched", "type", "programme", "editions", "iri"]
    write_rows(head, rows, sys.stdout, None if args.wide else terminal_width(sys.stdout))
    return 0


def _cmd_diff(args: argparse.Namespace, project: Project) -> int:
    from gradkg.diff import compare, format_csv, format_json, format_text, translated
    from gradkg.engine import LocalEngine, built_store

    for year in (args.earlier, args.later):
        if not (year.isdigit() and len(year) == 4):
            raise GradkgError(f"an edition is a four-digit year, got '{year}'")
    programme = _one_programme(project, args.programme)
    known = project.editions(programme)
    for year in (args.earlier, args.later):
        if year not in known:
            raise GradkgError(f"no {year} edition of {programme} (known: {', '.join(known)})")
    engine = LocalEngine(built_store(project, args.build_dir))
    diff = compare(project, engine, programme, args.earlier, args.later, args.lang)
    if args.lang == "en":
        from gradkg.labels import Translator

        diff = translated(diff, Translator(engine, project.queries))
    sys.stdout.write({"text": format_text, "json": format_json, "csv": format_csv}[args.format](diff))
    return 0


def _one_programme(project: Project, wanted: str | None) -> str:
    """The programme a per-programme command means: the one named, or the only one there is."""
    from gradkg.layout import selected_programmes

    if wanted:
        return selected_programmes(project, [wanted])[0]
    known = project.programmes()
    if len(known) != 1:
        raise GradkgError(f"several programmes ({', '.join(known)}): name one with --programme")
    return known[0]


def _cmd_export(args: argparse.Namespace, project: Project) -> int:
    from gradkg.engine import LocalEngine, built_store
    from gradkg.export import CJK_WARNING, GRAPHVIZ_FORMATS, cjk_font_missing, render
    from gradkg.views import load_view

    if args.format in GRAPHVIZ_FORMATS and cjk_font_missing():
        sys.stderr.write(CJK_WARNING)
    graph = load_view(project, LocalEngine(built_store(project, args.build_dir)), args.view, args.lang)
    data = render(graph, args.format)
    if args.output:
        _write_output(args.output, data)
        sys.stderr.write(f"wrote {args.output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges\n")
    else:
        sys.stdout.buffer.write(data)
    return 0


def _cmd_chart(args: argparse.Namespace, project: Project) -> int:
    from gradkg.charts.command import draw
    from gradkg.charts.render import cjk_font_warning
    from gradkg.engine import LocalEngine, built_store

    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "")
    if fmt not in CHART_FORMATS:
        raise GradkgError(f"-o {args.output}: say --format {'|'.join(CHART_FORMATS)} (the file name does not)")
    engine = LocalEngine(built_store(project, args.build_dir))
    if fmt in ("svg", "png"):
        warning = cjk_font_warning()
        if warning:
            sys.stderr.write(f"gradkg: warning: {warning}\n")
    drawn = draw(project, engine, args.indicator, args.programme or [], fmt, args.lang)
    _write_output(args.output, drawn.data)
    name = drawn.indicator.name(args.lang)
    sys.stderr.write(
        f"wrote {args.output}: {name}, {drawn.values} values from {len(drawn.programmes)} programme(s) "
        f"({', '.join(drawn.programmes)})\n"
    )
    return 0


def _cmd_review(args: argparse.Namespace, project: Project) -> int:
    from gradkg.charts.ahead import DrawAhead

    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "md")
    if fmt not in REVIEW_FORMATS:
        raise GradkgError(f"-o {args.output}: say --format {'|'.join(REVIEW_FORMATS)} (the file name does not)")
    if fmt == "pdf" and not args.output:
        raise GradkgError("--format pdf: give -o FILE (a PDF is not written to the terminal)")
    # Started before the review's modules are even imported: its charts' helper needs 1-2 s.
    with DrawAhead() if fmt in ("html", "pdf") else contextlib.nullcontext() as ahead:
        return _review(args, project, fmt, ahead)


def _review(args: argparse.Namespace, project: Project, fmt: str, ahead: DrawAhead | None) -> int:
    from gradkg.review.command import review_edition, review_file
    from gradkg.review.render import CACHE, to_html, to_markdown, to_pdf

    if fmt == "pdf":
        from gradkg.charts.render import cjk_font_warning

        warning = cjk_font_warning()
        if warning:
            sys.stderr.write(f"gradkg: warning: {warning}\n")
    if args.file:
        review = review_file(project, Path(args.file), args.programme, args.edition, args.lang, args.threshold)
    else:
        review = review_edition(project, args.build_dir, args.programme, args.edition, args.lang, args.threshold)
    cache = (args.build_dir or project.root / "build") / CACHE
    draw = {"md": lambda r: to_markdown(r).encode(), "html": lambda r: to_html(r, cache, ahead).encode()}
    data = draw[fmt](review) if fmt in draw else to_pdf(review, cache, ahead)
    if not args.output:
        sys.stdout.buffer.write(data)
        return 0
    _write_output(args.output, data)
    sys.stderr.write(
        f"wrote {args.output}: {len(review.findings)} findings on the {args.edition} edition of {args.programme}\n"
    )
    return 0


def _percent(text: str) -> float:
    """A threshold in per cent: a number ≥ 0."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a percentage ≥ 0, got '{text}'")
    return value


def _cmd_analyse(args: argparse.Namespace, project: Project) -> int:
    from gradkg.analyse import figures, format_csv, format_json, format_text
    from gradkg.engine import LocalEngine, built_store
    from gradkg.views import load_view

    result = figures(load_view(project, LocalEngine(built_store(project, args.build_dir)), args.view, args.lang))
    text = {"text": format_text, "json": format_json, "csv": format_csv}[args.format](result)
    if args.output:
        _write_output(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _cmd_push(args: argparse.Namespace, project: Project) -> int:
    from gradkg.engine import built_store
    from gradkg.remote import push

    store_path = built_store(project, args.build_dir)
    graphs = push(store_path, args.endpoint, args.graph, args.graph_parameter, args.user, args.password, args.auth)
    for pushed in graphs:
        sys.stdout.write(f"pushed {pushed.triples:>6} triples to {pushed.graph}\n")
    return 0


def _cmd_serve(args: argparse.Namespace, project: Project) -> int:
    from gradkg.engine import built_store
    from gradkg.serve.app import run
    from gradkg.serve.settings import Settings

    try:
        settings = Settings(
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            row_cap=args.row_cap,
            max_result_mb=args.max_result_mb,
            max_body=args.max_body,
            workers=args.workers,
            worker_memory_mb=args.worker_memory,
            queue_wait=args.queue_wait,
            header_timeout=args.header_timeout,
            cache_mb=args.cache_mb,
            cors=tuple(args.cors),
            allow_service=tuple(args.allow_service),
            public_url=args.public_url,
        )
    except ValueError as error:
        raise GradkgError(f"serve: {error}") from None
    sys.stderr.write(f"gradkg serving http://{args.host}:{args.port}/ (SPARQL at /sparql)\n")
    run(project, built_store(project, args.build_dir), settings)
    return 0


def _cmd_ingest(args: argparse.Namespace, project: Project) -> int:
    from gradkg.ingest import ingest

    outcome = ingest(project, Path(args.file), args.programme, args.edition, args.out, args.force)
    counts: dict[str, int] = {}
    for row in outcome.draft.review:
        if row.status != "not drafted":
            counts[row.kind] = counts.get(row.kind, 0) + 1
    drafted = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    folder = outcome.written[0].parent if outcome.written else args.out
    sys.stdout.write(f"drafted {drafted} into {folder}\n")
    sys.stdout.write(f"{outcome.leftovers} numbers not drafted are listed for review in {folder}/review.md\n")
    return 0


def _cmd_publish(args: argparse.Namespace, project: Project) -> int:
    from gradkg.engine import built_store
    from gradkg.publish import publish

    store_path = built_store(project, args.build_dir)
    site = publish(project, store_path, Path(args.out), args.base_url, args.endpoint, args.force)
    for iri, path in site.skipped:
        sys.stderr.write(f"gradkg: warning: skipped <{iri}>: its site path {path} would not stay inside --out\n")
    sys.stdout.write(f"published {site.count} resources in Chinese and English to {args.out}\n")
    if args.endpoint:
        sys.stdout.write(
            f"the query page asks {args.endpoint} from {site_origin(args.base_url)}: "
            f"serve that endpoint with `gradkg serve --cors {site_origin(args.base_url)}`\n"
        )
    return 0


def site_origin(url: str) -> str:
    """The origin (scheme, host, port) a browser sends for pages under ``url``: what --cors must allow."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line, like every other gradkg error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _at_least_one(text: str) -> int:
    """A count that must be a whole number ≥ 1 (workers, rows, bytes)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got '{text}'")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got '{text}'")
    return value


def _port(text: str) -> int:
    """A TCP port, 0 (any free port) to 65535."""
    if not (text.isdigit() and int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got '{text}'")
    return int(text)


def _http_url(text: str) -> str:
    """An absolute http(s) URL: urllib fails later, with a traceback, on anything else."""
    try:
        parts = urllib.parse.urlsplit(text)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != -1
    except ValueError:
        valid = False
    if not valid or any(ord(c) <= 0x20 for c in text):
        raise argparse.ArgumentTypeError(f"expected an http:// or https:// URL, got '{text}'")
    return text


def _questions_epilog() -> str:
    """The question library for `gradkg query --help`; empty outside a project (the help must still work)."""
    from gradkg.querylib import list_queries

    try:
        queries = list_queries(find_project().queries)
    except GradkgError:
        return ""
    lines = ["questions (gradkg queries shows their parameters):"]
    lines += [f"  {q.name:<32} {q.summary}" for q in queries]
    return "\n".join(lines)


def _list_questions_in_help(parser: argparse.ArgumentParser) -> None:
    """`query --help` ends with the question library, read only when the help is asked for."""
    original = parser.format_help

    def format_help() -> str:
        parser.epilog = _questions_epilog()
        return original()

    parser.format_help = format_help  # type: ignore[method-assign]


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gradkg", description="A knowledge graph of degree-programme annual reports.")
    parser.add_argument("--version", action="version", version=f"gradkg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default zh)")

    def programmes_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--programme", action="append", metavar="ID", help="only this programme (a folder under data/); repeatable"
        )

    p = sub.add_parser("build", help="load, validate and write the outputs under build/")
    p.add_argument("--build-dir", type=Path, help="where to write (default: <project>/build)")
    programmes_option(p)
    lang_option(p)
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("validate", help="validate the project, or other Turtle/TriG files with its reference data")
    p.add_argument("files", nargs="*", help="Turtle or TriG files to validate instead of the project's editions")
    p.add_argument("--format", choices=("text", "json", "turtle"), default="text")
    programmes_option(p)
    lang_option(p)
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("queries", help="list the question library")
    p.set_defaults(run=_cmd_queries)

    p = sub.add_parser(
        "query",
        help="ask a named question (or run a .rq file)",
        description="Ask a named question of the built graph.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _list_questions_in_help(p)
    p.add_argument("name", help="a query name (listed below), or a path to a .rq file")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter; repeatable")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.add_argument(
        "--endpoint",
        type=_http_url,
        help="ask a remote SPARQL 1.1 endpoint instead (its default graph must be the union)",
    )
    p.add_argument("--user", help="user name for the endpoint")
    p.add_argument("--password", help="password for the endpoint")
    p.add_argument("--wide", action="store_true", help="print table cells whole instead of fitting the terminal")
    lang_option(p)
    p.set_defaults(run=_cmd_query)

    p = sub.add_parser("ask", help='ask a question in Chinese or English, e.g. gradkg ask "谁讲血液病学专题？"')
    p.add_argument("question", help="the question, in Chinese or English")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument(
        "--programme", metavar="ID", help="the programme (a folder under data/), for questions that take one"
    )
    p.add_argument("--wide", action="store_true", help="print table cells whole instead of fitting the terminal")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    lang_option(p)
    p.set_defaults(run=_cmd_ask)

    p = sub.add_parser("search", help="find any resource by any part of any of its names")
    p.add_argument("term", help="part of a name: Chinese, English, Pinyin, a document number …")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--limit", type=_at_least_one, default=50, help="most hits to show (default 50)")
    p.add_argument("--wide", action="store_true", help="print table cells whole instead of fitting the terminal")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    lang_option(p)
    p.set_defaults(run=_cmd_search)

    p = sub.add_parser("push", help="load the built graph into a remote store (SPARQL 1.1 Graph Store Protocol)")
    p.add_argument(
        "--endpoint", required=True, type=_http_url, help="the store's Graph Store Protocol URL, e.g. http://host/store"
    )
    p.add_argument("--graph", help="push only this named graph (default: every graph, one PUT each)")
    p.add_argument("--graph-parameter", default="graph", help="query parameter naming the graph (Virtuoso: graph-uri)")
    p.add_argument("--user", help="user name")
    p.add_argument("--password", help="password")
    p.add_argument("--auth", choices=("basic", "digest"), default="basic")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.set_defaults(run=_cmd_push)

    p = sub.add_parser("diff", help="what changed between two editions")
    p.add_argument("earlier", help="the earlier edition, e.g. 2023")
    p.add_argument("later", help="the later edition, e.g. 2024")
    p.add_argument("--programme", metavar="ID", help="the programme (needed when data/ holds several)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    lang_option(p)
    p.set_defaults(run=_cmd_diff)

    p = sub.add_parser("export", help="write a view of the graph for yEd, Gephi, Cytoscape, Graphviz or a browser")
    p.add_argument("view", help="a view in queries/views/, e.g. teaching, governance, programme, full")
    p.add_argument(
        "--format", choices=("graphml", "gexf", "cyjs", "cystyle", "dot", "svg", "png", "html"), default="graphml"
    )
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    lang_option(p)
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser(
        "chart", help="one chart of an indicator: a programme over its editions, or programmes side by side"
    )
    p.add_argument("indicator", help="an indicator's id (admitted), Chinese or English name (gradkg query indicators)")
    p.add_argument(
        "--programme", action="append", metavar="ID", help="a programme (a folder under data/); repeatable; default all"
    )
    p.add_argument("--format", choices=CHART_FORMATS, help="default: from the -o file name's suffix")
    p.add_argument("-o", "--output", required=True, help="file to write (written whole or not at all)")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the chart's labels (default zh)")
    p.set_defaults(run=_cmd_chart)

    p = sub.add_parser("review", help="a pre-publication review of an edition, or of a report file, as md, html or pdf")
    p.add_argument("file", nargs="?", help="a report text or PDF not in the graph (drafted in a temporary copy)")
    p.add_argument("--programme", required=True, metavar="ID", help="the programme (a folder under data/)")
    p.add_argument("--edition", required=True, metavar="YEAR", help="the edition's year")
    p.add_argument("--format", choices=REVIEW_FORMATS, help="default: from the -o file name's suffix, else md")
    p.add_argument("-o", "--output", help="file to write (written whole or not at all); default stdout (md, html)")
    p.add_argument(
        "--threshold",
        type=_percent,
        default=50.0,
        help="list statistics that changed by this many per cent or more (50)",
    )
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the review (default zh)")
    p.set_defaults(run=_cmd_review)

    p = sub.add_parser("analyse", help="network figures of a view: most courses, most processes, centrality …")
    p.add_argument("view", help="a view in queries/views/")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    lang_option(p)
    p.set_defaults(run=_cmd_analyse)

    p = sub.add_parser("serve", help="serve the built graph: SPARQL endpoint, linked data, pages")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8000)
    p.add_argument("--timeout", type=_seconds, default=10.0, help="seconds a query may run; caps a client's timeout")
    p.add_argument("--row-cap", type=_at_least_one, default=100_000, help="most rows a SELECT may return")
    p.add_argument(
        "--max-result-mb",
        type=_at_least_one,
        default=64,
        metavar="MB",
        help="largest answer in megabytes (bigger ones get 422)",
    )
    p.add_argument("--max-body", type=_at_least_one, default=1_000_000, help="largest request body in bytes")
    p.add_argument("--workers", type=_at_least_one, default=4, help="query worker processes (at least 1)")
    p.add_argument(
        "--worker-memory",
        type=_at_least_one,
        default=1024,
        metavar="MB",
        help="memory a worker may use beyond its store; a query needing more gets 503",
    )
    p.add_argument(
        "--queue-wait",
        type=_seconds,
        default=2.0,
        metavar="SECONDS",
        help="longest wait for a free worker before 503 with Retry-After",
    )
    p.add_argument(
        "--header-timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="a client must send its request head and body within this",
    )
    p.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="IRI-PREFIX",
        help="let SERVICE call IRIs starting with this prefix (default: no SERVICE, no outbound request)",
    )
    p.add_argument(
        "--cache-mb",
        type=int,
        default=64,
        metavar="MB",
        help="memory for answers to repeated questions (the store never changes while served); 0: none",
    )
    p.add_argument("--public-url", help="the URL clients reach this server at (default http://HOST:PORT/)")
    p.add_argument("--cors", action="append", default=[], metavar="ORIGIN", help="allow requests from ORIGIN")
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.set_defaults(run=_cmd_serve)

    p = sub.add_parser("ingest", help="draft an edition from a report's text or PDF, with a review file")
    p.add_argument("file", help="the report: UTF-8 text as extracted from PDF, or a PDF with a text layer")
    p.add_argument(
        "--programme", required=True, metavar="ID", help="the programme (a folder under data/ with programme.ttl)"
    )
    p.add_argument("--edition", required=True, metavar="YEAR", help="the edition's year, e.g. 2025")
    p.add_argument("--out", type=Path, help="where to write the draft (default: data/ID/YEAR)")
    p.add_argument("--force", action="store_true", help="replace a folder that already holds an edition")
    p.set_defaults(run=_cmd_ingest)

    p = sub.add_parser("publish", help="write the pages and RDF as a static site")
    p.add_argument(
        "--out",
        required=True,
        help="the folder to write the site to: new, empty, or an earlier site (it has .gradkg-site)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace a folder gradkg did not write (never the project, build, home or root folder)",
    )
    p.add_argument(
        "--base-url",
        required=True,
        type=_http_url,
        help="where the site will be published, e.g. https://example.org/gradkg/",
    )
    p.add_argument(
        "--endpoint", type=_http_url, help="the SPARQL endpoint the query page asks (default: BASE-URL/sparql)"
    )
    p.add_argument("--build-dir", type=Path, help="where the built graph is (default: <project>/build)")
    p.set_defaults(run=_cmd_publish)
    return parser


def _say(message: str) -> None:
    """One line on stderr, whatever the message held."""
    sys.stderr.write(f"gradkg: {' '.join(message.split())}\n")


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args, find_project())
    except GradkgError as error:
        _say(str(error))
        return error.exit_code
    except BrokenPipeError:
        return 0
    except OSError as error:  # what no command foresaw: a full disk, a folder that vanished …
        where = f"{error.filename}: " if error.filename else ""
        _say(f"{where}{error.strerror or error}")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
