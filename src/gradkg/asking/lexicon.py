"""The names a question can mention, read from the graph, and where a question mentions them.

Chinese questions are segmented by jieba with every Chinese label of the graph as a user word, so a
course or document name comes out as one token; a label counts as mentioned when the question
contains it (folded), starts it (a token that begins a label: 血液病学 → 血液病学专题), or shares
most of its character pairs (博士学位论文…评阅 → 博士学位论文评阅). English labels count when their
words appear in order, nearly (rapidfuzz), or as a Pinyin name in either order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

import jieba
from rapidfuzz import fuzz

from gradkg.engine import Engine
from gradkg.names.fold import fold, is_latin, words
from gradkg.names.pinyin import label_key, typed_keys
from gradkg.querylib import bind_values, parse_query_file

GK = "https://w3id.org/gradkg/ontology#"
KINDS = {
    f"{GK}Course": "course",
    "https://schema.org/Person": "person",
    f"{GK}Process": "process",
    f"{GK}PolicyDocument": "document",
    f"{GK}Indicator": "indicator",
    f"{GK}CourseType": "coursetype",
    f"{GK}InstructionLanguage": "language",
    f"{GK}DegreeLevel": "level",
    f"{GK}DegreeProgramme": "programme",
    f"{GK}PlatformType": "platformtype",
}
DIMENSIONS = {f"{GK}admissionRoute": "member", f"{GK}category": "member"}
_DIGITS = re.compile(r"[0-9]+")
MIN_COVERAGE = 0.6  # share of a label's character pairs a question must contain to mention it loosely
MIN_FUZZY = 90  # rapidfuzz partial ratio for an English label written slightly differently
MIN_RUN = 5  # characters of a Chinese label a question must quote in one run to name it by that part
STOPWORDS = {"a", "an", "the", "of", "in", "for", "and", "to", "on", "by", "with", "as", "at", "or"}
STEM = 5  # English words compared by their first letters (reviewer/reviewers/review)


@dataclass(frozen=True)
class Entry:
    resource: str  # SPARQL term, <iri>
    label: str
    kind: str
    folded: str
    pinyin: str | None


@dataclass(frozen=True)
class Mention:
    """A label the question names (or nearly names), and how sure the match is (0–1)."""

    resource: str
    label: str
    kind: str
    score: float


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class Lexicon:
    """Every label of the resources a question can name, with a jieba tokenizer that knows them."""

    def __init__(self, engine: Engine, queries: Path) -> None:
        entries: list[Entry] = []
        rows = engine.rows(parse_query_file(queries / "lib" / "ask-lexicon.rq").text)
        for r in rows:
            entries.append(self._entry(str(r["resource"]), r["label"].value, KINDS[r["class"].value]))
        members = parse_query_file(queries / "lib" / "dimension-members.rq").text
        dims = {"dimension": [f"<{p}>" for p in (*DIMENSIONS, f"{GK}degreeLevel")]}
        self.levelled: set[str] = set()  # indicators observed with a degree level
        self.observed: dict[str, set[str]] = {}  # dimension member → indicators observed with it
        self.dimension: dict[str, str] = {}  # dimension member → its observation property
        for r in engine.rows(bind_values(members, dims)):
            if r["dimension"].value == f"{GK}degreeLevel":
                self.levelled.add(str(r["indicator"]))
            else:
                member = str(r["member"])
                entries.append(self._entry(member, r["label"].value, "member"))
                self.observed.setdefault(member, set()).add(str(r["indicator"]))
                self.dimension[member] = r["dimension"].value
        self.entries = list(dict.fromkeys(entries))

    @staticmethod
    def _entry(resource: str, label: str, kind: str) -> Entry:
        return Entry(resource, label, kind, fold(label), label_key(label) if kind == "person" else None)

    @cached_property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba with the graph's Chinese labels as user words (its dictionary is built once, then cached)."""
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for entry in self.entries:
            if not is_latin(entry.label) and len(entry.folded) > 1:
                tokenizer.add_word(entry.folded, freq=2000)
        return tokenizer

    def tokens(self, question: str) -> list[str]:
        """The question's words, labels kept whole."""
        return [t for t in self.tokenizer.lcut(fold(question)) if t.strip()]

    def mentions(self, question: str, ignore: set[str] = frozenset()) -> list[Mention]:
        """Every label the question mentions, best first; ``ignore`` holds words (cues) that name no resource."""
        folded = fold(question)
        loose = _DIGITS.sub("#", folded)  # a year in the question must not half-match a label by its digits
        pairs = _pairs(loose)
        tokens = [t for t in self.tokens(question) if len(t) > 1 and t not in ignore]
        spaced = " " + " ".join(words(question)) + " "
        ws = words(question)
        typed = {k for n in (2, 3) for i in range(len(ws)) for k in typed_keys(" ".join(ws[i : i + n]))}
        found: dict[tuple[str, str], Mention] = {}
        for entry in self.entries:
            score = self._score(entry, folded, loose, pairs, tokens, spaced, typed)
            key = (entry.resource, entry.kind)
            better = key not in found or (found[key].score, len(found[key].label)) < (score, len(entry.label))
            if score > 0 and better:
                found[key] = Mention(entry.resource, entry.label, entry.kind, score)
        return sorted(found.values(), key=lambda m: (-m.score, -len(m.label), m.label))

    @staticmethod
    def _score(
        entry: Entry, folded: str, loose: str, pairs: set[str], tokens: list[str], spaced: str, typed: set[str]
    ) -> float:
        if len(entry.folded) < 2:
            return 0.0
        if is_latin(entry.label):
            label_words = words(entry.label)
            if not label_words:
                return 0.0
            if f" {' '.join(label_words)} " in spaced:
                return 1.0
            stems = {w[:STEM] for w in spaced.split()}
            content = [w for w in label_words if w not in STOPWORDS]
            coverage = sum(w[:STEM] in stems for w in content) / len(content) if content else 0.0
            if len(content) >= 2 and coverage >= 0.75:
                return 0.8 * coverage
            text = spaced.strip()
            if entry.pinyin is None and len(entry.folded) >= 6 and len(label_words) <= len(text.split()):
                ratio = fuzz.partial_ratio(" ".join(label_words), text)
                return 0.9 * ratio / 100 if ratio >= MIN_FUZZY else 0.0
            return 0.0
        if entry.folded in folded:
            return 1.0
        if entry.pinyin and entry.pinyin in typed:
            return 1.0
        score = 0.0
        starts = [len(t) for t in tokens if entry.folded.startswith(t) and len(t) >= 2]
        if starts:
            score = 0.9 * max(starts) / len(entry.folded)
        run = SequenceMatcher(None, loose, entry.folded, autojunk=False).find_longest_match().size
        if run >= MIN_RUN:
            score = max(score, 0.5 + 0.4 * run / len(entry.folded))
        label_pairs = _pairs(entry.folded)
        if len(label_pairs) >= 3:
            coverage = len(label_pairs & pairs) / len(label_pairs)
            if coverage >= MIN_COVERAGE:
                score = max(score, 0.9 * coverage)
        return score if score >= 0.5 else 0.0
