"""``gradkg build``: read every graph, validate, and write the outputs under build/.

The store (``build/store``, gradkg.store) is what every other command opens; ``gradkg.nq`` and
``gradkg.trig`` are the same data as files to download or load elsewhere. They are written only
when the graph conforms (the validation report always), each atomically, so a failed build leaves
the previous outputs untouched.

A build does only what changed since the last one. Each named graph is parsed only when its files
change (gradkg.inputs keeps every graph's chunks and facts under its digest); each edition is
validated only when it or what it depends on changes (gradkg.validation.editions); the new store is
a hard-linked copy of the current one with the changed graphs replaced (a whole new store when
there is none, or when most of the data changed); and the dumps are the graphs' chunks joined.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from gradkg import __version__
from gradkg.answers import AnswerFiles, answers_folder
from gradkg.atomic import write_bytes, write_joined
from gradkg.build.derive import derive_chunks, derived_graph, place_derived
from gradkg.build.kept import keep_answers, kept_questions
from gradkg.build.per_programme import assembled_answers
from gradkg.build.summary import BuildSummary, format_summary
from gradkg.inputs import GraphCache, Graphs, read_graphs
from gradkg.layout import check_layout, selected_programmes
from gradkg.loading import project_sources
from gradkg.project import NQUADS_FILE, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph, programme_graph
from gradkg.store import Generation, building, current_manifest
from gradkg.validation import DEFAULT_ENGINE, format_turtle
from gradkg.validation.editions import validate_editions, with_programme_checks

REPORT_FILE = "validation-report.ttl"
TRIG_FILE = "gradkg.trig"
CACHE_DIR = Path("cache") / "validation"
GRAPHS_DIR = Path("cache") / "graphs"
_FORMAT = 2  # of the store's manifest: a store written otherwise is rebuilt whole
WHOLE = "written whole"
_WHOLE_SHARE = 0.5  # above this share of changed triples, a new store is quicker than replacing graphs

__all__ = ["BuildSummary", "build", "derived_graph", "format_summary"]


def _manifest(graphs: Graphs) -> dict[str, object]:
    return {"format": _FORMAT, "gradkg": __version__, "pyoxigraph": ox.__version__, "graphs": graphs.digests}


def _reusable(out_dir: Path, graphs: Graphs) -> tuple[Path, dict] | None:
    """The current generation and its manifest, if this build can copy it (the same gradkg, pyoxigraph, format)."""
    current = current_manifest(out_dir)
    if current is None:
        return None
    expected = _manifest(graphs)
    manifest = current[1]
    if any(manifest.get(key) != expected[key] for key in ("format", "gradkg", "pyoxigraph")):
        return None
    return current if isinstance(manifest.get("graphs"), dict) else None


def _new_generation(
    out_dir: Path, graphs: Graphs, cache: GraphCache, current: tuple[Path, dict] | None, derived: list[Path]
) -> tuple[Generation, str]:
    """The next store, and how it was made: written whole, or ``current`` copied with the changed graphs replaced.

    Written whole, the ``derived`` chunks are bulk-loaded with the stated graphs (one load instead of
    a hundred transactions: 5 s less at 100 programmes); a copy gets them from ``place_derived``."""
    digests = graphs.digests
    if current is not None:
        base, before = current[0], current[1]["graphs"]
        stale = [g for g in before if digests.get(g) != before[g]]
        changed = [g for g in digests if before.get(g) != digests[g]]
        total = sum(f.triples for f in graphs.facts.values())
        if sum(graphs.facts[g].triples for g in changed) <= _WHOLE_SHARE * total:
            generation = Generation(out_dir, base=base)
            try:
                for graph in stale:
                    generation.store.remove_graph(ox.NamedNode(graph))
                for graph in changed:
                    generation.store.load(path=str(cache.nquads(graphs.inputs[graph])), format=ox.RdfFormat.N_QUADS)
            except BaseException:
                generation.discard()
                raise
            replaced = len(set(stale) | set(changed))
            return generation, f"a copy of the last one, {replaced} graph{'' if replaced == 1 else 's'} replaced"
    generation = Generation(out_dir)
    try:
        with cache.joined_nquads(list(graphs.inputs.values()), derived) as stream:
            generation.store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
    except BaseException:
        generation.discard()
        raise
    return generation, WHOLE


def _triples(project: Project, chosen: list[str], graphs: Graphs) -> dict[str, int]:
    def count(graph: str) -> int:
        return graphs.facts[graph].triples if graph in graphs.facts else 0

    triples = {}
    for programme in chosen:
        triples[programme] = count(programme_graph(programme))
        for edition in project.editions(programme):
            triples[f"{programme} {edition}"] = count(edition_graph(programme, edition))
    triples["reference"] = count(REFERENCE_GRAPH)
    triples["ontology"] = count(ONTOLOGY_GRAPH)
    return triples


def build(
    project: Project,
    out_dir: Path,
    lang: str = "en",
    programmes: list[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> BuildSummary:
    check_layout(project)
    kept_ways = kept_questions(project.queries)  # a malformed question is reported before anything is built
    chosen = selected_programmes(project, programmes)
    sources = project_sources(project, chosen)
    with building(out_dir):
        cache = GraphCache(out_dir / GRAPHS_DIR)
        graphs = read_graphs(sources, project.root, cache)
        checked = validate_editions(project, chosen, graphs, lang, engine, out_dir / CACHE_DIR)
        generation, made, current = None, "", None
        if not checked.outcome.count("Violation"):  # opened only now: the pools fork without it
            made_chunks = derive_chunks(project, graphs, cache, kept_ways["per-programme"])
            current = _reusable(out_dir, graphs)
            generation, made = _new_generation(out_dir, graphs, cache, current, made_chunks.files(cache))
        try:
            derived = None
            if generation is not None:
                held = current[1].get("derived") if current is not None and made != WHOLE else None
                held = held if isinstance(held, dict) else None
                derived = place_derived(generation.store, made_chunks, cache, held, loaded=made == WHOLE)
                checked = with_programme_checks(checked, generation.store, project, lang, sources)
            triples = _triples(project, chosen, graphs)
            parsed, count = len(graphs.parsed), len(graphs.inputs)
            summary = BuildSummary(triples, checked.outcome, checked.validated, checked.cached, parsed, count)
            report_path = out_dir / REPORT_FILE
            write_bytes(report_path, format_turtle(checked.outcome).encode("utf-8"))
            summary.written.append(report_path)
            if generation is None or derived is None or checked.outcome.count("Violation"):
                return summary
            summary.triples.update({f"derived {folder}": n for folder, n in derived.triples.items()})
            committing, generation = generation, None  # from here on the generation is the store's
            manifest = {**_manifest(graphs), "derived": derived.manifest()}
            summary.written.append(committing.commit(manifest, optimize=made == WHOLE))
            kept = AnswerFiles(answers_folder(out_dir, committing.path))
            if checked.consistency is not None:  # the first ask reads it back (gradkg.validation.answer)
                kept.keep(checked.consistency.text, checked.consistency.results_json())
            summary.store = made if made == WHOLE else f"{made}, {derived.how()}"
        finally:
            if generation is not None:
                generation.discard()
        items = list(graphs.inputs.values())
        nquads = [cache.nquads(item) for item in items] + derived.nquads(cache)
        assembled = assembled_answers(kept_ways["per-programme"], made_chunks.answers(cache))  # read in the thread
        with ThreadPoolExecutor(max_workers=1) as beside:  # answers kept while the dumps are written
            keeping = beside.submit(keep_answers, committing.path, kept, kept_ways["build"], assembled)
            write_joined(out_dir / NQUADS_FILE, nquads)
            write_joined(out_dir / TRIG_FILE, [cache.trig(item) for item in items] + derived.trig(cache))
            keeping.result()
        summary.written += [out_dir / NQUADS_FILE, out_dir / TRIG_FILE]
        cache.keep_only(set(graphs.digests.values()) | derived.keys())
    return summary
