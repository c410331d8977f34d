"""Exact answers of ``gradkg.sparql_scan`` for the mutants the scanner tests in tests/test_serve_fuzz.py let live
(scripts/mutate.py), read where the server reads them: ``gradkg.serve.worker.refusal``."""

from __future__ import annotations

import dataclasses

import pytest

from gradkg.serve.worker import refusal
from gradkg.sparql_scan import Scan, scan

UPDATES = [
    "INSERT DATA { <a:s> <a:p> <a:o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://x/>",
    "CLEAR ALL",
    "CREATE GRAPH <a:g>",
    "DROP ALL",
    "COPY DEFAULT TO <a:g>",
    "MOVE DEFAULT TO <a:g>",
    "ADD DEFAULT TO <a:g>",
    "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]
NO_SERVICES = "this endpoint does not call other services unless --allow-service names them (allowed: none)"


def refused(text: str) -> tuple[int, str] | None:
    reply = refusal(scan(text), ())
    return None if reply is None else (reply.status, reply.body.decode("utf-8"))


def read(text: str) -> tuple[str | None, int, tuple[str, ...], bool]:
    """What the tests here are about: form, depth, services, volatile (the chain count is tested elsewhere)."""
    found = scan(text)
    return found.form, found.depth, found.services, found.volatile


def nested(depth: int) -> str:
    return "ASK " + "{" * depth + "}" * depth


def test_200_nested_brackets_are_accepted_and_201_refused():
    assert refused(nested(200)) is None
    assert refused(nested(201)) == (400, "the query nests brackets 201 deep; at most 200 are accepted")


@pytest.mark.parametrize("update", UPDATES, ids=lambda u: u.split()[0])
def test_every_update_operation_is_refused_as_an_update(update):
    keyword = update.split()[0]
    found = scan("PREFIX ex: <http://x/>\n" + update.lower())
    assert (found.form, found.is_update) == (keyword, True)
    assert refused(update) == (403, f"this endpoint is read-only: {keyword} is a SPARQL Update and was not run")


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("CONSTRUCT {} WHERE {}", "CONSTRUCT"),
        ("DESCRIBE <a:x>", "DESCRIBE"),
        ("ask {}", "ASK"),
    ],
)
def test_every_query_form_passes_the_scanner(query, form):
    assert (scan(query).form, scan(query).is_update, refused(query)) == (form, False, None)


@pytest.mark.parametrize("call", ["RAND()", "NOW()", "UUID()", "STRUUID()", "BNODE()", "rand()"])
def test_a_volatile_function_makes_the_answer_volatile(call):
    assert scan(f"SELECT ({call} AS ?x) {{}}") == Scan("SELECT", 2, (), volatile=True)


def test_a_query_without_volatile_functions_or_services_is_not_volatile():
    assert scan("SELECT (STR(1) AS ?x) { ?s ?p ?o }") == Scan("SELECT", 2, (), volatile=False)
    assert Scan("ASK", 1, ()).volatile is False


def test_a_service_alone_makes_the_answer_volatile():
    assert read("SELECT * { SERVICE <http://a/> {} }") == ("SELECT", 2, ("<http://a/>",), True)


def test_a_scan_is_immutable():
    found = scan("ASK {}")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.form = "INSERT"  # type: ignore[misc]


def test_a_comment_between_service_and_its_target_is_skipped():
    assert scan("SELECT * { SERVICE # the target:\n<http://a/> {} }").services == ("<http://a/>",)


def test_the_token_after_service_is_its_target_unless_it_is_silent():
    assert scan("SELECT * { SERVICE x {} }").services == ("x",)
    assert refused("SELECT * { SERVICE x {} }") == (400, f"SERVICE x refused: {NO_SERVICES}")


def test_sibling_groups_do_not_add_up():
    assert scan("ASK { {} { {} } }").depth == 3
    assert scan("SELECT * { { ?s ?p ?o } UNION { ?o ?p ?s } } ORDER BY (?s) LIMIT 1").depth == 2


