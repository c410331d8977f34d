"""How long ``gradkg review`` takes, as a person runs it: a cold process per run, end to end, against a baseline.

The baseline is the same command from the code of an earlier commit (``--baseline REV``, default the
last commit before the review had charts), extracted with ``git archive`` into a temporary folder
and run on the same project and build, so both are timed in the same run, under the same load;
the rounds interleave them. Timed for the 2024 edition of zju-1002:

- ``md``: the review as Markdown (no charts, no PDF);
- ``pdf cold``: the PDF with its charts drawn and printed anew (the build's chart and PDF caches,
  ``build/cache/charts`` and ``build/cache/reviews``, emptied before each run);
- ``pdf warm``: the PDF again after the same build (charts and PDF taken from those caches);
- ``file md``: the 2024 report text reviewed as a file (ingested into a temporary copy).

Prints the median and slowest of each, and each median as a ratio of the baseline's. The LAST line
printed is one JSON object. Run ``gradkg build`` first. Goal (issue 13): an edition in ≤ 5 s.

Usage: python bench/bench_review.py [--runs R] [--baseline REV]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_2024 = ROOT / "data" / "sources" / "000_270693d0e6a09eb6.txt"
BASELINE = "10ffec6"  # main before the review's charts, its publication and this speed work
AGAINST = {"md": "baseline md", "pdf cold": "baseline pdf", "pdf warm": "baseline pdf", "file md": "baseline file md"}
CACHES = [ROOT / "build" / "cache" / "charts", ROOT / "build" / "cache" / "reviews"]


def _time(argv: list[str], src: Path | None) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)} if src else dict(os.environ)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gradkg.cli", *argv], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _extract(rev: str, into: Path) -> Path:
    """The package source of ``rev`` (read from git, nothing written to the repository)."""
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _empty_caches() -> None:
    for folder in CACHES:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE, help=f"the commit to compare with (default {BASELINE})")
    args = parser.parse_args()
    edition = ["review", "--programme", "zju-1002", "--edition", "2024"]
    file_md = ["review", str(SEED_2024), "--programme", "zju-1002", "--edition", "2025"]
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        old = _extract(args.baseline, Path(tmp) / "baseline")
        cases = {
            "baseline md": ([*edition, "-o", f"{tmp}/b.md"], old, None),
            "md": ([*edition, "-o", f"{tmp}/r.md"], None, None),
            "baseline pdf": ([*edition, "-o", f"{tmp}/b.pdf"], old, None),
            "pdf cold": ([*edition, "-o", f"{tmp}/c.pdf"], None, _empty_caches),
            "pdf warm": ([*edition, "-o", f"{tmp}/w.pdf"], None, None),
            "baseline file md": ([*file_md, "-o", f"{tmp}/bf.md"], old, None),
            "file md": ([*file_md, "-o", f"{tmp}/f.md"], None, None),
        }
        for _ in range(args.runs):  # interleaved: every case sees the same load, round by round
            for name, (argv, src, before) in cases.items():
                if before:
                    before()
                times.setdefault(name, []).append(_time(argv, src))
    results: dict[str, dict[str, float]] = {}
    for name, found in times.items():
        results[name] = {"median_s": round(statistics.median(found), 2), "max_s": round(max(found), 2)}
    for name, found in results.items():
        ratio = ""
        if name in AGAINST:
            found["ratio"] = round(found["median_s"] / results[AGAINST[name]]["median_s"], 2)
            ratio = f"  {found['ratio']:.2f}× the baseline"
        print(f"{name:17} median {found['median_s']:.2f} s  slowest {found['max_s']:.2f} s{ratio}")
    print(json.dumps({"runs": args.runs, "baseline": args.baseline, **results}))


if __name__ == "__main__":
    main()
