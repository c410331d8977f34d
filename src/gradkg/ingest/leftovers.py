"""Numbers the draft did not turn into facts: each is listed for review with its sentence and a reason.

Nothing in the text is dropped in silence: a number that is part of no drafted fact is a row of
the review file, with a guess at what it is (a year, an ordinal, a date range) to speed the reading.
"""

from __future__ import annotations

import re

from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.numbers import find_numbers
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at

_YEARS = re.compile(r"(?:19|20)[0-9]{2}")


def reason(stated: str, unit: str, after: str, ordinal: bool) -> str:
    """A reader's first guess at a number nothing drafted."""
    if ordinal:
        return "an ordinal (第…)"
    if _YEARS.fullmatch(stated.split("-")[0].split("~")[0].removesuffix(unit)) and (
        unit == "年" or (not unit and after[:1] in ("年", "-", "级", "学", "求", ""))
    ):
        return "a year or date"
    if not unit:
        return "a number without a unit"
    if unit == "级":
        return "a grade or level (…级)"
    return "a statistic no known pattern matched: draft it by hand if it is one"


def list_leftovers(sections: list[Section], draft: Draft) -> int:
    """Add a review row for every number (Arabic, or Chinese with a unit) no drafted fact used; returns how many."""
    count = 0
    for section in sections:
        for n in find_numbers(section.title):
            if n.arabic:
                count += 1
                draft.review.append(
                    Reviewed("number", "not drafted", n.stated, n.stated, section.number, section.title,
                             "in a heading", 0.0)
                )  # fmt: skip
        for row in section.paragraphs:
            if row.table_row and row.line not in draft.used_rows:
                for n in find_numbers(row.text.replace("\t", "，")):
                    if n.arabic:
                        count += 1
                        draft.review.append(
                            Reviewed("number", "not drafted", n.stated, n.stated, section.number, row.text,
                                     "a table row not drafted (no course table)", 0.0)
                        )  # fmt: skip
        text = section.text
        for n in find_numbers(text):
            if draft.is_used(section.key, n.start, n.end):
                continue
            count += 1
            draft.review.append(
                Reviewed("number", "not drafted", n.stated, n.stated, section.number, sentence_at(text, n.start, n.end),
                         reason(n.stated, n.unit, text[n.end : n.end + 2], n.ordinal), 0.0)
            )  # fmt: skip
    return count
