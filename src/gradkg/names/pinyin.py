"""Pinyin keys, so that ``lanjuan li``, ``Li Lanjuan`` and ``lilanjuan`` all find 李兰娟."""

from __future__ import annotations

from itertools import permutations

from gradkg.names.fold import words

MAX_PERMUTED = 4  # words of a typed name tried in every order (4! = 24 keys at most)


def label_key(label: str) -> str | None:
    """A Chinese label's toneless Pinyin run together (李兰娟 → lilanjuan); None if it has no Han."""
    if not any("\u4e00" <= c <= "\u9fff" for c in label):
        return None
    from pypinyin import Style, lazy_pinyin  # 0.2 s to import: only when a name is indexed

    return "".join(words(" ".join(lazy_pinyin(label, style=Style.NORMAL))))


def typed_keys(value: str) -> set[str]:
    """A typed Latin name run together in every order of its words (family name first or last)."""
    parts = words(value)
    if not parts:
        return set()
    if len(parts) > MAX_PERMUTED:
        return {"".join(parts)}
    return {"".join(p) for p in permutations(parts)}
