"""Statistics: numbers in running text as qb:Observations, learnt from how earlier editions were curated.

The curated editions say which number in their text is which statistic (indicator, degree level,
admission route, destination). Each becomes a *pattern*: the section it is in, the clause before
the number and its unit. A new report's numbers are aligned with those patterns section by
section, in order (a weighted longest common subsequence, so "录取人数为" is the doctoral count
the first time and the master's the second), and each aligned number is drafted with the
pattern's indicator and dimensions. Every other number goes to the review list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import DIMENSIONS, GK, PROV, QB, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.normalise import normalise_inline
from gradkg.ingest.numbers import Number, find_numbers
from gradkg.ingest.sections import Section, split_sections
from gradkg.ingest.text import sentence_at
from gradkg.ingest.wording import fold
from gradkg.project import BASE, programme_iri

THRESHOLD = 75.0
NAME_DROP = 20.0  # a new clause naming the indicator this much less than the known one is another statistic
WEIGHTS = (0.6, 0.2, 0.2)  # the clause before, the wider context, the words after
WEIGHTS_OPENING = (0.1, 0.2, 0.7)  # a number opening its clause (4位全国两会委员): the words after count
_YEAR_PREFIX = re.compile(r"^[0-9]{4}\s*年?\s*")
_PERIOD = re.compile(r"[0-9]{4}-[0-9]{4}学年|自[0-9]{4}年开始")


@dataclass(frozen=True)
class Pattern:
    """A known observation and where its edition's text states it."""

    observation: URIRef
    section_title: str
    section_key: str
    left: str
    right: str
    wide: str
    opens_clause: bool
    unit: URIRef
    upper: bool  # the upper bound of a range (1~3秒's 3)
    position: int
    names: tuple[str, ...]  # the indicator's zh labels, folded
    named: float  # how well the words before the known number name the indicator (0–100)


def _context(left: str) -> str:
    """A clause's comparable part: no digits, years or spaces."""
    return re.sub(r"[0-9.\s]|年", "", left)[-10:]


def similarity(a: str, b: str) -> float:
    """How alike two clauses before a number are (0–100), weighting their ends."""
    a, b = _context(a), _context(b)
    if not a or not b:
        return 100.0 if a == b else 0.0
    return 0.5 * fuzz.ratio(a, b) + 0.5 * fuzz.ratio(a[-4:], b[-4:])


def unit_of(knowledge: Knowledge, number: Number) -> URIRef | None:
    """The unit IRI a number's written unit names (人, 名 and 位 are one)."""
    if not number.unit:
        return None
    found = knowledge.units.get(number.unit)
    if found is None:
        for unit in knowledge.graph.subjects(RDF.type, GK.Unit):
            if any(str(a) == number.unit for a in knowledge.graph.objects(unit, SKOS.altLabel)):
                return unit
    return found


def learn_patterns(knowledge: Knowledge) -> list[Pattern]:
    """Find each known observation's number in its edition's text and keep the clause before it."""
    patterns: list[Pattern] = []
    for edition in knowledge.editions:
        if edition.source is None:
            continue
        sections = {s.key: s for s in split_sections(edition.source.read_text(encoding="utf-8"))}
        by_section: dict[str, list[URIRef]] = {}
        for obs in knowledge.instances(QB.Observation):
            for part in knowledge.graph.objects(obs, PROV.wasDerivedFrom):
                where = knowledge.section_key(part)
                if where and where[0] == edition.year and str(obs).startswith(f"{BASE}{edition.programme}/"):
                    by_section.setdefault(where[1], []).append(obs)
        for key, observations in by_section.items():
            section = sections.get(key)
            if section is not None:
                patterns.extend(_locate(knowledge, section, observations))
    return patterns


def _locate(knowledge: Knowledge, section: Section, observations: list[URIRef]) -> list[Pattern]:
    """Pair a section's observations with its numbers: same value and unit, most alike label first."""
    numbers = find_numbers(section.text)
    candidates = []
    for obs in observations:
        value = Decimal(str(knowledge.graph.value(obs, GK.value)))
        unit = knowledge.graph.value(obs, GK.unit)
        stated = normalise_inline(str(knowledge.graph.value(obs, GK.statedValue) or ""))
        label = _YEAR_PREFIX.sub("", knowledge.label(obs) or "")
        for i, n in enumerate(numbers):
            upper = n.upper is not None and n.upper == value and n.value != value
            if (n.value != value and not upper) or unit_of(knowledge, n) != unit:
                continue
            score = fuzz.partial_ratio(label, n.left) + (20 if n.stated == stated else 0)
            candidates.append((score, i, obs, upper))
    taken_obs: set[URIRef] = set()
    taken_num: set[tuple[int, bool]] = set()
    out = []
    for _score, i, obs, upper in sorted(candidates, key=lambda c: (-c[0], c[1], str(c[2]))):
        if obs in taken_obs or (i, upper) in taken_num:
            continue
        taken_obs.add(obs)
        taken_num.add((i, upper))
        unit = knowledge.graph.value(obs, GK.unit)
        n = numbers[i]
        names = tuple(fold(x) for x in knowledge.labels(knowledge.graph.value(obs, GK.indicator)))
        out.append(
            Pattern(obs, section.title, section.key, n.left, n.right, n.wide, n.opens_clause, unit, upper, n.start,
                    names, naming(names, n))
        )  # fmt: skip
    return sorted(out, key=lambda p: (p.position, p.upper))


