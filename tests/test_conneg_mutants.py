"""Exact answers of ``gradkg.serve.conneg`` for the mutants tests/test_clients.py let live (scripts/mutate.py)."""

from __future__ import annotations

import pytest

from gradkg.serve import conneg

RDF_OFFERED = (
    "application/n-triples, text/turtle, application/n-quads, application/trig, application/ld+json, "
    "application/rdf+xml, text/n3"
)


@pytest.mark.parametrize("accept", [None, "", "*/*"])
def test_without_a_default_the_first_offer_answers_a_missing_or_wildcard_header(accept):
    assert conneg.best_match(accept, ("text/csv", "text/tab-separated-values")) == "text/csv"


def test_a_range_refused_with_q_0_beside_the_wildcard_keeps_the_default():
    assert conneg.resource_type("*/*, image/png;q=0") == "text/html"
    assert conneg.best_match("*/*, text/csv;q=0", ("text/csv", "text/tab-separated-values")) == (
        "text/tab-separated-values"
    )


def test_sparql_406_lists_what_each_query_form_is_offered_as():
    with pytest.raises(conneg.NotAcceptable) as raised:
        conneg.sparql_types([], "image/png")
    assert raised.value.status == 406
    assert str(raised.value) == (
        "nothing in Accept: image/png is offered here; offered: application/sparql-results+json, "
        "application/sparql-results+xml, text/csv, text/tab-separated-values for SELECT and ASK, "
        f"{RDF_OFFERED} for CONSTRUCT and DESCRIBE"
    )


def test_a_results_format_for_a_graph_is_a_bad_request_naming_the_graph_formats():
    with pytest.raises(conneg.UnknownFormat) as raised:
        conneg.graph_type(["tsv"], "text/turtle")
    assert raised.value.status == 400
    assert str(raised.value) == (
        f"format text/tab-separated-values is for query results; this is a graph, offered as {RDF_OFFERED}"
    )
