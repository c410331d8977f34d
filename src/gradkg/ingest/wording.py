"""What a number counts, in the report's own words: the name a new indicator is drafted under.

A statistic is named by the clause before it (`共有专职辅导员12人` → 专职辅导员) or, when the number
opens its clause, by the words after it (`1位全国人大代表和…` → 全国人大代表). Only grammar is
stripped — a leading date or connective (2024年度, 目前, 其中, 共有) and a trailing copula (达, 为) —
so the name is the text as written; a clause that is not a name (it ends in a preposition, holds a
digit, or is too short or long) yields nothing and the number is listed for review instead.
"""

from __future__ import annotations

import re
import unicodedata

BREAKS = set("，。；：,;:！？!?\n")
LIST = set("、")
_OPEN, _CLOSE = set("（("), set("）)")
_LEAD = re.compile(r"^(?:[0-9]{4}(?:[-~—][0-9]{4})?(?:年度|学年|年)?|目前|此外|另外|同时|其中|共有|共计|合计|另有)+")
_TRAIL = re.compile(r"(?:约为|达到|共计|合计|达|为|共)$")
_LINK = re.compile(r"[、和及与或]+$")
_NOT_A_NAME = set("从至到由在于向把将对与和及了着过的是有属")  # a clause ending in these goes on past the number
_NOT_IN_A_NAME = re.compile(r"[0-9《》了]")  # digits, a title, a completed action: a clause, not a name
MIN_CHARS = 2
_NUMBERED = re.compile(r"[0-9].*[和及与]$")  # 3家非直属附属医院和|4家合作医院: the clause before is the last item


def fold(text: str) -> str:
    """Width and space folded (NFKC, no whitespace): how two wordings are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def before(text: str, start: int) -> str:
    """The clause before ``start``: back to a clause break or list separator outside brackets (a list
    the clause closes with 等 is part of it)."""
    depth, i = 0, start
    while i > 0 and start - i < 80:
        ch = text[i - 1]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (ch in BREAKS or (ch in LIST and "等" not in text[i:start])):
            break  # 长江特聘学者、杰青等国家级领军人才: a list closed by 等 is part of the name
        i -= 1
    clause = _LEAD.sub("", text[i:start].strip())
    return _TRAIL.sub("", clause).strip()


def after(text: str, end: int, stop: int) -> str:
    """The words after a number that opens its clause: to a clause break, a bracket or the next number."""
    i = end
    while i < min(stop, len(text), end + 80) and text[i] not in BREAKS and text[i] not in _OPEN:
        i += 1
    return _LINK.sub("", text[end:i].strip()).strip()


def is_name(wording: str) -> bool:
    """Whether a wording can name an indicator: no digit, title or 了, not ending in a function word."""
    folded = fold(wording)
    return (
        len(folded) >= MIN_CHARS
        and not _NOT_IN_A_NAME.search(folded)
        and folded[-1] not in _NOT_A_NAME
        and folded[0] not in _NOT_A_NAME
    )


def wording_of(text: str, start: int, end: int, next_start: int) -> tuple[str, str, bool] | None:
    """(the wording naming the number at start:end, "before" or "after", whether it is a list item
    after 、), or None if it names nothing."""
    left = before(text, start)
    if len(fold(left)) > MIN_CHARS and is_name(left):
        return left, "before", _list_item(text, start, left)
    right = after(text, end, next_start)
    if is_name(right) and (len(fold(left)) <= MIN_CHARS or _NUMBERED.search(left)):
        return right, "after", False
    return None


def _list_item(text: str, start: int, left: str) -> bool:
    """Whether the clause before the number follows a 、 (a list whose head may qualify every item)."""
    at = text.rfind(left, 0, start)
    return at > 0 and text[at - 1] in LIST
