"""The intents file (queries/intents.toml): which words and names lead to which named question."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from gradkg.errors import GradkgError
from gradkg.names.fold import fold, is_latin

INTENTS_FILE = "intents.toml"
_KEYS = {"query", "needs", "optional", "years", "zh", "en", "default", "example"}


@dataclass(frozen=True)
class Intent:
    """One named question and what in a question points to it."""

    query: str
    needs: dict[str, str]  # parameter → kinds of name ("indicator|member")
    optional: dict[str, str]
    years: tuple[str, ...]
    cues: tuple[str, ...]  # folded cue words, Chinese and English
    default: tuple[str, ...]
    example: tuple[str, ...]


def load_intents(queries: Path) -> list[Intent]:
    """Every intent of queries/intents.toml; a malformed file names itself and the intent."""
    path = queries / INTENTS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GradkgError(f"{path}: no intents file, so `gradkg ask` cannot map questions") from None
    except tomllib.TOMLDecodeError as error:
        raise GradkgError(f"{path}: not valid TOML ({error})") from None
    intents = []
    for number, raw in enumerate(data.get("intent", []), start=1):
        unknown = set(raw) - _KEYS
        if "query" not in raw or unknown:
            what = f"unknown keys {', '.join(sorted(unknown))}" if unknown else "no query"
            raise GradkgError(f"{path}: intent {number} has {what}")
        if not (queries / f"{raw['query']}.rq").is_file():
            raise GradkgError(f"{path}: intent {number} names query '{raw['query']}', which is not in {queries}")
        cues = [fold(c) if not is_latin(c) else c.casefold() for c in (*raw.get("zh", []), *raw.get("en", []))]
        intents.append(
            Intent(
                query=raw["query"],
                needs=dict(raw.get("needs", {})),
                optional=dict(raw.get("optional", {})),
                years=tuple(raw.get("years", [])),
                cues=tuple(cues),
                default=tuple(raw.get("default", [])),
                example=tuple(raw.get("example", [])),
            )
        )
    return intents
