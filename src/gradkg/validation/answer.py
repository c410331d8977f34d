"""The consistency question's whole answer, assembled from the validation units' own rows.

Asked for the first time of a graduate school's store, the consistency question reads every
observation of every edition: 10 s at 100 programmes. Validation already asks it of every unit
(each edition, and each programme's editions together) and every row belongs to exactly one unit:
a check's numbers are one edition's, a change is between two editions of one programme. So the
build joins the units' rows, orders them as the question's ORDER BY orders them, and keeps them
as the new store's answer (gradkg.answers): the first ``gradkg query consistency`` reads it back.

Python orders the rows only where it orders them exactly as the store does (gradkg.solution_order);
otherwise nothing is assembled and the question is evaluated at its first ask, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gradkg.checks import Row
from gradkg.querylib import parse_query_file
from gradkg.solution_order import OUTER_SELECT, OrderKey, order_keys, sort_rows
from gradkg.validation.cache import UnitFindings


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
    select = OUTER_SELECT.search(text)
    keys = order_keys(text)
    if select is None or select.group(1) or keys is None or any(k.descending for k in keys):
        return None
    return [k.variable for k in keys]


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
    ordered = sort_rows([row for u in units for row in u.rows], [OrderKey(v) for v in order])
    return None if ordered is None else Consistency(text, variables, ordered)
