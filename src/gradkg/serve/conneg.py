"""Content negotiation: which media type answers a request, from ``Accept`` and from ``format=``.

``Accept`` is parsed by Werkzeug (``werkzeug.http.parse_accept_header`` into a ``MIMEAccept``, then
``MIMEAccept.best_match``), not by hand. Werkzeug is maintained by Pallets (as Jinja2 and MarkupSafe,
which the project already installs), parses RFC 9110 lists (quoted parameters holding commas, any
case, an invalid q skips its range instead of failing the header), and ``best_match`` gives each
offer the quality of the most specific range matching it (``text/*;q=0.5`` beats ``*/*;q=0.1``;
``text/html;q=0`` excludes HTML even beside ``*/*``), then prefers the more specific range, then the
order of the offers. python-mimeparse, the other candidate, splits the header at every comma
(breaking quoted parameters), compares types case-sensitively and raises on one malformed range.

Our own rules on top of it:

- Parameters other than q are dropped from the client's ranges: our representations have none, and
  a ``charset`` or a JSON-LD ``profile`` is a hint, not a reason for 406.
- Among RDF syntaxes the client ranks equal, N-Triples comes first: it is also valid Turtle, N3,
  TriG and N-Quads, so a client listing many syntaxes at one q that then reads the body with one fixed
  parser (rdflib's ``Graph.parse(url, format="nquads")``) can read it.
- A missing header, or one whose only acceptable range is ``*/*`` (curl, many libraries), gets the
  route's default: the HTML page for a resource, Turtle for a graph, JSON for results. Otherwise HTML
  wins only when the client ranks it strictly highest: a q-weighted list that mentions HTML among RDF
  syntaxes gets RDF.
- N3 is offered and written as Turtle, which is N3 (``written_as``).
"""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

HTML = "text/html"
TURTLE = "text/turtle"
N3 = "text/n3"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
PLAIN_JSON = "application/json"

RDF_TYPES = (NTRIPLES, TURTLE, NQUADS, TRIG, JSONLD, RDFXML, N3)  # ties go to the first
RESULT_TYPES = (RESULTS_JSON, RESULTS_XML, CSV, TSV)
WRITTEN_AS = {N3: TURTLE}
# what a ``format=``/``output=`` value names: (SELECT/ASK results type, CONSTRUCT/DESCRIBE graph type),
# None where it says nothing about that form. "json" and "xml" name both: SPARQLWrapper sends them
# whatever the query form.
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": (RESULTS_JSON, JSONLD),
    "xml": (RESULTS_XML, RDFXML),
    "csv": (CSV, None),
    "tsv": (TSV, None),
    "turtle": (None, TURTLE),
    "ttl": (None, TURTLE),
    "n3": (None, TURTLE),
    "ntriples": (None, NTRIPLES),
    "nt": (None, NTRIPLES),
    "n-triples": (None, NTRIPLES),
    "jsonld": (None, JSONLD),
    "json-ld": (None, JSONLD),
    "rdfxml": (None, RDFXML),
    "rdf+xml": (None, RDFXML),
    "rdf": (None, RDFXML),
    "trig": (None, TRIG),
    "nquads": (None, NQUADS),
    "n-quads": (None, NQUADS),
    PLAIN_JSON: (RESULTS_JSON, JSONLD),
    **{media: (media, None) for media in RESULT_TYPES},
    **{media: (None, WRITTEN_AS.get(media, media)) for media in RDF_TYPES},
}


class NotAcceptable(Exception):
    """Nothing the client accepts is offered (406); the message lists what is."""

    status = 406


class UnknownFormat(NotAcceptable):
    """A ``format=`` value names no format we know: a bad request (400), not a failed negotiation."""

    status = 400


