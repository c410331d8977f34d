"""``gradkg serve``: the built graph as a SPARQL 1.1 endpoint and as linked data, for tools and people.

Linked data follows the Cool URIs note's content-negotiation option without redirects: the IRI
``…/id/course/x`` is served at ``/id/course/x`` as the document itself (200, ``Vary: Accept``,
``Content-Location`` naming the variant), and each variant also has its own URL (``x.ttl``,
``x.jsonld``, ``x.nt``, ``x.rdf``). Queries at /sparql run in worker processes so a timeout can
stop them; the pages, named questions and dumps are answered from the server's own store.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qsl

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gradkg import conneg
from gradkg.ask import ask
from gradkg.conneg import NotAcceptable
from gradkg.engine import LocalEngine
from gradkg.errors import GradkgError
from gradkg.pages import RDF_FORMATS, Linker, Pages, choose_language
from gradkg.project import BASE, Project
from gradkg.protocol import is_update, negotiate, service_description
from gradkg.querylib import find_query, list_queries
from gradkg.views import PREFIXES
from gradkg.workers import Request as QueryRequest
from gradkg.workers import WorkerPool

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
HTML = "text/html"
SUFFIXES = {ext: media for ext, media, _ in RDF_FORMATS}
DUMPS = {"gradkg.ttl": ox.RdfFormat.TURTLE, "gradkg.trig": ox.RdfFormat.TRIG,
         "gradkg.nt": ox.RdfFormat.N_TRIPLES, "gradkg.jsonld": ox.RdfFormat.JSON_LD}
RESULT_JSON = "application/sparql-results+json"
SERVED = Linker("/", static=False)
ENTRY_POINTS = ["DegreeProgramme", "Course", "PolicyDocument", "Process", "Rule", "Platform", "Indicator"]


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    row_cap: int = 100_000
    max_body: int = 1_000_000
    workers: int = 2
    cors: tuple[str, ...] = ()


def dumps_of(store: ox.Store) -> dict[str, bytes]:
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    return {name: dump_graph(store if fmt.supports_datasets else union, fmt.media_type) for name, fmt in DUMPS.items()}


def dataset_description(base_url: str, store: ox.Store, dumps: dict[str, bytes]) -> ox.Store:
    """VoID and DCAT in one graph: counts, the endpoint, each dump with its size and checksum, the licence."""
    out = ox.Store()
    iri = ox.NamedNode
    rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    void, dcat, dct, spdx = ("http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/",
                             "http://spdx.org/rdf/terms#")
    integer = iri("http://www.w3.org/2001/XMLSchema#integer")
    dataset = iri(BASE + "dataset")
    for cls in (void + "Dataset", dcat + "Dataset"):
        out.add(ox.Quad(dataset, rdf_type, iri(cls)))
    for title, language in (("gradkg：浙江大学临床医学博士学位授权点年度报告知识图谱", "zh"),
                            ("gradkg: Zhejiang University clinical medicine programme reports", "en")):
        out.add(ox.Quad(dataset, iri(dct + "title"), ox.Literal(title, language=language)))
    out.add(ox.Quad(dataset, iri(dct + "license"), iri(LICENCE)))
    out.add(ox.Quad(dataset, iri(void + "triples"), ox.Literal(str(len(store)), datatype=integer)))
    out.add(ox.Quad(dataset, iri(void + "sparqlEndpoint"), iri(base_url + "sparql")))
    out.add(ox.Quad(dataset, iri(void + "uriSpace"), ox.Literal(BASE)))
    for name, body in dumps.items():
        dump = iri(base_url + "dumps/" + name)
        checksum = ox.BlankNode()
        out.add(ox.Quad(dataset, iri(void + "dataDump"), dump))
        out.add(ox.Quad(dataset, iri(dcat + "distribution"), dump))
        out.add(ox.Quad(dump, rdf_type, iri(dcat + "Distribution")))
        out.add(ox.Quad(dump, iri(dcat + "downloadURL"), dump))
        out.add(ox.Quad(dump, iri(dcat + "mediaType"), ox.Literal(DUMPS[name].media_type)))
        out.add(ox.Quad(dump, iri(dcat + "byteSize"), ox.Literal(str(len(body)), datatype=integer)))
        out.add(ox.Quad(dump, iri(dct + "license"), iri(LICENCE)))
        out.add(ox.Quad(dump, iri(spdx + "checksum"), checksum))
        out.add(ox.Quad(checksum, iri(spdx + "algorithm"), iri(spdx + "checksumAlgorithm_sha256")))
        out.add(ox.Quad(checksum, iri(spdx + "checksumValue"), ox.Literal(hashlib.sha256(body).hexdigest())))
    return out


def dump_graph(store: ox.Store, media_type: str) -> bytes:
    """The store in one RDF format; a format without named graphs gets the default graph."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    options = {"prefixes": PREFIXES} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    if fmt.supports_datasets:
        return store.dump(format=fmt, **options)
    return store.dump(format=fmt, from_graph=ox.DefaultGraph(), **options)


