"""Match a typed name against every label of a set of resources, from strictest to loosest.

Order: the folded name (width, case, brackets, quotes, spaces), Pinyin (any order of words), then a
prefix and then a substring of a label. A loose match that names one resource is used and said;
one that names several lists them instead of guessing. Nothing found: the closest labels
(rapidfuzz) become the hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gradkg.names.fold import bare, fold, is_latin
from gradkg.names.pinyin import label_key, typed_keys

MIN_PARTIAL = 2  # a prefix or substring shorter than this (one character) matches too much to mean anything
MAX_LISTED = 12


@dataclass(frozen=True)
class Entry:
    resource: str
    label: str
    folded: str
    bare: str


@dataclass
class Match:
    """What a name matched: how, which resources, and the label each was matched by."""

    how: str  # exact, folded, pinyin, prefix, substring, or none
    resources: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    closest: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.how in ("prefix", "substring") and len(self.resources) > 1


class NameIndex:
    """The labels of some resources, folded once, to match typed names against."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.entries = [Entry(r, label, fold(label), bare(label)) for r, label in pairs]
        self._pinyin: dict[str, str | None] | None = None  # label → key, made on the first Latin name

    def pinyin(self, entry: Entry) -> str | None:
        if self._pinyin is None:
            self._pinyin = {e.label: label_key(e.label) for e in self.entries}
        return self._pinyin[entry.label]

    def _found(self, how: str, entries: list[Entry]) -> Match:
        labels: dict[str, str] = {}
        for entry in sorted(entries, key=lambda e: (len(e.label), e.label)):
            labels.setdefault(entry.resource, entry.label)
        return Match(how, sorted(labels, key=lambda r: (len(labels[r]), labels[r])), labels)

    def match(self, value: str) -> Match:
        """The resources a typed name stands for, by the strictest rule that finds any."""
        key, loose = fold(value), bare(value)
        if not loose:
            return Match("none")
        for how, hit in (
            ("folded", lambda e: e.folded == key or e.bare == loose),
            ("pinyin", self._pinyin_rule(value)),
            ("prefix", lambda e: len(loose) >= MIN_PARTIAL and e.bare.startswith(loose)),
            ("substring", lambda e: len(loose) >= MIN_PARTIAL and loose in e.bare),
        ):
            if hit is None:
                continue
            found = [e for e in self.entries if hit(e)]
            if found:
                return self._found(how, found)
        return Match("none", closest=self.closest(value))

    def _pinyin_rule(self, value: str) -> Callable[[Entry], bool] | None:
        if not is_latin(value):
            return None
        keys = typed_keys(value)
        return lambda e: self.pinyin(e) in keys

    def closest(self, value: str, limit: int = 5) -> list[str]:
        """The labels most like the value, for a "did you mean" hint."""
        choices = {e.bare: e.label for e in self.entries}
        from rapidfuzz import fuzz, process  # only when a name matched nothing: 0.02 s off every query

        found = process.extract(bare(value), list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [choices[text] for text, _, _ in found]
