"""``gradkg ingest``: a report's text in, a reviewable draft edition out.

The steps, one module each: reading (text or PDF), normalise and sections (the headings),
programme (carried over), documents, statistics and consistency (learnt from the known
editions), courses, rules, named (known names), leftovers (every number not drafted), then writer
and review. ``draft_edition`` does all but the writing, so the evaluation can score a draft
without touching the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gradkg.errors import GradkgError
from gradkg.ingest.model import Draft
from gradkg.project import EDITION_YEAR, PROGRAMME_ID, Project


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    written: list[Path]
    leftovers: int


def check_arguments(project: Project, programme: str, edition: str) -> None:
    """A programme must already have its programme.ttl; an edition is a four-digit year."""
    if not EDITION_YEAR.fullmatch(edition):
        raise GradkgError(f"--edition {edition}: an edition is a four-digit year, such as 2025")
    if not PROGRAMME_ID.fullmatch(programme):
        raise GradkgError(f"--programme {programme}: a programme id is lower-case letters, digits and hyphens")
    if not project.programme_file(programme).is_file():
        raise GradkgError(
            f"--programme {programme}: no {project.programme_file(programme)}; write the programme's "
            "programme.ttl first (README, Adding to gradkg: a programme)"
        )


def draft_edition(
    project: Project,
    text: str,
    programme: str,
    edition: str,
    source_name: str,
    known: list | None = None,
    hide: frozenset = frozenset(),
) -> tuple[Draft, int]:
    """Everything drafted from ``text``, from what the project knows (or the ``known`` editions given,
    with the reference terms in ``hide`` left out)."""
    from gradkg.ingest.consistency import draft_checks
    from gradkg.ingest.courses import draft_courses
    from gradkg.ingest.documents import draft_documents
    from gradkg.ingest.indicators import draft_named_statistics
    from gradkg.ingest.knowledge import known_editions, load_knowledge
    from gradkg.ingest.leftovers import list_leftovers
    from gradkg.ingest.named import draft_named
    from gradkg.ingest.parts import draft_missing_parts
    from gradkg.ingest.programme import carry_programme
    from gradkg.ingest.report import draft_report
    from gradkg.ingest.rules import draft_rules
    from gradkg.ingest.sections import split_sections
    from gradkg.ingest.statistics import draft_statistics

    editions = known if known is not None else known_editions(project, programme, edition)
    knowledge = load_knowledge(project, programme, editions, hide)
    sections = split_sections(text)
    draft = Draft(programme, edition)
    draft_report(knowledge, sections, draft, source_name)
    carry_programme(knowledge, draft)
    draft_documents(knowledge, sections, draft)
    draft_statistics(knowledge, sections, draft)
    draft_missing_parts(knowledge, sections, draft)
    draft_checks(knowledge, draft, sections)
    draft_courses(knowledge, sections, draft)
    draft_rules(knowledge, sections, draft)
    draft_named(knowledge, sections, draft)
    draft_named_statistics(knowledge, sections, draft)
    leftovers = list_leftovers(sections, draft)
    return draft, leftovers


def ingest(project: Project, path: Path, programme: str, edition: str, out: Path | None, force: bool) -> Outcome:
    """Draft an edition from a report file and write it with its review files."""
    from gradkg.ingest.reading import read_report
    from gradkg.ingest.review import review_csv, review_markdown
    from gradkg.ingest.writer import write_draft

    check_arguments(project, programme, edition)
    text = read_report(path)
    target = out if out is not None else project.data / programme / edition
    if target.exists() and target.is_dir() and any(target.iterdir()) and not force:
        raise GradkgError(f"{target}: already holds an edition; give --force to replace it")
    draft, leftovers = draft_edition(project, text, programme, edition, path.name)
    review = {"review.md": review_markdown(draft, path.name), "review.csv": review_csv(draft)}
    written = write_draft(draft, target, force, path.name, review)
    return Outcome(draft, written, leftovers)
