"""``gradkg build``: load every edition, validate, and write the outputs under build/.

The store (``build/store``, gradkg.store) is what every other command opens; ``gradkg.nq`` and
``gradkg.trig`` are the same data as files to download or load elsewhere. They are written only
when the graph conforms (the validation report always), each atomically, so a failed build leaves
the previous outputs untouched. Validation goes edition by edition with a cache
(gradkg.validation.editions), so a build after changing one edition validates only that one.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from gradkg.atomic import write_bytes
from gradkg.build.derive import derive, derived_graph
from gradkg.build.summary import BuildSummary, format_summary
from gradkg.layout import check_layout, selected_programmes
from gradkg.loading import load_store, project_sources
from gradkg.project import NQUADS_FILE, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph, programme_graph
from gradkg.store import write_store
from gradkg.validation import DEFAULT_ENGINE, format_turtle
from gradkg.validation.editions import validate_project

REPORT_FILE = "validation-report.ttl"
TRIG_FILE = "gradkg.trig"
CACHE_DIR = Path("cache") / "validation"

__all__ = ["BuildSummary", "build", "derived_graph", "format_summary"]


def _count(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def build(
    project: Project,
    out_dir: Path,
    lang: str = "en",
    programmes: list[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> BuildSummary:
    check_layout(project)
    chosen = selected_programmes(project, programmes)
    sources = project_sources(project, chosen)
    store = load_store(sources)
    checked = validate_project(project, chosen, store, sources, lang, engine, out_dir / CACHE_DIR)
    triples = {}
    for programme in chosen:
        triples[programme] = _count(store, programme_graph(programme))
        for edition in project.editions(programme):
            triples[f"{programme} {edition}"] = _count(store, edition_graph(programme, edition))
    triples["reference"] = _count(store, REFERENCE_GRAPH)
    triples["ontology"] = _count(store, ONTOLOGY_GRAPH)
    if not checked.outcome.count("Violation"):
        for folder, count in derive(project, store).items():
            triples[f"derived {folder}"] = count
    summary = BuildSummary(triples, checked.outcome, checked.validated, checked.cached)
    report_path = out_dir / REPORT_FILE
    write_bytes(report_path, format_turtle(checked.outcome).encode("utf-8"))
    summary.written.append(report_path)
    if checked.outcome.count("Violation"):
        return summary
    nquads = store.dump(format=ox.RdfFormat.N_QUADS)
    summary.written.append(write_store(nquads, out_dir))
    for path, data in ((out_dir / NQUADS_FILE, nquads), (out_dir / TRIG_FILE, store.dump(format=ox.RdfFormat.TRIG))):
        write_bytes(path, data)
        summary.written.append(path)
    return summary
