"""The questions marked ``#+ kept: build``: every build answers them over its new store and keeps the
answers, exactly the store's (rows, terms and order), so that their first ask reads them back."""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import synthetic_project
from gradkg.answers import AnswerFiles, answers_folder
from gradkg.build import build
from gradkg.build.kept import keep_answers, kept_questions
from gradkg.build.per_programme import _term, assembled, unbound_text
from gradkg.errors import GradkgError
from gradkg.project import Project
from gradkg.querylib import NamedQuery, Param, bind_values, parse_query_file
from gradkg.store import STORE_DIR

KEPT = ["known-years", "possible-same-person", "programmes", "shared-lecturers"]
_JSON = ox.QueryResultsFormat.JSON


def _generation(out: Path) -> Path:
    return Path(os.path.realpath(out / STORE_DIR))


def _kept_file(out: Path, text: str) -> Path:
    return AnswerFiles(answers_folder(out, _generation(out)))._file(text)


def _asked(out: Path, text: str) -> dict:
    store = ox.Store.read_only(str(_generation(out)))
    return json.loads(store.query(text, use_default_graph_as_union=True).serialize(format=_JSON))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic programmes (two lecturers confirmed shared, one pair still to confirm), built: queried on disk."""
    root = synthetic_project(tmp_path_factory, "synth-kept", 3, 11)
    build(Project(root), root / "build", "en")
    return root


def test_the_library_marks_the_cross_programme_questions_without_parameters(project: Project) -> None:
    assert sorted(q.name for q in kept_questions(project.queries)["build"]) == KEPT


@pytest.mark.parametrize(("name", "rows"), [("programmes", 3), ("shared-lecturers", 2), ("possible-same-person", 1)])
def test_each_kept_answer_is_the_stores_own(synthetic: Path, name: str, rows: int) -> None:
    text = parse_query_file(Project(synthetic).queries / f"{name}.rq").text
    kept = json.loads(_kept_file(synthetic / "build", text).read_bytes())
    assert kept == _asked(synthetic / "build", text)
    assert len(kept["results"]["bindings"]) == rows


def test_the_kept_answers_hold_every_programme_and_year(synthetic: Path) -> None:
    queries = Project(synthetic).queries
    programmes = json.loads(
        _kept_file(synthetic / "build", parse_query_file(queries / "programmes.rq").text).read_bytes()
    )
    assert [b["programme"]["value"] for b in programmes["results"]["bindings"]] == Project(synthetic).programmes()
    years = json.loads(
        _kept_file(synthetic / "build", parse_query_file(queries / "lib" / "known-years.rq").text).read_bytes()
    )
    assert [b["year"]["value"] for b in years["results"]["bindings"]] == ["2023", "2024"]


def test_a_cold_ask_reads_the_kept_answer_without_evaluating(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gradkg.engine import LocalEngine

    engine = LocalEngine(synthetic / "build" / STORE_DIR)
    assert engine.answers is not None
    text = parse_query_file(Project(synthetic).queries / "programmes.rq").text

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("evaluated, not read back")

    monkeypatch.setattr(engine, "_store", type("NoStore", (), {"query": staticmethod(refuse)})())
    assert [s["programme"].value for s in engine.solutions(text)] == Project(synthetic).programmes()


def test_a_small_build_keeps_them_too_and_they_are_read_before_anything_is_loaded(
    build_dir: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gradkg.engine import LocalEngine

    for question in kept_questions(project.queries)["build"]:
        assert json.loads(_kept_file(build_dir, question.text).read_bytes()) == _asked(build_dir, question.text)
    engine = LocalEngine(build_dir / STORE_DIR)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("loaded, not read back")

    monkeypatch.setattr(ox.Store, "bulk_load", refuse)
    text = parse_query_file(project.queries / "programmes.rq").text
    assert [s["programme"].value for s in engine.solutions(text)] == ["zju-1002"]
    monkeypatch.undo()
    other = parse_query_file(project.queries / "processes.rq").text  # not kept: evaluated in memory, not kept
    assert len(list(engine.solutions(other))) > 0
    assert not _kept_file(build_dir, other).exists()


def test_a_kept_question_the_store_cannot_parse_is_left_to_its_first_ask(home: Path) -> None:
    broken = "#+ summary: 坏的 / broken\n#+ kept: build\nSELECT ?a WHERE { ?a ?b }\n"
    (home / "queries" / "broken.rq").write_text(broken, encoding="utf-8")
    project = Project(home)
    summary = build(project, home / "build", "en")
    assert summary.outcome.count("Violation") == 0
    assert not _kept_file(home / "build", broken).exists()
    programmes = parse_query_file(project.queries / "programmes.rq").text
    assert _kept_file(home / "build", programmes).is_file()  # the ones after it are still kept


def test_what_goes_wrong_while_keeping_is_raised_in_the_build(tmp_path: Path, project: Project) -> None:
    questions = kept_questions(project.queries)["build"]
    with ThreadPoolExecutor(max_workers=1) as beside, pytest.raises(OSError):  # as the build runs it
        beside.submit(keep_answers, tmp_path / "no-store", AnswerFiles(tmp_path / "answers"), questions).result()


def test_keep_answers_writes_one_file_per_question(build_dir: Path, project: Project, tmp_path: Path) -> None:
    answers = AnswerFiles(tmp_path / "answers")
    questions = kept_questions(project.queries)["build"]
    keep_answers(_generation(build_dir), answers, questions)
    assert sorted(p.name for p in (tmp_path / "answers").iterdir()) == sorted(
        answers._file(q.text).name for q in questions
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("#+ kept: always\n", "q.rq:2: '#+ kept:' is one of build, per-programme, not 'always'"),
        ("#+ kept:\n", "q.rq:2: '#+ kept:' is one of build, per-programme, not ''"),
        ("#+ param a: text — a\n#+ kept: build\n", "'#+ kept: build' is for a question without parameters"),
    ],
)
def test_a_wrong_kept_line_names_the_file(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(f"#+ summary: 问 / q\n{header}SELECT ?a WHERE {{ ?a ?b ?c }}\n", encoding="utf-8")
    with pytest.raises(GradkgError) as raised:
        parse_query_file(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_query_without_the_line_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: 问 / q\nSELECT ?a WHERE { ?a ?b ?c }\n", encoding="utf-8")
    assert parse_query_file(path).kept is None
    path.write_text("#+ summary: 问 / q\n#+ kept:  build \nSELECT ?a WHERE { ?a ?b ?c }\n", encoding="utf-8")
    assert parse_query_file(path).kept == "build"
    path.write_text("#+ summary: 问 / q\n#+ param a: text — a\n#+ kept: per-programme\nSELECT ?a WHERE { ?a ?b ?c }\n")
    assert parse_query_file(path).kept == "per-programme"


# --- kept per programme: compare-programmes, answered by each programme's derivation unit -------------

PAIRS = """PREFIX gk: <https://w3id.org/gradkg/ontology#>
SELECT DISTINCT ?measure ?year WHERE { GRAPH ?g { ?o gk:indicator ?measure ; gk:refYear ?year } }"""


def _every_pair_kept_as_asked(out: Path, project: Project) -> int:
    """Check each (indicator, year) the data has: its kept answer is the store's; how many there are."""
    question = parse_query_file(project.queries / "compare-programmes.rq")
    store = ox.Store.read_only(str(_generation(out)))
    pairs = list(store.query(PAIRS, use_default_graph_as_union=True))
    for pair in pairs:
        text = bind_values(question.text, {"measure": [str(pair["measure"])], "year": [str(pair["year"])]})
        assert json.loads(_kept_file(out, text).read_bytes()) == _asked(out, text), text[-200:]
    return len(pairs)


