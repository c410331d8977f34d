"""Derived graphs per programme: their union is what the derivations give over all the data at once,
and a change to one edition derives its programme again and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import synthetic_project
from gradkg.build import build
from gradkg.build.derive import derive, derived_graph
from gradkg.layout import layout_problems
from gradkg.project import BASE, NQUADS_FILE, Project
from gradkg.store import MANIFEST, STORE_DIR

FOLDERS = ("labels", "schema-org")


def _is_derived(graph: str) -> str | None:
    """The folder of a derived graph's IRI, or None for a stated graph."""
    for folder in FOLDERS:
        if graph.endswith(f"/{folder}/graph"):
            return folder
    return None


def split(out: Path) -> tuple[ox.Store, dict[str, set[ox.Triple]], set[str]]:
    """The built quads: the stated ones in a store, the derived triples per folder, the derived graph names."""
    stated, derived, names = ox.Store(), {f: set() for f in FOLDERS}, set()
    for quad in ox.parse(path=str(out / NQUADS_FILE), format=ox.RdfFormat.N_QUADS):
        folder = _is_derived(quad.graph_name.value)
        if folder is None:
            stated.add(quad)
        else:
            derived[folder].add(ox.Triple(quad.subject, quad.predicate, quad.object))
            names.add(quad.graph_name.value)
    return stated, derived, names


def at_once(project: Project, stated: ox.Store) -> dict[str, set[ox.Triple]]:
    """The derivations run over the union of every stated graph, as one store."""
    derive(project, stated)
    return {
        folder: {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in stated.quads_for_pattern(None, None, None, ox.NamedNode(derived_graph(folder)))
        }
        for folder in FOLDERS
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return synthetic_project(tmp_path_factory, "synth-derive", 3, 5)


def test_the_union_of_the_units_is_the_derivation_over_everything_for_three_programmes(synthetic):
    project = Project(synthetic)
    summary = build(project, synthetic / "build", "en")
    assert summary.outcome.count("Violation") == 0
    stated, derived, names = split(synthetic / "build")
    assert derived == at_once(project, stated)
    programmes = project.programmes()
    assert len(programmes) == 3
    # the reference data alone gives labels (of units, indicators …) but nothing schema.org types
    assert names == {derived_graph("labels")} | {derived_graph(f, p) for f in FOLDERS for p in programmes}
    # the summary counts each derived graph's triples: a document two programmes cite is in both graphs
    quads = ox.parse(path=str(synthetic / "build" / NQUADS_FILE), format=ox.RdfFormat.N_QUADS)
    per_folder = [_is_derived(q.graph_name.value) for q in quads]
    assert [summary.triples[f"derived {f}"] for f in FOLDERS] == [per_folder.count(f) for f in FOLDERS]
    assert [len(derived[f]) for f in FOLDERS] == [524, 5456]


def test_the_union_of_the_units_is_the_derivation_over_everything_for_the_real_data(home):
    project = Project(home)
    build(project, home / "build", "en")
    stated, derived, names = split(home / "build")
    assert derived == at_once(project, stated)
    assert {len(derived["labels"]), len(derived["schema-org"])} == {280, 2079}
    assert f"{BASE}zju-1002/schema-org/graph" in names


def test_a_changed_edition_derives_its_programme_again_and_no_other(synthetic, capsys):
    project = Project(synthetic)
    out = synthetic / "build2"
    build(project, out, "en")
    before = json.loads((out / STORE_DIR / MANIFEST).read_text(encoding="utf-8"))["derived"]["units"]
    first = project.programmes()[0]
    edition = project.editions(first)[-1]
    report = synthetic / "data" / first / edition / "report.ttl"
    report.write_text(
        report.read_text(encoding="utf-8")
        + f'\n<{BASE}{first}/{edition}> <http://www.w3.org/2004/02/skos/core#editorialNote> "改动"@zh .\n',
        encoding="utf-8",
    )
    summary = build(project, out, "en")
    assert summary.store == "a copy of the last one, 1 graph replaced, derived graphs of 1 programme made again"
    after = json.loads((out / STORE_DIR / MANIFEST).read_text(encoding="utf-8"))["derived"]["units"]
    changed = sorted(p for p in after if after[p]["key"] != before[p]["key"])
    assert changed == [first]
    stated, derived, _ = split(out)
    assert derived == at_once(project, stated)


def test_a_programme_cannot_take_the_name_of_a_derived_graph(home):
    (home / "data" / "labels").mkdir()
    (home / "data" / "labels" / "programme.ttl").write_text("", encoding="utf-8")
    assert layout_problems(Project(home)) == [
        f"{home / 'data' / 'labels'}: labels names a derived graph (queries/derive/labels/)"
    ]
