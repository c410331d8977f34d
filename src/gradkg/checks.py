"""Checks that are SPARQL queries over the pyoxigraph store, reported beside pyshacl's results.

``queries/checks/*-violation.rq`` must return no rows (the Data Cube integrity constraints IC-1 …
IC-21, ODK style): each row is a violation, its message the query's summary. ``queries/consistency.rq``
lists where the reports' own numbers disagree, in tiers: each row is a warning (contradiction), an info
(implausible) or a note (rounding) that quotes both numbers.
They run as one query each rather than as SHACL-SPARQL constraints because pyshacl runs those once
per focus node and, filling a message template, drops the message's language tag; and they run once
over every graph, because some compare graphs (two programmes with one code, a resource citing
another programme's report) that the per-edition SHACL validation sees one at a time. A check
whose rows bind ``?graph`` (the named graph stating the focus) gets the file stating it named in
its message, so the quality officer knows which file to open.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from gradkg.project import Project
from gradkg.querylib import parse_query_file

if TYPE_CHECKING:  # both import rdflib (0.1 s), which the review's MESSAGES do not need
    from gradkg.loading import Source
    from gradkg.validation import Result

KIND_SHAPES = {
    "sum": "gk:SumCheck",
    "ratio": "gk:RatioCheck",
    "count": "gk:CountCheck",
    "bound": "checks/consistency-bound",
    "change": "checks/consistency-change",
}
# Each tier of the consistency question has its own severity: a contradiction is a warning, an
# implausible number an info, a rounding a note (gk:Note, below sh:Info: the report is not wrong).
ACROSS_EDITIONS = ("checks/consistency-change",)  # compares consecutive editions: one unit per programme
TIER_SEVERITY = {"contradiction": "Warning", "implausible": "Info", "rounding": "Note"}


def _value(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return "" if term is None else term.value


# The checks that compare programmes: they run over the whole store. Every other check is about one
# edition with its programme and the reference data, and runs in that edition's validation unit.
ACROSS_PROGRAMMES = ("programme-code-violation", "cross-programme-source-violation")


def sparql_checks(store: ox.Store, project: Project, lang: str, sources: list[Source] | None = None) -> list[Result]:
    """Every SPARQL check over the whole store: the violations, then the consistency warnings."""
    files = FileFinder(project.root, sources or [])
    return violation_checks(store, project.queries, lang, files) + consistency_warnings(store, project.queries, lang)


def unit_violations(store: ox.Store, root: Path, lang: str, sources: list[Source]) -> list[Result]:
    """The violation checks of one validation unit (an edition, its programme, the reference data)."""
    return violation_checks(store, root / "queries", lang, FileFinder(root, sources), skip=ACROSS_PROGRAMMES)


def programme_checks(store: ox.Store, project: Project, lang: str, sources: list[Source]) -> list[Result]:
    """The checks that compare programmes, over the whole store."""
    files = FileFinder(project.root, sources)
    return violation_checks(store, project.queries, lang, files, only=ACROSS_PROGRAMMES)


class FileFinder:
    """Which source file of a named graph states a resource: the one that has it as a subject.

    The store does not remember files, so the graph's files are parsed again one by one, and only
    when a check has found something.
    """

    def __init__(self, root: Path, sources: list[Source]) -> None:
        self.root, self.sources = root, sources
        self._subjects: dict[Path, set[str]] = {}

    def _subjects_of(self, source: Source) -> set[str]:
        if source.path not in self._subjects:
            from gradkg.loading import load_store  # rdflib: 0.1 s, only when a check loads a source

            store = load_store([source])
            self._subjects[source.path] = {q.subject.value for q in store}
        return self._subjects[source.path]

    def stating(self, graph: str, focus: str) -> list[str]:
        """The files (relative to the project) stating ``focus`` in ``graph``."""
        found = [s.path for s in self.sources if s.graph == graph and focus in self._subjects_of(s)]
        return [str(p.relative_to(self.root)) if p.is_relative_to(self.root) else str(p) for p in found]


def violation_checks(
    store: ox.Store,
    queries: Path,
    lang: str,
    files: FileFinder | None = None,
    skip: tuple[str, ...] = (),
    only: tuple[str, ...] | None = None,
) -> list[Result]:
    from gradkg.validation import Result

    results = []
    for path in sorted((queries / "checks").glob("*-violation.rq")):
        if path.stem in skip or (only is not None and path.stem not in only):
            continue
        query = parse_query_file(path)
        zh, _, en = query.summary.partition(" / ")
        for row in store.query(query.text, use_default_graph_as_union=True):
            message = zh if lang == "zh" else (en or zh)
            stated_in = files.stating(_value(row, "graph"), _value(row, "focus")) if files and row["graph"] else []
            results.append(
                Result(
                    severity="Violation",
                    focus=_value(row, "focus"),
                    focus_label=_value(row, "label"),
                    path="",
                    message=f"{message} ({', '.join(stated_in)})" if stated_in else message,
                    source_shape=f"checks/{path.stem}",
                    value=_value(row, "value"),
                )
            )
    return results


MESSAGES = {
    ("zh", "contradiction"): "矛盾：{edition}年报告{section}：{relation}；所述{stated}，按所列数字计算为{computed}。",
    ("en", "contradiction"): "Contradiction: the {edition} report, section {section}, states {stated} "
    "but its own figures give {computed} ({relation_en}).",
    ("zh", "rounding"): "舍入：{edition}年报告{section}：{relation}；所述{stated}，按所列数字计算为{computed}，"
    "差别只在截断或末位舍入。",
    ("en", "rounding"): "Rounding: the {edition} report, section {section}, states {stated} where its own figures "
    "give {computed} ({relation_en}): truncated, or off by one in the last digit.",
    ("zh", "bound"): "不合常理：{edition}年报告{section}：所述{stated}，大于应不小于它的{computed}（{relation}）。",
    ("en", "bound"): "Implausible: the {edition} report, section {section}, states {stated}, more than the "
    "{computed} it should not exceed ({relation_en}).",
    (
        "zh",
        "change",
    ): "不合常理：{edition}年报告{section}：所述{stated}，上一年度为{computed}，相差超过2倍（{relation}）。",
    ("en", "change"): "Implausible: the {edition} report, section {section}, states {stated} against {computed} "
    "the edition before, a change by more than a factor of 2 ({relation_en}).",
}


Row = dict[str, dict[str, str]]  # a row of SPARQL JSON results: variable → term


def consistency_rows(store: ox.Store, queries: Path) -> tuple[list[str], list[Row]]:
    """The consistency question's variables and rows, as in its SPARQL JSON results (head, bindings)."""
    text = parse_query_file(queries / "consistency.rq").text
    answer = store.query(text, use_default_graph_as_union=True)
    body = json.loads(answer.serialize(format=ox.QueryResultsFormat.JSON))
    return body["head"]["vars"], body["results"]["bindings"]


