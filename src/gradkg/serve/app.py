"""``gradkg serve``: the built graph as a SPARQL 1.1 endpoint and as linked data, for tools and people.

Linked data follows the Cool URIs note's content-negotiation option without redirects: the IRI
``…/id/zju-1002/course/x`` is served at ``/id/zju-1002/course/x`` as the document itself (200, ``Vary: Accept``,
``Content-Location`` naming the variant), and each variant also has its own URL (``x.ttl``,
``x.jsonld``, ``x.nt``, ``x.rdf``). Strangers' SPARQL and the named questions run in worker
processes (gradkg.serve.pool) under a deadline and a memory cap; the event loop only reads
requests and writes answers, and renders pages in a thread so a page never stalls the loop.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gradkg.asking.guard import check_question
from gradkg.charts.pages import Dashboards
from gradkg.engine import LocalEngine
from gradkg.errors import GradkgError
from gradkg.ontology_doc import FORMATS as ONTOLOGY_FORMATS
from gradkg.ontology_doc import documentation, ontology_rdf
from gradkg.pages import RDF_FORMATS, Linker, Pages, choose_language
from gradkg.project import BASE, Project
from gradkg.querylib import list_queries
from gradkg.search import SearchIndex, check_term
from gradkg.serve import conneg
from gradkg.serve.cache import AnswerCache
from gradkg.serve.caching import GZIP_MINIMUM, BuildStamp, cached
from gradkg.serve.dataset import DUMPS, ENTRY_POINTS, LICENCE, dataset_description, dump_graph, dumps_of
from gradkg.serve.guard import SAFETY_HEADERS, head_timeout_protocol
from gradkg.serve.pool import WorkerPool, WorkerSpec
from gradkg.serve.protocol import service_description
from gradkg.serve.settings import Settings
from gradkg.serve.sparql import Refused, formats_of, job_of, parameters, timeout_of
from gradkg.store import in_memory, open_read_only

SUFFIXES = {ext: media for ext, media, _ in RDF_FORMATS}
VARY_ACCEPT = {"Vary": "Accept"}
SERVED = Linker("/", static=False)
NAMED_FORMATS = ("json", "csv")
CLASS_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,100}")


def _language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.headers.get("accept-language", ""))


def _rdf_response(graph: ox.Store, request: Request) -> Response:
    try:
        media = conneg.graph_type(request.query_params.getlist("format"), request.headers.get("accept"))
    except conneg.NotAcceptable as error:
        return PlainTextResponse(str(error), status_code=error.status, headers=VARY_ACCEPT)
    return Response(dump_graph(graph, media), media_type=media, headers=VARY_ACCEPT)


def _page(html: str | bytes | None, lang: str, status_code: int = 200) -> HTMLResponse:
    """A page in the language Accept-Language (or ?lang) chose, saying so to caches."""
    return HTMLResponse(html, status_code=status_code, headers={"Vary": "Accept-Language", "Content-Language": lang})


def alternates(page_name: str) -> str:
    """A Link header naming every representation of a resource: each RDF format and the page in each language."""
    links = [f'<{page_name}.{ext}>; rel="alternate"; type="{media}"' for ext, media, _ in RDF_FORMATS]
    links += [
        f'<{page_name}?lang={lang}>; rel="alternate"; type="text/html"; hreflang="{lang}"' for lang in ("zh", "en")
    ]
    return ", ".join(links)


def linked(page_name: str, media_type: str) -> dict[str, str]:
    """The Link header for a representation in ``media_type``; none on JSON-LD, because pyld's document loader
    (3.3.0) fails on any JSON-LD response whose Link header has more than one rel="alternate"."""
    return {} if media_type == conneg.JSONLD else {"Link": alternates(page_name)}


def _data_iri(path: str) -> str | None:
    """The data IRI a path names, or None when the path cannot be an IRI (spaces, angle brackets …)."""
    try:
        return ox.NamedNode(BASE + path).value
    except ValueError:
        return None


def create_app(project: Project, store_path: Path, settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    opened = open_read_only(store_path)  # the workers open this same generation, whatever a build does meanwhile
    store = in_memory(opened.store)
    stamp = BuildStamp.of(opened.generation)
    pages = Pages(project, store, LICENCE)
    dashboards = Dashboards(pages)
    reviews: dict[tuple[str, str, str], str] = {}  # the store never changes while it serves

    def reviewed(programme: str, edition: str, lang: str) -> str | None:
        from gradkg.engine import LocalEngine
        from gradkg.review.command import review_in
        from gradkg.review.render import CACHE, to_html

        if programme not in project.programmes() or edition not in project.editions(programme):
            return None
        review = review_in(project, LocalEngine.of(store), programme, edition, lang)
        return to_html(review, store_path.parent / CACHE)

    dumps = dumps_of(store)
    description = dataset_description(settings.base_url, store, dumps)  # once: its blank nodes keep their labels
    pool = WorkerPool(
        WorkerSpec(opened.generation, project.root, settings.worker_memory_mb, settings.allow_service),
        settings.workers,
        settings.queue_wait,
    )
    questions = list_queries(project.queries)
    question_names = {q.name for q in questions}
    render_limit = anyio.CapacityLimiter(4)
    cache = AnswerCache(settings.cache_mb * 1024 * 1024)

    async def answer(job: dict, deadline: float, timeout: float) -> Response:
        """From the cache when the same job was answered before, else from a worker."""
        key = AnswerCache.key(job)
        found = cache.get(key)
        hit = found is not None
        if found is None:
            found = await pool.run(job, deadline, timeout)
            cache.put(key, found)
        headers = {**found.headers, "X-Gradkg-Cache": "hit" if hit else "miss"}
        return Response(
            found.body, status_code=found.status, media_type=found.media_type, headers={**headers, "Vary": "Accept"}
        )

    async def render(function: Callable[..., str | bytes | None], *args: object) -> str | bytes | None:
        return await anyio.to_thread.run_sync(functools.partial(function, *args), limiter=render_limit)

    async def sparql(request: Request) -> Response:
        deadline = anyio.current_time() + settings.timeout
        try:
            items = await parameters(request, settings)
            timeout = timeout_of(next((v for k, v in items if k == "timeout"), None), settings)
            job = job_of(items, request.headers.get("accept"), settings)
            if job is None:
                graph_type = conneg.graph_type(formats_of(items), request.headers.get("accept"))
                description = service_description(settings.base_url + "sparql", store, LICENCE)
                return Response(dump_graph(description, graph_type), media_type=graph_type, headers=VARY_ACCEPT)
        except Refused as refused:
            return PlainTextResponse(str(refused), status_code=refused.status)
        except conneg.NotAcceptable as error:
            return PlainTextResponse(str(error), status_code=error.status)
        return await answer(job, min(deadline, anyio.current_time() + timeout), timeout)

    async def home(request: Request) -> Response:
        lang = _language(request)
        boards = dashboards.links(lang, SERVED)
        page = functools.partial(pages.home_page, reviews=dashboards.review_links(lang, SERVED))
        html = await render(page, lang, SERVED, questions, ENTRY_POINTS, "/api/queries/", boards)
        return cached(request, _page(html, lang), stamp)

    async def review(request: Request) -> Response:
        """An edition's pre-publication review (gradkg review's HTML), drawn once per language."""
        lang = _language(request)
        key = (request.path_params["programme"], request.path_params["edition"], lang)
        if key not in reviews:
            html = await render(reviewed, *key)
            if html is None:
                return await not_found(request, None)
            reviews[key] = html
        return cached(request, _page(reviews[key], lang), stamp)

    async def dashboard(request: Request) -> Response:
        lang = _language(request)
        html = await render(dashboards.programme_page, request.path_params["programme"], lang, SERVED)
        if html is None:
            return await not_found(request, None)
        return cached(request, _page(html, lang), stamp)

    async def compare(request: Request) -> Response:
        lang = _language(request)
        html = await render(dashboards.compare_page, request.path_params.get("indicator"), lang, SERVED)
        if html is None:
            return await not_found(request, None)
        return cached(request, _page(html, lang), stamp)

    async def resource(request: Request) -> Response:
        return cached(request, await resource_representation(request), stamp)

    async def resource_representation(request: Request) -> Response:
        path = request.path_params["path"]
        lang = _language(request)
        iri = _data_iri(path)
        if iri is None:
            return PlainTextResponse(f"/id/{path[:200]} is not a resource path: it cannot form an IRI", 400)
        stem, _, suffix = path.rpartition(".")
        if stem and suffix in SUFFIXES and await render(pages.exists, BASE + stem):
            body = await render(pages.description, BASE + stem, SUFFIXES[suffix])
            return Response(
                body, media_type=SUFFIXES[suffix], headers=linked(stem.rsplit("/", 1)[-1], SUFFIXES[suffix])
            )
        if not await render(pages.exists, iri):
            return _page(await render(pages.not_found_page, iri, lang, SERVED), lang, 404)
        page_name = path.rsplit("/", 1)[-1]
        links = alternates(page_name)
        try:
            media = conneg.resource_type(request.headers.get("accept"))
        except conneg.NotAcceptable as error:
            return PlainTextResponse(str(error), status_code=error.status, headers={"Vary": "Accept"})
        if media == conneg.HTML:
            headers = {
                "Vary": "Accept, Accept-Language",
                "Link": links,
                "Content-Location": f"{page_name}?lang={lang}",
                "Content-Language": lang,
            }
            return HTMLResponse(await render(pages.resource_page, iri, lang, SERVED, page_name), headers=headers)
        ext = next((e for e, m in SUFFIXES.items() if m == media), None)
        location = {"Content-Location": f"{page_name}.{ext}"} if ext else {}
        body = await render(pages.description, iri, conneg.written_as(media))
        return Response(body, media_type=media, headers={"Vary": "Accept", **linked(page_name, media), **location})

    async def class_page(request: Request) -> Response:
        lang = _language(request)
        local = request.path_params["local"]
        if not CLASS_NAME.fullmatch(local):
            return PlainTextResponse(f"/class/{local[:100]} is not a class name", status_code=400)
        html = await render(pages.class_page, local, lang, SERVED)
        if html is None:
            return _page(await render(pages.not_found_page, request.url.path, lang, SERVED), lang, 404)
        return cached(request, _page(html, lang), stamp)

    async def named_question(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in question_names:
            known = ", ".join(sorted(question_names))
            return PlainTextResponse(f"unknown query '{name[:100]}'. Known queries: {known}", status_code=404)
        fmt = request.query_params.get("format", "json")
        if fmt not in NAMED_FORMATS:
            return PlainTextResponse("format must be json or csv", status_code=400)
        given = {k: v for k, v in request.query_params.items() if k != "format"}
        job = {"kind": "named", "name": name, "params": given, "format": fmt}
        return await answer(job, anyio.current_time() + settings.timeout, settings.timeout)

    async def ask(request: Request) -> Response:
        """/ask?q=…: a question in words, as a page (a question box and the answer) or as JSON."""
        lang = _language(request)
        wants_json = request.query_params.get("format") == "json" or (
            "application/json" in request.headers.get("accept", "")
            and "text/html" not in request.headers.get("accept", "")
        )
        question = request.query_params.get("q")
        if question is None:
            if wants_json:
                return PlainTextResponse("/ask needs a question: ?q=…", status_code=400)
            return _page(await render(pages.ask_page, lang, SERVED, "", None, None), lang)
        try:
            question = check_question(question)
        except GradkgError as error:
            if wants_json:
                return PlainTextResponse(str(error), status_code=400)
            return _page(await render(pages.ask_page, lang, SERVED, "", None, str(error)), lang, 400)
        job = {"kind": "ask", "q": question, "lang": lang}
        found = await answer(job, anyio.current_time() + settings.timeout, settings.timeout)
        if wants_json or found.status_code != 200:
            return found
        reply = json.loads(found.body)
        return _page(await render(pages.ask_page, lang, SERVED, question, reply, None), lang)

    searcher: list[SearchIndex] = []  # built at the first search, then kept (the store never changes while served)

    def search_hits(term: str, lang: str) -> list[dict]:
        if not searcher:
            searcher.append(SearchIndex(LocalEngine.of(store), project.queries))
        return [h.as_dict(lang) for h in searcher[0].search(term)]

    async def search(request: Request) -> Response:
        """/search?q=…: resources by any part of any name, as a page or (format=json) as JSON."""
        lang = _language(request)
        wants_json = request.query_params.get("format") == "json"
        term = request.query_params.get("q")
        if term is None:
            if wants_json:
                return PlainTextResponse("/search needs a term: ?q=…", status_code=400)
            return _page(await render(pages.search_page, lang, SERVED, "", None, None), lang)
        try:
            term = check_term(term)
        except GradkgError as error:
            if wants_json:
                return PlainTextResponse(str(error), status_code=400)
            return _page(await render(pages.search_page, lang, SERVED, "", None, str(error)), lang, 400)
        hits = await anyio.to_thread.run_sync(search_hits, term, lang, limiter=render_limit)
        if wants_json:
            return JSONResponse(hits)
        return _page(await render(pages.search_page, lang, SERVED, term, hits, None), lang)

    async def void(request: Request) -> Response:
        return cached(request, _rdf_response(description, request), stamp)

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in dumps:
            return PlainTextResponse(f"no dump {name[:100]}; there are {', '.join(dumps)}", status_code=404)
        return cached(request, Response(dumps[name], media_type=DUMPS[name].media_type), stamp)

    async def query_page(request: Request) -> Response:
        lang = _language(request)
        return cached(request, _page(await render(pages.query_page, lang, SERVED, questions, "/sparql"), lang), stamp)

    async def ontology(request: Request) -> Response:
        """The ontology's IRI: pyLODE's documentation for people, the ontology graph in any RDF syntax for tools."""
        links = alternates("ontology")
        suffix = request.path_params.get("suffix")
        if suffix is not None:
            if suffix not in ONTOLOGY_FORMATS:
                return PlainTextResponse(f"no /ontology.{suffix[:20]}; there are {', '.join(ONTOLOGY_FORMATS)}", 404)
            body = await render(ontology_rdf, store, ONTOLOGY_FORMATS[suffix])
            media = ONTOLOGY_FORMATS[suffix]
            return cached(request, Response(body, media_type=media, headers=linked("ontology", media)), stamp)
        try:
            media = conneg.resource_type(request.headers.get("accept"))
        except conneg.NotAcceptable as error:
            return PlainTextResponse(str(error), status_code=error.status, headers=VARY_ACCEPT)
        if media == conneg.HTML:
            lang = _language(request)
            html = await render(documentation, project, store, lang)
            if html is None:
                return _page(await render(pages.not_found_page, request.url.path, lang, SERVED), lang, 404)
            page = _page(html, lang)
            page.headers.update({"Vary": "Accept, Accept-Language", "Link": links})
            return cached(request, page, stamp)
        body = await render(ontology_rdf, store, conneg.written_as(media))
        headers = {"Vary": "Accept", **linked("ontology", media)}
        return cached(request, Response(body, media_type=media, headers=headers), stamp)

    async def healthz(request: Request) -> Response:
        if pool.live == 0:
            return JSONResponse({"status": "unhealthy", "reason": "no query worker can answer"}, status_code=503)
        return JSONResponse({"status": "ok", "triples": len(store), "workers": pool.live, "idle": pool.idle})

    async def not_found(request: Request, exc: Exception | None) -> Response:
        lang = _language(request)
        return _page(await render(pages.not_found_page, request.url.path, lang, SERVED), lang, 404)

    routes = [
        Route("/", home),
        Route("/index", home),
        Route("/index.html", home),
        Route("/healthz", healthz),
        Route("/void.ttl", void),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries/{name}", named_question),
        Route("/ask", ask),
        Route("/search", search),
        Route("/.well-known/void", void),
        Route("/dataset", void),
        Route("/dumps/{name}", dump),
        Route("/class/{local}", class_page),
        Route("/id/{path:path}", resource),
        Route("/query", query_page),
        Route("/dashboard/{programme}", dashboard),
        Route("/review/{programme}/{edition}", review),
        Route("/compare", compare),
        Route("/compare/{indicator}", compare),
        Route("/ontology", ontology),
        Route("/ontology.{suffix}", ontology),
        Mount("/static", app=StaticFiles(directory=str(resources.files("gradkg") / "vendor")), name="static"),
    ]
    middleware = [
        *(
            [
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(settings.cors),
                    allow_methods=["GET", "POST"],
                    expose_headers=["X-Gradkg-Hint", "X-Gradkg-Cache", "ETag", "Last-Modified", "Link"],
                )
            ]
            if settings.cors
            else []
        ),
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        for lang in ("zh", "en"):  # pyLODE takes seconds: make the ontology's pages before the first visitor waits
            await anyio.to_thread.run_sync(documentation, project, store, lang)
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found}, lifespan=lifespan)
    app.router.redirect_slashes = False  # its redirects would name the client's Host header
    return app


def run(project: Project, store_path: Path, settings: Settings) -> None:
    import uvicorn

    uvicorn.run(
        create_app(project, store_path, settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        http=head_timeout_protocol(settings.header_timeout),
        ws="none",
        timeout_keep_alive=5,
        headers=SAFETY_HEADERS,
    )
