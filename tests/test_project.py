"""The project's own promises: CI runs README's test command, the code is ruff-clean, no SPARQL in Python."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(?:sh|bash)\n(.+?)\n```", section, re.MULTILINE)


def test_quickstart_has_exactly_two_commands():
    commands = quickstart_commands()
    assert len(commands) == 2
    assert commands[0].endswith("gradkg build")
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == quickstart_commands()[1]


def test_ci_installs_what_the_tests_need_first():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-2] == "scripts/install-test-deps"


def test_the_install_script_says_what_it_found_or_installed():
    done = subprocess.run([str(ROOT / "scripts" / "install-test-deps")], capture_output=True, text=True, check=True)
    said = {}
    for line in done.stdout.splitlines():
        _, verb, rest = line.split(" ", 2)
        if verb == "found":
            said[rest.split(" (")[0]] = verb
        elif verb == "installed":
            said.update(dict.fromkeys(rest.split(), verb))
    assert sorted(said) == [
        "apache2",
        "chromium",
        "chromium-driver",
        "default-jre-headless",
        "fonts-noto-cjk",
        "graphviz",
        "libowlapi-java",
        "nginx",
        "virtuoso-opensource",
    ]


def test_ruff_is_clean():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_sparql_inside_python():
    pattern = re.compile(r"(SELECT|CONSTRUCT|ASK|DESCRIBE)\s*(\?|\*|\{|WHERE)")
    offenders = [str(p) for p in (ROOT / "src").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_bench_baseline_answers_like_gradkg(build_dir):
    """The bench compares like with like: the rdflib baseline gives gradkg's rows."""
    question = ["lecturers-of-course", "course=血液病学专题"]
    baseline = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "rdflib_baseline.py"), *question],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    ours = subprocess.run(
        [
            str(Path(sys.executable).parent / "gradkg"),
            "query",
            question[0],
            "--param",
            question[1],
            "--format",
            "csv",
            "--build-dir",
            str(build_dir),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = list(csv.reader(io.StringIO(ours.stdout)))[1:]
    assert [line.split("\t") for line in baseline.stdout.splitlines()] == rows
    assert len(rows) == 1
