"""Beyond one machine's embedded store: push the built graph to the Oxigraph server and to Virtuoso
with ``gradkg push``, then ask the cross-programme questions there with ``gradkg query --endpoint``.

The servers are the tests' own (tests/servers.py: loopback, free ports, always stopped). Each
server's figures: push_s (every named graph by the Graph Store Protocol) and each question's time.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import oxigraph_server, virtuoso_server

BIN = Path(sys.executable).parent
GRADKG = str(BIN / "gradkg")


def _timed(command: list[str], env: dict[str, str]) -> float | str:
    """Seconds, or why it failed: a server that times out on one question still gets the others measured."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return f"failed after {time.perf_counter() - start:.1f} s: {done.stderr.strip()[:200]}"
    return round(time.perf_counter() - start, 3)


def _ask_all(endpoint: str, questions: list[tuple[str, list[str]]], env: dict[str, str]) -> dict[str, float | str]:
    asked = {}
    for name, params in questions:
        command = [GRADKG, "query", name, "--format", "tsv", "--endpoint", endpoint]
        asked[name] = _timed(command + [a for p in params for a in ("--param", p)], env)
    return asked


def push_and_ask(questions: list[tuple[str, list[str]]], env: dict[str, str]) -> dict[str, dict]:
    """{"oxigraph": {...}, "virtuoso": {...}}: push time and each question's time on each server."""
    figures = {}
    with tempfile.TemporaryDirectory(prefix="gradkg-push-") as tmp:
        with oxigraph_server(Path(tmp)) as base:
            push_s = _timed([GRADKG, "push", "--endpoint", f"{base}/store"], env)
            figures["oxigraph"] = {"push_s": push_s, "questions": _ask_all(f"{base}/query", questions, env)}
        virtuoso_dir = Path(tmp) / "virtuoso"
        with virtuoso_server(virtuoso_dir) as base:
            push = [GRADKG, "push", "--endpoint", f"{base}/sparql-graph-crud-auth", "--graph-parameter", "graph-uri"]
            push_s = _timed([*push, "--user", "dba", "--password", "dba", "--auth", "digest"], env)
            figures["virtuoso"] = {"push_s": push_s, "questions": _ask_all(f"{base}/sparql", questions, env)}
    return figures
