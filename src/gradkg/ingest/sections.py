"""The report's headings as sections (一, 三（七）, 三（十一）1 …), each with its paragraphs.

The national template numbers headings in three levels: 一、 then （一） then 1. A line is taken
as a heading only when it starts with the number the sequence expects next, so "1.品德素质：" in
running text, or a list item, never opens a section. Wrapped headings (the 2024 text breaks
lines every 26 characters) are followed to their end: the title stops at the first 。, and what
follows it is the section's first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gradkg.ingest.normalise import TERMINAL, Line, is_full, join, normalise_inline, source_lines, wrap_width

NUMERALS = "一二三四五六七八九"
_LEVEL1 = re.compile(r"([一二三四五六七八九十]+)、\s*(.*)")
_LEVEL2 = re.compile(r"[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)")
_LEVEL3 = re.compile(r"([0-9]{1,2})\s*[.．、]\s*(.*)")
COVER = "cover"
COVER_TITLE_MAX = 60
HEADING_MAX = 60  # a heading line is short; a long line opening with 二、 is running text
HEADING_LINES = 3  # a wrapped heading takes at most this many lines


def chinese_numeral(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十 (section numbers go no higher)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


@dataclass
class Paragraph:
    """A paragraph of a section, or one row of a table (its cells still tab-separated)."""

    line: int
    text: str
    table_row: bool = False


@dataclass
class Section:
    """One heading: ``key`` names its IRI (3-2-1), ``number`` is the report's own (三（二）1)."""

    key: str
    number: str
    title: str
    level: int
    order: int
    line: int
    parent: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs if not p.table_row)


@dataclass
class _Heading:
    level: int
    index: int
    title: str
    rest: str
    lines: int  # how many source lines the heading took


def _match(line: Line, expected: tuple[int, int, int]) -> tuple[int, int, str] | None:
    """(level, index, title-and-rest) if the line opens the heading the sequence expects next."""
    text = line.text
    if len(text) > HEADING_MAX:
        return None
    for level, pattern in ((1, _LEVEL1), (2, _LEVEL2), (3, _LEVEL3)):
        m = pattern.fullmatch(text)
        if not m:
            continue
        raw = m.group(1)
        index = int(raw) if raw.isdigit() else _numeral_value(raw)
        if index == expected[level - 1] and m.group(2):
            return level, index, m.group(2)
    return None


def _numeral_value(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + NUMERALS.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (NUMERALS.index(tens) + 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)
    return NUMERALS.index(text) + 1 if len(text) == 1 and text in NUMERALS else -1


def _heading(lines: list[Line], i: int, width: int, level: int, index: int, first: str) -> _Heading:
    """Follow a wrapped heading to its end; split off what comes after its first 。."""
    parts, used = [first], 1
    while (
        "。" not in "".join(parts)
        and used < HEADING_LINES
        and is_full(lines[i + used - 1], width)
        and i + used < len(lines)
    ):
        nxt = lines[i + used]
        if nxt.is_table_row:
            break
        parts.append(nxt.text)
        used += 1
    whole = normalise_inline("".join(parts))
    title, stop, rest = whole.partition("。")
    return _Heading(level, index, title.strip(), rest.strip() if stop else "", used)


def _paragraphs(lines: list[Line], width: int) -> list[Paragraph]:
    """Join a section's lines into paragraphs; table rows stay one paragraph each."""
    out: list[Paragraph] = []
    parts: list[str] = []
    start = 0
    for pos, line in enumerate(lines):
        if line.is_table_row:
            if parts:
                out.append(Paragraph(start, join(parts)))
                parts = []
            out.append(Paragraph(line.number, line.text.translate({0x2003: " "}), table_row=True))
            continue
        if not parts:
            start = line.number
        parts.append(line.text)
        last = pos == len(lines) - 1
        ends = line.text.rstrip().endswith(tuple(TERMINAL))
        if last or (ends and not is_full(line, width)) or (width == 0 and ends):
            out.append(Paragraph(start, join(parts)))
            parts = []
    if parts:
        out.append(Paragraph(start, join(parts)))
    return out


def split_sections(raw: str) -> list[Section]:
    """Every heading of the report, in order, with the paragraphs under it (a cover page first)."""
    lines = source_lines(raw)
    width = wrap_width(lines)
    sections: list[Section] = []
    counters = [0, 0, 0]
    keys: list[str] = ["", "", ""]
    numbers: list[str] = ["", "", ""]
    body: list[Line] = []
    current: Section | None = None
    pending_rest = ""

    def close() -> None:
        nonlocal body, pending_rest
        if current is not None:
            paragraphs = _paragraphs(body, width)
            if pending_rest:
                first = paragraphs[0] if paragraphs else None
                if first is not None and not first.table_row and first.line == current.line + 1:
                    first.text = pending_rest + first.text
                else:
                    paragraphs.insert(0, Paragraph(current.line, pending_rest))
            current.paragraphs = paragraphs
        body, pending_rest = [], ""

    i = 0
    while i < len(lines):
        line = lines[i]
        expected = (counters[0] + 1, counters[1] + 1, counters[2] + 1)
        found = None if line.is_table_row else _match(line, expected)
        if found is None:
            if current is None and not sections:
                # a cover page's first line is its title; a long one is text, the cover untitled
                short = len(line.text) <= COVER_TITLE_MAX
                title = normalise_inline(line.text) if short else "封面"
                current = Section(COVER, "封面", title, 0, 1, line.number, None)
                sections.append(current)
                if not short:
                    body.append(line)
            else:
                body.append(line)
            i += 1
            continue
        level, index, first = found
        head = _heading(lines, i, width, level, index, first)
        close()
        counters[level - 1] = index
        for deeper in range(level, 3):
            counters[deeper] = 0
        mark = chinese_numeral(index) if level < 3 else str(index)
        keys[level - 1] = str(index)
        numbers[level - 1] = {1: mark, 2: f"（{mark}）", 3: mark}[level]
        key = "-".join(keys[:level])
        parent = "-".join(keys[: level - 1]) or None
        current = Section(key, "".join(numbers[:level]), head.title, level, len(sections) + 1, line.number, parent)
        pending_rest = head.rest
        sections.append(current)
        i += head.lines
    close()
    return sections
