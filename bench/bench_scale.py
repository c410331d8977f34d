"""How gradkg scales with the number of programmes: build, rebuild, validate, cross-programme questions.

Generates N synthetic programmes into a project at DIR (bench/synth.py), then, each as a fresh
process: ``gradkg build`` (build_s, and the build's peak RSS), the same build after one edition file
changed (incremental_build_s), ``gradkg validate`` (validate_s), and each cross-programme question
asked once after the build (``questions``: read back when the build kept it, else evaluated;
cold_query_s is the slowest question's, rdflib_cold_query_s rdflib's fastest, min_speedup the
smallest ratio over the questions) and then
--runs more times in new processes (``questions_repeated``, the median: a large build reads back
the answer the first ask kept, gradkg.answers; repeated_query_s is the slowest). The same
questions are answered the plain rdflib way in the same run (parse build/gradkg.nq, rdflib SPARQL;
one fresh process per question: rdflib_cold_query_s), and the consistency answer is scored against
the manifest. rdflib evaluates GRAPH joins slowly (minutes for
one programme's compare-programmes), so an rdflib question is killed at --rdflib-timeout and counted
at that time: rdflib_cold_query_s is then a lower bound, and rdflib_timed_out names the questions.
The project stays at DIR. The LAST line printed is one JSON object.

Before anything is timed, gradkg's modules are compiled to bytecode, as any first run writes them:
an editable install ships none, and where PYTHONDONTWRITEBYTECODE is set (as on the bench machine)
every command would otherwise compile its modules again (0.04 s of each question's 0.1 s start).

Usage: python bench/bench_scale.py --programmes N --out DIR [--seed S] [--runs R] [--push] [--no-rdflib]

With --push (meant for N = 1,000) the build also goes to the Oxigraph server and Virtuoso by
``gradkg push`` and the questions are asked there (bench/scale_push.py): ``servers`` in the JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

import gradkg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_push import push_and_ask
from synth import synthesise

BIN = Path(sys.executable).parent
GRADKG = str(BIN / "gradkg")
DOCUMENT = "https://w3id.org/gradkg/id/document/zjumed-2021-24"
MEASURE = "https://w3id.org/gradkg/id/indicator/admitted"
YEAR = str(ox.Literal("2023", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
# (question, gradkg --param values, the same as SPARQL terms for rdflib)
QUESTIONS = [
    ("programmes", [], []),
    ("programmes-citing", [f"document={DOCUMENT}"], [f"document=<{DOCUMENT}>"]),
    ("compare-programmes", [f"measure={MEASURE}", "year=2023"], [f"measure=<{MEASURE}>", f"year={YEAR}"]),
    ("consistency", [], []),
    ("shared-lecturers", [], []),
    ("possible-same-person", [], []),
]


def timed(command: list[str], env: dict[str, str], timeout: float | None = None) -> tuple[float, str | None]:
    """Wall time of one fresh process and its standard output (None: killed at ``timeout`` seconds).

    A failure stops the bench: a number from a run that went wrong would mislead.
    """
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done.stdout


def touch_one_edition(project: Path) -> None:
    """A real change to one edition file (one more note on the report), as an editor would make."""
    first = sorted(p for p in (project / "data").iterdir() if p.name.startswith("synth-"))[0]
    edition = sorted(p for p in first.iterdir() if p.is_dir())[-1]
    with (edition / "report.ttl").open("a", encoding="utf-8") as out:
        report = f"https://w3id.org/gradkg/id/{first.name}/{edition.name}"
        out.write(f'\n<{report}> <http://www.w3.org/2004/02/skos/core#editorialNote> "基准测试改动"@zh .\n')


def ask(name: str, params: list[str], env: dict[str, str], extra: list[str] = ()) -> list[str]:
    command = [GRADKG, "query", name, "--format", "tsv", *extra]
    return command + [a for p in params for a in ("--param", p)]


def score(project: Path, manifest: dict, env: dict[str, str]) -> dict[str, int]:
    """Planted contradictions found by ``gradkg query consistency`` (its contradiction tier: rounding
    notices and implausible changes are other findings), and contradictions nothing planted."""
    _, out = timed([GRADKG, "query", "consistency", "--format", "json"], env)
    rows = json.loads(out)["results"]["bindings"]
    found = {b["observation"]["value"] for b in rows if b["tier"]["value"] == "contradiction"}
    planted = {o for observations in manifest["planted"].values() for o in observations}
    return {
        "planted_contradictions": len(planted),
        "found_contradictions": len(found & planted),
        "false_alarms": len(found - planted),
    }


def run(programmes: int, seed: int, out: Path, runs: int, rdflib_timeout: float, push: bool) -> dict:
    compileall.compile_dir(str(Path(gradkg.__file__).parent), quiet=1)
    started = time.perf_counter()
    manifest = synthesise(programmes, seed, out)
    result: dict = {"programmes": programmes, "seed": seed, "synth_s": round(time.perf_counter() - started, 3)}
    env = {**os.environ, "GRADKG_HOME": str(out)}
    result["build_s"], _ = timed([GRADKG, "build"], env)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    store = out / "build" / "gradkg.nq"
    with store.open("rb") as lines:
        result["triples"] = sum(1 for _ in lines)
    touch_one_edition(out)
    result["incremental_build_s"], _ = timed([GRADKG, "build"], env)
    result["validate_s"], _ = timed([GRADKG, "validate"], env)
    questions, repeated, baseline, agree, gave_up = {}, {}, {}, True, []
    for name, params, terms in QUESTIONS:
        # the first ask after a build reads the answer the build kept (#+ kept: build or per-programme)
        # or evaluates the question; later ones, in new processes, read the answer the first one kept
        # (gradkg.answers; a small build queried in memory keeps only the build's own)
        questions[name], answer = timed(ask(name, params, env), env)
        questions[name] = round(questions[name], 3)
        again = [timed(ask(name, params, env), env)[0] for _ in range(runs)]
        repeated[name] = round(statistics.median(again), 3)
        if rdflib_timeout <= 0:
            continue
        query = str(out / "queries" / f"{name}.rq")
        rdflib_command = [sys.executable, str(Path(__file__).parent / "rdflib_query.py"), str(store), query, *terms]
        elapsed, rows = timed(rdflib_command, env, rdflib_timeout)
        baseline[name] = round(elapsed, 3)
        if rows is None:
            gave_up.append(name)
        else:
            agree = agree and int(rows) == len(answer.splitlines()) - 1
    result["questions"], result["questions_repeated"] = questions, repeated
    # The goal is per question, so the slowest question is the figure, against rdflib's fastest.
    result["cold_query_s"] = max(questions.values())
    result["repeated_query_s"] = max(repeated.values())
    if baseline:
        result.update(rdflib_questions=baseline, rdflib_rows_agree=agree, rdflib_timed_out=gave_up)
        result["rdflib_cold_query_s"] = min(baseline.values())
        result["min_speedup"] = round(min(baseline[n] / questions[n] for n in questions), 1)
    result.update(score(out, manifest, env))
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)  # kept if a server step fails
    if push:
        result["servers"] = push_and_ask([(name, params) for name, params, _ in QUESTIONS], env)
    for key in ("build_s", "incremental_build_s", "validate_s"):
        result[key] = round(result[key], 3)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programmes", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder; the project stays there")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per question after the first (median)")
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=120.0,
        help="seconds before an rdflib question is given up (then counted at that time)",
    )
    parser.add_argument(
        "--push",
        action="store_true",
        help="also push the build to the Oxigraph server and Virtuoso and ask the questions there",
    )
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline (hours at 1,000)")
    args = parser.parse_args()
    timeout = 0.0 if args.no_rdflib else args.rdflib_timeout
    result = run(args.programmes, args.seed, args.out.resolve(), args.runs, timeout, args.push)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
