"""Run SPARQL queries in worker processes, so that a query that runs too long can be stopped.

pyoxigraph cannot cancel a query from another thread; a worker process can be killed. Each worker
loads the built N-Quads into its own in-memory store, answers one query at a time and returns the
serialised result. The server waits up to its timeout, then kills the worker and starts another.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class Request:
    query: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    results_format: str  # a QueryResultsFormat media type, for SELECT and ASK
    graph_format: str  # an RdfFormat media type, for CONSTRUCT and DESCRIBE
    row_cap: int


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str
    body: bytes


def _execute(store: ox.Store, request: Request) -> Response:
    options: dict = {}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    try:
        result = store.query(request.query, **options)
    except SyntaxError as error:
        return Response(400, "text/plain; charset=utf-8", f"malformed query: {error}".encode())
    if isinstance(result, ox.QuerySolutions):
        rows = sum(1 for _, _ in zip(result, range(request.row_cap + 1), strict=False))
        if rows > request.row_cap:
            message = f"the result has more than {request.row_cap} rows, the server's cap: add a LIMIT"
            return Response(422, "text/plain; charset=utf-8", message.encode())
        result = store.query(request.query, **options)
    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.from_media_type(request.graph_format)
    else:
        fmt = ox.QueryResultsFormat.from_media_type(request.results_format)
    return Response(200, fmt.media_type, result.serialize(format=fmt))


def _serve(store_path: str, connection: Connection) -> None:
    store = ox.Store()
    store.load(path=store_path, format=ox.RdfFormat.N_QUADS)
    connection.send("ready")
    while True:
        request = connection.recv()
        if request is None:
            return
        try:
            connection.send(_execute(store, request))
        except Exception as error:
            connection.send(Response(500, "text/plain; charset=utf-8", f"query failed: {error}".encode()))


class Worker:
    def __init__(self, store_path: Path) -> None:
        context = mp.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(str(store_path), child), daemon=True)
        self.process.start()
        if not self.connection.poll(60) or self.connection.recv() != "ready":
            self.process.kill()
            raise RuntimeError("a query worker did not start")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """A fixed number of workers; a timed-out worker is killed and replaced."""

    def __init__(self, store_path: Path, size: int, timeout: float) -> None:
        self.store_path, self.timeout = store_path, timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[Worker] = []
        for _ in range(size):
            self._add(Worker(store_path))

    def _add(self, worker: Worker) -> None:
        with self._lock:
            self._all.append(worker)
        self.idle.put(worker)

    def run(self, request: Request, timeout: float | None = None) -> Response:
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        worker = self.idle.get()
        worker.connection.send(request)
        if worker.connection.poll(limit):
            response = worker.connection.recv()
            self.idle.put(worker)
            return response
        worker.stop()
        with self._lock:
            self._all.remove(worker)
        threading.Thread(target=lambda: self._add(Worker(self.store_path)), daemon=True).start()
        message = f"the query ran longer than {limit:g} s and was stopped"
        return Response(503, "text/plain; charset=utf-8", message.encode())

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.stop()
