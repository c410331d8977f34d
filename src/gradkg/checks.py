"""Checks that are SPARQL queries over the pyoxigraph store, reported beside pyshacl's results.

``queries/checks/*-violation.rq`` must return no rows (the Data Cube integrity constraints IC-1 …
IC-21, ODK style): each row is a violation, its message the query's summary. ``queries/consistency.rq``
lists where the reports' own numbers disagree: each row is a warning that quotes both numbers.
They run as one query each rather than as SHACL-SPARQL constraints because pyshacl runs those once
per focus node and, filling a message template, drops the message's language tag.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from gradkg.querylib import parse_query_file
from gradkg.validation import Result

KIND_SHAPES = {"sum": "gk:SumCheck", "ratio": "gk:RatioCheck", "count": "gk:CountCheck"}


def _value(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return "" if term is None else term.value


def violation_checks(store: ox.Store, queries: Path, lang: str) -> list[Result]:
    results = []
    for path in sorted((queries / "checks").glob("*-violation.rq")):
        query = parse_query_file(path)
        zh, _, en = query.summary.partition(" / ")
        for row in store.query(query.text, use_default_graph_as_union=True):
            results.append(
                Result(
                    severity="Violation",
                    focus=_value(row, "focus"),
                    focus_label=_value(row, "label"),
                    path="",
                    message=zh if lang == "zh" else (en or zh),
                    source_shape=f"checks/{path.stem}",
                    value=_value(row, "value"),
                )
            )
    return results


MESSAGES = {
    "zh": "{edition}年报告{section}：{relation}；所述{stated}，按所列数字计算为{computed}。",
    "en": "The {edition} report, section {section}, states {stated} "
    "but its own figures give {computed} ({relation_en}).",
}


def consistency_warnings(store: ox.Store, queries: Path, lang: str) -> list[Result]:
    query = parse_query_file(queries / "consistency.rq")
    results = []
    for row in store.query(query.text, use_default_graph_as_union=True):
        names = ("edition", "section", "relation", "relation_en", "stated", "computed")
        values = {name: _value(row, name) for name in names}
        results.append(
            Result(
                severity="Warning",
                focus=_value(row, "observation"),
                focus_label=_value(row, "measure"),
                path="gk:value",
                message=MESSAGES[lang].format(**values),
                source_shape=KIND_SHAPES[_value(row, "kind")],
                value=_value(row, "stated"),
            )
        )
    return results
