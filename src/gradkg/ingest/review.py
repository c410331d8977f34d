"""The review files: every drafted fact, every entity reused or created, every number left out."""

from __future__ import annotations

import csv
import io
from collections import Counter

from gradkg.ingest.model import Draft, Reviewed

COLUMNS = ("kind", "status", "subject", "label", "section", "sentence", "how", "confidence")


def review_csv(draft: Draft) -> str:
    """One row per reviewed item, in the order the draft made them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in draft.review:
        writer.writerow([getattr(row, c) for c in COLUMNS])
    return buffer.getvalue()


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def review_markdown(draft: Draft, source: str) -> str:
    """A reader's version: counts first, then one table per kind, numbers left out last."""
    counts = Counter((r.kind, r.status) for r in draft.review)
    lines = [
        f"# Review of the {draft.edition} draft of {draft.programme}",
        "",
        f"Drafted by `gradkg ingest` from `{source}`. Check every row against the report; confidence is",
        "1.0 for an exact match (a document number, a heading) and the pattern similarity otherwise.",
        "",
        "| kind | status | count |",
        "|---|---|---|",
        *(f"| {k} | {s} | {n} |" for (k, s), n in sorted(counts.items())),
        "",
    ]
    kinds: dict[str, list[Reviewed]] = {}
    for row in draft.review:
        kinds.setdefault(row.kind, []).append(row)
    for kind, rows in kinds.items():
        lines += [
            f"## {kind}",
            "",
            "| status | subject | label | section | how | confidence | sentence |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.status} | {_cell(r.subject)} | {_cell(r.label)} | {r.section} | {_cell(r.how)} | {r.confidence} "
            f"| {_cell(r.sentence)} |"
            for r in rows
        ]
        lines.append("")
    return "\n".join(lines)
