"""Names a number's neighbours give it beyond its own clause: a known label at the head of the clause
before or after it, the count a share (占校比) follows, and the rule words that bind it.

These read a number against the indicator vocabulary and the draft so far (indicators.py decides
what to draft): a known label heads the clause before a number (专任教师总数2804人) or, where a
number and its measure word come first, the clause after it (2个国家中西医协同“旗舰”医院试点项目…).
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, Knowledge
from gradkg.ingest.model import Draft
from gradkg.ingest.numbers import Number
from gradkg.ingest.rules import RULE_WORDS
from gradkg.ingest.sections import Section
from gradkg.ingest.wording import after, before, fold

HEAD_CHARS = 5  # a label shorter than this (附属医院, 专任教师) heads too many clauses to name one
SHARE = re.compile(r"占.{0,4}比例?")  # 占校比, 占比, 占全国比例: a share of the count before it
SENTENCE_END = re.compile(r"[。；;！？]")
RULE_AFTER = re.compile(r"\s*(?:及以上|以上|以内|左右)")


def share_wording(
    knowledge: Knowledge, draft: Draft, section: Section, previous: Number | None, n: Number
) -> str | None:
    """A percentage whose clause is only a share word (占校比, 占比) names the count it follows in the
    same sentence: 国家自然科学基金项目543项（占校比42.99%） is 国家自然科学基金项目占校比, when 543项 is
    drafted under 国家自然科学基金项目."""
    share = fold(before(section.text, n.start))
    if n.unit != "%" or previous is None or not SHARE.fullmatch(share):
        return None
    if SENTENCE_END.search(section.text, previous.end, n.start):
        return None
    counted = next(
        (
            o
            for o, (key, start, end) in draft.located.items()
            if (key, start, end) == (section.key, previous.start, previous.end)
        ),
        None,
    )
    indicator = draft.graph.value(counted, GK.indicator) if counted is not None else None
    if indicator is None:
        return None
    label = knowledge.label(indicator) or next(
        (str(x) for x in draft.graph.objects(indicator, SKOS.prefLabel) if x.language == "zh"), None
    )
    return f"{label}{share}" if label else None


def known_wording(text: str, n: Number, stop: int, vocabulary: dict[str, URIRef]) -> tuple[str, str] | None:
    """The label of a known indicator the words around a number hold, and on which side, else None.

    The whole clause before or after the number may be the label; else the label is the head of
    the clause: the end of the clause before (专任教师总数 in 学位点专任教师总数2804人) or the start of
    the clause after, where a number and its measure word come first (2个 国家中西医协同“旗舰”医院试点项目
    以优异成绩通过中期评估). Head labels shorter than ``HEAD_CHARS`` are too common to trust.
    """
    left, right = fold(before(text, n.start)), fold(after(text, n.end, stop))
    for wording, side in ((left, "before"), (right, "after")):
        if wording in vocabulary:
            return wording, side
    heads = [
        (label, side)
        for label in vocabulary
        if len(label) >= HEAD_CHARS
        for wording, side in ((left, "before"), (right, "after"))
        if (wording.endswith(label) if side == "before" else wording.startswith(label))
    ]
    return max(heads, key=lambda h: (len(h[0]), h[1] == "before")) if heads else None


def ruled(text: str, n: Number) -> bool:
    """Whether a rule word binds the number: 以上, 左右 … right after it, or 不少于, 每年 … in its clause
    before it (校级及以上奖项 further on in the sentence qualifies an award, not 19人次)."""
    if RULE_AFTER.match(text, n.end):
        return True
    start = max(text.rfind(c, 0, n.start) for c in "，。；：,;:\n") + 1
    return bool(RULE_WORDS.search(text[start : n.start]))
