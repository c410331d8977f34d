"""Unique synthetic Chinese names with their Hanyu Pinyin, for the people of synthetic programmes.

Every name handed out is new unless a caller reuses it on purpose, so the only people who share a
name across programmes are the ones the generator planted (and recorded in its manifest): an
accidental namesake would be a false answer to ``possible-same-person``.
"""

from __future__ import annotations

from dataclasses import dataclass

SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
    ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo"),
    ("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie"),
    ("韩", "Han"), ("唐", "Tang"), ("冯", "Feng"), ("于", "Yu"), ("董", "Dong"), ("萧", "Xiao"),
    ("程", "Cheng"), ("曹", "Cao"), ("袁", "Yuan"), ("邓", "Deng"), ("许", "Xu"), ("傅", "Fu"),
    ("沈", "Shen"), ("曾", "Zeng"), ("彭", "Peng"), ("吕", "Lyu"),
]  # fmt: skip
GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"),
    ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("建", "jian"),
    ("国", "guo"), ("文", "wen"), ("红", "hong"), ("玉", "yu"), ("兰", "lan"), ("辉", "hui"),
    ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("晨", "chen"), ("雪", "xue"),
    ("琳", "lin"), ("欣", "xin"), ("博", "bo"), ("然", "ran"), ("思", "si"), ("远", "yuan"),
    ("嘉", "jia"), ("怡", "yi"), ("婷", "ting"), ("宁", "ning"), ("昊", "hao"), ("俊", "jun"),
    ("志", "zhi"), ("安", "an"), ("晓", "xiao"), ("春", "chun"), ("海", "hai"), ("峰", "feng"),
    ("松", "song"), ("梅", "mei"), ("蕾", "lei"), ("航", "hang"), ("越", "yue"), ("哲", "zhe"),
]  # fmt: skip
SPACE = len(SURNAMES) * len(GIVEN) * len(GIVEN)
_STRIDE = 7919  # a prime that does not divide SPACE, so k ↦ k·STRIDE mod SPACE visits every name once


@dataclass(frozen=True)
class Name:
    """A person's name as written (zh), its Pinyin (en) and an IRI slug."""

    zh: str
    en: str

    @property
    def slug(self) -> str:
        return self.en.lower().replace(" ", "-")


class NamePool:
    """Hands out distinct names in a seeded order that looks random but never repeats."""

    def __init__(self, seed: int) -> None:
        self._start = seed % SPACE
        self._taken = 0

    def take(self) -> Name:
        if self._taken == SPACE:
            raise RuntimeError(f"all {SPACE} synthetic names are used")
        index = (self._start + self._taken) * _STRIDE % SPACE
        self._taken += 1
        surname, rest = divmod(index, len(GIVEN) * len(GIVEN))
        first, second = divmod(rest, len(GIVEN))
        (s_zh, s_en), (f_zh, f_en), (g_zh, g_en) = SURNAMES[surname], GIVEN[first], GIVEN[second]
        return Name(s_zh + f_zh + g_zh, f"{s_en} {f_en.capitalize()}{g_en}")
