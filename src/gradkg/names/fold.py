"""Fold a name to the form people's typing varies around: width, case, brackets, quotes, spaces.

Two keys: ``fold`` keeps brackets (as ASCII parentheses) so that ``IV (科研规范…)`` stays readable;
``bare`` also drops brackets, quotes and punctuation, so that ``浙大医学院发[2021]24号``,
``浙大医学院发〔2021〕24号`` and ``浙大医学院发 2021 24号`` are one key, and so are titles with or
without 《》.
"""

from __future__ import annotations

import re
import unicodedata

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")"})
_QUOTES = re.compile(r"[《》〈〉「」『』“”‘’\"'`]")
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w%.]+")


def fold(text: str) -> str:
    """NFKC (full width, Ⅳ → IV), case-folded, brackets as ( ), no quotes or 《》, no white space."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _SPACE.sub("", _QUOTES.sub("", text)).casefold()


def bare(text: str) -> str:
    """``fold`` without brackets or punctuation: the key document numbers and titles match on."""
    return _NOT_WORD.sub("", fold(text)).replace("_", "")


def words(text: str) -> list[str]:
    """Lower-case words of a Latin-script text (for English labels and Pinyin)."""
    return [w for w in re.split(r"[^0-9a-z]+", unicodedata.normalize("NFKC", text).casefold()) if w]


def is_latin(text: str) -> bool:
    """True when the text has letters and every one of them is Latin (English or Pinyin)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)
