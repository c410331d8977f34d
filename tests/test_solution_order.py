"""Python orders a build's assembled rows exactly as the store's ORDER BY does, or declines."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from gradkg.solution_order import OrderKey, order_keys, sort_rows

XSD = "http://www.w3.org/2001/XMLSchema#"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> dict:
    term = {"type": "literal", "value": value}
    if datatype:
        term["datatype"] = XSD + datatype
    if lang:
        term["xml:lang"] = lang
    return term


def _uri(value: str) -> dict:
    return {"type": "uri", "value": value}


def _term(term: dict) -> str:
    if term["type"] == "uri":
        return str(ox.NamedNode(term["value"]))
    if "xml:lang" in term:
        return str(ox.Literal(term["value"], language=term["xml:lang"]))
    return str(ox.Literal(term["value"], datatype=ox.NamedNode(term.get("datatype", XSD + "string"))))


def store_order(rows: list[dict], variables: list[str], order: str) -> list[dict]:
    """The same rows ordered by pyoxigraph itself (a VALUES table and the ORDER BY)."""
    table = " ".join("(" + " ".join(_term(r[v]) if v in r else "UNDEF" for v in variables) + ")" for r in rows)
    names = " ".join(f"?{v}" for v in variables)
    text = f"SELECT {names} WHERE {{ VALUES ({names}) {{ {table} }} }} ORDER BY {order}"
    body = ox.Store().query(text).serialize(format=ox.QueryResultsFormat.JSON)
    return json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?a DESC(?b)", [OrderKey("a"), OrderKey("b", True)]),
        ("SELECT ?a WHERE { ?a ?p ?b }\norder by asc( ?a ) desc (?b)\n", [OrderKey("a"), OrderKey("b", True)]),
        ("SELECT ?a WHERE { ?a ?p ?b }\nORDER BY STR(?a)", None),
        ("SELECT ?a WHERE { ?a ?p ?b }\nORDER BY ?a LIMIT 3", None),
        ("SELECT ?a WHERE { ?a ?p ?b }", None),
    ],
)
def test_order_keys_reads_plain_variables_only(text: str, expected: list | None) -> None:
    assert order_keys(text) == expected


def test_numbers_strings_iris_and_unbound_are_ordered_as_the_store_orders_them() -> None:
    rows = [
        {"v": _lit("10", "integer"), "s": _lit("乙", lang="zh")},
        {"v": _lit("9.5", "decimal"), "s": _lit("甲", lang="zh")},
        {"s": _lit("丙", lang="zh")},
        {"v": _lit("-2", "integer"), "s": _lit("甲", lang="zh")},
        {"v": _lit("10", "integer"), "s": _lit("甲", lang="zh")},
    ]
    for order, keys in [
        ("DESC(?v) ?s", [OrderKey("v", True), OrderKey("s")]),
        ("?v ?s", [OrderKey("v"), OrderKey("s")]),
        ("?s DESC(?v)", [OrderKey("s"), OrderKey("v", True)]),
    ]:
        assert sort_rows(rows, keys) == store_order(rows, ["v", "s"], order)
    assert [r.get("v", {}).get("value") for r in sort_rows(rows, [OrderKey("v", True), OrderKey("s")])] == [
        "10",
        "10",
        "9.5",
        "-2",
        None,
    ]


def test_random_rows_are_ordered_as_the_store_orders_them() -> None:
    chance = random.Random(20)
    kinds = [
        lambda: _lit(str(chance.randint(-50, 50)), "integer"),
        lambda: _lit(f"{chance.randint(-20, 20)}.{chance.randint(1, 9)}", "decimal"),  # canonical forms
        lambda: _uri(f"urn:x:{chance.randint(0, 40)}"),
        lambda: _lit(chance.choice("甲乙丙丁戊己庚") + chance.choice("abcXYZ"), lang="zh"),
    ]
    checked = 0
    for _ in range(60):
        columns = [chance.choice(kinds) for _ in range(3)]
        rows = []
        for _ in range(chance.randint(1, 25)):
            row = {f"c{i}": make() for i, make in enumerate(columns) if chance.random() > 0.15}
            if row not in rows:
                rows.append(row)
        keys = [OrderKey(f"c{i}", chance.random() < 0.5) for i in range(3)]
        ordered = sort_rows(rows, keys)
        if ordered is None:  # only when two different rows tie on every key
            continue
        order = " ".join(f"DESC(?{k.variable})" if k.descending else f"?{k.variable}" for k in keys)
        assert ordered == store_order(rows, ["c0", "c1", "c2"], order)
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    "values",
    [
        [_lit("1", "integer"), _lit("1.5", "double")],  # decimals and floats
        [_lit("a"), _lit("b", lang="zh")],  # a plain string and a tagged one
        [_lit("a", lang="en"), _lit("b", lang="zh")],  # two languages
        [_lit("2024-01-01", "date")],  # a datatype not ordered here
        [_lit("x", "integer"), _lit("1", "integer")],  # not a number
    ],
)
def test_what_python_cannot_order_exactly_is_declined(values: list[dict]) -> None:
    assert sort_rows([{"v": v} for v in values], [OrderKey("v")]) is None


def test_two_different_rows_tied_on_every_key_are_declined_and_equal_ones_kept() -> None:
    a, b = {"k": _lit("1", "integer"), "x": _uri("urn:a")}, {"k": _lit("1", "integer"), "x": _uri("urn:b")}
    assert sort_rows([a, b], [OrderKey("k")]) is None
    assert sort_rows([a, dict(a)], [OrderKey("k")]) == [a, a]
    assert sort_rows([b, a], [OrderKey("k"), OrderKey("x")]) == [a, b]
    assert sort_rows([], [OrderKey("k")]) == []


DECIMAL_TYPES = [
    "integer",
    "decimal",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
]


@pytest.mark.parametrize("datatype", DECIMAL_TYPES)
def test_every_integer_and_decimal_type_is_ordered_by_value_not_by_text(datatype: str) -> None:
    rows = [{"v": _lit("10", datatype)}, {"v": _lit("9", datatype)}, {"v": _lit("100", datatype)}]
    assert [r["v"]["value"] for r in sort_rows(rows, [OrderKey("v")])] == ["9", "10", "100"]


@pytest.mark.parametrize("datatype", ["double", "float"])
def test_floating_point_numbers_are_ordered_by_value(datatype: str) -> None:
    rows = [{"v": _lit("1.0E1", datatype)}, {"v": _lit("9.5E0", datatype)}, {"v": _lit("1.0E0", datatype)}]
    ordered = sort_rows(rows, [OrderKey("v")])
    assert [r["v"]["value"] for r in ordered] == ["1.0E0", "9.5E0", "1.0E1"]
    assert [float(r["v"]["value"]) for r in store_order(rows, ["v"], "?v")] == [1.0, 9.5, 10.0]  # its canonical forms


def test_unbound_then_blank_nodes_then_iris_then_literals_and_the_reverse() -> None:
    literal, iri, blank = {"v": _lit("a")}, {"v": _uri("urn:a")}, {"v": {"type": "bnode", "value": "zz"}}
    unbound: dict = {}
    rows = [literal, blank, iri, unbound]
    assert sort_rows(rows, [OrderKey("v")]) == [unbound, blank, iri, literal]
    assert sort_rows(rows, [OrderKey("v", True)]) == [literal, iri, blank, unbound]


def test_decimals_beyond_a_floats_precision_are_still_ordered_exactly() -> None:
    rows = [{"v": _lit("0.1000000000000000000002", "decimal")}, {"v": _lit("0.1000000000000000000001", "decimal")}]
    assert sort_rows(rows, [OrderKey("v")]) == [rows[1], rows[0]]


def test_strings_typed_xsd_string_are_ordered_with_plain_ones() -> None:
    rows = [{"v": _lit("b", "string")}, {"v": _lit("a", "string")}]
    assert sort_rows(rows, [OrderKey("v")]) == [rows[1], rows[0]]


def test_a_term_of_a_kind_sparql_json_does_not_order_here_is_declined() -> None:
    rows = [{"v": {"type": "triple", "value": {}}}, {"v": _uri("urn:a")}]
    assert sort_rows(rows, [OrderKey("v")]) is None