def parse_accept(header: str | None) -> MIMEAccept:
    """The header's ranges with their q, parameters dropped and names lower-cased (``*`` read as ``*/*``).

    A header with no valid range counts as missing.
    """
    ranges = []
    for value, quality in parse_accept_header(header, MIMEAccept):
        bare = parse_options_header(value)[0].lower()
        ranges.append(("*/*" if bare == "*" else bare, quality))
    return MIMEAccept(ranges) if ranges else MIMEAccept(None)


def best_match(header: str | None, offers: Sequence[str], default: str | None = None) -> str:
    """The offer the client ranks highest; ties go to the more specific range, then to the order of offers.

    ``default`` (else the first offer) answers a missing header, or one accepting nothing but ``*/*``.
    """
    accepted = parse_accept(header)
    preferred = default or offers[0]
    if not accepted.provided:
        return preferred
    if all(value == "*/*" for value, quality in accepted if quality > 0) and accepted.quality(preferred) > 0:
        return preferred
    match = accepted.best_match(offers)
    if match is None:
        raise NotAcceptable(f"nothing in Accept: {header} is offered here; offered: {', '.join(offers)}")
    return match


def resource_type(header: str | None) -> str:
    """What a resource IRI answers with: ``text/html`` or one of ``RDF_TYPES``."""
    return best_match(header, (*RDF_TYPES, HTML), default=HTML)


def written_as(media_type: str) -> str:
    """The media type whose writer produces ``media_type``'s body (Turtle for N3)."""
    return WRITTEN_AS.get(media_type, media_type)


def _named_by_formats(formats: str | Sequence[str] | None) -> tuple[str | None, str | None]:
    """(results type, graph type) named by ``format=`` values, each a name, a media type or a comma list of them."""
    values = [formats] if isinstance(formats, str) else list(formats or ())
    results: str | None = None
    graph: str | None = None
    for value in values:
        items = [parse_options_header(item)[0].lower() for item in value.split(",")]
        items = [item for item in items if item]
        known = [FORMAT_NAMES[item] for item in items if item in FORMAT_NAMES]
        if items and not known:
            names = ", ".join(sorted(name for name in FORMAT_NAMES if "/" not in name))
            raise UnknownFormat(f"unknown format '{value}'; use one of {names}, or a media type")
        results = results or next((r for r, _ in known if r), None)
        graph = graph or next((g for _, g in known if g), None)
    return results, graph


def sparql_types(formats: str | Sequence[str] | None, header: str | None) -> tuple[str, str]:
    """(results media type for SELECT/ASK, graph media type for CONSTRUCT/DESCRIBE) at /sparql.

    ``format=`` values (all of them: SPARQLWrapper repeats the parameter) win over Accept; a form they
    leave open is negotiated from Accept. The query's form picks one of the two later.
    """
    results, graph = _named_by_formats(formats)
    if results and graph:
        return results, graph
    try:
        accepted_results = best_match(header, (*RESULT_TYPES, PLAIN_JSON))
    except NotAcceptable:
        accepted_results = None
    try:
        accepted_graph = best_match(header, RDF_TYPES, default=TURTLE)
    except NotAcceptable:
        accepted_graph = None
    if not (results or graph or accepted_results or accepted_graph):
        raise NotAcceptable(
            f"nothing in Accept: {header} is offered here; offered: "
            f"{', '.join(RESULT_TYPES)} for SELECT and ASK, {', '.join(RDF_TYPES)} for "
            "CONSTRUCT and DESCRIBE"
        )
    results = results or (RESULTS_JSON if accepted_results in (None, PLAIN_JSON) else accepted_results)
    return results, graph or written_as(accepted_graph or TURTLE)


def graph_type(formats: str | Sequence[str] | None, header: str | None) -> str:
    """The media type to write a graph in (VoID, a service description): by ``format=`` if given, else Accept."""
    results, graph = _named_by_formats(formats)
    if graph:
        return graph
    if results:
        raise UnknownFormat(
            f"format {results} is for query results; this is a graph, offered as {', '.join(RDF_TYPES)}"
        )
    return written_as(best_match(header, RDF_TYPES, default=TURTLE))
