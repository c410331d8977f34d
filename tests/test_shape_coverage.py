"""SHACL coverage: every class with instances has a shape, every (class, property) pair the data uses
has a constraint, and each of those constraints fails when the property gets a value of the wrong kind.

The last is one batched twin of the real data: for every pair, one instance gets one wrong value
(an IRI where the data has literals, a literal where it has IRIs); each must come back as a
violation on that instance and that property.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from gradkg.loading import load_store, ontology_graph, project_sources, union_graph
from gradkg.validation import load_shapes, run

WRONG_IRI = URIRef("https://example.org/not-a-value")
WRONG_LITERAL = Literal("not a value", datatype=URIRef("https://example.org/datatype"))


@pytest.fixture(scope="module")
def data(project) -> Graph:
    return union_graph(load_store(project_sources(project)))


@pytest.fixture(scope="module")
def shapes(project) -> Graph:
    return load_shapes(project.shapes)


def used_pairs(data: Graph) -> dict[tuple[URIRef, URIRef], list[URIRef]]:
    """(class, property) → the instances of that class that use that property, sorted."""
    pairs: dict[tuple[URIRef, URIRef], list[URIRef]] = defaultdict(list)
    for subject, cls in data.subject_objects(RDF.type):
        for predicate in set(data.predicates(subject)) - {RDF.type}:
            pairs[(cls, predicate)].append(subject)
    return {pair: sorted(subjects) for pair, subjects in pairs.items()}


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found, todo = {cls}, [cls]
    while todo:
        for parent in ontology.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def constrained(shapes: Graph) -> dict[URIRef, set[URIRef]]:
    """Target class → the property paths its node shapes constrain (or, closed, name)."""
    paths: dict[URIRef, set[URIRef]] = defaultdict(set)
    for shape, target in shapes.subject_objects(SH.targetClass):
        for property_shape in shapes.objects(shape, SH.property):
            paths[target].add(shapes.value(property_shape, SH.path))
    return paths


def test_every_class_and_every_pair_the_data_uses_is_constrained(project, data, shapes):
    ontology = ontology_graph(project)
    paths = constrained(shapes)
    pairs = used_pairs(data)
    untargeted = sorted({str(c) for c, _ in pairs if not superclasses(ontology, c) & set(paths)})
    uncovered = sorted((str(c), str(p)) for c, p in pairs if not any(p in paths[s] for s in superclasses(ontology, c)))
    assert len(pairs) > 250
    assert untargeted == []
    assert uncovered == []


def test_every_constraint_fails_on_a_value_of_the_wrong_kind(project, data, shapes):
    twin = Graph()
    for triple in data:
        twin.add(triple)
    planted = set()
    for (_, predicate), subjects in used_pairs(data).items():
        subject = subjects[0]
        if (subject, predicate) in planted:
            continue
        values = list(data.objects(subject, predicate))
        twin.add((subject, predicate, WRONG_IRI if isinstance(values[0], Literal) else WRONG_LITERAL))
        planted.add((subject, predicate))
    before = {(r.focus, r.path) for r in run(data, shapes, None, "en").results if r.severity == "Violation"}
    after = {(r.focus, r.path) for r in run(twin, shapes, None, "en").results if r.severity == "Violation"}
    assert before == set()
    compact = {(str(s), shapes.namespace_manager.normalizeUri(p)) for s, p in planted}
    assert sorted(compact - after) == []


@pytest.mark.parametrize(
    "cls, subject_path",
    [
        ("http://purl.org/linked-data/cube#Observation", "https://w3id.org/gradkg/id/zju-1002/2024/observation/"),
        ("https://w3id.org/gradkg/ontology#Constraint", "https://w3id.org/gradkg/id/zju-1002/rule/"),
        ("https://w3id.org/gradkg/ontology#Rule", "https://w3id.org/gradkg/id/zju-1002/rule/"),
        ("https://w3id.org/gradkg/ontology#Course", "https://w3id.org/gradkg/id/zju-1002/course/"),
        ("https://schema.org/Person", "https://w3id.org/gradkg/id/zju-1002/person/"),
        ("https://w3id.org/gradkg/ontology#Report", "https://w3id.org/gradkg/id/zju-1002/20"),
        ("http://purl.org/spar/doco/Section", "https://w3id.org/gradkg/id/zju-1002/2023/section/"),
    ],
)
def test_closed_shapes_refuse_an_unknown_property(data, shapes, cls, subject_path):
    subject = sorted(s for s in data.subjects(RDF.type, URIRef(cls)) if str(s).startswith(subject_path))[0]
    twin = Graph()
    for triple in data:
        twin.add(triple)
    twin.add((subject, URIRef("https://w3id.org/gradkg/ontology#degreelevel"), Literal("博士")))
    found = {(r.focus, r.source_shape) for r in run(twin, shapes, None, "en").results if r.severity == "Violation"}
    closed = "gk:" + cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1].replace("Observation", "Observation") + "ClosedShape"
    assert found == {(str(subject), closed)}
