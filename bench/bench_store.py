"""Cold ``gradkg query`` on the on-disk store against the plain-rdflib baseline, on the same build.

Each command runs as a fresh process ``--runs`` times (10 by default); the table gives medians and
the ratio of the baseline's to gradkg's. It also times a full build (empty cache) and an incremental
one (one edition's file changed), in a copy of the project so the checkout is left alone.
Usage: python bench/bench_store.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADKG = str(Path(sys.executable).parent / "gradkg")
QUESTIONS = [
    ("lecturers-of-course", "course=血液病学专题"),
    ("rules-of-process", "process=doctoral thesis review"),
]


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of ``runs`` fresh processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def builds(runs: int) -> tuple[float, float]:
    """Median full build (no cache) and incremental build (one edition file changed), in a copy."""
    full, incremental = [], []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        for part in ("ontology", "queries", "data"):
            shutil.copytree(ROOT / part, home / part, ignore=shutil.ignore_patterns("sources"))
        env = {**os.environ, "GRADKG_HOME": str(home)}
        courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
        for n in range(runs):
            shutil.rmtree(home / "build", ignore_errors=True)
            full.append(timed([GRADKG, "build"], 1, env))
            courses.write_text(courses.read_text(encoding="utf-8") + f"\n# run {n}\n", encoding="utf-8")
            incremental.append(timed([GRADKG, "build"], 1, env))
    return statistics.median(full), statistics.median(incremental)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as build_dir:
        subprocess.run([GRADKG, "build", "--build-dir", build_dir], check=True, capture_output=True, cwd=ROOT)
        print(f"{'command':<58} {'median s':>9} {'baseline s':>11} {'ratio':>7}")
        for name, param in QUESTIONS:
            ours = timed([GRADKG, "query", name, "--param", param, "--format", "tsv", "--build-dir", build_dir], runs)
            base = timed([sys.executable, str(ROOT / "bench" / "rdflib_baseline.py"), name, param], runs)
            label = f"gradkg query {name} --param {param}"
            print(f"{label:<58} {ours:>9.3f} {base:>11.3f} {base / ours:>6.1f}x")
    full, incremental = builds(max(3, runs // 3))
    print(f"{'gradkg build (empty cache: every edition validated)':<58} {full:>9.3f}")
    print(f"{'gradkg build (one edition changed)':<58} {incremental:>9.3f}")
    python = timed([sys.executable, "-c", "pass"], runs)
    print(f"{'python -c pass (interpreter start-up, for scale)':<58} {python:>9.3f}")


if __name__ == "__main__":
    main()
