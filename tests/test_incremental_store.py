"""A build after a change parses only the changed graphs and replaces only them in a copy of the store.

Whatever path a build takes, its store and dumps must hold exactly what a build from nothing
writes: each test compares them with a fresh build of the same files in another folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from gradkg.build import GRAPHS_DIR, TRIG_FILE
from gradkg.cli import main
from gradkg.project import NQUADS_FILE
from gradkg.store import MANIFEST, STORE_DIR, open_read_only

LINE = re.compile(r"^  (graphs|store): +(.*)$", re.MULTILINE)


def build(folder: Path, capsys: pytest.CaptureFixture, *options: str) -> dict[str, str]:
    """The build's ``graphs:`` and ``store:`` lines."""
    assert main(["build", "--build-dir", str(folder), *options]) == 0
    return dict(LINE.findall(capsys.readouterr().out))


def canonical(found: object) -> set[ox.Quad]:
    """The quads with blank nodes named canonically: every parse of the ontology names its own."""
    dataset = ox.Dataset(found)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def quads(folder: Path) -> set[ox.Quad]:
    return canonical(open_read_only(folder / STORE_DIR).store)


def dumped(folder: Path, name: str, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return canonical(ox.parse(path=str(folder / name), format=fmt))


def assert_same_as_fresh(home: Path, folder: Path, capsys: pytest.CaptureFixture, *options: str) -> None:
    fresh = Path(tempfile.mkdtemp(prefix="fresh-", dir=home))
    assert build(fresh, capsys, *options)["store"] == "written whole"
    expected = quads(fresh)
    assert quads(folder) == expected
    assert dumped(folder, NQUADS_FILE, ox.RdfFormat.N_QUADS) == expected
    assert dumped(folder, TRIG_FILE, ox.RdfFormat.TRIG) == expected


def test_a_changed_edition_is_parsed_and_replaced_alone(home, capsys):
    out = home / "out"
    assert build(out, capsys) == {"graphs": "5 parsed, 0 from the cache", "store": "written whole"}
    courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
    text = courses.read_text(encoding="utf-8")
    courses.write_text(text.replace("gk:credits 3 ;", "gk:credits 4 ;", 1), encoding="utf-8")
    assert build(out, capsys) == {
        "graphs": "1 parsed, 4 from the cache",
        "store": "a copy of the last one, 1 graph replaced, derived graphs of 1 programme made again",
    }
    assert_same_as_fresh(home, out, capsys)
    credits = {q.object.value for q in quads(out) if q.predicate.value == "https://w3id.org/gradkg/ontology#credits"}
    assert "4" in credits


def test_nothing_changed_copies_the_store_and_parses_nothing(home, capsys):
    out = home / "out"
    build(out, capsys)
    first = os.readlink(out / STORE_DIR)
    assert build(out, capsys) == {
        "graphs": "0 parsed, 5 from the cache",
        "store": "a copy of the last one, 0 graphs replaced, derived graphs kept",
    }
    assert os.readlink(out / STORE_DIR) != first
    assert_same_as_fresh(home, out, capsys)


def test_a_programme_left_out_is_removed_from_the_copy(home, capsys):
    other = home / "data" / "other-1002"
    shutil.copytree(home / "data" / "zju-1002", other)
    for path in other.rglob("*.ttl"):
        text = path.read_text(encoding="utf-8").replace("/id/zju-1002/", "/id/other-1002/")
        text = text.replace("programme/zju-1002", "programme/other-1002").replace(
            'identifier "1002"', 'identifier "1099"'
        )
        path.write_text(text, encoding="utf-8")
    out = home / "out"
    assert build(out, capsys)["graphs"] == "8 parsed, 0 from the cache"
    assert build(out, capsys, "--programme", "zju-1002") == {
        "graphs": "0 parsed, 5 from the cache",
        "store": "a copy of the last one, 3 graphs replaced, derived graphs of 1 programme removed",
    }
    assert_same_as_fresh(home, out, capsys, "--programme", "zju-1002")
    assert not [q for q in quads(out) if "other-1002" in q.graph_name.value]


def test_most_of_the_data_changed_writes_a_whole_store(home, capsys):
    out = home / "out"
    build(out, capsys)
    for edition in ("2023", "2024"):
        for path in (home / "data" / "zju-1002" / edition).glob("*.ttl"):
            path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert build(out, capsys) == {"graphs": "2 parsed, 3 from the cache", "store": "written whole"}
    assert_same_as_fresh(home, out, capsys)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m | {"gradkg": "0.0.1"}, "written whole"),
        (lambda m: m | {"pyoxigraph": "0.0.1"}, "written whole"),
        (lambda m: m | {"format": 0}, "written whole"),
        (lambda m: m | {"graphs": []}, "written whole"),
        (lambda m: [m], "written whole"),
        (lambda m: m, "a copy of the last one, 0 graphs replaced, derived graphs kept"),
    ],
    ids=["gradkg", "pyoxigraph", "format", "graphs not a mapping", "not an object", "unchanged"],
)
def test_a_store_written_otherwise_is_not_copied(home, capsys, change, expected):
    out = home / "out"
    build(out, capsys)
    manifest = out / STORE_DIR / MANIFEST
    manifest.write_text(json.dumps(change(json.loads(manifest.read_text(encoding="utf-8")))), encoding="utf-8")
    assert build(out, capsys)["store"] == expected
    assert_same_as_fresh(home, out, capsys)


