"""Queries per second and p50/p99 latency at /sparql: gradkg serve beside the Oxigraph server.

Both serve the same built graph on loopback in the same run. The load is bounded: a fixed number of
requests from a few client threads, then both servers are stopped.
Usage: python bench/bench_serve.py [--requests N] [--clients C]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import gradkg_server, oxigraph_server  # noqa: E402

QUERIES = {
    "simple": "SELECT ?label WHERE { <https://w3id.org/gradkg/id/course/topics-haematology> "
              "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
    "join": "SELECT ?course ?name ?school WHERE { ?c <https://w3id.org/gradkg/ontology#lecturer> ?p ; "
            "<http://www.w3.org/2004/02/skos/core#prefLabel> ?course . ?p <https://schema.org/name> ?name ; "
            "<https://schema.org/affiliation>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?school }",
}


def one(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - start


def load(endpoint: str, query: str, requests: int, clients: int) -> tuple[float, float, float]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    headers_url = url
    for _ in range(5):
        one(headers_url)
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = sorted(pool.map(lambda _: one(headers_url), range(requests)))
    elapsed = time.perf_counter() - started
    return requests / elapsed, statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        subprocess.run([str(Path(sys.executable).parent / "gradkg"), "build", "--build-dir", str(build)],
                       check=True, capture_output=True, cwd=ROOT)
        with gradkg_server(Path(tmp), build) as ours, oxigraph_server(Path(tmp)) as theirs:
            subprocess.run([str(Path(sys.executable).parent / "gradkg"), "push", "--endpoint", f"{theirs}/store",
                            "--build-dir", str(build)], check=True, capture_output=True, cwd=ROOT)
            print(f"{args.requests} requests from {args.clients} clients per row")
            print(f"{'query':<8} {'server':<16} {'queries/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'vs Oxigraph':>12}")
            for name, query in QUERIES.items():
                baseline = load(f"{theirs}/query", query, args.requests, args.clients)
                measured = load(f"{ours}/sparql", query, args.requests, args.clients)
                for server, (qps, p50, p99) in (("Oxigraph server", baseline), ("gradkg serve", measured)):
                    ratio = f"{qps / baseline[0]:.2f}x" if server == "gradkg serve" else ""
                    print(f"{name:<8} {server:<16} {qps:>10.0f} {p50 * 1000:>8.2f} {p99 * 1000:>8.2f} {ratio:>12}")


if __name__ == "__main__":
    main()