def _align(patterns: list[Pattern], numbers: list[tuple[Number, URIRef | None]]) -> list[tuple[int, int, float]]:
    """Weighted longest common subsequence of a section's patterns and numbers, in text order."""
    rows, cols = len(patterns), len(numbers)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            w = _weight(patterns[i - 1], numbers[j - 1])
            if w >= THRESHOLD:
                best = max(best, score[i - 1][j - 1] + w)
            score[i][j] = best
    pairs = []
    i, j = rows, cols
    while i > 0 and j > 0:
        w = _weight(patterns[i - 1], numbers[j - 1])
        if w >= THRESHOLD and score[i][j] == score[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1, w))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def naming(names: tuple[str, ...], number: Number) -> float:
    """How well the words before a number name an indicator (rapidfuzz partial ratio, digits dropped)."""
    words = re.sub(r"[0-9.\s]", "", number.wide + number.left)
    return max((fuzz.partial_ratio(name, words) for name in names), default=0.0)


def _weight(pattern: Pattern, item: tuple[Number, URIRef | None]) -> float:
    """How alike a pattern and a number are; 0 for another unit or for words that no longer name the
    pattern's indicator (占校比 of 国家自然科学基金项目 where the known text had CNS原创论文 before it)."""
    number, unit = item
    if unit != pattern.unit or (pattern.upper and number.upper is None):
        return 0.0
    if pattern.named - naming(pattern.names, number) >= NAME_DROP:
        return 0.0
    left, wide, right = WEIGHTS_OPENING if pattern.opens_clause else WEIGHTS
    return (
        left * similarity(pattern.left, number.left)
        + wide * similarity(pattern.wide, number.wide)
        + right * _right(pattern.right, number.right)
    )


def _right(a: str, b: str) -> float:
    """How alike the words after two numbers are (their heads count: 人次 中的 …)."""
    a, b = re.sub(r"[0-9.\s]", "", a)[:6], re.sub(r"[0-9.\s]", "", b)[:6]
    return 100.0 if a == b else float(fuzz.ratio(a, b))


def _pair_sections(patterns: list[Pattern], sections: list[Section]) -> dict[str, list[Pattern]]:
    """Patterns by the new section they apply to: same title, else same number."""
    by_title = {s.title: s.key for s in sections}
    keys = {s.key for s in sections}
    out: dict[str, list[Pattern]] = {}
    for p in patterns:
        key = by_title.get(p.section_title) or (p.section_key if p.section_key in keys else None)
        if key is not None:
            out.setdefault(key, []).append(p)
    return out


def draft_statistics(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Draft an observation for every number aligned with a known pattern."""
    patterns = _pair_sections(learn_patterns(knowledge), sections)
    obs_ns = f"{BASE}{draft.programme}/{draft.edition}/observation/"
    drafted: dict[str, URIRef] = {}
    for section in sections:
        mine = sorted(patterns.get(section.key, []), key=lambda p: (p.position, p.upper))
        if not mine:
            continue
        numbers = [(n, unit_of(knowledge, n)) for n in find_numbers(section.text)]
        for pi, ni, w in _align(mine, numbers):
            pattern, (number, _) = mine[pi], numbers[ni]
            local = str(pattern.observation).rsplit("/", 1)[1]
            node = URIRef(obs_ns + local)
            section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{section.key}")
            draft.use(section.key, number.start, number.end)
            sentence = sentence_at(section.text, number.start, number.end)
            if local in drafted:
                draft.graph.add((node, PROV.wasDerivedFrom, section_iri))
                continue
            drafted[local] = node
            draft.located[node] = (section.key, number.start, number.end)
            _observation(knowledge, draft, pattern, number, node, section_iri, sentence)
            draft.review.append(
                Reviewed(
                    "statistic",
                    "drafted",
                    str(node),
                    f"{number.stated} = {_YEAR_PREFIX.sub('', knowledge.label(pattern.observation) or local)}",
                    section.number,
                    sentence,
                    f"pattern “{pattern.left}” of {knowledge.section_key(_section_of(knowledge, pattern))[0]}",
                    round(w / 100, 2),
                )
            )


def _section_of(knowledge: Knowledge, pattern: Pattern) -> URIRef:
    return next(iter(knowledge.graph.objects(pattern.observation, PROV.wasDerivedFrom)))


def _observation(
    knowledge: Knowledge, draft: Draft, pattern: Pattern, number: Number, node: URIRef, section: URIRef, sentence: str
) -> None:
    g, known = draft.graph, pattern.observation
    value = number.upper if pattern.upper and number.upper is not None else number.value
    g.add((node, RDF.type, QB.Observation))
    for p in (QB.dataSet, GK.indicator, *DIMENSIONS, GK.unit):
        for o in knowledge.graph.objects(known, p):
            g.add((node, p, o))
    g.add((node, GK.programme, URIRef(programme_iri(draft.programme))))
    g.add((node, GK.refYear, Literal(int(draft.edition))))
    g.add((node, GK.value, Literal(str(value), datatype=XSD.decimal)))
    g.add((node, GK.statedValue, Literal(number.stated)))
    g.add((node, GK.approximate, Literal(number.approximate)))
    if knowledge.graph.value(known, GK.periodAsStated) is not None:
        period = _PERIOD.search(sentence)
        if period:
            g.add((node, GK.periodAsStated, Literal(period.group(0), lang="zh")))
    for lang, sep in (("zh", "年 "), ("en", " ")):
        label = knowledge.label(known, lang)
        if label:
            g.add((node, SKOS.prefLabel, Literal(f"{draft.edition}{sep}{_YEAR_PREFIX.sub('', label)}", lang=lang)))
    g.add((node, PROV.wasDerivedFrom, section))
    draft.place(node, "statistics")
