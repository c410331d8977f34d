"""Queries per second and p50/p99 latency at /sparql: gradkg serve beside the Oxigraph server, same run.

Both serve the same built graph on loopback. Rounds alternate between the two servers so that
whatever else the machine does falls on both alike; the ratio is the median over rounds. Then the
isolation figure: a cheap query's latency while six heavy queries (each running until the
server's timeout stops it) occupy the server. The load is bounded and every server is stopped.
Usage: python bench/bench_serve.py [--requests N] [--clients C] [--rounds R]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import gradkg_server, oxigraph_server  # noqa: E402

QUERIES = {
    "simple": "SELECT ?label WHERE { <https://w3id.org/gradkg/id/zju-1002/course/topics-haematology> "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
    "join": "SELECT ?course ?name ?school WHERE { ?c <https://w3id.org/gradkg/ontology#lecturer> ?p ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?course . "
    "?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?name ; "
    "<https://schema.org/affiliation>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?school }",
}
# each step of the server's design, measured: worker count, and the answer cache on or off
VARIANTS = [
    ("gradkg serve (defaults)", []),
    ("gradkg serve, no cache", ["--cache-mb", "0"]),
    ("gradkg serve, 2 workers", ["--workers", "2"]),
    ("gradkg serve, 1 worker", ["--workers", "1"]),
]
FRESH = itertools.count()  # comments never repeated within a run, across rounds and servers
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s ?p ?o }"


def url_of(endpoint: str, query: str) -> str:
    return endpoint + "?" + urllib.parse.urlencode({"query": query})


def one(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return time.perf_counter() - start


def load(endpoint: str, query: str, requests: int, clients: int, distinct: bool) -> tuple[float, float, float]:
    """``distinct``: every text differs by a comment never sent before, so no server can use a cache."""
    urls = [url_of(endpoint, f"{query} # {next(FRESH)}" if distinct else query) for _ in range(requests + 20)]
    for url in urls[:20]:
        one(url)
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = sorted(pool.map(one, urls[20:]))
    elapsed = time.perf_counter() - started
    return requests / elapsed, statistics.median(times), times[int(len(times) * 0.99) - 1]


def cheap_while_heavy(endpoint: str, heavy: int) -> float:
    """Seconds a cheap query takes while ``heavy`` long queries are running."""

    def run_heavy() -> None:
        with contextlib.suppress(urllib.error.HTTPError):  # 503 when the server's timeout stops it: expected
            one(url_of(endpoint, HEAVY))

    threads = [threading.Thread(target=run_heavy) for _ in range(heavy)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # let them all start
    took = one(url_of(endpoint, CHEAP))
    for thread in threads:
        thread.join()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gradkg = str(Path(sys.executable).parent / "gradkg")
    summary: dict = {}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        build = Path(tmp) / "build"
        subprocess.run([gradkg, "build", "--build-dir", str(build)], check=True, capture_output=True, cwd=ROOT)
        theirs = stack.enter_context(oxigraph_server(Path(tmp)))
        subprocess.run(
            [gradkg, "push", "--endpoint", f"{theirs}/store", "--build-dir", str(build)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        print(
            f"{args.requests} requests from {args.clients} clients per measurement, {args.rounds} rounds "
            "alternating servers; medians"
        )
        print(
            "repeated: the same text every time (gradkg answers repeats from its cache); "
            "distinct: every text differs, so every request is evaluated"
        )
        columns = ("query", "texts", "server", "queries/s", "p50 ms", "p99 ms", "vs Oxigraph")
        print("{:<8} {:<9} {:<26} {:>10} {:>8} {:>8} {:>12}".format(*columns))
        for number, (label, options) in enumerate(VARIANTS):
            folder = Path(tmp) / f"variant-{number}"
            folder.mkdir()
            with gradkg_server(folder, build, "--timeout", "5", *options) as ours:
                for name, query in QUERIES.items():
                    for distinct in (False, True):
                        texts = "distinct" if distinct else "repeated"
                        baseline, measured = [], []
                        for _ in range(args.rounds):
                            baseline.append(load(f"{theirs}/query", query, args.requests, args.clients, distinct))
                            measured.append(load(f"{ours}/sparql", query, args.requests, args.clients, distinct))
                        ratio = statistics.median(m[0] / b[0] for m, b in zip(measured, baseline, strict=True))
                        for server, runs in (("Oxigraph server", baseline), (label, measured)):
                            qps, p50, p99 = (statistics.median(r[i] for r in runs) for i in range(3))
                            shown = f"{ratio:.2f}x" if runs is measured else ""
                            print(
                                f"{name:<8} {texts:<9} {server:<26} {qps:>10.0f} {p50 * 1000:>8.2f} "
                                f"{p99 * 1000:>8.2f} {shown:>12}"
                            )
                        summary[f"{name} {texts} {label}"] = round(ratio, 2)
        with gradkg_server(Path(tmp), build, "--workers", "8", "--timeout", "5") as ours:
            took = cheap_while_heavy(f"{ours}/sparql", 6)
            print(f"a cheap query while six heavy ones run (8 workers): {took:.3f} s")
            summary["cheap_while_six_heavy_s"] = round(took, 3)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
