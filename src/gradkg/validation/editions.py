"""Validate a project edition by edition, on every core, each edition once until its inputs change.

SHACL and the SPARQL checks of one edition (the Data Cube's integrity constraints, the report's
consistency) run per unit (gradkg.validation.units) in a process pool as wide as the machine,
skipping the units whose key the cache (gradkg.validation.cache) already holds; only the checks that
compare programmes run over the whole store (``with_programme_checks``, once the build has written
it). The outcome is the same as validating the union of all graphs at once: a result that several
units report (one about the programme or the reference data, which every edition of the programme
includes) counts once.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SH, BNode, Graph, Literal

from gradkg.checks import compares_editions, consistency_results, consistency_rows, programme_checks, unit_violations
from gradkg.inputs import Graphs
from gradkg.loading import Source, load_store
from gradkg.project import ONTOLOGY_GRAPH, Project
from gradkg.validation import Outcome, Result, add_to_report, load_shapes, run_store_with_nodes, validator, with_checks
from gradkg.validation import cache as results_cache
from gradkg.validation.answer import Consistency, assemble
from gradkg.validation.cache import Finding, UnitFindings
from gradkg.validation.units import Unit, project_units


@dataclass
class Checked:
    """The outcome, and which units were validated now and which came from the cache."""

    outcome: Outcome
    validated: list[str]
    cached: list[str]
    consistency: Consistency | None = None  # the whole store's answer to the consistency question


@cache
def _shapes(folder: Path) -> Graph:
    return load_shapes(folder)


@cache
def _ontology(root: Path) -> ox.Store:
    """The ontology graph, parsed once per process rather than once per unit."""
    return load_store([Source(p, ONTOLOGY_GRAPH) for p in Project(root).ontology_files])


def _report_of(report: Graph, node: BNode) -> str:
    """The triples about one result (and the blank nodes under it), as N-Triples."""
    part, todo, seen = Graph(), [node], set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for _, p, o in report.triples((subject, None, None)):
            part.add((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                todo.append(o)
    return part.serialize(format="nt")


def _finding(result: Result) -> Finding:
    report = Graph()
    add_to_report(report, result)
    return Finding(result, report.serialize(format="nt"))


def check_unit(unit: Unit, root: Path, lang: str, engine: str) -> UnitFindings:
    """SHACL and the edition's SPARQL checks over one unit: its sources and context in one store;
    results about the context are dropped, its own edition reports them. A programme's unit of
    editions together runs only the consistency checks comparing editions (SHACL and the others ran
    in the editions' own units). Its rows of the consistency question are kept with the findings."""
    store = load_store(list(unit.sources))
    store.load(unit.context.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    context = {q.subject.value for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    found: list[Finding] = []
    if not unit.across_editions:
        outcome, nodes = run_store_with_nodes(store, _shapes(root / "ontology" / "shapes"), lang, engine)
        found += [Finding(result, _report_of(outcome.report, node)) for result, node in nodes]
    store.bulk_extend(_ontology(root))  # the checks read the cube's component types from the ontology
    if not unit.across_editions:
        found += [_finding(result) for result in unit_violations(store, root, lang, list(unit.sources))]
    variables, rows = consistency_rows(store, root / "queries")
    mine = [
        row
        for row in rows
        if compares_editions(row) == unit.across_editions and row.get("observation", {}).get("value") not in context
    ]
    found += [_finding(result) for result in consistency_results(mine, lang)]
    return UnitFindings([f for f in found if f.result.focus not in context], variables, mine)


def _check_all(units: list[Unit], root: Path, lang: str, engine: str) -> list[UnitFindings]:
    """Each unit's findings, in a pool when there is more than one to do."""
    if len(units) <= 1:  # a pool's start-up would cost more than it saves
        return [check_unit(u, root, lang, engine) for u in units]
    _shapes(root / "ontology" / "shapes")  # loaded once here: forked workers inherit all three
    _ontology(root)
    validator(engine)
    workers = min(os.cpu_count() or 1, len(units))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(partial(check_unit, root=root, lang=lang, engine=engine), units, chunksize=4))


def merge(per_unit: list[list[Finding]]) -> Outcome:
    """One outcome from every unit's findings: each result as often as the unit reporting it most often does."""
    counts: Counter[Result] = Counter()
    reports: dict[Result, list[str]] = {}
    for findings in per_unit:
        here = Counter(f.result for f in findings)
        for result, n in here.items():
            counts[result] = max(counts[result], n)
        for f in findings:
            reports.setdefault(f.result, []).append(f.report)
    report = Graph()
    summary = BNode()
    report.add((summary, RDF.type, SH.ValidationReport))
    results = []
    for result, n in counts.items():
        results += [result] * n
        for text in reports[result][:n]:
            part = Graph().parse(data=text, format="nt")
            for node in part.subjects(RDF.type, SH.ValidationResult):
                report.add((summary, SH.result, node))
            for triple in part:
                report.add(triple)
    violations = any(r.severity == "Violation" for r in results)
    report.add((summary, SH.conforms, Literal(not violations)))
    return Outcome(not violations, results, report)


def validate_editions(
    project: Project, programmes: list[str], graphs: Graphs, lang: str, engine: str, cache_dir: Path
) -> Checked:
    """SHACL and the checks of each edition, from the cache where it can; the store is not opened."""
    units = project_units(project, programmes, graphs, lang, engine)
    found: dict[str, UnitFindings | None] = {u.key: results_cache.load(cache_dir, u.key) for u in units}
    todo = [u for u in units if found[u.key] is None]
    for unit, checked in zip(todo, _check_all(todo, project.root, lang, engine), strict=True):
        results_cache.save(cache_dir, unit.key, checked)
        found[unit.key] = checked
    every = [checked for u in units if (checked := found[u.key]) is not None]
    outcome = merge([checked.findings for checked in every])
    done = {u.key for u in todo}
    editions = [u for u in units if not u.across_editions]  # the summary counts editions
    validated = [u.name for u in editions if u.key in done]
    consistency = assemble(project.queries, every)
    return Checked(outcome, validated, [u.name for u in editions if u.key not in done], consistency)


def with_programme_checks(
    checked: Checked, store: ox.Store, project: Project, lang: str, sources: list[Source]
) -> Checked:
    """The editions' outcome with the checks that compare programmes, run over the whole ``store``."""
    outcome = with_checks(checked.outcome, programme_checks(store, project, lang, sources))
    return Checked(outcome, checked.validated, checked.cached, checked.consistency)
