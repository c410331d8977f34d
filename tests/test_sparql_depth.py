"""The nesting scanner that keeps over-deep queries away from pyoxigraph's parser, which would crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gradkg.sparql_depth import MAX_DEPTH, nesting_depth

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", 1),
        ("SELECT * WHERE {{{}}}", 3),
        ('SELECT * WHERE { FILTER(REGEX(?x, "((((((")) }', 3),
        ("SELECT * WHERE { BIND('''a''(b''' AS ?x) BIND('c\\'(' AS ?y) }", 2),
        ("SELECT * WHERE { # ((((((\n ?s ?p ?o }", 1),
        ("SELECT * WHERE { ?s <http://example.org/(a)> ?o }", 2),
        ("SELECT * WHERE { FILTER(1<(1>0&&1<(1>0))) }", 4),
        ("SELECT * WHERE { ?s <x:'> ?o FILTER((((1)))) }", 5),
        ("SELECT * WHERE { FILTER(!!!true) }", 5),
        ("SELECT * WHERE { FILTER(?a != ?b) }", 2),
        ("SELECT * WHERE { FILTER(!(!(true))) }", 6),
        ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 5000),
        ("", 0),
    ],
)
def test_depth_counts_code_and_not_strings_or_comments(query, depth):
    assert nesting_depth(query) == depth


def test_an_iri_or_a_less_than_counts_as_the_deeper_reading():
    """``<(1>`` is an IRI in a triple and a less-than in a filter: the scanner assumes the worse."""
    assert nesting_depth("SELECT * WHERE { FILTER(1<(1>0 && 1<(1>0 && 1<(1>0))) }") == 5
    assert nesting_depth("SELECT * WHERE { ?s <x:)))> ?o FILTER((((1)))) }") == 5


def test_the_question_library_is_far_below_the_limit(project):
    depths = {p.name: nesting_depth(p.read_text(encoding="utf-8")) for p in project.queries.rglob("*.rq")}
    assert MAX_DEPTH == 200
    assert max(depths.values()) == 6


@pytest.mark.parametrize("shape", ["{", "OPTIONAL {", "FILTER(", "FILTER(!"])
def test_pyoxigraph_parses_every_query_at_the_limit(shape):
    """The limit is safe: at MAX_DEPTH pyoxigraph parses in the main thread (it crashes near ten times deeper)."""
    code = (
        "import sys, pyoxigraph as ox\n"
        f"shape, n = {shape!r}, {MAX_DEPTH} - 2\n"
        "if shape == '{': body = '{' * n + '}' * n\n"
        "elif shape == 'OPTIONAL {': body = 'OPTIONAL {' * n + '}' * n\n"
        "elif shape == 'FILTER(': body = 'FILTER(' + '(' * n + 'true' + ')' * n + ')'\n"
        "else: body = 'FILTER(' + '!' * n + 'true)'\n"
        "query = 'SELECT * WHERE {' + body + '}'\n"
        "from gradkg.sparql_depth import nesting_depth, MAX_DEPTH\n"
        "assert nesting_depth(query) <= MAX_DEPTH, nesting_depth(query)\n"
        "ox.Store().query(query)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
