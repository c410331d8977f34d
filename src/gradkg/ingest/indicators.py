"""Statistics no learnt pattern matched, drafted under the indicator their own words name.

A number with a known unit that no pattern took is named by its wording (wording.py). A wording
that is a label of the indicator vocabulary (skos:prefLabel or skos:altLabel, width and spaces
folded) takes that indicator; any other mints a new one under the indicator namespace, its IRI a
pinyin slug of the wording, its zh label the wording as written, its family the one the known
editions' observations in that section belong to, and an editorial note saying it was drafted and
is not in the vocabulary. Ranges, years, ordinals, numbers in rule-like sentences and wordings that
are no name stay in the review list: a person reads them rather than a wrong fact being drafted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from statistics import quantiles

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, PROV, QB, Knowledge
from gradkg.ingest.leftovers import reason
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.naming import known_wording, ruled, share_wording
from gradkg.ingest.numbers import Number, find_numbers
from gradkg.ingest.sections import Section, split_sections
from gradkg.ingest.statistics import THRESHOLD, learn_patterns, unit_of
from gradkg.ingest.text import sentence_at
from gradkg.ingest.wording import fold, wording_of
from gradkg.project import BASE, programme_iri

INDICATOR = f"{BASE}indicator/"
SCHEME = URIRef(f"{INDICATOR}scheme")
NOTE_ZH = "草拟：指标词表中没有此指标，名称取自报告原文，请审核后并入词表或改用已有指标。"
NOTE_EN = "drafted, not in the vocabulary: named from the report's words; review it, then add it or use a known one."
UNMATCHED = reason("1", "人", "", False)  # the guess leftovers.py gives a statistic no pattern matched


def draft_named_statistics(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Draft every statistic left unused whose words name it, under a known or a new indicator.

    A known indicator's label next to the number is enough anywhere; a new indicator is drafted
    only in the sections where the words have named the curated indicators before.
    """
    vocabulary = _vocabulary(knowledge)
    names = _Names(list(vocabulary))
    families = _families(knowledge)
    trusted = _trusted_sections(knowledge)
    for section in sections:
        family = families.get(section.key) or families.get(section.key.split("-")[0])
        sure = bool(trusted.get(section.title) or trusted.get(section.key))
        numbers = find_numbers(section.text)
        for i, n in enumerate(numbers):
            if not _candidate(knowledge, section, draft, n):
                continue
            stop = numbers[i + 1].start if i + 1 < len(numbers) else len(section.text)
            labelled = known_wording(section.text, n, stop, vocabulary)
            if labelled is not None:
                _draft(knowledge, draft, section, n, labelled, vocabulary, family)
                continue
            share = share_wording(knowledge, draft, section, numbers[i - 1] if i else None, n)
            if share is not None and fold(share) in vocabulary:
                _draft(knowledge, draft, section, n, (share, "before"), vocabulary, family)
                continue
            found = (share, "before", False) if share else wording_of(section.text, n.start, n.end, stop)
            if found is None or family is None or not sure:
                continue
            wording, side, _item = found
            stated = {label for label, ind in vocabulary.items() if (None, GK.indicator, ind) in draft.graph}
            if names.new(wording, stated):
                _draft(knowledge, draft, section, n, (wording, side), vocabulary, family)


def _candidate(knowledge: Knowledge, section: Section, draft: Draft, n: Number) -> bool:
    """An Arabic, single-valued number with a known unit, unused, in no rule-like sentence."""
    if not n.arabic or n.upper is not None or draft.is_used(section.key, n.start, n.end):
        return False
    text = section.text
    if reason(n.stated, n.unit, text[n.end : n.end + 2], n.ordinal) != UNMATCHED:
        return False
    return unit_of(knowledge, n) is not None and not ruled(text, n)


