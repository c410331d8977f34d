"""The consistency question's answer, assembled by the build from the validation units' own rows,
is exactly the store's answer (rows, terms and order), and the first ``gradkg query`` reads it back."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import synthetic_project
from gradkg.answers import AnswerFiles, answers_folder
from gradkg.build import build
from gradkg.checks import consistency_rows
from gradkg.project import Project
from gradkg.querylib import parse_query_file
from gradkg.store import STORE_DIR
from gradkg.validation.answer import Consistency, assemble, order_variables
from gradkg.validation.cache import UnitFindings


def kept_and_asked(project: Project, out: Path) -> tuple[dict, dict]:
    """The answer the build kept for its store, and the store's own answer to the same text."""
    text = parse_query_file(project.queries / "consistency.rq").text
    generation = Path(os.path.realpath(out / STORE_DIR))
    kept = json.loads(AnswerFiles(answers_folder(out, generation))._file(text).read_bytes())
    store = ox.Store.read_only(str(generation))
    asked = json.loads(store.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON))
    return kept, asked


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return synthetic_project(tmp_path_factory, "synth-consistency", 3, 7)


def test_the_kept_answer_is_the_stores_for_the_two_real_editions(project: Project, build_dir: Path) -> None:
    kept, asked = kept_and_asked(project, build_dir)
    assert kept == asked
    assert len(kept["results"]["bindings"]) == 11
    tiers = [b["tier"]["value"] for b in kept["results"]["bindings"]]
    assert (tiers.count("contradiction"), tiers.count("rounding"), tiers.count("implausible")) == (4, 2, 5)


def test_the_kept_answer_is_the_stores_for_three_synthetic_programmes_and_after_a_change(synthetic: Path) -> None:
    project = Project(synthetic)
    out = synthetic / "build"
    build(project, out, "en")
    kept, asked = kept_and_asked(project, out)
    assert kept == asked
    rows = kept["results"]["bindings"]
    assert sorted({b["programme"]["value"] for b in rows}) == project.programmes()
    assert len(rows) == 14
    # one edition changed: its unit is validated again, the others' rows come from the cache
    first = project.programmes()[0]
    statistics = synthetic / "data" / first / "2024" / "statistics.ttl"
    text = statistics.read_text(encoding="utf-8")
    value = re.search(r'gk:value "(\d+)"', text)
    assert value is not None
    changed = f'gk:value "{int(value.group(1)) * 10}"'
    statistics.write_text(text.replace(value.group(0), changed, 1), encoding="utf-8")
    summary = build(project, out, "en")
    assert summary.validated == [f"{first} 2024"]
    again, asked = kept_and_asked(project, out)
    assert again == asked
    assert len(again["results"]["bindings"]) == 17
    new = [r for r in again["results"]["bindings"] if r not in rows]
    # 招收人数 ten times over: its sum and a ratio built on it contradict, and last year's is a tenth
    assert sorted((r["kind"]["value"], r["tier"]["value"], r["measure"]["value"]) for r in new) == [
        ("change", "implausible", "招收人数"),
        ("ratio", "contradiction", "优质生源比例"),
        ("sum", "contradiction", "招收人数"),
    ]


