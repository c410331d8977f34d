"""How long ``gradkg review`` takes, as a person runs it: a cold process per run, end to end.

Times the 2024 edition of zju-1002 from the built graph in each format (md, html, pdf), and the
2024 report text reviewed as a file (drafted by ingest into a temporary copy of the project), each
--runs times; prints the median and the slowest of each. The LAST line printed is one JSON object.
Run ``gradkg build`` first. Goal (issue 13): an edition in ≤ 5 s.

Usage: python bench/bench_review.py [--runs R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADKG = str(Path(sys.executable).parent / "gradkg")
SEED_2024 = ROOT / "data" / "sources" / "000_270693d0e6a09eb6.txt"


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([GRADKG, *argv], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    edition = ["review", "--programme", "zju-1002", "--edition", "2024"]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "edition md": [*edition, "-o", f"{tmp}/r.md"],
            "edition html": [*edition, "-o", f"{tmp}/r.html"],
            "edition pdf": [*edition, "-o", f"{tmp}/r.pdf"],
            "file md": ["review", str(SEED_2024), "--programme", "zju-1002", "--edition", "2025", "-o", f"{tmp}/f.md"],
        }
        for name, argv in cases.items():
            times = [_time(argv) for _ in range(args.runs)]
            results[name] = {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}
            print(f"{name:14} median {results[name]['median_s']:.2f} s  slowest {results[name]['max_s']:.2f} s")
    print(json.dumps({"runs": args.runs, **results}))


if __name__ == "__main__":
    main()
