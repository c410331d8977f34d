"""Every number a sentence states, with the words around it: the raw material of statistics and rules.

A number is found with its unit as written (人, 人次, 亿元, %, :1 …), a range's second bound
(1~3秒, 27-31个月), the words that make it approximate (约, 余, 近, 超) and the clause before it,
which is what tells one statistic from another ("其中直博生" before 46人).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = (
    "万个小时", "人次", "亿元", "万元", "元/月", "个月", "次/年", ":1", "：1",
    "人", "名", "位", "项", "篇", "个", "门", "家", "本", "%", "秒", "国", "年", "次", "份", "所", "大", "级",
)  # fmt: skip
_UNIT = "|".join(re.escape(u) for u in UNITS)
_CN = "一二两三四五六七八九十百千"
TOKEN = re.compile(
    rf"(?P<pre>约为|约|近|超过|超|逾|第)?"
    rf"(?:(?P<num>[0-9]+(?:\.[0-9]+)?)(?:\s*[-~～—至](?P<num2>[0-9]+(?:\.[0-9]+)?))?"
    rf"|(?P<cn>[{_CN}]+))"
    rf"(?P<post>余|多)?(?P<unit>{_UNIT})?"
)
CLAUSE_BREAK = re.compile(r"[，。；：、,;:（）()“”]")
_CN_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_value(text: str) -> int | None:
    """五 → 5, 十一 → 11, 百 → 100; None for what is not a small number (一带一路's 一 is)."""
    if text in ("百", "千"):
        return 100 if text == "百" else 1000
    if len(text) == 1 and text in _CN_VALUES:
        return _CN_VALUES[text]
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_VALUES:
        return 10 + _CN_VALUES[text[1]]
    return None


@dataclass(frozen=True)
class Number:
    """A number in a sentence: ``stated`` is what the report wrote (without 约 or 第)."""

    start: int
    end: int
    value: Decimal
    upper: Decimal | None
    unit: str
    stated: str
    approximate: bool
    ordinal: bool
    arabic: bool
    left: str
    right: str
    wide: str  # the 24 characters before the number, across clauses
    opens_clause: bool  # nothing of its clause before it: the words after it say what it counts


def left_context(text: str, start: int, width: int = 14) -> str:
    """The clause before a number: back to a clause break, or ``width`` characters."""
    head = text[max(0, start - width) : start]
    parts = CLAUSE_BREAK.split(head)
    clause = parts[-1]
    if len(re.sub(r"[0-9年.\s]", "", clause)) < 2 and len(parts) > 1:
        clause = parts[-2] + "，" + clause
    return clause


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text``: Arabic ones always, Chinese ones only with a unit after them."""
    found = []
    for m in TOKEN.finditer(text):
        arabic = m.group("num") is not None
        unit = (m.group("unit") or "").replace("：", ":")
        if arabic:
            value, upper = Decimal(m.group("num")), Decimal(m.group("num2")) if m.group("num2") else None
        else:
            cn = chinese_value(m.group("cn"))
            if cn is None or not unit or (unit in ("大",) and m.group("cn") != "三"):
                continue
            value, upper = Decimal(cn), None
        pre, post = m.group("pre") or "", m.group("post") or ""
        stated_start = m.start() + (len(pre) if pre in ("约为", "约") else 0)
        stated = text[stated_start : m.end()]
        found.append(
            Number(
                start=stated_start,
                end=m.end(),
                value=value,
                upper=upper,
                unit=unit,
                stated=stated,
                approximate=bool(post) or pre in ("约为", "约", "近", "超过", "超", "逾"),
                ordinal=pre == "第",
                arabic=arabic,
                left=left_context(text, m.start() + len(pre)),
                right=CLAUSE_BREAK.split(text[m.end() : m.end() + 10])[0],
                wide=text[max(0, m.start() - 24) : m.start()],
                opens_clause=m.start() == 0 or bool(CLAUSE_BREAK.fullmatch(text[m.start() - 1])),
            )
        )
    return found