def test_stray_closing_brackets_buy_no_depth():
    assert scan("}" * 5 + "{" * 201).depth == 201
    assert refused(") ASK " + "{" * 201) == (400, "the query nests brackets 201 deep; at most 200 are accepted")


def test_a_declaration_split_by_a_space_is_still_the_prologue():
    # the parser reports the space; the scanner does not read the prefix name as the query's form
    assert scan("PREFIX ex : <http://x/> ASK {}").form == "ASK"


# ---- prefixed names as the grammar spells them (PN_LOCAL_ESC, PN_CHARS beyond \w) -----------------------


def test_an_escaped_hash_in_a_local_name_does_not_start_a_comment_that_hides_a_service():
    text = r"PREFIX ex: <http://x/> SELECT * { ?s ?p ex:a\# . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"
    assert read(text) == ("SELECT", 2, ("<http://127.0.0.1:9/>",), True)
    assert refused(text) == (400, f"SERVICE <http://127.0.0.1:9/> refused: {NO_SERVICES}")


def test_escaped_brackets_and_quotes_in_a_local_name_are_part_of_the_name():
    assert scan(r"PREFIX ex: <http://x/> SELECT * { ?s ?p ex:a\(\(\( }").depth == 1
    assert scan(r"SELECT * { ?s ex:a\' ex:b\' . SERVICE <http://a/> {} }").services == ("<http://a/>",)


@pytest.mark.parametrize("prefix", ["a·b·c·d", "a\u200db\u200dc\u200dd", "a\u203fb\u2040c‿d", "課\u0301程·名"])
def test_a_prefix_name_with_any_pn_chars_is_one_token(prefix):
    assert read(f"PREFIX {prefix}: <http://x/> SELECT * {{ ?s {prefix}:p ?o }}") == ("SELECT", 1, (), False)


def test_a_unicode_escape_in_an_iri_keeps_its_hash_inside_the_iri():
    text = (
        r"SELECT * { ?s ?p <http://x/\u0041#f>, <http://x/\U0001F600#g> . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"
    )
    assert read(text) == ("SELECT", 2, ("<http://127.0.0.1:9/>",), True)
    assert refused(text) == (400, f"SERVICE <http://127.0.0.1:9/> refused: {NO_SERVICES}")


def test_an_escaped_service_target_reaches_the_allowed_services_check_whole():
    allowed = ("http://127.0.0.1:8080/sparql",)
    text = r"SELECT * { SERVICE <http://127.0.0.1\u003a8080/sparql> { ?s ?p ?o } }"
    assert scan(text).services == (r"<http://127.0.0.1\u003a8080/sparql>",)
    assert refusal(scan(text), allowed) is None


# ---- main's rewrite of the scanner: chains, ``!`` levels, defaults ----------------------------------------


def test_a_scan_defaults_to_nothing_volatile_no_chain_and_no_stray_backslash():
    assert Scan("ASK", 1, ()) == Scan("ASK", 1, (), volatile=False, chain=0, stray_backslash=False)


def test_10000_chained_operators_are_accepted_and_10001_refused():
    assert scan("ASK {" + " ." * 10_000 + " }").chain == 10_000
    assert refused("ASK {" + " ." * 10_000 + " }") is None
    assert refused("ASK {" + " ." * 10_001 + " }") == (
        400,
        "the query chains 10001 operators and clauses; at most 10000 are accepted",
    )


@pytest.mark.parametrize(
    "keyword", ["BIND", "OPTIONAL", "MINUS", "UNION", "FILTER", "GRAPH", "SERVICE", "EXISTS", "values"]
)
def test_each_chain_keyword_counts_once(keyword):
    assert scan(f"ASK {{ {keyword} }}").chain == 1


def test_a_negation_level_ends_with_the_bracket_that_holds_it():
    assert scan("ASK { FILTER(!(?a)) FILTER(!(?b)) }").depth == 4
    assert scan("ASK { FILTER(!?a) { { { { } } } } }").depth == 5


def test_the_outermost_group_closes_too():
    assert scan("SELECT (1 AS ?one) { } ORDER BY (?one)").depth == 1
