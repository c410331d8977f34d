"""How long ``gradkg serve`` takes to answer the dashboard pages: a programme's dashboard and the comparison.

Without --programmes, the project's own build (zju-1002); with --programmes N, N synthetic
programmes (bench/synth.py) generated and built at --out. The server listens on a free loopback
port in 18400-18499. Each page is asked --runs times in turn (both languages, each programme's
dashboard or each indicator's comparison in order) and timed from request to last byte; the
first ask of each page is reported apart (``first_s``: nothing cached anywhere), then the median
and the slowest of all asks. The first programme's reviews (``/review/ID/YEAR``, both languages) are
timed too, first ask and one more, with the build's chart cache emptied before the server starts.
The LAST line printed is one JSON object.

Usage: python bench/bench_dashboard.py [--programmes N --out DIR | --project DIR] [--runs R] [--port P]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import synthesise

ROOT = Path(__file__).resolve().parents[1]
GRADKG = str(Path(sys.executable).parent / "gradkg")


def free_port() -> int:
    for port in range(18400, 18500):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18400-18499")


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{url}: {answer.status}")
    return time.perf_counter() - start


def wait_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gradkg serve exited")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url}")


def measure(base: str, paths: list[str], runs: int) -> dict:
    first = [timed_get(base + p) for p in paths]
    again = [timed_get(base + p) for _ in range(runs) for p in paths]
    every = first + again
    return {
        "pages": len(paths),
        "first_s": round(max(first), 3),
        "median_s": round(statistics.median(every), 3),
        "max_s": round(max(every), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, help="an existing (built) project instead, e.g. an earlier --out")
    parser.add_argument("--port", type=int, help="listen on this loopback port (default: a free one in 18400-18499)")
    args = parser.parse_args()
    home = args.project or ROOT
    if args.programmes:
        if args.out is None:
            parser.error("--programmes needs --out")
        synthesise(args.programmes, args.seed, args.out)
        home = args.out
    env = {**os.environ, "GRADKG_HOME": str(home)}
    if args.programmes or not (home / "build" / "store").exists():
        subprocess.run([GRADKG, "build"], env=env, check=True, capture_output=True)
    port = args.port or free_port()
    for cache in ("charts", "reviews"):  # the reviews' first asks draw their charts anew
        shutil.rmtree(home / "build" / "cache" / cache, ignore_errors=True)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([GRADKG, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        wait_up(base + "/healthz", server)
        programmes = sorted(p.name for p in (home / "data").iterdir() if (p / "programme.ttl").is_file())
        editions = sorted(e.name for p in programmes[:1] for e in (home / "data" / p).iterdir() if e.name.isdigit())
        reviews = [(programmes[0], e) for e in editions]
        indicators = ["admitted", "application-ratio", "graduate-destinations", "supervisors", "research-funding"]
        result = {
            "programmes": len(programmes),
            "dashboard": measure(
                base, [f"/dashboard/{p}?lang={lang}" for p in programmes[:5] for lang in ("zh", "en")], args.runs
            ),
            "compare": measure(
                base, [f"/compare/{i}?lang={lang}" for i in indicators for lang in ("zh", "en")], args.runs
            ),
            "review": measure(base, [f"/review/{p}/{e}?lang={lang}" for p, e in reviews for lang in ("zh", "en")], 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
