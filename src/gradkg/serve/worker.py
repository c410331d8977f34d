"""A query worker: one process, the built store opened read-only, one request at a time over stdin/stdout.

The server never parses or runs a stranger's SPARQL itself: it hands the text here. Before
pyoxigraph sees it, the scanner refuses updates (403), brackets nested past the parser's safe
depth and ``SERVICE`` calls that ``--allow-service`` does not name (400). The process runs
under a memory cap and, unless some service is allowed, with internet sockets forbidden
(gradkg.serve.sandbox); if it dies or overruns, the server kills it and starts another.

Usage (by the server only): ``python -m gradkg.serve.worker STORE PROJECT MEMORY_MB [SERVICE_PREFIX ...]``
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from gradkg.deep_stack import DEEP_STACK_BYTES
from gradkg.engine import LocalEngine
from gradkg.errors import GradkgError
from gradkg.named import run_named
from gradkg.project import Project
from gradkg.querylib import find_query
from gradkg.serve import frames
from gradkg.serve.sandbox import forbid_network, limit_memory
from gradkg.sparql_scan import MAX_CHAIN, MAX_DEPTH, QUERY_KEYWORDS, Scan, scan
from gradkg.store import in_memory, open_read_only

TEXT = "text/plain; charset=utf-8"
NAMED_FORMATS = {"json": "application/sparql-results+json", "csv": "text/csv"}


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    hints: tuple[str, ...] = ()
    cacheable: bool = False  # the same job would get the same answer (gradkg.serve.cache)

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, TEXT, message.encode("utf-8"))


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def service_allowed(target: str, allowed: tuple[str, ...]) -> bool:
    """Whether a SERVICE target (an IRIREF token) names an endpoint under an allowed prefix.

    The IRI is read as the parser will (``\\uXXXX`` escapes decoded), then compared by parts —
    scheme, host and port equal, path under the prefix's path, no user info — so that neither
    ``http://allowed.example@elsewhere/`` nor an escaped character can pass for an allowed prefix.
    """
    if not (target.startswith("<") and target.endswith(">")):
        return False
    iri = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), target[1:-1])
    try:
        asked = urlsplit(iri)
        asked_port = asked.port
    except ValueError:
        return False
    if "@" in asked.netloc or asked.scheme not in ("http", "https"):
        return False
    for prefix in allowed:
        granted = urlsplit(prefix)
        if (asked.scheme, asked.hostname, asked_port) == (
            granted.scheme,
            granted.hostname,
            granted.port,
        ) and asked.path.startswith(granted.path):
            return True
    return False


def refusal(found: Scan, allowed_services: tuple[str, ...]) -> Reply | None:
    """Why a query text must not reach the parser or the engine, if it must not."""
    if found.depth > MAX_DEPTH:
        return Reply.text(400, f"the query nests brackets {found.depth} deep; at most {MAX_DEPTH} are accepted")
    if found.chain > MAX_CHAIN:
        return Reply.text(
            400, f"the query chains {found.chain} operators and clauses; at most {MAX_CHAIN} are accepted"
        )
    if found.stray_backslash:
        return Reply.text(400, "malformed query: a backslash outside a string, IRI or name")
    if found.is_update:
        return Reply.text(403, f"this endpoint is read-only: {found.form} is a SPARQL Update and was not run")
    for target in found.services:
        if not service_allowed(target, allowed_services):
            allowed = ", ".join(allowed_services) or "none"
            return Reply.text(
                400,
                f"SERVICE {target or '(nothing)'} refused: this endpoint does not call other "
                f"services unless --allow-service names them (allowed: {allowed})",
            )
    if found.form is not None and found.form not in QUERY_KEYWORDS:
        return Reply.text(400, f"malformed query: it starts with {found.form}, not SELECT, CONSTRUCT, DESCRIBE or ASK")
    return None


def _rows_in(body: bytes, media_type: str) -> int:
    """How many solutions a serialised SELECT result holds (each format's own row marker)."""
    if media_type == "application/sparql-results+json":
        return len(json.loads(body)["results"]["bindings"])
    if media_type == "application/sparql-results+xml":
        return body.count(b"<result>")
    if media_type == "text/csv":
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1
    return body.count(b"\n") - 1  # TSV escapes newlines inside values


def run_sparql(store: ox.Store, job: dict, allowed_services: tuple[str, ...]) -> Reply:
    """Answer one protocol request, evaluating the query once; every failure is a status and a message."""
    found = scan(job["query"])
    refused = refusal(found, allowed_services)
    if refused:
        return refused
    options: dict = {}
    if job["default_graphs"]:
        options["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
    else:
        options["use_default_graph_as_union"] = True
    if job["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    cap = job["row_cap"]
    try:
        result = store.query(job["query"], **options)
        if isinstance(result, ox.QueryTriples):
            fmt = ox.RdfFormat.from_media_type(job["graph_format"])
            triples = list(itertools.islice(result, cap + 1))
            if len(triples) > cap:
                return Reply.text(422, f"the result has more than {cap} triples, the server's cap: add a LIMIT")
            body = ox.serialize(triples, format=fmt)
        else:
            fmt = ox.QueryResultsFormat.from_media_type(job["results_format"])
            body = result.serialize(format=fmt)
            if isinstance(result, ox.QuerySolutions) and _rows_in(body, fmt.media_type) > cap:
                return Reply.text(422, f"the result has more than {cap} rows, the server's cap: add a LIMIT")
        if len(body) > job["max_bytes"]:
            return Reply.text(
                422,
                f"the result is {len(body)} bytes, over the server's cap of {job['max_bytes']}: "
                "add a LIMIT or ask for less",
            )
        return Reply(200, fmt.media_type, body, cacheable=not found.volatile)
    except SyntaxError as error:
        return Reply.text(400, f"malformed query: {error}")
    except (OSError, ValueError) as error:
        return Reply.text(400, f"the query could not be evaluated: {error}")


def answer_named(project: Project, engine: LocalEngine, job: dict) -> Reply:
    """A question from the library, by name, with the caller's parameters."""
    try:
        answer = run_named(project, engine, find_query(project.queries, job["name"]), job["params"])
    except GradkgError as error:
        return Reply.text(404 if "unknown query" in str(error) else 400, str(error))
    media = NAMED_FORMATS[job["format"]]
    body = answer.solutions.serialize(format=ox.QueryResultsFormat.from_media_type(media))
    return Reply(200, media, body, tuple(answer.hints), cacheable=True)


_ASKERS: dict[str, object] = {}  # one Asker per worker, built at its first question (jieba's dictionary included)


def answer_ask(project: Project, engine: LocalEngine, job: dict) -> Reply:
    """A question in words: the reading, its parameters and the answer, as JSON."""
    from gradkg.asking.answer import Asker
    from gradkg.asking.render import as_json

    asker = _ASKERS.get("asker")
    if asker is None:
        asker = _ASKERS["asker"] = Asker(project, engine)
    try:
        reply = asker.ask(job["q"], job["lang"])
    except GradkgError as error:
        return Reply.text(400, str(error))
    body = json.dumps(as_json(reply), ensure_ascii=False).encode("utf-8")
    return Reply(200, "application/json", body, cacheable=True)


def serve(store_path: str, project_root: str, memory_mb: int, allowed_services: tuple[str, ...]) -> None:
    """Load the store, close the sandbox, then answer frames on a thread with a deep stack until stdin ends."""
    channel = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nothing but frames may reach the server's pipe
    engine = LocalEngine.of(in_memory(open_read_only(Path(store_path)).store))
    project = Project(Path(project_root))
    if not allowed_services:
        forbid_network()  # before the thread starts, so that it inherits the filter
    threading.stack_size(DEEP_STACK_BYTES)
    answering = threading.Thread(target=_answer, args=(channel, engine, project, memory_mb, allowed_services))
    answering.start()
    answering.join()


def _answer(
    channel: int, engine: LocalEngine, project: Project, memory_mb: int, allowed_services: tuple[str, ...]
) -> None:
    limit_memory(memory_mb * 1024 * 1024)  # counted from here, with the deep stack already reserved
    frames.write(channel, {"ready": True})
    requests = frames.FrameReader(sys.stdin.fileno())
    while (frame := requests.read()) is not None:
        job = frame[0]
        try:
            if job["kind"] == "sparql":
                reply = run_sparql(engine.store, job, allowed_services)
            elif job["kind"] == "ask":
                reply = answer_ask(project, engine, job)
            else:
                reply = answer_named(project, engine, job)
        except MemoryError:
            reply = Reply.text(503, f"the query needed more than the worker's {memory_mb} MB and was stopped")
        header = {
            "status": reply.status,
            "media_type": reply.media_type,
            "hints": list(reply.hints),
            "cacheable": reply.cacheable,
        }
        frames.write(channel, header, reply.body)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], int(sys.argv[3]), tuple(sys.argv[4:]))