def test_a_cold_query_reads_the_kept_answer(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gradkg.engine import LocalEngine

    out = synthetic / "build"
    if not any(out.glob("store")):
        build(Project(synthetic), out, "en")
    engine = LocalEngine(out / STORE_DIR)
    assert engine.answers is not None  # three programmes are queried on disk, not loaded in memory
    text = parse_query_file(Project(synthetic).queries / "consistency.rq").text

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("evaluated, not read back")

    monkeypatch.setattr(engine, "_store", type("NoStore", (), {"query": staticmethod(refuse)})())
    assert len(list(engine.solutions(text))) == len(kept_and_asked(Project(synthetic), out)[0]["results"]["bindings"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?a ?b", ["a", "b"]),
        ("PREFIX x: <urn:x>\nSELECT ?a WHERE { { SELECT DISTINCT ?a WHERE { ?a ?p ?o } } }\nORDER BY ?a\n", ["a"]),
        ("SELECT DISTINCT ?a WHERE { ?a ?p ?b }\nORDER BY ?a", None),
        ("select reduced ?a WHERE { ?a ?p ?b }\norder by ?a", None),
        ("SELECT ?a WHERE { ?a ?p ?b }\nORDER BY DESC(?a)", None),
        ("SELECT ?a WHERE { ?a ?p ?b }\nORDER BY ?a LIMIT 3", None),
        ("SELECT ?a WHERE { ?a ?p ?b }", None),
        ("  SELECT ?a WHERE { ?a ?p ?b }\nORDER BY ?a", None),
    ],
)
def test_only_an_order_of_plain_variables_is_followed(text: str, expected: list[str] | None) -> None:
    assert order_variables(text) == expected


VARIABLES = ["programme", "edition", "section", "measure", "observation", "kind", "tier", "stated", "computed"]


def _unit(rows: list[dict], variables: list[str] | None = None) -> UnitFindings:
    return UnitFindings([], variables or [*VARIABLES, "x"], rows)


def _row(programme: str, measure: dict, observation: str = "urn:o") -> dict:
    return {
        "programme": {"type": "literal", "value": programme},
        "edition": {"type": "literal", "value": "2024"},
        "section": {"type": "literal", "value": "三（一）"},
        "measure": measure,
        "observation": {"type": "uri", "value": observation},
    }


def _zh(text: str) -> dict:
    return {"type": "literal", "value": text, "xml:lang": "zh"}


def test_rows_are_ordered_as_sparql_orders_them(project: Project) -> None:
    b = _row("b", _zh("招生"))
    a2 = _row("a", _zh("录取"), "urn:o2")
    a1 = _row("a", _zh("录取"), "urn:o1")
    # the same observation in a sum and in a change: the kind breaks the tie
    a1_sum = {**a1, "kind": {"type": "literal", "value": "sum"}}
    a1_change = {**a1, "kind": {"type": "literal", "value": "change"}}
    unbound = {k: v for k, v in _row("a", _zh("x")).items() if k != "section"}
    answer = assemble(project.queries, [_unit([b, a1_sum, a2]), _unit([a1_change, unbound])])
    assert isinstance(answer, Consistency)
    assert answer.rows == [unbound, a1_change, a1_sum, a2, b]
    assert json.loads(answer.results_json())["results"]["bindings"] == answer.rows


@pytest.mark.parametrize(
    "measures",
    [
        [_zh("招生"), {"type": "literal", "value": "intake", "xml:lang": "en"}],  # two languages
        [{"type": "literal", "value": "2024-01-01", "datatype": "http://www.w3.org/2001/XMLSchema#date"}],  # dates
        [{"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}, _zh("三")],
    ],
)
def test_what_python_cannot_order_as_the_store_does_is_not_assembled(project: Project, measures: list) -> None:
    rows = [_row("a", m) for m in measures]
    assert assemble(project.queries, [_unit(rows)]) is None


def test_units_that_disagree_on_the_variables_or_no_units_give_nothing(project: Project) -> None:
    assert assemble(project.queries, []) is None
    assert assemble(project.queries, [_unit([]), _unit([], ["programme"])]) is None


def test_a_units_rows_are_what_its_store_answers(build_dir: Path, project: Project) -> None:
    store = ox.Store.read_only(os.path.realpath(build_dir / STORE_DIR))
    variables, rows = consistency_rows(store, project.queries)
    assert variables[:4] == ["programme", "measure", "stated", "computed"]
    assert len(rows) == 11


def test_a_build_that_cannot_keep_the_answer_still_builds(home: Path) -> None:
    from gradkg.answers import ANSWERS_DIR

    answers = home / "build" / ANSWERS_DIR
    answers.parent.mkdir(parents=True)
    answers.write_text("a file where the folder would go", encoding="utf-8")
    summary = build(Project(home), home / "build", "en")
    assert summary.outcome.count("Violation") == 0
    assert (home / "build" / STORE_DIR).is_dir()
    assert answers.read_text(encoding="utf-8") == "a file where the folder would go"
