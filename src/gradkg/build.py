"""``gradkg build``: load every edition, validate, and write the outputs under build/.

Outputs are written only when the graph conforms (the validation report always), each file
atomically, so a failed build leaves the previous outputs untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from gradkg.atomic import write_bytes
from gradkg.layout import check_layout, selected_programmes
from gradkg.loading import load_store, project_sources, union_graph
from gradkg.project import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STORE_FILE, Project, edition_graph, programme_graph
from gradkg.validation import Outcome, format_turtle, validate

REPORT_FILE = "validation-report.ttl"
TRIG_FILE = "gradkg.trig"


@dataclass
class BuildSummary:
    triples: dict[str, int]
    outcome: Outcome
    written: list[Path] = field(default_factory=list)


def _count(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def build(project: Project, out_dir: Path, lang: str = "en", programmes: list[str] | None = None) -> BuildSummary:
    check_layout(project)
    chosen = selected_programmes(project, programmes)
    store = load_store(project_sources(project, chosen))
    outcome = validate(union_graph(store), store, project, lang)
    triples = {}
    for programme in chosen:
        triples[programme] = _count(store, programme_graph(programme))
        for edition in project.editions(programme):
            triples[f"{programme} {edition}"] = _count(store, edition_graph(programme, edition))
    triples["reference"] = _count(store, REFERENCE_GRAPH)
    triples["ontology"] = _count(store, ONTOLOGY_GRAPH)
    summary = BuildSummary(triples, outcome)
    report_path = out_dir / REPORT_FILE
    write_bytes(report_path, format_turtle(outcome).encode("utf-8"))
    summary.written.append(report_path)
    if outcome.count("Violation"):
        return summary
    for name, fmt in ((STORE_FILE, ox.RdfFormat.N_QUADS), (TRIG_FILE, ox.RdfFormat.TRIG)):
        path = out_dir / name
        write_bytes(path, store.dump(format=fmt))
        summary.written.append(path)
    return summary


def format_summary(summary: BuildSummary, root: Path) -> str:
    lines = ["gradkg build"]
    for name, count in summary.triples.items():
        lines.append(f"  {name + ':':<18} {count:>7} triples")
    violations, warnings = summary.outcome.count("Violation"), summary.outcome.count("Warning")
    verdict = "conforms" if violations == 0 else "DOES NOT CONFORM"
    lines.append(f"  {'validation:':<18} {verdict} ({violations} violations, {warnings} warnings)")
    for path in summary.written:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        lines.append(f"  {'wrote:':<18} {shown}")
    if violations:
        lines.append("  run `gradkg validate` to see which resource breaks which rule; the store was not written")
    return "\n".join(lines) + "\n"
