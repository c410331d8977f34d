"""Sentences of a section's text: the provenance quoted beside every drafted fact."""

from __future__ import annotations

import re

_END = re.compile(r"[。！？；]")
REACH = 200  # a sentence longer than this either side is cut, marked with …, so a text without stops stays fast


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends (after its stop), at most REACH characters on."""
    tail = _END.search(text, pos, pos + REACH)
    return tail.end() if tail else min(len(text), pos + REACH)


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence of ``text`` that holds the characters from ``start`` (to ``end``)."""
    end = start if end is None else end
    low = max(0, start - REACH)
    heads = [m.end() for m in _END.finditer(text, low, start)]
    head = heads[-1] if heads else low
    tail = _END.search(text, end, end + REACH)
    stop = tail.end() if tail else min(len(text), end + REACH)
    cut_head = "…" if not heads and low > 0 else ""
    cut_tail = "…" if not tail and stop < len(text) else ""
    return cut_head + text[head:stop].strip() + cut_tail
