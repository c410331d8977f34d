"""Answers ordered in Python exactly as the store's ORDER BY orders them, or not at all.

A build assembles some answers from rows it already has (gradkg.validation.answer,
gradkg.build.per_programme) and must hand them out in the order the store would. SPARQL orders
unbound first, then blank nodes, IRIs, literals; IRIs and strings by code point, numbers by value.
Python reproduces that only where it is unambiguous, so rows are ordered here only when the ORDER BY
is plain variables (each ascending or DESC), each variable's literals are of one kind (strings of one
language, or numbers of the decimal family, or floating-point numbers), and no two different rows
tie on every key: otherwise the answer is left to the store.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

Row = dict[str, dict[str, str]]  # one SPARQL JSON results binding

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMAL_TYPES = ["integer", "decimal", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger"]
_DECIMAL_TYPES += ["nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort"]
_DECIMALS = frozenset(_XSD + t for t in [*_DECIMAL_TYPES, "unsignedByte"])
_FLOATS = frozenset({_XSD + "double", _XSD + "float"})
_RANK = {"bnode": 1, "uri": 2, "literal": 3}  # unbound is (0,): before any of them
# the outermost SELECT, where a library question writes it: at the start of a line (subqueries are
# indented), its modifier in group 1, ending where its projected variables begin
OUTER_SELECT = re.compile(r"^SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?=\?)", re.IGNORECASE | re.MULTILINE)
_KEY = r"(?:\?\w+|(?:ASC|DESC)\s*\(\s*\?\w+\s*\))"
_ORDER_BY = re.compile(rf"\bORDER\s+BY((?:\s+{_KEY})+)\s*\Z", re.IGNORECASE)
_ONE_KEY = re.compile(r"(?:(ASC|DESC)\s*\(\s*)?\?(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class OrderKey:
    variable: str
    descending: bool = False


def order_keys(text: str) -> list[OrderKey] | None:
    """The outermost ORDER BY when it ends the text and orders by plain variables, else None."""
    found = _ORDER_BY.search(text)
    if found is None:
        return None
    return [OrderKey(name, how.upper() == "DESC") for how, name in _ONE_KEY.findall(found.group(1))]


def _kind(term: dict[str, str]) -> str | None:
    """How a literal compares: 'decimal', 'float', 'string@LANG'; None for a datatype not handled here."""
    datatype = term.get("datatype")
    if datatype in _DECIMALS:
        return "decimal"
    if datatype in _FLOATS:
        return "float"
    if datatype in (None, _XSD + "string"):
        return "string@" + term.get("xml:lang", "")
    return None


def _comparable(rows: list[Row], keys: list[OrderKey]) -> dict[str, str] | None:
    """Each key's literal kind ('decimal', 'float' or 'string'), or None when one mixes kinds."""
    kinds = {}
    for key in keys:
        found = {_kind(t) for row in rows if (t := row.get(key.variable)) is not None and t.get("type") == "literal"}
        if len(found) > 1 or None in found:
            return None
        kind = next(iter(found), "string@")
        kinds[key.variable] = "string" if kind.startswith("string@") else kind
    return kinds


def _value(term: dict[str, str] | None, kind: str) -> tuple:
    if term is None:
        return (0,)
    rank = _RANK[term["type"]]
    if rank != 3 or kind == "string":
        return (rank, term["value"])
    return (rank, Decimal(term["value"]) if kind == "decimal" else float(term["value"]))


def sort_rows(rows: list[Row], keys: list[OrderKey]) -> list[Row] | None:
    """``rows`` in the ORDER BY's order, or None when Python cannot be sure to order them as the store."""
    kinds = _comparable(rows, keys)
    if kinds is None:
        return None
    try:
        keyed = [(tuple(_value(row.get(k.variable), kinds[k.variable]) for k in keys), row) for row in rows]
        # one stable pass per key, the last key first: each pass keeps the order of the ones after it
        for position in reversed(range(len(keys))):
            keyed.sort(key=lambda pair: pair[0][position], reverse=keys[position].descending)
    except (InvalidOperation, ValueError, TypeError, KeyError):
        return None  # a number that is not one, a term of another kind, values Python cannot compare
    if any(a[0] == b[0] and a[1] != b[1] for a, b in itertools.pairwise(keyed)):
        return None  # the store's order between tied rows is its own
    return [row for _, row in keyed]
