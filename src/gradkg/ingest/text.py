"""Sentences of a section's text: the provenance quoted beside every drafted fact."""

from __future__ import annotations

import re

_END = re.compile(r"[。！？；]")


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence of ``text`` that holds the characters from ``start`` (to ``end``)."""
    end = start if end is None else end
    head = max((m.end() for m in _END.finditer(text, 0, start)), default=0)
    tail = _END.search(text, end)
    return text[head : tail.end() if tail else len(text)].strip()


def clause_at(text: str, start: int, end: int) -> str:
    """The clause (between commas or stops) that holds ``start:end``."""
    breaks = re.compile(r"[，。；！？,]")
    head = max((m.end() for m in breaks.finditer(text, 0, start)), default=0)
    tail = breaks.search(text, end)
    return text[head : tail.start() if tail else len(text)].strip()
