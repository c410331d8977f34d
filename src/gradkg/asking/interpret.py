"""Read a question as named questions with parameters, best first.

Each intent scores its cue words found in the question (longer cues count more), plus how well the
question names what the intent needs (a course for 谁讲…, an indicator or a dimension member for
多少…); an intent whose needed name is missing cannot be read at all. A name mentioned on its own
(直博生, 血液病学专题) is enough for the intents that list its kind as their default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gradkg.asking.intents import Intent
from gradkg.asking.lexicon import Lexicon, Mention
from gradkg.names.fold import fold, words

_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")
MIN_MENTION = 0.5
DEFAULT_BONUS = 1.5
TWO_YEARS_BONUS = 1.0  # two years named: a question that compares them
UNSURE_MARGIN = 0.5  # a second reading this close to the best is shown as a candidate


@dataclass
class Reading:
    """One way to read the question: a named question, its parameters and their labels, a score."""

    query: str
    given: dict[str, str] = field(default_factory=dict)  # parameter → value for the resolver (an IRI or a name)
    shown: dict[str, str] = field(default_factory=dict)  # parameter → the label a person reads
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


def _cue_score(intent: Intent, folded: str, spaced: str) -> float:
    score = 0.0
    for cue in intent.cues:
        if cue.isascii():
            if f" {' '.join(words(cue))} " in spaced:
                score += 1 + 0.5 * (len(cue.split()) - 1)
        elif cue in folded:
            score += 1 + 0.2 * (len(cue) - 2)
    return score


def _best(mentions: list[Mention], kinds: str) -> Mention | None:
    wanted = kinds.split("|")
    return next((m for m in mentions if m.kind in wanted and m.score >= MIN_MENTION), None)


def _years(question: str) -> list[str]:
    return sorted(set(_YEAR.findall(question)))


def _year_params(intent: Intent, years: list[str], known: list[str], reading: Reading) -> None:
    if not intent.years:
        return
    if len(intent.years) == 2:
        pair = years[-2:] if len(years) >= 2 else None
        if pair is None and years and str(int(years[0]) - 1) in known:
            pair = [str(int(years[0]) - 1), years[0]]
        if pair is None and len(known) >= 2:
            pair = known[-2:]
            reading.notes.append(f"no two years given: comparing {pair[0]} and {pair[1]}")
        if pair:
            reading.given.update(zip(intent.years, pair, strict=True))
    elif years:
        reading.given[intent.years[0]] = years[0]
    for name in intent.years:
        if name in reading.given:
            reading.shown[name] = reading.given[name]


def _member_with_indicator(
    reading: Reading, param: str, mentions: list[Mention], lexicon: Lexicon, dimensions: dict[str, str]
) -> bool:
    """An indicator and a dimension member both named (报考人数 … 统考): bind both, when observed together."""
    indicator, member = _best(mentions, "indicator"), _best(mentions, "member")
    if indicator is None or member is None or indicator.resource not in lexicon.observed.get(member.resource, ()):
        return False
    dim_param = dimensions.get(lexicon.dimension[member.resource])
    if dim_param is None:
        return False
    reading.score += indicator.score + member.score
    reading.given[param], reading.shown[param] = indicator.resource.strip("<>"), indicator.label
    reading.given[dim_param], reading.shown[dim_param] = member.resource.strip("<>"), member.label
    return True


def _read(
    intent: Intent,
    mentions: list[Mention],
    lexicon: Lexicon,
    cue: float,
    dimensions: dict[str, str],
    named_only: bool,
) -> Reading | None:
    reading = Reading(intent.query, score=2 * cue)
    for param, kinds in intent.needs.items():
        if "member" in kinds.split("|") and _member_with_indicator(reading, param, mentions, lexicon, dimensions):
            continue
        mention = _best(mentions, kinds)
        member = _best(mentions, "member") if "member" in kinds.split("|") else None
        if member is not None and mention is not None and member.score >= mention.score:
            mention = member  # 上海 beats 毕业生: a member is the more specific name
        if mention is None:
            return None
        reading.score += mention.score
        reading.given[param] = mention.label if mention.kind == "member" else mention.resource.strip("<>")
        reading.shown[param] = mention.label
    top = mentions[0] if mentions else None
    if named_only and top is not None and top.score >= 0.9 and top.kind in intent.default:
        reading.score += DEFAULT_BONUS
    for param, kinds in intent.optional.items():
        found = [m for m in mentions if m.kind in kinds.split("|") and m.score >= 1.0]
        if len({m.resource for m in found}) != 1:
            continue
        if param == "level":
            measure = reading.given.get("measure")
            if measure is not None and f"<{measure}>" not in lexicon.levelled:
                continue
        reading.given[param] = found[0].resource.strip("<>")
        reading.shown[param] = found[0].label
    return reading


def interpret(
    question: str,
    lexicon: Lexicon,
    intents: list[Intent],
    known_years: list[str],
    dimensions: dict[str, dict[str, str]],
) -> list[Reading]:
    """Every reading of the question that can be run, best first (empty: gradkg cannot answer it).

    ``dimensions`` maps a query to its dimension parameters (observation property → parameter).
    """
    folded = fold(question)
    spaced = " " + " ".join(words(question)) + " "
    cue_words = {c for i in intents for c in i.cues if not c.isascii()}
    mentions = lexicon.mentions(question, ignore=cue_words)
    years = _years(question)
    cues = {intent.query: _cue_score(intent, folded, spaced) for intent in intents}
    named_only = not any(cues.values())  # no cue word anywhere: the question is (nearly) just a name
    readings = []
    for intent in intents:
        cue = cues[intent.query]
        reading = _read(intent, mentions, lexicon, cue, dimensions.get(intent.query, {}), named_only)
        if reading is None or reading.score < 1.0 or (cue == 0 and not intent.needs and not intent.default):
            continue
        if len(years) >= 2 and len(intent.years) == 2:
            reading.score += TWO_YEARS_BONUS
        _year_params(intent, years, known_years, reading)
        readings.append(reading)
    return sorted(readings, key=lambda r: (-r.score, r.query))