class _Names:
    """What a new indicator's name must be like, learnt from the vocabulary's names."""

    def __init__(self, known: list[str]) -> None:
        self.known = known
        deciles = quantiles([len(k) for k in known], n=10) if len(known) > 1 else [0.0, float("inf")]
        self.shortest, self.longest = deciles[0], deciles[-1]

    def new(self, wording: str, drafted: set[str] = frozenset()) -> bool:
        """As long as most known names (their 10th to 90th percentile) and close to none of them.

        A wording close to a known name (rapidfuzz ratio ≥ the patterns' threshold) may be a known
        indicator reworded or a new one: a person decides, so it is listed, not drafted. A known name
        whose indicator this report already states elsewhere (``drafted``) is no such doubt: 专职辅导员
        beside 兼职辅导员, drafted from its own number, is another indicator.
        """
        folded = fold(wording)
        if not self.shortest <= len(folded) <= self.longest:
            return False
        choices = [k for k in self.known if k not in drafted]
        near = process.extractOne(folded, choices, scorer=fuzz.ratio)
        return near is None or near[1] < THRESHOLD


def _trusted_sections(knowledge: Knowledge) -> dict[str, bool]:
    """Sections (by title and by key) where the words before or after the known editions' numbers
    name their curated indicators more often than not: only there are new indicators drafted."""
    agree: dict[str, list[bool]] = {}
    patterns = learn_patterns(knowledge)
    for edition in knowledge.editions:
        if edition.source is None:
            continue
        texts = {s.key: s for s in split_sections(edition.source.read_text(encoding="utf-8"))}
        for p in patterns:
            section = texts.get(p.section_key)
            if section is None or not str(p.observation).startswith(f"{BASE}{edition.programme}/{edition.year}/"):
                continue
            numbers = find_numbers(section.text)
            at = [i for i, n in enumerate(numbers) if n.start == p.position]
            if not at:
                continue
            stop = numbers[at[0] + 1].start if at[0] + 1 < len(numbers) else len(section.text)
            found = wording_of(section.text, numbers[at[0]].start, numbers[at[0]].end, stop)
            names = {fold(x) for x in knowledge.labels(knowledge.graph.value(p.observation, GK.indicator))}
            right = found is not None and fold(found[0]) in names
            for key in (section.title, section.key):
                agree.setdefault(key, []).append(right)
    return {key: 2 * sum(v) >= len(v) for key, v in agree.items()}


def _vocabulary(knowledge: Knowledge) -> dict[str, URIRef]:
    """Every known indicator by its folded zh labels (preferred and alternative)."""
    out: dict[str, URIRef] = {}
    for ind in knowledge.instances(GK.Indicator):
        for label in knowledge.labels(ind):
            out.setdefault(fold(label), ind)
    return out


def _families(knowledge: Knowledge) -> dict[str, URIRef]:
    """The data set most of the known observations of a section (and of its chapter) belong to."""
    counts: dict[str, Counter] = {}
    for obs in knowledge.instances(QB.Observation):
        ds = knowledge.graph.value(obs, QB.dataSet)
        for part in knowledge.graph.objects(obs, PROV.wasDerivedFrom):
            where = knowledge.section_key(part)
            if where and ds is not None:
                for key in {where[1], where[1].split("-")[0]}:
                    counts.setdefault(key, Counter())[ds] += 1
    return {key: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0] for key, c in counts.items()}


def _levels(knowledge: Knowledge, family: URIRef) -> bool:
    """Whether the known observations of a family carry a degree level."""
    return any(
        knowledge.graph.value(o, GK.degreeLevel) is not None
        for o in knowledge.graph.subjects(QB.dataSet, family)
        if (o, RDF.type, QB.Observation) in knowledge.graph
    )


def _level(knowledge: Knowledge, wording: str) -> URIRef:
    """The degree level the wording names (博士, 硕士生 …), else all levels."""
    named = [
        lvl
        for lvl in knowledge.instances(GK.DegreeLevel)
        if any(label in wording for label in knowledge.labels(lvl) if label not in ("合计",))
        and not str(lvl).endswith("/all")
    ]
    return named[0] if len(named) == 1 else URIRef(f"{BASE}degree-level/all")


