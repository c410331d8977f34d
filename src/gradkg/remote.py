"""Remote SPARQL 1.1 stores: ask the question library over the protocol, and push the built graph.

Questions go through SPARQLWrapper and the JSON results are parsed by pyoxigraph, so a remote
answer is the same kind of object as a local one and prints the same rows. The endpoint must treat
its default graph as the union of its named graphs, as Virtuoso does and as ``oxigraph serve
--union-default-graph`` does. Pushing uses the SPARQL 1.1 Graph Store Protocol: one PUT per named
graph (each edition, the reference data, the ontology).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from gradkg.engine import Row, rows_of
from gradkg.errors import GradkgError
from gradkg.store import open_read_only


class RemoteEngine:
    """A SPARQL endpoint reached through SPARQLWrapper."""

    def __init__(
        self, endpoint: str, user: str | None = None, password: str | None = None, timeout: float = 60.0
    ) -> None:
        self.endpoint, self.user, self.password, self.timeout = endpoint, user, password, timeout

    def solutions(self, text: str) -> ox.QuerySolutions:
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        client.setQuery(text)
        client.queryType = SELECT  # its own guess reads keywords in comments ("added" as ADD)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        if self.user:
            client.setCredentials(self.user, self.password or "")
        try:
            body = client.query().response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as error:
            raise GradkgError(f"{self.endpoint}: {error}") from None
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def rows(self, text: str) -> list[Row]:
        return rows_of(self.solutions(text))


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int


def _handler(url: str, user: str, password: str | None, auth: str) -> urllib.request.BaseHandler:
    """Basic credentials go with the first request (prior auth); digest ones answer the server's challenge."""
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    passwords.add_password(None, url, user, password or "", is_authenticated=auth != "digest")
    if auth == "digest":
        return urllib.request.HTTPDigestAuthHandler(passwords)
    return urllib.request.HTTPBasicAuthHandler(passwords)


def _answer_challenge(handler: urllib.request.HTTPDigestAuthHandler, request: urllib.request.Request) -> None:
    """Sign a PUT with the digest challenge of a bodiless GET to the same URL first.

    Otherwise the PUT goes out unsigned with its whole body; a server that answers 401 and closes
    before reading it (Virtuoso, for bodies over 512 KiB) breaks the pipe, and the 401 is never read.
    """
    try:
        urllib.request.urlopen(urllib.request.Request(request.full_url, method="GET"), timeout=120).close()
    except urllib.error.HTTPError as error:
        challenge = error.headers.get("WWW-Authenticate", "")
        error.close()
        if error.code == 401 and challenge[:7].lower() == "digest ":
            fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge[7:])))
            signed = handler.get_authorization(request, fields)
            if signed:
                request.add_unredirected_header("Authorization", f"Digest {signed}")


def push(
    store_path: Path,
    endpoint: str,
    graph: str | None = None,
    graph_parameter: str = "graph",
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
) -> list[Pushed]:
    """PUT each named graph of the built store (or only ``graph``) to a Graph Store Protocol endpoint."""
    store = open_read_only(store_path).store
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if graph is not None:
        if graph not in names:
            raise GradkgError(f"the built graph has no named graph {graph} (it has: {', '.join(names)})")
        names = [graph]
    handler = _handler(endpoint, user, password, auth) if user else None
    opener = urllib.request.build_opener(*([handler] if handler else []))
    pushed = []
    for name in names:
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        url = f"{endpoint}{'&' if '?' in endpoint else '?'}{graph_parameter}={urllib.parse.quote(name, safe='')}"
        headers = {"Content-Type": "application/n-triples"}
        request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
        try:
            if isinstance(handler, urllib.request.HTTPDigestAuthHandler):
                _answer_challenge(handler, request)
            with opener.open(request, timeout=120) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise GradkgError(f"{endpoint}: PUT {name} failed: {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError) as error:
            raise GradkgError(f"{endpoint}: {error}") from None
        pushed.append(Pushed(name, body.count(b"\n")))
    return pushed
