"""Refuse a question gradkg cannot read before any work is done: empty, too long, control characters, other scripts.

Each refusal is a GradkgError (exit 2 on the command line, 400 on the server) whose message says what was wrong.
"""

from __future__ import annotations

import unicodedata

from gradkg.errors import GradkgError

MAX_CHARS = 300  # the longest question in the test set is under 60 characters
_OTHER_SCRIPT_SHARE = 0.3  # more letters than this from scripts other than Han and Latin: another language


def _script(ch: str) -> str:
    """Han, Latin or the first word of the character's Unicode name (CYRILLIC, HIRAGANA, HANGUL …)."""
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "Han"
    name = unicodedata.name(ch, "UNKNOWN")
    return "Latin" if name.startswith("LATIN") else name.split()[0].title()


def check_question(text: str) -> str:
    """The question with its white space trimmed, or a GradkgError that says why it cannot be read."""
    for position, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\t\n\r":
            raise GradkgError(f"the question contains a control character (U+{ord(ch):04X} at position {position})")
    question = " ".join(text.split())
    if not question:
        raise GradkgError('the question is empty: ask in Chinese or English, e.g. gradkg ask "谁讲血液病学专题？"')
    if len(question) > MAX_CHARS:
        raise GradkgError(f"the question is {len(question)} characters long; gradkg reads at most {MAX_CHARS}")
    letters = [_script(ch) for ch in question if ch.isalpha()]
    others = sorted({s for s in letters if s not in ("Han", "Latin")})
    if not letters or (others and sum(s not in ("Han", "Latin") for s in letters) > _OTHER_SCRIPT_SHARE * len(letters)):
        found = f" (found {', '.join(others)} letters)" if others else ""
        raise GradkgError(f"gradkg understands questions in Chinese or English{found}")
    return question
