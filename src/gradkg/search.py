"""Search every resource by any part of any of its names (``gradkg search``, the server's /search).

Names are folded as gradkg.names folds them (width, case, brackets, quotes, spaces), so a part of a
title, a document number in any bracket style or a name in Pinyin finds the resource; each hit says
its type, its programme and the editions that state it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.names.fold import bare, is_latin
from gradkg.names.pinyin import label_key, typed_keys
from gradkg.querylib import parse_query_file

MAX_HITS = 50
MAX_TERM = 200
_SKIPPED_TYPES = {
    "http://www.w3.org/2004/02/skos/core#Concept"
}  # every controlled value is one; its scheme type says more


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class Hit:
    """One resource that a term finds, with what a person needs to tell it from the others."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language ("zh", "en", "") → a preferred name
    matched: str = ""
    types: set[str] = field(default_factory=set)
    programmes: set[str] = field(default_factory=set)
    editions: set[str] = field(default_factory=set)

    def shown_types(self) -> list[str]:
        """The types, without Concept when a more telling one is there (every controlled value is a Concept)."""
        return sorted(self.types - {"Concept"} or self.types)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("zh") or self.labels.get("en") or self.labels.get("", "")

    def as_dict(self, lang: str) -> dict:
        return {
            "iri": self.iri,
            "label": self.label(lang),
            "matched": self.matched,
            "types": self.shown_types(),
            "programmes": sorted(self.programmes),
            "editions": sorted(self.editions),
        }


class SearchIndex:
    """Every name in the graph, folded once."""

    def __init__(self, engine: Engine, queries: Path) -> None:
        self.hits: dict[str, Hit] = {}
        self.names: list[tuple[str, str, str, str | None]] = []  # (iri, label, bare form, Pinyin)
        for row in engine.rows(parse_query_file(queries / "lib" / "search-index.rq").text):
            iri = row["resource"].value
            hit = self.hits.setdefault(iri, Hit(iri))
            label = row["label"]
            hit.labels.setdefault(getattr(label, "language", "") or "", label.value)
            if "class" in row:
                hit.types.add(_local(row["class"].value))
            if "edition" in row:
                hit.editions.add(row["edition"].value)
                hit.programmes.add(_local(row["programme"].value))
            self.names.append((iri, label.value, bare(label.value), label_key(label.value)))
        self.names = list(dict.fromkeys(self.names))

    def search(self, term: str, limit: int = MAX_HITS) -> list[Hit]:
        """Resources any of whose names contains the term (folded), or whose name is the term in Pinyin; exact first."""
        key = bare(term)
        if not key:
            return []
        typed = typed_keys(term) if is_latin(term) else set()
        found: dict[str, tuple[int, int, str]] = {}
        for iri, label, folded, pinyin in self.names:
            if key in folded or (pinyin is not None and pinyin in typed):
                rank = (0 if folded == key or pinyin in typed else 1, len(label), label)
                if iri not in found or rank < found[iri]:
                    found[iri] = rank
        ordered = sorted(found, key=lambda i: (found[i], i))[:limit]
        return [replace(self.hits[iri], matched=found[iri][2]) for iri in ordered]


def check_term(term: str) -> str:
    """The term trimmed, or a GradkgError: empty, too long, or holding control characters."""
    for position, ch in enumerate(term):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            raise GradkgError(f"the search term contains a control character (U+{ord(ch):04X} at position {position})")
    term = " ".join(term.split())
    if not bare(term):
        raise GradkgError("the search term is empty (or only punctuation): give part of a name, e.g. 血液病")
    if len(term) > MAX_TERM:
        raise GradkgError(f"the search term is {len(term)} characters long; gradkg searches for at most {MAX_TERM}")
    return term
