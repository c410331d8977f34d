"""Numeric rules (stub)."""

from __future__ import annotations

from gradkg.ingest.knowledge import Knowledge
from gradkg.ingest.model import Draft
from gradkg.ingest.sections import Section


def draft_rules(knowledge: Knowledge, sections: list[Section], draft: Draft, documents: dict) -> None:
    return None