def compares_editions(row: Row) -> bool:
    """Whether a consistency row compares two editions (its programme's unit finds it, not an edition's)."""
    return KIND_SHAPES[row["kind"]["value"]] in ACROSS_EDITIONS


def consistency_results(rows: list[Row], lang: str) -> list[Result]:
    """Consistency rows as results, each with its tier's severity and message."""
    from gradkg.validation import Result

    def value(row: Row, name: str) -> str:
        return row[name]["value"] if name in row else ""

    results = []
    for row in rows:
        names = ("edition", "section", "relation", "relation_en", "stated", "computed")
        values = {name: value(row, name) for name in names}
        kind, tier = value(row, "kind"), value(row, "tier")
        template = MESSAGES[(lang, kind if tier == "implausible" else tier)]
        results.append(
            Result(
                severity=TIER_SEVERITY[tier],
                focus=value(row, "observation"),
                focus_label=value(row, "measure"),
                path="gk:value",
                message=template.format(**values),
                source_shape=KIND_SHAPES[kind],
                value=value(row, "stated"),
            )
        )
    return results


def consistency_warnings(store: ox.Store, queries: Path, lang: str) -> list[Result]:
    """The consistency question's rows over ``store`` as results."""
    return consistency_results(consistency_rows(store, queries)[1], lang)
