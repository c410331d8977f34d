"""The /sparql route: a protocol request read strictly into a job for a worker, or refused with a 4xx.

Bodies are counted while they stream (``--max-body``) and must arrive within the header timeout;
text must be UTF-8; graph IRIs must be IRIs; ``timeout=`` is a positive finite number, capped by
the server's. Nothing here parses SPARQL: the worker does (gradkg.serve.worker).
"""

from __future__ import annotations

import asyncio
import math
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import ClientDisconnect, Request

from gradkg.serve import conneg
from gradkg.serve.settings import Settings

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


class Refused(Exception):
    """A request the endpoint answers with a 4xx and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def read_body(request: Request, settings: Settings) -> bytes:
    """The body, refused as soon as it passes ``max_body`` or takes longer than the header timeout."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > settings.max_body):
        raise Refused(413, f"request body over {settings.max_body} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(settings.header_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.max_body:
                    raise Refused(413, f"request body over {settings.max_body} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise Refused(408, f"the request body did not arrive within {settings.header_timeout:g} s") from None
    except ClientDisconnect:
        raise Refused(400, "the client went away before sending its whole body") from None
    return b"".join(chunks)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise Refused(400, f"{what} is not UTF-8 (byte {error.start})") from None


async def parameters(request: Request, settings: Settings) -> list[tuple[str, str]]:
    """Every protocol parameter, from the URL and (for POST) the body, in order."""
    items = list(request.query_params.multi_items())
    if request.method != "POST":
        return items
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == UPDATE:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if media not in (FORM, DIRECT):
        raise Refused(415, f"unsupported Content-Type '{media}': use {FORM} or {DIRECT}")
    body = await read_body(request, settings)
    if media == DIRECT:
        return [*items, ("query", _text(body, "the query"))]
    return items + parse_qsl(_text(body, "the form body"), keep_blank_values=True)


def timeout_of(given: str | None, settings: Settings) -> float:
    """The client's ``timeout=`` (seconds), strictly a positive finite number, never above the server's."""
    if given is None:
        return settings.timeout
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise Refused(400, f"timeout must be a positive number of seconds, got '{given[:40]}'")
    return min(seconds, settings.timeout)


def graph_iris(values: list[str], name: str) -> list[str]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise Refused(400, f"{name} must be an absolute IRI, got '{value[:80]}'") from None
    return values


def formats_of(items: list[tuple[str, str]]) -> list[str]:
    """Every ``format=`` value (SPARQLWrapper repeats the parameter), else every ``output=`` value."""
    return [v for k, v in items if k == "format"] or [v for k, v in items if k == "output"]


def job_of(items: list[tuple[str, str]], accept: str | None, settings: Settings) -> dict | None:
    """The worker's job for a query request; None when there is no query (the service description)."""
    names = {k for k, _ in items}
    if "update" in names:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = [v for k, v in items if k == "query"]
    if len(queries) > 1:
        raise Refused(400, "give one query parameter, not several")
    try:
        results_format, graph_format = conneg.sparql_types(formats_of(items), accept)
    except conneg.NotAcceptable as error:
        raise Refused(error.status, str(error)) from None
    if not queries:
        return None
    return {
        "kind": "sparql",
        "query": queries[0],
        "results_format": results_format,
        "graph_format": graph_format,
        "default_graphs": graph_iris([v for k, v in items if k == "default-graph-uri"], "default-graph-uri"),
        "named_graphs": graph_iris([v for k, v in items if k == "named-graph-uri"], "named-graph-uri"),
        "row_cap": settings.row_cap,
        "max_bytes": settings.max_result_mb * 1024 * 1024,
    }
