"""Undo what PDF extraction does to a report's text, keeping its words exactly.

Extraction breaks lines every few characters (the 2024 text) or at page ends (the 2023 text),
puts spaces beside digits ("13 号", "48.29 %"), leaves page numbers on lines of their own and
mixes look-alike characters (Ⅳ for IV). Only those artefacts are undone; every other character
is kept, so a drafted fact quotes the report as written.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

# Look-alike characters (DESIGN.md §1): Roman numerals as single code points become ASCII letters.
LOOKALIKES = str.maketrans(
    {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI", "Ⅶ": "VII", "Ⅷ": "VIII", "Ⅸ": "IX", "Ⅹ": "X"}
)
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·《》〔〕"
_SPACE_BESIDE_DIGIT = re.compile(rf"(?<=[0-9%])[ \u00a0]+(?=[{_CJK}%])|(?<=[{_CJK}])[ \u00a0]+(?=[0-9])")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \u00a0]+(?=[{_CJK}])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NULs and escapes extraction leaves; tabs stay
_PAGE_NUMBER = re.compile(r"[-—\s]*(?:第\s*)?[0-9]{1,3}(?:\s*页)?[-—\s]*|[-—]\s*[0-9]{1,3}\s*[-—]")
TERMINAL = "。！？；：”」）)"


def clean_spaces(text: str) -> str:
    """Drop the spaces extraction put beside digits and between Chinese characters; keep others."""
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACE_BESIDE_DIGIT.sub("", text)


def normalise_inline(text: str) -> str:
    """A piece of running text as gradkg quotes it: look-alikes mapped, extraction spaces removed."""
    return clean_spaces(text.translate(LOOKALIKES)).strip()


@dataclass(frozen=True)
class Line:
    """One non-empty line of the extracted text, with its 1-based line number in the file."""

    number: int
    text: str

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


def source_lines(raw: str) -> list[Line]:
    """The file's non-empty lines without page numbers; leading spaces (page breaks) stripped."""
    lines = []
    raw = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    for number, text in enumerate(raw.split("\n"), start=1):
        stripped = text.strip(" \u3000\u00a0\f")
        if not stripped.strip() or _PAGE_NUMBER.fullmatch(stripped):
            continue
        lines.append(Line(number, stripped.rstrip()))
    return lines


def wrap_width(lines: list[Line]) -> int:
    """The width the extraction wrapped prose at (0 when lines are whole paragraphs)."""
    lengths = [len(line.text) for line in lines if not line.is_table_row]
    if len(lengths) < 10:
        return 0
    typical = int(statistics.quantiles(lengths, n=10)[7])  # the 80th percentile: full lines
    return typical if 15 <= typical <= 60 else 0


def is_full(line: Line, width: int) -> bool:
    """Whether a line ran to the wrap width, so the paragraph goes on in the next line."""
    return width > 0 and len(line.text) >= width - 3


def join(parts: list[str]) -> str:
    """Lines of one paragraph as one string, the extraction's spaces removed."""
    return normalise_inline("".join(parts))
