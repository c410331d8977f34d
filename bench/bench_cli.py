"""Time whole ``gradkg`` processes against the plain-rdflib baseline measured in the same run.

Each command runs as a fresh process several times; the table gives medians and the ratio of
the baseline's median to gradkg's. Usage: python bench/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
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


def timed(command: list[str], runs: int) -> tuple[float, str]:
    """Median wall time of ``runs`` fresh processes, and the output of the last one."""
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
        output = done.stdout
    return statistics.median(times), output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as build_dir:
        subprocess.run([GRADKG, "build", "--build-dir", build_dir], check=True, capture_output=True, cwd=ROOT)
        print(f"{'command':<58} {'median s':>9} {'baseline s':>11} {'ratio':>7}")
        for name, param in QUESTIONS:
            ours, answer = timed(
                [GRADKG, "query", name, "--param", param, "--format", "tsv", "--build-dir", build_dir], runs
            )
            baseline = [sys.executable, str(ROOT / "bench" / "rdflib_baseline.py"), name, param]
            base, baseline_answer = timed(baseline, runs)
            same = len(answer.splitlines()) - 1 == len(baseline_answer.splitlines())
            label = f"gradkg query {name} --param {param}"
            print(f"{label:<58} {ours:>9.3f} {base:>11.3f} {base / ours:>6.1f}x{'' if same else '  (rows differ!)'}")
        validate, _ = timed([GRADKG, "validate"], max(3, runs // 2))
        print(f"{'gradkg validate (project data)':<58} {validate:>9.3f}")
        python, _ = timed([sys.executable, "-c", "pass"], runs)
        print(f"{'python -c pass (interpreter start-up, for scale)':<58} {python:>9.3f}")


if __name__ == "__main__":
    main()
