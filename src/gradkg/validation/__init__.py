"""Validate the graph with SHACL and report each result in the language asked for.

Shapes live in ontology/shapes/ (one file per area). A project is validated edition by edition
(gradkg.validation.editions); other files (``gradkg validate FILE``) as the union of their graphs,
because pyshacl would otherwise validate each named graph on its own (DESIGN.md §4). Warnings (a
report that contradicts itself) are shown but do not make the graph non-conforming.

Two engines share pySHACL's ``validate`` signature: pySHACL itself, the reference the shape tests
use, and pyshacl-turbo (Rust), 4-8× faster and with identical results on every shape twin and on
the project's data (tests/test_validation_engines.py), which the commands use.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from gradkg.loading import parse_into, rdflib_term, union_graph, union_ntriples
from gradkg.project import ONTOLOGY, Project

GK_NS = ONTOLOGY

SEVERITY_NAMES = {
    SH.Violation: {"en": "Violation", "zh": "违规"},
    SH.Warning: {"en": "Warning", "zh": "警告"},
    SH.Info: {"en": "Info", "zh": "提示"},
    URIRef(GK_NS + "Note"): {"en": "Note", "zh": "注"},  # below sh:Info: a report's rounding (gradkg.checks)
}


@dataclass(frozen=True)
class Result:
    """One validation result, reduced to what a quality officer reads."""

    severity: str
    focus: str
    focus_label: str
    path: str
    message: str
    source_shape: str
    value: str


@dataclass
class Outcome:
    conforms: bool
    results: list[Result]
    report: Graph

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


def load_shapes(folder: Path) -> Graph:
    shapes = Graph()
    for path in sorted(folder.glob("*.ttl")):
        parse_into(shapes, path)
    return shapes


def _pick(literals: list[Literal], lang: str) -> str:
    """The literal in the asked language, else English, else any."""
    for wanted in (lang, "en", "zh", None):
        for lit in literals:
            if lit.language == wanted:
                return str(lit)
    return str(literals[0]) if literals else ""


def _compact(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:
            return str(node)
    return "" if node is None else str(node)


def _source(report: Graph, node: object) -> object:
    """The named SPARQL constraint that failed, else the shape: what a reader can look up.

    Its sh:message values are taken from the shapes graph, because pyshacl copies only one of
    them (in no fixed language) into a SPARQL constraint's result.
    """
    constraint = report.value(node, SH.sourceConstraint)
    return constraint if isinstance(constraint, URIRef) else report.value(node, SH.sourceShape)


ENGINES = {"pyshacl": "pyshacl", "pyshacl-turbo": "pyshacl_turbo"}
DEFAULT_ENGINE = "pyshacl-turbo"


def engine_id(engine: str) -> str:
    """The engine and its version, as the validation cache keys on them."""
    return f"{engine} {version(engine)}"


def validator(engine: str) -> Callable[..., tuple[bool, Graph, str]]:
    return importlib.import_module(ENGINES[engine]).validate


def run(data: Graph, shapes: Graph, ontology: Graph | None, lang: str, engine: str = DEFAULT_ENGINE) -> Outcome:
    """Validate; results are sorted so that output and tests are stable."""
    outcome, _ = run_with_nodes(data, shapes, ontology, lang, engine)
    return outcome


def run_with_nodes(
    data: Graph, shapes: Graph, ontology: Graph | None, lang: str, engine: str = DEFAULT_ENGINE
) -> tuple[Outcome, list[tuple[Result, BNode]]]:
    """Validate, and say which node of the report holds each result (an edition's cache keeps it)."""
    conforms, report = _validate(engine, data, shapes, ontology)
    return _outcome(conforms, report, shapes, lambda focus: list(data.objects(focus, SKOS.prefLabel)), lang)


def _validate(engine: str, data: object, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    """One SHACL run as gradkg asks for it: no inference, every result, warnings allowed."""
    conforms, report, _ = validator(engine)(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    return conforms, report


def run_store_with_nodes(
    store: ox.Store, shapes: Graph, lang: str, engine: str = DEFAULT_ENGINE
) -> tuple[Outcome, list[tuple[Result, BNode]]]:
    """:func:`run_with_nodes` over every triple of ``store`` but the ontology's (one validation unit).

    pyshacl-turbo is given the triples as N-Triples text, which its Rust engine parses itself: a
    third of the time of handing it an rdflib graph, which it reads term by term (0.34 s → 0.12 s
    an edition). That input is not part of its public API, so any other engine, or a version
    without it, gets the rdflib graph as before; both give the same results (tests/test_validation_input.py).
    """
    text_input = _text_input(engine)
    if text_input is None:
        return run_with_nodes(union_graph(store), shapes, None, lang, engine)
    conforms, report = _validate(engine, text_input(union_ntriples(store)), shapes, None)

    def labels(focus: object) -> list[Literal]:
        if not isinstance(focus, URIRef):
            return []
        found = store.quads_for_pattern(ox.NamedNode(str(focus)), ox.NamedNode(str(SKOS.prefLabel)), None)
        return [rdflib_term(q.object) for q in found if isinstance(q.object, ox.Literal)]

    return _outcome(conforms, report, shapes, labels, lang)


def _text_input(engine: str) -> Callable[[str], object] | None:
    """How pyshacl-turbo takes N-Triples text as it is (its ``rdf.Input``), or None."""
    if engine != "pyshacl-turbo":
        return None
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    if [f.name for f in fields(Input)][:5] != ["source", "format", "base", "blank_nodes", "namespaces"]:
        return None
    return lambda text: Input(text, "nt", None, {}, {})


def _outcome(
    conforms: bool, report: Graph, shapes: Graph, labels_of: Callable[[object], list], lang: str
) -> tuple[Outcome, list[tuple[Result, BNode]]]:
    results, nodes = [], []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, node) in report:  # a nested shape's detail of a result already listed
            continue
        focus = report.value(node, SH.focusNode)
        severity = SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), {"en": "?", "zh": "?"})
        source = _source(report, node)
        messages = list(shapes.objects(source, SH.message)) or list(report.objects(node, SH.resultMessage))
        labels = labels_of(focus)
        result = Result(
            severity=severity["en"],
            focus=str(focus),
            focus_label=_pick(labels, lang) if labels else "",
            path=_compact(shapes, report.value(node, SH.resultPath)),
            message=_pick(messages, lang),
            source_shape=_compact(shapes, source),
            value=str(report.value(node, SH.value) or ""),
        )
        results.append(result)
        nodes.append((result, node))
    results.sort(key=_order)
    return Outcome(bool(conforms), results, report), nodes


