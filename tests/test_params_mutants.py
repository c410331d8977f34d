"""Exact answers of ``gradkg.params`` for the mutants tests/test_questions.py let live (scripts/mutate.py).

The resolver runs here over a small store of its own, so that an exact name, a name equal only when folded and
more than five close names can each be set up; the queries are the project's own lookups in queries/lib/.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from gradkg.engine import LocalEngine
from gradkg.errors import GradkgError
from gradkg.names.fold import fold
from gradkg.names.index import Match
from gradkg.params import Bindings, Resolver, bind_params, parse_assignments
from gradkg.querylib import NamedQuery, Param

EX = "https://example.org/"
NAMES = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <{EX}> .
ex:upper a ex:Kind ; skos:prefLabel "Ab"@en .
ex:lower a ex:Kind ; skos:prefLabel "ab"@en .
""" + "".join(f'ex:course-{n} a ex:Course ; skos:prefLabel "课程{n}"@zh .\n' for n in range(1, 8))


@pytest.fixture(scope="module")
def resolver(project) -> Resolver:
    store = ox.Store()
    store.load(NAMES.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return Resolver(LocalEngine.of(store), project.queries)


def query(*params: Param) -> NamedQuery:
    return NamedQuery(name="q", path=Path("q.rq"), text="SELECT * WHERE { }", summary="s", params=params)


def test_assignments_are_split_at_the_first_equals_sign_and_trimmed():
    assert parse_assignments([" course = 血液病学专题 ", "expr=a=b", "empty="]) == {
        "course": "血液病学专题",
        "expr": "a=b",
        "empty": "",
    }


@pytest.mark.parametrize("pair", ["course", "=血液病学专题", " =x"])
def test_an_assignment_without_a_name_or_an_equals_sign_is_refused(pair):
    with pytest.raises(GradkgError) as raised:
        parse_assignments(["year=2024", pair])
    assert str(raised.value) == f"--param expects name=value, got '{pair}'"


def test_folding_drops_white_space_and_folds_width_and_case():
    assert fold(" Topics\u3000in  HAEMATOLOGY\t") == "topicsinhaematology"
    assert fold("研究生科研技能训练Ⅳ（科研规范与动物伦理）") == "研究生科研技能训练iv(科研规范与动物伦理)"


def test_an_iri_in_angle_brackets_is_taken_as_it_is(resolver):
    assert resolver.resolve("<https://example.org/anything>", None) == Match("iri", ["<https://example.org/anything>"])


def test_an_exact_name_wins_over_names_equal_only_when_folded(resolver):
    assert resolver.resolve("Ab", EX + "Kind").resources == [f"<{EX}upper>"]
    assert sorted(resolver.resolve("AB", EX + "Kind").resources) == [f"<{EX}lower>", f"<{EX}upper>"]


def test_at_most_five_closest_names_are_offered(resolver):
    assert resolver.resolve("课程九", EX + "Course").closest == ["课程7", "课程6", "课程5", "课程4", "课程3"]


def test_a_name_that_starts_several_labels_lists_them_and_binds_nothing(resolver):
    course = Param(name="course", kind="resource", optional=False, cls=EX + "Course", doc="")
    names = "、".join(f"课程{n}" for n in range(1, 8))
    assert bind_params(query(course), {"course": "课程"}, resolver) == Bindings(
        values={"course": []}, hints=[f"several courses match '课程': {names}; name one"]
    )


def test_a_name_that_starts_one_label_is_used_and_said(resolver):
    kind = Param(name="kind", kind="resource", optional=False, cls=EX + "Course", doc="")
    assert bind_params(query(kind), {"kind": "课程7 "}, resolver).values == {"kind": [f"<{EX}course-7>"]}


def test_the_hint_names_the_closest_names_or_nothing(resolver):
    course = Param(name="course", kind="resource", optional=False, cls=EX + "Course", doc="")
    assert bind_params(query(course), {"course": "xyz"}, resolver) == Bindings(
        values={"course": []}, hints=["no course named 'xyz'"]
    )


def test_a_text_parameter_is_the_literal_plain_in_chinese_and_in_english(resolver):
    note = Param(name="note", kind="text", optional=False, cls=None, doc="")
    assert bind_params(query(note), {"note": "导师"}, resolver) == Bindings(
        values={"note": ['"导师"', '"导师"@zh', '"导师"@en']}
    )


def test_a_query_without_parameters_says_it_takes_none(resolver):
    with pytest.raises(GradkgError) as raised:
        bind_params(query(), {"teacher": "黄河"}, resolver)
    assert str(raised.value) == "query 'q' has no parameter teacher (it takes: none)"


def test_an_invalid_iri_given_to_the_resolver_is_named_as_a_resource(resolver):
    with pytest.raises(GradkgError) as raised:
        resolver.resolve("http://a b", None)
    assert str(raised.value) == "parameter resource: 'http://a b' is not a valid IRI (Invalid IRI code point ' ')"