def _language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.headers.get("accept-language", ""))


def _rdf_response(graph: ox.Store, request: Request) -> Response:
    try:
        media = conneg.graph_type(request.query_params.getlist("format"), request.headers.get("accept"))
    except NotAcceptable as error:
        return PlainTextResponse(str(error), status_code=error.status)
    return Response(dump_graph(graph, media), media_type=media)


def create_app(project: Project, store_path: Path, settings: Settings = Settings()) -> Starlette:
    store = ox.Store()
    store.load(path=str(store_path), format=ox.RdfFormat.N_QUADS)
    pages = Pages(project, store, LICENCE)
    engine = LocalEngine.of(store)
    dumps = dumps_of(store)
    pool = WorkerPool(store_path, settings.workers, settings.timeout)
    questions = list_queries(project.queries)

    def base_url(request: Request) -> str:
        return str(request.base_url)

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST":
            if int(request.headers.get("content-length") or 0) > settings.max_body:
                return PlainTextResponse(f"request body over {settings.max_body} bytes", status_code=413)
            body = await request.body()
            if len(body) > settings.max_body:
                return PlainTextResponse(f"request body over {settings.max_body} bytes", status_code=413)
            if content_type == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only", status_code=403)
            if content_type == "application/x-www-form-urlencoded":
                params.update(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
                form_lists = parse_qsl(body.decode("utf-8", errors="replace"))
            elif content_type == "application/sparql-query":
                params["query"] = body.decode("utf-8")
                form_lists = []
            else:
                return PlainTextResponse(f"unsupported Content-Type '{content_type}'", status_code=415)
        else:
            form_lists = []
        if "update" in params:
            return PlainTextResponse("this endpoint is read-only", status_code=403)
        query = params.get("query")
        every = request.query_params.multi_items() + form_lists
        formats = [v for k, v in every if k == "format"] or [v for k, v in every if k == "output"]
        try:
            results_type, graph_type = negotiate(formats, request.headers.get("accept"))
        except NotAcceptable as error:
            return PlainTextResponse(str(error), status_code=error.status)
        if query is None:
            description = service_description(base_url(request) + "sparql", store, LICENCE)
            media = graph_type if request.headers.get("accept") or params.get("format") else "text/turtle"
            return Response(dump_graph(description, media), media_type=media)
        defaults = tuple(v for k, v in every if k == "default-graph-uri")
        named = tuple(v for k, v in every if k == "named-graph-uri")
        try:
            timeout = min(float(params.get("timeout", settings.timeout)), settings.timeout)
        except ValueError:
            return PlainTextResponse("timeout must be a number of seconds", status_code=400)
        job = QueryRequest(query, defaults, named, results_type, graph_type, settings.row_cap)
        answer = await anyio.to_thread.run_sync(pool.run, job, timeout)
        if answer.status == 400 and is_update(query):
            return PlainTextResponse("this endpoint is read-only", status_code=403)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    async def home(request: Request) -> Response:
        lang = _language(request)
        return HTMLResponse(pages.home_page(lang, SERVED, questions, ENTRY_POINTS, "/api/queries/"))

    async def resource(request: Request) -> Response:
        path = request.path_params["path"]
        lang = _language(request)
        stem, _, suffix = path.rpartition(".")
        if stem and suffix in SUFFIXES and pages.exists(BASE + stem):
            return Response(pages.description(BASE + stem, SUFFIXES[suffix]), media_type=SUFFIXES[suffix])
        iri = BASE + path
        if not pages.exists(iri):
            return HTMLResponse(pages.not_found_page(iri, lang, SERVED), status_code=404)
        page_name = path.rsplit("/", 1)[-1]
        links = ", ".join(f'<{page_name}.{ext}>; rel="alternate"; type="{media}"' for ext, media, _ in RDF_FORMATS)
        try:
            media = conneg.resource_type(request.headers.get("accept"))
        except NotAcceptable as error:
            return PlainTextResponse(str(error), status_code=error.status, headers={"Vary": "Accept"})
        if media == HTML:
            headers = {"Vary": "Accept, Accept-Language", "Link": links, "Content-Location": f"{page_name}?lang={lang}"}
            return HTMLResponse(pages.resource_page(iri, lang, SERVED, page_name), headers=headers)
        ext = next((e for e, m in SUFFIXES.items() if m == media), None)
        location = {"Content-Location": f"{page_name}.{ext}"} if ext else {}
        body = pages.description(iri, conneg.written_as(media))
        return Response(body, media_type=media, headers={"Vary": "Accept", **location})

    async def class_page(request: Request) -> Response:
        lang = _language(request)
        html = pages.class_page(request.path_params["local"], lang, SERVED)
        if html is None:
            return HTMLResponse(pages.not_found_page(request.url.path, lang, SERVED), status_code=404)
        return HTMLResponse(html)

    async def named_question(request: Request) -> Response:
        try:
            query = find_query(project.queries, request.path_params["name"])
            given = {k: v for k, v in request.query_params.items() if k != "format"}
            answer = ask(project, engine, query, given)
        except GradkgError as error:
            return PlainTextResponse(str(error), status_code=404 if "unknown query" in str(error) else 400)
        fmt = request.query_params.get("format", "json")
        media = {"json": RESULT_JSON, "csv": "text/csv"}.get(fmt)
        if media is None:
            return PlainTextResponse("format must be json or csv", status_code=400)
        body = answer.solutions.serialize(format=ox.QueryResultsFormat.from_media_type(media))
        headers = {"X-Gradkg-Hint": "; ".join(answer.hints)} if answer.hints else {}
        return Response(body, media_type=media, headers=headers)

    async def void(request: Request) -> Response:
        return _rdf_response(dataset_description(base_url(request), store, dumps), request)

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in dumps:
            return PlainTextResponse(f"no dump {name}; there are {', '.join(dumps)}", status_code=404)
        return Response(dumps[name], media_type=DUMPS[name].media_type)

    async def query_page(request: Request) -> Response:
        lang = _language(request)
        return HTMLResponse(pages.query_page(lang, SERVED, questions, "/sparql"))

    async def ontology_page(request: Request) -> Response:
        lang = _language(request)
        return HTMLResponse(pages.ontology_page(lang, SERVED))

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "triples": len(store)})

    async def not_found(request: Request, exc: Exception) -> Response:
        lang = _language(request)
        return HTMLResponse(pages.not_found_page(str(request.url), lang, SERVED), status_code=404)

    routes = [
        Route("/", home), Route("/index", home), Route("/index.html", home), Route("/healthz", healthz),
        Route("/void.ttl", void),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries/{name}", named_question), Route("/.well-known/void", void), Route("/dataset", void),
        Route("/dumps/{name}", dump), Route("/class/{local}", class_page), Route("/id/{path:path}", resource),
        Route("/query", query_page), Route("/ontology", ontology_page),
        Mount("/static", app=StaticFiles(directory=str(resources.files("gradkg") / "vendor")), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=list(settings.cors), allow_methods=["GET", "POST"])] \
        if settings.cors else []
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found}, lifespan=lifespan)
    return app


def run(project: Project, store_path: Path, settings: Settings) -> None:
    import uvicorn

    uvicorn.run(create_app(project, store_path, settings), host=settings.host, port=settings.port, log_level="warning")
