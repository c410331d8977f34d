"""The answers a build keeps: the questions marked ``#+ kept: build``, answered over the new store.

The cross-programme questions without parameters (``programmes``, ``shared-lecturers``,
``possible-same-person``) read thousands of facts from the on-disk store at their first ask: 0.1-0.2 s
at 100 programmes on top of the command's start. The build answers them once over the store it has
just committed, in a second thread while the first writes the dumps (the store's evaluation releases
the GIL), and keeps each answer where ``gradkg query`` looks first (gradkg.answers), whether the
build is queried on disk or, small, in memory (gradkg.engine reads a kept answer before it loads
anything).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from gradkg.answers import AnswerFiles
from gradkg.querylib import KEPT_WAYS, NamedQuery, list_queries


def kept_questions(queries: Path) -> dict[str, list[NamedQuery]]:
    """The library's questions (and its lookups in ``lib/``) by how they are kept: ``#+ kept: WAY``."""
    found = list_queries(queries) + (list_queries(queries / "lib") if (queries / "lib").is_dir() else [])
    return {way: [q for q in found if q.kept == way] for way in KEPT_WAYS}


def keep_answers(
    generation: Path, answers: AnswerFiles, questions: list[NamedQuery], assembled: Iterable[tuple[str, bytes]] = ()
) -> None:
    """Keep the answers already ``assembled`` (text, SPARQL JSON results: gradkg.build.per_programme),
    then answer each question over the generation (read-only) and keep the answer; a question the
    store cannot parse is left to its first ask, which reports it."""
    for text, body in assembled:
        answers.keep(text, body)
    store = ox.Store.read_only(str(generation))
    for question in questions:
        with contextlib.suppress(SyntaxError):
            answers.answer(store, question.text)