def test_every_indicator_and_year_is_kept_as_the_store_answers_it(synthetic: Path) -> None:
    assert _every_pair_kept_as_asked(synthetic / "build", Project(synthetic)) == 158


def test_after_one_edition_changed_the_kept_answers_are_still_the_stores(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = synthetic_project(tmp_path_factory, "synth-kept-change", 2, 5)
    project = Project(root)
    build(project, root / "build", "en")
    first = project.programmes()[0]
    statistics = root / "data" / first / "2024" / "statistics.ttl"
    text = statistics.read_text(encoding="utf-8")
    value = re.search(r'gk:value "?(\d+)"?', text)
    assert value is not None
    statistics.write_text(text.replace(value.group(0), value.group(0).replace(value.group(1), "987654"), 1))
    summary = build(project, root / "build", "en")
    assert summary.outcome.count("Violation") == 0
    assert _every_pair_kept_as_asked(root / "build", project) > 100
    kept = [
        p.read_text(encoding="utf-8") for p in answers_folder(root / "build", _generation(root / "build")).iterdir()
    ]
    assert sum("987654" in body for body in kept) == 1  # the changed value, in its indicator's answer


def test_the_question_is_asked_per_programme_with_its_parameters_projected(project: Project) -> None:
    question = parse_query_file(project.queries / "compare-programmes.rq")
    assert unbound_text(question).count("SELECT DISTINCT ?measure ?year ?indicator ?degree_level") == 1
    query = NamedQuery("q", Path("q.rq"), "SELECT * WHERE { ?a ?b ?c }", "q", params=question.params)
    assert unbound_text(query) is None


def _units(rows: list[dict], variables: tuple[str, ...] = ("a", "v")) -> list[dict]:
    return [{"q": {"head": {"vars": ["p", *variables]}, "results": {"bindings": rows}}}]


QUESTION = NamedQuery(
    "q",
    Path("q.rq"),
    "SELECT DISTINCT ?a ?v WHERE { ?a <urn:p> ?p ; <urn:v> ?v }\nORDER BY DESC(?v) ?a",
    "q",
    params=(Param("p", "resource", False, None, ""),),
)


def _lit(value: str) -> dict:
    return {"type": "literal", "value": value, "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_rows_are_grouped_by_the_parameters_values_deduplicated_and_ordered() -> None:
    p1, p2 = {"type": "uri", "value": "urn:p1"}, {"type": "uri", "value": "urn:p2"}
    a, b = {"type": "uri", "value": "urn:a"}, {"type": "uri", "value": "urn:b"}
    rows = [{"p": p1, "a": a, "v": _lit("1")}, {"p": p2, "a": a, "v": _lit("5")}, {"p": p1, "a": b, "v": _lit("3")}]
    units = _units(rows) + _units([{"p": p1, "a": a, "v": _lit("1")}])  # a row two units share is one row
    found = {text: json.loads(body) for text, body in assembled(QUESTION, units)}
    assert sorted(found) == [
        "SELECT DISTINCT ?a ?v WHERE {\n  VALUES ?p { <urn:p1> } ?a <urn:p> ?p ; <urn:v> ?v }\nORDER BY DESC(?v) ?a",
        "SELECT DISTINCT ?a ?v WHERE {\n  VALUES ?p { <urn:p2> } ?a <urn:p> ?p ; <urn:v> ?v }\nORDER BY DESC(?v) ?a",
    ]
    first = found[sorted(found)[0]]
    assert first["head"]["vars"] == ["a", "v"]
    assert first["results"]["bindings"] == [{"a": b, "v": _lit("3")}, {"a": a, "v": _lit("1")}]


@pytest.mark.parametrize(
    "units",
    [
        [{}],  # a unit without the question's rows
        _units([{"a": {"type": "uri", "value": "urn:a"}, "v": _lit("1")}]),  # a row without the parameter
        _units([]) + _units([], ("a",)),  # units that disagree on the variables
        [{"q": {"results": {}}}],  # a damaged cache file: no head
        [{"q": {"head": {"vars": ["p"]}, "results": {"bindings": [{"p": "not a term"}]}}}],  # a term that is not one
    ],
)
def test_what_cannot_be_assembled_is_left_to_the_store(units: list[dict]) -> None:
    assert list(assembled(QUESTION, units)) == []


def test_a_reduced_question_or_one_without_a_plain_order_is_left_to_the_store() -> None:
    rows = _units([{"p": {"type": "uri", "value": "urn:p1"}, "a": {"type": "uri", "value": "urn:a"}, "v": _lit("1")}])
    reduced = NamedQuery("q", Path("q.rq"), QUESTION.text.replace("DISTINCT", "REDUCED"), "q", params=QUESTION.params)
    unordered = NamedQuery("q", Path("q.rq"), QUESTION.text.split("\nORDER")[0], "q", params=QUESTION.params)
    assert list(assembled(QUESTION, rows)) != []
    assert list(assembled(reduced, rows)) == []
    assert list(assembled(unordered, rows)) == []


@pytest.mark.parametrize(
    "term",
    [
        ox.NamedNode("https://w3id.org/gradkg/id/indicator/admitted"),
        ox.Literal("2023", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("招收人数", language="zh"),
        ox.Literal('a "quoted" word'),
    ],
)
def test_a_parameter_value_is_written_as_the_resolver_writes_it(term: ox.NamedNode | ox.Literal) -> None:
    solutions = ox.Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {term} }} }}")
    binding = json.loads(solutions.serialize(format=_JSON))["results"]["bindings"][0]["x"]
    assert _term(binding) == str(term)
