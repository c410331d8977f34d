"""Answers assembled from each programme's own rows: the questions marked ``#+ kept: per-programme``.

``compare-programmes`` (one indicator across programmes, for a year) reads 700 observations at 100
programmes, twenty lookups each: 0.2-0.3 s from the on-disk store at the first ask of each indicator
and year. Each of its rows comes from one programme's graphs and the shared reference data, which is
exactly what a programme's derivation unit holds in memory (gradkg.build.derive). So the unit
answers it for every value of its parameters at once, their variables added to the projection and
left free; the build groups every unit's rows by those values and keeps each group, ordered as the
store orders it (gradkg.solution_order), under the text ``gradkg query`` sends for those values
(gradkg.answers). A unit is derived again only when its programme changed, so a build after one
edition changed answers for one programme. A group Python cannot order exactly, and a question with
a row whose parameter is unbound, are left to the store.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from gradkg.querylib import NamedQuery, bind_values
from gradkg.solution_order import OUTER_SELECT, Row, order_keys, sort_rows

_JSON = ox.QueryResultsFormat.JSON


def unbound_text(question: NamedQuery) -> str | None:
    """The question with its parameters' variables projected first (the outermost SELECT starts a line)."""
    found = OUTER_SELECT.search(question.text)
    if found is None:
        return None
    names = "".join(f"?{p.name} " for p in question.params)
    return question.text[: found.end()] + names + question.text[found.end() :]


def unit_answers(store: ox.Store, questions: list[NamedQuery]) -> dict[str, dict]:
    """Each question's rows over one programme's unit, as SPARQL JSON results (run in a derive worker)."""
    found = {}
    for question in questions:
        text = unbound_text(question)
        if text is None:
            continue
        try:
            result = store.query(text, use_default_graph_as_union=True)
        except SyntaxError:
            continue  # its first ask reports it
        if isinstance(result, ox.QuerySolutions):
            found[question.name] = json.loads(result.serialize(format=_JSON))
    return found


@functools.lru_cache(maxsize=4096)
def _written(kind: str, value: str, datatype: str | None, lang: str | None) -> str:
    if kind == "uri":
        return str(ox.NamedNode(value))
    if lang is not None:
        return str(ox.Literal(value, language=lang))
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None))


def _term(term: dict[str, str]) -> str:
    """A SPARQL JSON term as the parameter resolver writes a value (a pyoxigraph term's ``str``)."""
    return _written(term["type"], term["value"], term.get("datatype"), term.get("xml:lang"))


def _groups(question: NamedQuery, units: list[dict[str, dict]]) -> tuple[list[str], dict[tuple, list[Row]]] | None:
    """The projection without the parameters, and the rows by the parameters' values (None: not assembled,
    also when a unit's cached answers are damaged: the question is then left to the store)."""
    try:
        return _grouped(question, units)
    except (KeyError, TypeError, AttributeError):
        return None


def _grouped(question: NamedQuery, units: list[dict[str, dict]]) -> tuple[list[str], dict[tuple, list[Row]]] | None:
    params = [p.name for p in question.params]
    variables: list[str] | None = None
    groups: dict[tuple, list[Row]] = {}
    for answers in units:
        body = answers.get(question.name)
        if body is None:
            return None
        own = [v for v in body["head"]["vars"] if v not in params]
        if variables not in (None, own):
            return None
        variables = own
        for row in body["results"]["bindings"]:
            if any(p not in row for p in params):
                return None  # a row with a parameter unbound: the store's join with VALUES differs
            key = tuple(_term(row[p]) for p in params)
            groups.setdefault(key, []).append({k: v for k, v in row.items() if k not in params})
    return (variables, groups) if variables is not None else None


def _distinct(rows: list[Row], variables: list[str]) -> list[Row]:
    seen: dict[tuple, Row] = {}
    for row in rows:
        key = tuple(
            (t["type"], t["value"], t.get("datatype"), t.get("xml:lang")) if (t := row.get(v)) else None
            for v in variables
        )
        seen.setdefault(key, row)
    return list(seen.values())


def assembled(question: NamedQuery, units: list[dict[str, dict]]) -> Iterator[tuple[str, bytes]]:
    """Each group's text (as ``gradkg query`` sends it for those values) and its whole answer."""
    keys = order_keys(question.text)
    select = OUTER_SELECT.search(question.text)
    found = _groups(question, units) if keys is not None and select is not None else None
    if found is None:
        return
    variables, groups = found
    modifier = (select.group(1) or "").strip().upper()
    if modifier == "REDUCED":
        return  # the store may or may not drop a duplicate
    for values, rows in groups.items():
        if modifier == "DISTINCT":
            rows = _distinct(rows, variables)
        ordered = sort_rows(rows, keys)
        if ordered is None:
            continue
        text = bind_values(question.text, {p.name: [v] for p, v in zip(question.params, values, strict=True)})
        body = {"head": {"vars": variables}, "results": {"bindings": ordered}}
        yield text, json.dumps(body, ensure_ascii=False).encode("utf-8")


def assembled_answers(questions: list[NamedQuery], units: Iterable[dict[str, dict]]) -> Iterator[tuple[str, bytes]]:
    """:func:`assembled` for every question, from every programme unit's answers (read at the first step)."""
    if not questions:
        return
    read = list(units)
    for question in questions:
        yield from assembled(question, read)
