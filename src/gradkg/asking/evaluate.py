"""Score `gradkg ask` on a set of questions with exact answers (tests/ask_questions.toml).

A question counts as answered when it ran the expected named question (or, expected to be
unanswerable, ran none) and the distinct values of the answer column are exactly the expected ones.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from gradkg.asking.answer import Asker
from gradkg.names.fold import is_latin


@dataclass(frozen=True)
class Outcome:
    ask: str
    lang: str
    expected_query: str
    got_query: str
    expected: tuple[str, ...]
    got: tuple[str, ...]
    wrong: str  # why it is known to be wrong ("" when it is not)
    held_out: bool  # written after the tuning, to measure what the tuning has not seen

    @property
    def hit(self) -> bool:
        return self.expected_query == self.got_query and self.expected == self.got


def load_questions(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["q"]


def evaluate(asker: Asker, question: dict) -> Outcome:
    """Ask one question of the set and compare with its expected answer."""
    lang = "en" if is_latin(question["ask"]) else "zh"
    reply = asker.ask(question["ask"], lang)
    column = question.get("column", "")
    got = tuple(sorted({row.get(column, "") for row in reply.rows})) if reply.reading else ()
    return Outcome(
        ask=question["ask"],
        lang=lang,
        expected_query=question["query"],
        got_query=reply.reading.query if reply.reading else "",
        expected=tuple(sorted(set(question["answer"]))),
        got=got,
        wrong=question.get("wrong", ""),
        held_out=question.get("held_out", False),
    )


def summary(outcomes: list[Outcome]) -> str:
    """The hit rate overall and by language, as README shows it."""
    lines = []
    for lang, label in (("all", "all"), ("zh", "Chinese"), ("en", "English"), ("held", "held out")):
        chosen = [o for o in outcomes if lang == "all" or o.lang == lang or (lang == "held" and o.held_out)]
        hits = sum(o.hit for o in chosen)
        lines.append(f"{label:<8} {hits:>3}/{len(chosen):<3} answered exactly ({100 * hits / len(chosen):.1f}%)")
    return "\n".join(lines) + "\n"
