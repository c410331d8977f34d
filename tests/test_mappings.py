"""The alignments to other vocabularies are SSSOM data, each with its predicate, justification and author;
the ontology itself states no SKOS mapping between OWL terms."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS, Graph
from sssom.parsers import parse_sssom_table

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "ontology" / "mappings.sssom.tsv"
GK = "https://w3id.org/gradkg/ontology#"
PREDICATES = {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch"}
SKOS_MAPPINGS = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
OWL_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def mappings():
    return parse_sssom_table(MAPPINGS)


def test_the_mapping_set_says_what_it_is(mappings):
    assert mappings.metadata["mapping_set_id"] == "https://w3id.org/gradkg/mappings"
    assert mappings.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert mappings.metadata["mapping_set_version"] == "0.1.0"


def test_every_mapping_has_an_allowed_predicate_a_justification_and_an_author(mappings):
    rows = mappings.df.to_dict("records")
    assert Counter(row["predicate_id"] for row in rows) == {"skos:closeMatch": 28, "skos:relatedMatch": 9}
    assert all(row["predicate_id"] in PREDICATES for row in rows)
    assert {row["mapping_justification"] for row in rows} == {"semapv:ManualMappingCuration"}
    assert {(row["author_id"], row["author_label"]) for row in rows} == {("gradkg:team", "gradkg maintainers")}


def test_every_subject_is_a_term_of_the_ontology(mappings):
    ontology = Graph().parse(ROOT / "ontology" / "gradkg.ttl")
    terms = {str(term) for term in ontology.subjects(RDF.type, None)}
    subjects = {mappings.converter.expand(str(curie)) for curie in mappings.df["subject_id"]}
    assert len(subjects) == 25
    assert sorted(s for s in subjects if not s.startswith(GK) or s not in terms) == []


def test_the_ontology_states_no_skos_mapping_between_owl_terms():
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path)
    owl_terms = {term for kind in OWL_KINDS for term in graph.subjects(RDF.type, kind)}
    found = [(s, p, o) for s, p, o in graph if p in SKOS_MAPPINGS and (s in owl_terms or o in owl_terms)]
    assert found == []
