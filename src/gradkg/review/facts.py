"""What the graph says about a programme's editions, read once through the review's queries.

Every query lives in ``queries/review/``; the programme (and edition, language) are bound as a
VALUES block. The rows are plain strings, as ``gradkg.named.as_rows`` gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.named import as_rows
from gradkg.params import year_term
from gradkg.project import Project, programme_iri
from gradkg.querylib import bind_values, parse_query_file

Rows = list[dict[str, str]]


@dataclass
class Facts:
    """The answers a review is built from, for one programme (every edition) and one edition."""

    sections: Rows
    observations: Rows
    documents: Rows
    courses: Rows
    rules: Rows
    notes: Rows
    consistency: Rows


def _ask(project: Project, engine: Engine, name: str, values: dict[str, list[str]]) -> Rows:
    path = project.queries / name if name.endswith(".rq") else project.queries / "review" / f"{name}.rq"
    return as_rows(engine.solutions(bind_values(parse_query_file(path).text, values)))


def read_facts(project: Project, engine: Engine, programme: str, edition: str, lang: str) -> Facts:
    """Every answer the review needs; the consistency rows are kept to this programme."""
    of = {"programme": [f"<{programme_iri(programme)}>"]}
    notes = {**of, "edition": [year_term(edition)], "lang": [str(ox.Literal(lang))]}
    consistency = [r for r in _ask(project, engine, "consistency.rq", {}) if r["programme"] == programme]
    return Facts(
        sections=_ask(project, engine, "sections", of),
        observations=_ask(project, engine, "observations", of),
        documents=_ask(project, engine, "documents", of),
        courses=_ask(project, engine, "courses", of),
        rules=_ask(project, engine, "rules", of),
        notes=_ask(project, engine, "notes", notes),
        consistency=consistency,
    )
