"""Print answers in the language asked for: a Chinese name becomes the English name of what it names.

The questions select Chinese names (the reports' own words); with ``--lang en`` each cell that is
exactly the Chinese preferred name of a resource is shown by that resource's English name. A name
shared by resources with different English names, and text that names nothing (a rule's wording,
a heading), stay as the reports wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gradkg.engine import Engine
from gradkg.querylib import parse_query_file


class Translator:
    """Chinese preferred names → English preferred names, read from the graph once."""

    def __init__(self, engine: Engine, queries: Path) -> None:
        found: dict[str, set[str]] = {}
        for row in engine.rows(parse_query_file(queries / "lib" / "label-pairs.rq").text):
            found.setdefault(row["zh"].value, set()).add(row["en"].value)
        self.english = {zh: next(iter(en)) for zh, en in found.items() if len(en) == 1}

    def cell(self, text: str, lang: str) -> str:
        """The text in ``lang``: unchanged for Chinese or when no single English name exists."""
        if lang != "en":
            return text
        if text in self.english:
            return self.english[text]
        parts = text.split("; ")  # names joined by the questions' GROUP_CONCAT
        return "; ".join(self.english.get(p, p) for p in parts) if len(parts) > 1 else text

    def rows(self, rows: Sequence[Sequence[str]], lang: str) -> list[list[str]]:
        return [[self.cell(c, lang) for c in row] for row in rows]
