"""Course tables: each row a course with its type, credits, language and lecturers (stub)."""

from __future__ import annotations

from gradkg.ingest.knowledge import Knowledge
from gradkg.ingest.model import Draft
from gradkg.ingest.sections import Section


def draft_courses(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    return None
