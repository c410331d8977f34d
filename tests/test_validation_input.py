"""A validation unit gives the same findings whichever way its triples reach the SHACL engine:
pyshacl-turbo's own N-Triples input (fast, not public) or an rdflib graph (its public way)."""

from __future__ import annotations

import pytest

import gradkg.validation as validation
from gradkg.inputs import GraphCache, read_graphs
from gradkg.loading import load_store, project_sources, union_graph
from gradkg.project import Project
from gradkg.validation import load_shapes, run_store_with_nodes, run_with_nodes
from gradkg.validation.units import project_units


@pytest.fixture(scope="module")
def units(project: Project, tmp_path_factory: pytest.TempPathFactory) -> list:
    graphs = read_graphs(project_sources(project, ["zju-1002"]), project.root, GraphCache(tmp_path_factory.mktemp("g")))
    return [u for u in project_units(project, ["zju-1002"], graphs, "en", "pyshacl-turbo") if not u.across_editions]


def _store(unit):
    import pyoxigraph as ox

    store = load_store(list(unit.sources))
    store.load(unit.context.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_text_input_and_the_rdflib_graph_give_the_same_results(project: Project, units: list, lang: str) -> None:
    shapes = load_shapes(project.shapes)
    assert validation._text_input("pyshacl-turbo") is not None  # the fast way is the one tested
    for unit in units:
        store = _store(unit)
        fast, _ = run_store_with_nodes(store, shapes, lang)
        slow, _ = run_with_nodes(union_graph(store), shapes, None, lang)
        assert fast.results == slow.results
        assert fast.conforms == slow.conforms
    assert [len(run_store_with_nodes(_store(u), shapes, lang)[0].results) for u in units] == [
        27,
        12,
    ]  # about what they cite (dropped later)


def test_results_on_a_broken_edition_are_the_same_too(project: Project, units: list) -> None:
    import pyoxigraph as ox

    shapes = load_shapes(project.shapes)
    store = _store(units[1])
    # every course loses its Chinese name: each course's label shape fails, with its label (en) named
    for quad in list(
        store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None)
    ):
        if isinstance(quad.object, ox.Literal) and quad.object.language == "zh" and "/course/" in quad.subject.value:
            store.remove(quad)
    fast, _ = run_store_with_nodes(store, shapes, "en")
    slow, _ = run_with_nodes(union_graph(store), shapes, None, "en")
    assert fast.results == slow.results
    assert not fast.conforms
    assert {r.focus_label for r in fast.results} != {""}


@pytest.mark.parametrize("engine", ["pyshacl"])
def test_other_engines_get_the_rdflib_graph(engine: str) -> None:
    assert validation._text_input(engine) is None


def test_a_turbo_without_its_text_input_gets_the_rdflib_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyshacl_turbo.rdf

    monkeypatch.delattr(pyshacl_turbo.rdf, "Input")
    assert validation._text_input("pyshacl-turbo") is None