def _slug(knowledge: Knowledge, draft: Draft, wording: str) -> URIRef:
    """indicator/<pinyin of the wording>, a digest of it appended if that IRI names something else."""
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(wording)]
    slug = "-".join(w for w in words if w)[:60].strip("-") or "indicator"
    node = URIRef(INDICATOR + slug)
    taken = [str(label) for g in (knowledge.graph, draft.graph) for label in g.objects(node, SKOS.prefLabel)]
    if taken and wording not in taken:
        node = URIRef(f"{INDICATOR}{slug}-{hashlib.sha1(wording.encode()).hexdigest()[:6]}")
    return node


def _draft(
    knowledge: Knowledge,
    draft: Draft,
    section: Section,
    n: Number,
    found: tuple[str, str],
    vocabulary: dict[str, URIRef],
    family: URIRef,
) -> None:
    wording, side = found
    g = draft.graph
    unit = unit_of(knowledge, n)
    indicator = vocabulary.get(fold(wording))
    if indicator is not None:
        family = knowledge.graph.value(indicator, GK.family) or family
        how, confidence = f"the words {side} it hold “{wording}”, a label of the vocabulary", 0.8
    else:
        indicator = _slug(knowledge, draft, wording)
        if (indicator, RDF.type, GK.Indicator) not in g:
            _indicator(g, indicator, wording, family, unit)
            draft.place(indicator, "statistics")
        how, confidence = f"the words {side} it name a new indicator (review it)", 0.5
    section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{section.key}")
    level = _level(knowledge, wording) if _levels(knowledge, family) else None
    local = str(indicator).rsplit("/", 1)[1] + (f"-{str(level).rsplit('/', 1)[1]}" if level is not None else "")
    node = URIRef(f"{BASE}{draft.programme}/{draft.edition}/observation/{local}")
    suffix = 2
    while (node, RDF.type, QB.Observation) in g:
        node, suffix = URIRef(f"{BASE}{draft.programme}/{draft.edition}/observation/{local}-{suffix}"), suffix + 1
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, family))
    g.add((node, GK.indicator, indicator))
    if level is not None:
        g.add((node, GK.degreeLevel, level))
    g.add((node, GK.programme, URIRef(programme_iri(draft.programme))))
    g.add((node, GK.refYear, Literal(int(draft.edition))))
    g.add((node, GK.value, Literal(str(n.value), datatype=XSD.decimal)))
    g.add((node, GK.unit, unit))
    g.add((node, GK.statedValue, Literal(n.stated)))
    g.add((node, GK.approximate, Literal(n.approximate)))
    label = knowledge.label(indicator) or wording
    g.add((node, SKOS.prefLabel, Literal(f"{draft.edition}年 {label}", lang="zh")))
    en = knowledge.label(indicator, "en") or f"[to translate] {wording}"
    g.add((node, SKOS.prefLabel, Literal(f"{draft.edition} {en}", lang="en")))
    g.add((node, PROV.wasDerivedFrom, section_iri))
    draft.place(node, "statistics")
    draft.use(section.key, n.start, n.end)
    draft.located[node] = (section.key, n.start, n.end)
    draft.review.append(
        Reviewed("statistic", "drafted", str(node), f"{n.stated} = {label}", section.number,
                 sentence_at(section.text, n.start, n.end), how, confidence)
    )  # fmt: skip


def _indicator(g, node: URIRef, wording: str, family: URIRef, unit: URIRef) -> None:
    """A new indicator as the shapes want it: in the scheme, labelled, with a family and a unit."""
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, RDF.type, GK.Indicator))
    g.add((node, SKOS.inScheme, SCHEME))
    g.add((node, SKOS.prefLabel, Literal(wording, lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(f"[to translate] {wording}", lang="en")))
    g.add((node, GK.family, family))
    g.add((node, GK.defaultUnit, unit))
    g.add((node, SKOS.editorialNote, Literal(NOTE_ZH, lang="zh")))
    g.add((node, SKOS.editorialNote, Literal(NOTE_EN, lang="en")))
