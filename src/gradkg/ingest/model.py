"""The draft an ingest builds: its triples, which topic file each subject goes to, and the review rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class Reviewed:
    """One row of the review file: a drafted fact, a reused or new entity, or a number left out."""

    kind: str  # section, statistic, check, document, course, person, organisation, rule, unused-number
    status: str  # drafted, matched, new, not drafted
    subject: str  # the IRI, or the number as written
    label: str
    section: str  # the section number as the report writes it (三（七）)
    sentence: str
    how: str  # which label, pattern or rule matched
    confidence: float


@dataclass
class Draft:
    """Everything drafted from one report, before it is written."""

    programme: str
    edition: str
    graph: Graph = field(default_factory=Graph)
    files: dict[URIRef, str] = field(default_factory=dict)  # subject → topic file (report, statistics …)
    review: list[Reviewed] = field(default_factory=list)
    used_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # section key → spans of numbers used
    used_rows: set[int] = field(default_factory=set)  # source lines of table rows drafted as facts
    located: dict[URIRef, tuple[str, int, int]] = field(default_factory=dict)  # observation → section key, span
    extra_parts: dict[str, list[URIRef]] = field(default_factory=dict)  # a relation's parts no pattern named

    def place(self, subject: URIRef, topic: str) -> None:
        """Put a subject's triples in a topic file (the first placement wins)."""
        self.files.setdefault(subject, topic)

    def use(self, section_key: str, start: int, end: int) -> None:
        """Record that the characters start:end of a section's text became (part of) a fact."""
        self.used_spans.setdefault(section_key, []).append((start, end))

    def is_used(self, section_key: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.used_spans.get(section_key, []))
