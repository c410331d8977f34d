"""The consistency question's whole answer, assembled from the validation units' own rows.

Asked for the first time of a graduate school's store, the consistency question reads every
observation of every edition: 10 s at 100 programmes. Validation already asks it of every unit
(each edition, and each programme's editions together) and every row belongs to exactly one unit:
a check's numbers are one edition's, a change is between two editions of one programme. So the
build joins the units' rows, orders them as the question's ORDER BY orders them, and keeps them
as the new store's answer (gradkg.answers): the first ``gradkg query consistency`` reads it back.

Python orders here exactly as the store does only when the ORDER BY is plain variables whose values
are IRIs or strings of one kind (plain, or tagged with one language): both compare strings by code
point. Otherwise nothing is assembled and the question is evaluated at its first ask, as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gradkg.checks import Row
from gradkg.querylib import parse_query_file
from gradkg.validation.cache import UnitFindings

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ORDER_BY = re.compile(r"\bORDER\s+BY((?:\s+\?\w+)+)\s*\Z", re.IGNORECASE)
_OUTER_SELECT = re.compile(r"^SELECT\s+(DISTINCT\b|REDUCED\b)?", re.IGNORECASE | re.MULTILINE)
_TERM_RANK = {"bnode": 1, "uri": 2, "literal": 3}  # SPARQL's order: unbound, blank nodes, IRIs, literals


@dataclass(frozen=True)
class Consistency:
    """The answer: the query's text as ``gradkg query consistency`` sends it, and its SPARQL JSON results."""

    text: str
    variables: list[str]
    rows: list[Row]

    def results_json(self) -> bytes:
        body = {"head": {"vars": self.variables}, "results": {"bindings": self.rows}}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")


def order_variables(text: str) -> list[str] | None:
    """The variables the query's outermost ORDER BY names, or None when it orders otherwise (or is DISTINCT)."""
    select = _OUTER_SELECT.search(text)  # the outermost SELECT starts a line; subqueries are indented
    order = _ORDER_BY.search(text)
    if select is None or select.group(1) or order is None:
        return None
    return [v.lstrip("?") for v in order.group(1).split()]


def _kinds_agree(rows: list[Row], variables: list[str]) -> bool:
    """Whether each ordering variable's literals are strings of one kind (compared by code point)."""
    for variable in variables:
        kinds = {
            (term.get("datatype", _XSD_STRING), term.get("xml:lang"))
            for row in rows
            if (term := row.get(variable)) is not None and term.get("type") == "literal"
        }
        if len(kinds) > 1 or any(datatype != _XSD_STRING for datatype, _ in kinds):
            return False
    return True


def _sort_key(variables: list[str]) -> Callable[[Row], tuple[tuple[int, str], ...]]:
    def key(row: Row) -> tuple[tuple[int, str], ...]:
        return tuple(
            (_TERM_RANK.get(term.get("type", ""), 4), term.get("value", "")) if (term := row.get(v)) else (0, "")
            for v in variables
        )

    return key


def assemble(queries: Path, units: Iterable[UnitFindings]) -> Consistency | None:
    """The whole answer from every unit's rows, or None when it cannot be ordered exactly here."""
    text = parse_query_file(queries / "consistency.rq").text
    order = order_variables(text)
    units = list(units)
    if order is None or not units:
        return None
    variables = units[0].variables
    if any(u.variables != variables for u in units) or not set(order) <= set(variables):
        return None
    rows = [row for u in units for row in u.rows]
    if not _kinds_agree(rows, order):
        return None
    return Consistency(text, variables, sorted(rows, key=_sort_key(order)))
