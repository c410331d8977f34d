"""Each shape against a conforming fixture and its one-defect twins (DESIGN.md §5).

A twin is a SPARQL Update applied to valid/programme.ttl, with the exact (focus node, shape)
pairs it must produce in its ``# expect:`` lines: adding a twin file adds a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import SH, Graph

from gradkg.loading import ontology_graph
from gradkg.validation import load_shapes, run

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
VALID = FIXTURES / "valid" / "programme.ttl"
TWINS = sorted((FIXTURES / "invalid").glob("*.ru"))
GK = "https://w3id.org/gradkg/ontology#"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def shapes(project) -> Graph:
    return load_shapes(project.shapes)


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return ontology_graph(project)


def expected_pairs(twin: Path) -> set[tuple[str, str]]:
    pairs = re.findall(r"^# expect: <([^>]+)> gk:(\S+)$", twin.read_text(encoding="utf-8"), re.MULTILINE)
    return {(focus, f"gk:{shape}") for focus, shape in pairs}


def test_valid_fixture_conforms(shapes, ontology):
    outcome = run(Graph().parse(VALID), shapes, ontology, "en", engine="pyshacl")
    assert outcome.results == []


def test_every_named_shape_has_a_twin(shapes):
    from rdflib import RDF

    named = {
        s.n3(shapes.namespace_manager)
        for t in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
        for s in shapes.subjects(RDF.type, t)
        if str(s).startswith(GK)
    }
    covered = {shape for twin in TWINS for _, shape in expected_pairs(twin)}
    node_shapes_with_only_properties = {
        s.n3(shapes.namespace_manager)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if str(s).startswith(GK) and not any((s, c, None) in shapes for c in (SH["or"], SH.xone, SH.closed))
    }
    assert named - covered == node_shapes_with_only_properties


@pytest.mark.parametrize("twin", TWINS, ids=[t.stem for t in TWINS])
def test_twin_breaks_exactly_its_shape(twin, shapes, ontology):
    data = Graph().parse(VALID)
    data.update(twin.read_text(encoding="utf-8"))
    outcome = run(data, shapes, ontology, "en", engine="pyshacl")
    found = {(r.focus, r.source_shape) for r in outcome.results if r.severity == "Violation"}
    assert found == expected_pairs(twin)
    for r in outcome.results:
        shape = shapes.namespace_manager.expand_curie(r.source_shape)
        english = [m for m in shapes.objects(shape, SH.message) if m.language == "en"]
        assert [r.message] == [str(m) for m in english]


@pytest.mark.parametrize("twin", TWINS[:3], ids=[t.stem for t in TWINS[:3]])
def test_twin_messages_in_chinese(twin, shapes, ontology):
    data = Graph().parse(VALID)
    data.update(twin.read_text(encoding="utf-8"))
    outcome = run(data, shapes, ontology, "zh", engine="pyshacl")
    assert outcome.results and all(CJK.search(r.message) for r in outcome.results)


def test_shapes_pass_meta_shacl(shapes):
    conforms, _, text = validate(Graph().parse(VALID), shacl_graph=shapes, meta_shacl=True, advanced=True)
    assert conforms, text


def test_every_constraint_has_messages_in_both_languages(shapes):
    for shape in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(SH.select, None)):
        if isinstance(shape, type(SH.path)) and str(shape).startswith(GK):
            langs = {m.language for m in shapes.objects(shape, SH.message)}
            assert langs == {"zh", "en"}, shape
