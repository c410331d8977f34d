"""Answer a question in words: read it, run the best reading, and say which question ran with which parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gradkg.asking.guard import check_question
from gradkg.asking.intents import Intent, load_intents
from gradkg.asking.interpret import UNSURE_MARGIN, Reading, interpret
from gradkg.asking.lexicon import Lexicon
from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.named import as_rows, run_named
from gradkg.params import Resolver
from gradkg.project import Project
from gradkg.querylib import find_query

_SUMMARY_SPLIT = re.compile(r"\s*/\s+(?=[A-Za-z])")  # "中文 / English" (some summaries have no space before /)
PROGRAMME_BASE = "https://w3id.org/gradkg/id/programme/"
MAX_CANDIDATES = 4


@dataclass
class Reply:
    """What `ask` says: the reading it ran (or none), its answer, notes, and other readings."""

    question: str
    reading: Reading | None
    summary: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    candidates: list[Reading] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (query, example question) when not answered


class Asker:
    """The lexicon, intents and resolver of one graph, built once and reused for many questions."""

    def __init__(self, project: Project, engine: Engine) -> None:
        self.project = project
        self.engine = engine
        self.lexicon = Lexicon(engine, project.queries)
        self.intents: list[Intent] = load_intents(project.queries)
        self.known_years = Resolver(engine, project.queries).known_years()
        queries = [find_query(project.queries, i.query) for i in self.intents]
        self.dimensions = {q.name: {prop: param for param, prop in q.dimensions} for q in queries}

    def ask(self, text: str, lang: str = "zh", programme: str | None = None) -> Reply:
        """Read the question and run its best reading; bad input raises GradkgError."""
        question = check_question(text)
        readings = interpret(question, self.lexicon, self.intents, self.known_years, self.dimensions)
        if not readings:
            examples = [(i.query, i.example[0 if lang == "zh" else -1]) for i in self.intents if i.example]
            return Reply(question, None, examples=examples)
        best = readings[0]
        close = [r for r in readings[1:] if best.score - r.score < UNSURE_MARGIN][: MAX_CANDIDATES - 1]
        query = find_query(self.project.queries, best.query)
        given = dict(best.given)
        if programme is not None and any(p.name == "programme" for p in query.params):
            if programme not in self.project.programmes():
                raise GradkgError(
                    f"--programme {programme}: no such programme (known: {', '.join(self.project.programmes())})"
                )
            given["programme"] = PROGRAMME_BASE + programme
            best.shown["programme"] = programme
        answer = run_named(self.project, self.engine, query, given)
        rows = as_rows(answer.solutions)
        head = [v.value for v in answer.solutions.variables] if rows == [] else list(rows[0])
        summary = _SUMMARY_SPLIT.split(query.summary, maxsplit=1)[0 if lang == "zh" else -1].strip()
        return Reply(question, best, summary, head, rows, [*best.notes, *answer.hints], close)
