"""Answers kept per store generation (gradkg.answers), and the note that the data changed after a build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from gradkg.answers import ANSWERS_DIR, AnswerFiles, answers_folder
from gradkg.build.kept import kept_questions
from gradkg.cli import main
from gradkg.engine import LocalEngine, rows_of
from gradkg.querylib import bind_values, parse_query_file
from gradkg.store import STORE_DIR, open_read_only

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSISTENCY = parse_query_file(Path(__file__).resolve().parent.parent / "queries" / "consistency.rq").text


BUILT: dict[Path, set[Path]] = {}  # per built home: the answers its build kept


@pytest.fixture
def home(home: Path) -> Path:
    """The copied project, built."""
    assert main(["build"]) == 0
    BUILT[home] = set((home / "build" / ANSWERS_DIR).rglob("*.srj"))
    return home


@pytest.fixture
def on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small builds are queried from memory and keep nothing; these tests want the disk store."""
    monkeypatch.setattr("gradkg.engine.MEMORY_LOAD_BYTES", 0)


def kept(home: Path) -> list[Path]:
    """The answers kept by asking (not those the build kept of its own: gradkg.build.kept)."""
    return sorted(p for p in (home / "build" / ANSWERS_DIR).rglob("*.srj") if p not in BUILT[home])


def test_the_build_keeps_consistency_the_kept_questions_and_each_indicator_and_year(home):
    build = home / "build"
    answers = AnswerFiles(answers_folder(build, Path(os.readlink(build / STORE_DIR))))
    queries = home / "queries"
    own = {answers._file(CONSISTENCY), *(answers._file(q.text) for q in kept_questions(queries)["build"])}
    store = ox.Store.read_only(os.path.realpath(build / STORE_DIR))
    pairs = "SELECT DISTINCT ?m ?y WHERE { GRAPH ?g { ?o <https://w3id.org/gradkg/ontology#indicator> ?m ; <https://w3id.org/gradkg/ontology#refYear> ?y } }"
    compare = parse_query_file(queries / "compare-programmes.rq").text
    for pair in store.query(pairs, use_default_graph_as_union=True):
        own.add(answers._file(bind_values(compare, {"measure": [str(pair["m"])], "year": [str(pair["y"])]})))
    assert len(own) == 5 + 158  # consistency, the four kept questions, and 158 indicator-and-year pairs
    assert set((build / ANSWERS_DIR).rglob("*.srj")) == own


def test_an_answer_is_kept_per_generation_and_read_back(home, on_disk):
    engine = LocalEngine(home / "build" / STORE_DIR)
    assert rows_of(engine.solutions(COUNT))[0]["n"].value == "13661"
    [path] = kept(home)
    assert path.parent.name == os.readlink(home / "build" / STORE_DIR)
    # what is read back is the kept file, not the store: a planted answer shows it
    path.write_bytes(path.read_bytes().replace(b'"13661"', b'"7"'))
    assert rows_of(LocalEngine(home / "build" / STORE_DIR).solutions(COUNT))[0]["n"].value == "7"


def test_a_damaged_answer_is_evaluated_again(home, on_disk):
    engine = LocalEngine(home / "build" / STORE_DIR)
    engine.solutions(COUNT)
    [path] = kept(home)
    path.write_bytes(b"{ not json")
    assert rows_of(engine.solutions(COUNT))[0]["n"].value == "13661"
    assert b'"13661"' in path.read_bytes()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (RAND() AS ?r) WHERE {}",
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "SELECT (BNODE() AS ?b) WHERE {}",
        "ASK { ?s ?p ?o }",
    ],
    ids=["rand", "now", "struuid", "bnode", "ask"],
)
def test_volatile_queries_and_other_forms_are_not_kept(home, query):
    store = open_read_only(home / "build" / STORE_DIR).store
    files = AnswerFiles(home / "answers")
    files.answer(store, query)
    assert not (home / "answers").exists()


def test_solutions_survive_the_round_trip(home):
    store = open_read_only(home / "build" / STORE_DIR).store
    text = (
        "SELECT ?label ?n ?b WHERE { VALUES (?label ?n) { ('血液病学专题'@zh 3) (\"x\" 2.5) } "
        "OPTIONAL { FILTER(false) BIND(1 AS ?b) } } ORDER BY ?n"
    )
    files = AnswerFiles(home / "answers")
    first = rows_of(files.answer(store, text))
    again = rows_of(files.answer(store, text))
    assert (
        first
        == again
        == [
            {
                "label": ox.Literal("x"),
                "n": ox.Literal("2.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            },
            {
                "label": ox.Literal("血液病学专题", language="zh"),
                "n": ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            },
        ]
    )


def test_a_build_dir_that_cannot_be_written_still_answers(home, on_disk):
    answers = home / "build" / ANSWERS_DIR
    shutil.rmtree(answers)  # the build's own kept answer goes too
    answers.write_text("a file where the folder would go", encoding="utf-8")  # no folder can be made here
    assert rows_of(LocalEngine(home / "build" / STORE_DIR).solutions(COUNT))[0]["n"].value == "13661"


def test_answers_go_with_their_generation_and_stay_while_it_is_held(home):
    build = home / "build"
    first = Path(os.readlink(build / STORE_DIR))
    answers_folder(build, first).mkdir(
        parents=True, exist_ok=True
    )  # as a reader in another process would have left them
    assert main(["build"]) == 0
    assert not answers_folder(build, first).exists()
    second = Path(os.readlink(build / STORE_DIR))
    open_read_only(build / STORE_DIR)  # this process holds the second generation from now on
    answers_folder(build, second).mkdir(parents=True, exist_ok=True)
    assert main(["build"]) == 0
    assert answers_folder(build, second).is_dir()


def test_a_query_after_a_data_change_says_the_answers_may_be_out_of_date(home, capsys):
    capsys.readouterr()
    assert main(["query", "programmes"]) == 0
    assert "data changed" not in capsys.readouterr().err
    courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
    later = (home / "build" / STORE_DIR).lstat().st_mtime + 5
    os.utime(courses, (later, later))
    assert main(["query", "programmes"]) == 0
    assert capsys.readouterr().err == "note: data changed since the last `gradkg build`; answers may be out of date\n"


@pytest.mark.parametrize(
    "where", ["ontology/shapes/courses.ttl", "ontology/gradkg.ttl", "data/reference/statistics.ttl"]
)
def test_every_data_ontology_and_shapes_file_counts(home, capsys, where):
    path = home / where
    assert path.is_file()
    later = (home / "build" / STORE_DIR).lstat().st_mtime + 5
    os.utime(path, (later, later))
    capsys.readouterr()
    assert main(["query", "programmes"]) == 0
    assert "note: data changed" in capsys.readouterr().err


def test_other_files_do_not_count(home, capsys):
    later = (home / "build" / STORE_DIR).lstat().st_mtime + 5
    note = home / "data" / "zju-1002" / "README.txt"
    note.write_text("notes", encoding="utf-8")
    os.utime(note, (later, later))
    capsys.readouterr()
    assert main(["query", "programmes"]) == 0
    assert "note: data changed" not in capsys.readouterr().err