def test_a_store_without_manifest_or_unreadable_one_is_not_copied(home, capsys):
    out = home / "out"
    build(out, capsys)
    (out / STORE_DIR / MANIFEST).unlink()
    assert build(out, capsys)["store"] == "written whole"
    (out / STORE_DIR / MANIFEST).write_bytes(b"\xff not json")
    assert build(out, capsys)["store"] == "written whole"


@pytest.mark.parametrize("damage", ["json", "nq", "trig"])
def test_a_damaged_or_missing_cache_file_is_parsed_again(home, capsys, damage):
    out = home / "out"
    build(out, capsys)
    graph_digests = json.loads((out / STORE_DIR / MANIFEST).read_text(encoding="utf-8"))["graphs"].values()
    chunk = out / GRAPHS_DIR / f"{sorted(graph_digests)[0]}.{damage}"  # a graph's, not a derivation's
    if damage == "json":
        chunk.write_text('{"triples": "many"}', encoding="utf-8")
    else:
        chunk.unlink()
    assert build(out, capsys)["graphs"] == "1 parsed, 4 from the cache"
    assert_same_as_fresh(home, out, capsys)


def test_the_cache_keeps_only_the_chunks_of_the_current_store(home, capsys):
    out = home / "out"
    build(out, capsys)
    courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
    courses.write_text(courses.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    build(out, capsys)
    manifest = json.loads((out / STORE_DIR / MANIFEST).read_text(encoding="utf-8"))
    derived = [u["key"] for u in manifest["derived"]["units"].values()]
    names = sorted(p.name for p in (out / GRAPHS_DIR).iterdir())
    expected = [f"{d}.{kind}" for d in [*manifest["graphs"].values(), *derived] for kind in ("json", "nq", "trig")]
    expected += [f"{d}.answers.json" for d in derived]  # its answers to the questions kept per programme
    assert names == sorted(expected)
    assert sorted(manifest["derived"]["units"]) == ["", "zju-1002"]  # the reference data's, and the programme's


def test_a_changed_derivation_is_made_again_and_a_removed_one_goes(home, capsys):
    out = home / "out"
    build(out, capsys)
    labels = home / "queries" / "derive" / "labels"
    rule = labels / "rules.rq"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert build(out, capsys)["store"] == "a copy of the last one, 0 graphs replaced, derived graphs made again"
    assert_same_as_fresh(home, out, capsys)
    shutil.rmtree(labels)
    assert build(out, capsys)["store"] == "a copy of the last one, 0 graphs replaced, derived graphs made again"
    assert not [q for q in quads(out) if q.graph_name.value.endswith("/labels/graph")]
    assert_same_as_fresh(home, out, capsys)


def test_a_missing_derived_chunk_is_made_again(home, capsys):
    out = home / "out"
    build(out, capsys)
    held = json.loads((out / STORE_DIR / MANIFEST).read_text(encoding="utf-8"))["derived"]["units"]
    chunk = out / GRAPHS_DIR / f"{held['zju-1002']['key']}.trig"
    chunk.unlink()
    # derived again for the dumps; the store already holds the same graphs
    assert build(out, capsys)["store"] == "a copy of the last one, 0 graphs replaced, derived graphs kept"
    assert chunk.is_file()
    assert_same_as_fresh(home, out, capsys)