def _order(result: Result) -> tuple[bool, str, str, str]:
    return (result.severity != "Violation", result.focus, result.source_shape, result.value)


def validate(graph: Graph, store: ox.Store, project: Project, lang: str) -> Outcome:
    """SHACL over the union graph, then the SPARQL checks over the store, in one outcome."""
    from gradkg.checks import sparql_checks

    return with_checks(run(graph, load_shapes(project.shapes), None, lang), sparql_checks(store, project, lang))


def with_checks(outcome: Outcome, extra: list[Result]) -> Outcome:
    """The SHACL outcome with the SPARQL checks' results added, in its report too."""
    for result in extra:
        add_to_report(outcome.report, result)
    outcome.results = sorted(outcome.results + extra, key=_order)
    outcome.conforms = outcome.count("Violation") == 0
    return outcome


def add_to_report(report: Graph, result: Result) -> None:
    """Record a SPARQL check's result in the SHACL report too, so --format turtle shows it."""
    node = BNode()
    severity = next(k for k, v in SEVERITY_NAMES.items() if v["en"] == result.severity)
    name = result.source_shape.removeprefix("gk:")
    shape = GK_NS + name
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, URIRef(result.focus)))
    report.add((node, SH.resultSeverity, severity))
    report.add((node, SH.sourceShape, URIRef(shape)))
    report.add((node, SH.resultMessage, Literal(result.message)))
    for summary in report.subjects(RDF.type, SH.ValidationReport):
        report.add((summary, SH.result, node))
        if result.severity == "Violation":
            report.set((summary, SH.conforms, Literal(False)))


def format_text(outcome: Outcome, lang: str) -> str:
    lines = []
    for r in outcome.results:
        severity = next(v[lang] for v in SEVERITY_NAMES.values() if v["en"] == r.severity)
        label = f"{r.focus_label} " if r.focus_label else ""
        lines.append(f"{severity}  {label}<{r.focus}>")
        if r.path:
            lines.append(f"    path:    {r.path}")
        if r.value:
            lines.append(f"    value:   {r.value}")
        lines.append(f"    shape:   {r.source_shape}")
        lines.append(f"    message: {r.message}")
    violations, warnings = outcome.count("Violation"), outcome.count("Warning")
    if lang == "zh":
        verdict = "图符合全部约束" if violations == 0 else "图不符合约束"
        lines.append(f"{verdict}：{violations} 项违规，{warnings} 项警告。")
    else:
        verdict = "the graph conforms" if violations == 0 else "the graph does not conform"
        lines.append(f"{verdict}: {violations} violations, {warnings} warnings.")
    return "\n".join(lines) + "\n"


def format_json(outcome: Outcome) -> str:
    body = {
        "conforms": outcome.count("Violation") == 0,
        "violations": outcome.count("Violation"),
        "warnings": outcome.count("Warning"),
        "results": [asdict(r) for r in outcome.results],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def format_turtle(outcome: Outcome) -> str:
    return outcome.report.serialize(format="turtle")
