"""The ontology and the whole built graph are OWL 2 DL (the OWL API's profile check) and consistent (HermiT).

Each check also runs on a tiny ontology that passes, and on its one-defect twins, each of which it must catch.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gradkg.owlcheck import Verdict, dl_violations, hermit
from gradkg.project import NQUADS_FILE

ROOT = Path(__file__).resolve().parents[1]
DECLARATIONS = ROOT / "ontology" / "imports" / "declarations.ttl"

CLEAN = """\
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/twin> a owl:Ontology .
ex:Person a owl:Class ; owl:disjointWith ex:Organization .
ex:Organization a owl:Class .
ex:year a owl:DatatypeProperty .
ex:zju a ex:Organization ; ex:year 2023 .
"""
TWIN = "<http://example.org/twin> [{axiom}) in OntologyID(OntologyIRI(<http://example.org/twin>) VersionIRI(<null>))]"


@pytest.fixture(scope="session")
def owl_tools() -> None:
    """Java and the OWL API from Debian (installed by the project's script when missing)."""
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "owl"], check=True)


def _file(tmp_path: Path, text: str) -> list[Path]:
    path = tmp_path / "twin.ttl"
    path.write_text(text, encoding="utf-8")
    return [path]


def test_the_ontology_and_data_are_owl2_dl(owl_tools, build_dir: Path):
    assert dl_violations([build_dir / NQUADS_FILE, DECLARATIONS]) == []


def test_the_ontology_and_data_are_consistent(owl_tools, build_dir: Path):
    assert hermit([build_dir / NQUADS_FILE, DECLARATIONS]) == Verdict(consistent=True, unsatisfiable=())


def test_the_clean_twin_passes_both(owl_tools, tmp_path: Path):
    paths = _file(tmp_path, CLEAN)
    assert (dl_violations(paths), hermit(paths)) == ([], Verdict(consistent=True, unsatisfiable=()))


def test_a_gyear_literal_is_not_dl(owl_tools, tmp_path: Path):
    paths = _file(tmp_path, CLEAN.replace("ex:year 2023", 'ex:year "2023"^^xsd:gYear'))
    axiom = 'DataPropertyAssertion(<http://example.org/year> <http://example.org/zju> "2023"^^xsd:gYear'
    assert dl_violations(paths) == [
        'UseOfDefinedDatatypeInLiteral: Use of defined datatype in datatype restriction "2023"^^xsd:gYear'
        + TWIN.removeprefix("<http://example.org/twin>").format(axiom=axiom),
        "UseOfUndeclaredDatatype: Use of undeclared datatype: xsd:gYear"
        + TWIN.removeprefix("<http://example.org/twin>").format(axiom=axiom),
    ]


def test_a_property_punned_as_object_and_datatype_property_is_not_dl(owl_tools, tmp_path: Path):
    paths = _file(tmp_path, CLEAN + "ex:year a owl:ObjectProperty .\nex:zju ex:year ex:y2023 .\n")
    pun = "IllegalPunning: Cannot pun between properties: <http://example.org/year> "
    assert dl_violations(paths) == [
        pun
        + TWIN.removeprefix("<http://example.org/twin> ").format(
            axiom='DataPropertyAssertion(<http://example.org/year> <http://example.org/zju> "2023"^^xsd:integer'
        ),
        pun
        + TWIN.removeprefix("<http://example.org/twin> ").format(
            axiom="ObjectPropertyAssertion(<http://example.org/year> <http://example.org/zju> <http://example.org/y2023>"
        ),
    ]


def test_a_shared_instance_of_disjoint_classes_is_inconsistent(owl_tools, tmp_path: Path):
    paths = _file(tmp_path, CLEAN + "ex:zju a ex:Person .\n")
    assert hermit(paths) == Verdict(consistent=False, unsatisfiable=())


def test_a_subclass_of_disjoint_classes_is_unsatisfiable(owl_tools, tmp_path: Path):
    paths = _file(tmp_path, CLEAN + "ex:Team a owl:Class ; rdfs:subClassOf ex:Person , ex:Organization .\n")
    assert hermit(paths) == Verdict(consistent=True, unsatisfiable=("http://example.org/Team",))
