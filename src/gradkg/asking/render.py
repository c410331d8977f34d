"""Print an ask reply: which question ran with which parameters, then the answer (table or JSON)."""

from __future__ import annotations

import json
from typing import TextIO

from gradkg.asking.answer import Reply
from gradkg.asking.interpret import Reading
from gradkg.output import write_rows

WORDS = {
    "zh": {
        "question": "问题",
        "params": "参数",
        "none": "无",
        "note": "说明",
        "others": "其他可能的理解",
        "cannot": "无法回答“{q}”：它没有对上图中任何一个问题。可以这样问：",
        "sep": "，",
    },
    "en": {
        "question": "Question",
        "params": "Parameters",
        "none": "none",
        "note": "Note",
        "others": "It could also mean",
        "cannot": "Cannot answer “{q}”: it matches none of the graph's questions. Questions it can answer:",
        "sep": ", ",
    },
}


def _params(reading: Reading, sep: str, none: str) -> str:
    return sep.join(f"{k}={v}" for k, v in reading.shown.items()) or none


def write_text(reply: Reply, lang: str, out: TextIO, width: int | None) -> None:
    """The reading, its notes and the answer table; or, unanswered, what can be asked."""
    w = WORDS[lang]
    if reply.reading is None:
        out.write(w["cannot"].format(q=reply.question) + "\n")
        for query, example in reply.examples:
            out.write(f"  {query:<32} {example}\n")
        return
    out.write(f"{w['question']}: {reply.reading.query} — {reply.summary}\n")
    out.write(f"{w['params']}: {_params(reply.reading, w['sep'], w['none'])}\n")
    for note in reply.notes:
        out.write(f"{w['note']}: {note}\n")
    out.write("\n")
    write_rows(reply.head, [[row[h] for h in reply.head] for row in reply.rows], out, width)
    if reply.candidates:
        others = "; ".join(f"{c.query} ({_params(c, w['sep'], w['none'])})" for c in reply.candidates)
        out.write(f"{w['others']}: {others}\n")


def as_json(reply: Reply) -> dict:
    """The reply as plain JSON data (the server's /ask?format=json answers the same)."""
    reading = reply.reading
    return {
        "question": reply.question,
        "answered": reading is not None,
        "query": reading.query if reading else None,
        "summary": reply.summary,
        "params": dict(reading.shown) if reading else {},
        "notes": reply.notes,
        "head": reply.head,
        "rows": reply.rows,
        "candidates": [{"query": c.query, "params": dict(c.shown)} for c in reply.candidates],
        "can_answer": [{"query": q, "example": e} for q, e in reply.examples],
    }


def write_json(reply: Reply, out: TextIO) -> None:
    out.write(json.dumps(as_json(reply), ensure_ascii=False, indent=2) + "\n")
