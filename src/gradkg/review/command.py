"""Run a review: of an edition in the built graph, or of a report file not yet in it.

A report file is drafted by ``gradkg ingest`` into a temporary copy of the project's data (the
project's ontology and queries are linked, not copied), loaded into memory with the other editions
and reviewed there: nothing is written to ``data/`` and the copy is removed afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from gradkg.engine import Engine, LocalEngine, built_store
from gradkg.errors import GradkgError
from gradkg.project import Project
from gradkg.review.charts import attach_charts
from gradkg.review.facts import read_facts
from gradkg.review.findings import Review, build_review
from gradkg.review.quotes import SourceText

DEFAULT_THRESHOLD = 50.0  # per cent: a statistic that grew by half or shrank by half


def _texts(
    project: Project, facts_sections: list[dict[str, str]], given: tuple[str, Path] | None
) -> dict[str, SourceText]:
    """Each edition's report text: the file under review, or the edition's gk:sourceFile in data/sources/."""
    files = {r["edition"]: project.data / "sources" / r["source"] for r in facts_sections if r["source"]}
    if given is not None:
        files[given[0]] = given[1]
    return {edition: SourceText(path) for edition, path in files.items()}


def review_in(
    project: Project,
    engine: Engine,
    programme: str,
    edition: str,
    lang: str,
    threshold: float = DEFAULT_THRESHOLD,
    given: tuple[str, Path] | None = None,
) -> Review:
    """The review of an edition the engine holds (the built graph, a served store, or a temporary copy)."""
    facts = read_facts(project, engine, programme, edition, lang)
    review = build_review(facts, programme, edition, lang, _texts(project, facts.sections, given), threshold)
    attach_charts(project, engine, review)
    return review


def review_edition(
    project: Project,
    build_dir: Path | None,
    programme: str,
    edition: str,
    lang: str,
    threshold: float = DEFAULT_THRESHOLD,
) -> Review:
    """An edition of the built graph; an unknown programme or edition is bad input, named."""
    known = project.programmes()
    if programme not in known:
        raise GradkgError(f"--programme {programme}: unknown programme (known: {', '.join(known) or 'none'})")
    editions = project.editions(programme)
    if edition not in editions:
        raise GradkgError(
            f"--edition {edition}: no {edition} edition of {programme} (known: {', '.join(editions) or 'none'})"
        )
    engine = LocalEngine(built_store(project, build_dir))
    return review_in(project, engine, programme, edition, lang, threshold, None)


def review_file(
    project: Project, path: Path, programme: str, edition: str, lang: str, threshold: float = DEFAULT_THRESHOLD
) -> Review:
    """A report text or PDF, drafted into a temporary copy of the project and reviewed there."""
    import pyoxigraph as ox

    from gradkg.ingest import check_arguments, ingest
    from gradkg.ingest.reading import read_report
    from gradkg.loading import load_store, project_sources

    check_arguments(project, programme, edition)
    read_report(path)  # a missing, empty or text-less file is refused before anything is copied
    with tempfile.TemporaryDirectory(prefix="gradkg-review-") as tmp:
        root = Path(tmp)
        shutil.copytree(project.data, root / "data", ignore=shutil.ignore_patterns("sources"))
        (root / "data" / "sources").symlink_to(project.data / "sources")
        for linked in ("ontology", "queries"):
            (root / linked).symlink_to(project.root / linked)
        copy = Project(root)
        target = copy.data / programme / edition
        if target.exists():
            shutil.rmtree(target)
        ingest(copy, path, programme, edition, target, force=True)
        store: ox.Store = load_store(project_sources(copy))
        return review_in(copy, LocalEngine.of(store), programme, edition, lang, threshold, (edition, path))
