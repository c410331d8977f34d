"""The scanner that keeps over-deep and over-long queries away from pyoxigraph's parser, which would crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gradkg.sparql_scan import MAX_DEPTH, scan

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
    assert scan(query).depth == depth


def test_an_iri_or_a_less_than_counts_as_the_deeper_reading():
    """``<(1>`` is an IRI in a triple and a less-than in a filter: the scanner assumes the worse."""
    assert scan("SELECT * WHERE { FILTER(1<(1>0 && 1<(1>0 && 1<(1>0))) }").depth == 5
    assert scan("SELECT * WHERE { ?s <x:)))> ?o FILTER((((1)))) }").depth == 5


def test_the_question_library_is_far_below_the_limit(project):
    depths = {p.name: scan(p.read_text(encoding="utf-8")).depth for p in project.queries.rglob("*.rq")}
    assert MAX_DEPTH == 200
    # possible-same-person.rq: the (name, school) keys are a grouped subquery inside the pairs' group
    assert max(depths.values()) == 8
    assert sorted(depths.values())[-2] == 7  # consistency.rq: its three tiers are one more group deep


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
        "from gradkg.sparql_scan import scan, MAX_DEPTH\n"
        "assert scan(query).depth <= MAX_DEPTH, scan(query).depth\n"
        "ox.Store().query(query)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("query", "services"),
    [
        ("SELECT * WHERE { SERVICESILENT<http://127.0.0.1:1/x> { ?s ?p ?o } }", ("SERVICESILENT",)),
        ("SELECT * { SERVICE:x {} }", ("SERVICE:x",)),
        ("SELECT * { serviceex:x {} }", ("serviceex:x",)),
        (
            "PREFIX ex: <http://a/> SELECT * WHERE { BIND(ex:o\\# AS ?q) SERVICE <http://127.0.0.1:1/x> {} }",
            ("<http://127.0.0.1:1/x>",),
        ),
        ("SELECT * { ?s ex:o\\' ?o . SERVICE <http://127.0.0.1:1/y> {} }", ("<http://127.0.0.1:1/y>",)),
        ("SELECT * { <http://a/\\u0041#> ?p ?o SERVICE <http://127.0.0.1:1/z> {} }", ("<http://127.0.0.1:1/z>",)),
        ("SELECT * { ?s ?p 'x'@en-SERVICE }", ()),
        ('SELECT * { ?service ?p "SERVICE <http://x/>" } # SERVICE <http://x/>', ()),
    ],
)
def test_every_service_call_is_found_however_it_is_written(query, services):
    """SPARQL needs no space after a keyword, and names may escape '#' and quotes: none of it hides a call."""
    assert scan(query).services == services


def test_chains_are_counted_and_backslashes_outside_names_reported():
    assert scan("SELECT * WHERE { ?s ?p ?o " + "MINUS {} " * 3000 + "}").chain == 3001  # 3000 MINUS and the *
    assert scan("ASK { FILTER(" + " && ".join(["true"] * 100) + ") }").chain == 199  # 99 × "&&" and FILTER
    assert (
        scan("SELECT * WHERE { ?s ?p 1.5, 2e3, -4 . BIND(?x IN (1, 2, 3) AS ?y) }").chain == 4
    )  # *, -, . and BIND; commas and decimals are not chains
    assert scan("SELECT * { \\ SERVICE <x> {} }").stray_backslash is True
    assert scan("SELECT * { ?s ex:a\\-b 'c\\'d' }").stray_backslash is False


@pytest.mark.parametrize(
    "body",
    ["'MINUS {} ' * 9000", "' '.join(f'BIND({n} AS ?v{n})' for n in range(9000))", "' UNION '.join(['{}'] * 9000)"],
    ids=["minus", "bind", "union"],
)
def test_flat_chains_below_the_limit_run_on_the_deep_stack(body):
    """About 2,600 MINUS or BIND crash pyoxigraph on an 8 MiB stack; the deep stack runs 9,000 (below MAX_CHAIN)."""
    code = (
        "import pyoxigraph as ox\n"
        "from gradkg.deep_stack import call_with_deep_stack\n"
        f"query = 'SELECT * WHERE {{ ' + {body} + ' }} LIMIT 1'\n"
        "print(len(call_with_deep_stack(lambda: list(ox.Store().query(query)))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1\n", "")


def test_a_deep_stack_call_returns_and_raises_like_the_call():
    from gradkg.deep_stack import call_with_deep_stack

    assert call_with_deep_stack(lambda: 41 + 1) == 42
    with pytest.raises(ZeroDivisionError):
        call_with_deep_stack(lambda: 1 / 0)


def test_a_volatile_call_after_a_less_than_read_as_an_iri_is_still_volatile():
    """``?x<RAND()&&?y>0`` may be one IRIREF to the scanner: its answer must not be cached all the same."""
    assert scan("SELECT * WHERE { FILTER(?x<RAND()&&?y>0) }").volatile is True
    assert scan("SELECT * WHERE { ?s <http://example.org/random> ?o }").volatile is False
