"""Numeric rules: the known editions' rules found again in the new text, with the numbers it now states.

A rule with a number (不低于 3500元/月, 5位及以上, 10%左右, 每年进行一次) is looked for in the
section of the same title: its statement, digits masked, is aligned with the section's text
(rapidfuzz's partial-ratio alignment), so a rule whose numbers changed is still found. Its
constraints take the numbers of the new statement in order. The same words and numbers keep the
rule's IRI; anything changed makes a new rule, ``prov:wasRevisionOf`` the old. A sentence with
不低于, 不少于, 以上, 左右 … that no known rule matches is listed for review.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gradkg.ingest.knowledge import GK, PROV, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.numbers import find_numbers
from gradkg.ingest.reuse import reuse_organisation
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at
from gradkg.project import BASE

THRESHOLD = 85.0
RULE_WORDS = re.compile(r"不低于|不少于|不超过|不高于|至少|至多|及以上|以上|以内|左右|每年|每月|每学期")
_COPIED = (GK.governs, GK.degreeLevel, DCTERMS.source, GK.responsibleBody)


def _mask(text: str) -> str:
    """Digits as 0, so an alignment ignores changed numbers but keeps every index."""
    return re.sub(r"[0-9]", "0", text)


def draft_rules(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Find every known numeric rule in the new text and draft it with the new numbers."""
    by_title = {s.title: s for s in sections}
    by_key = {s.key: s for s in sections}
    covered: dict[str, list[tuple[int, int]]] = {}
    for rule in knowledge.instances(GK.Rule):
        constraints = sorted(knowledge.graph.objects(rule, GK.constraint), key=str)
        statement = knowledge.graph.value(rule, GK.statement)
        if not constraints or statement is None or not knowledge.scoped(rule):
            continue
        known_section = next(iter(knowledge.graph.objects(rule, PROV.wasDerivedFrom)), None)
        where = knowledge.section_key(known_section) if known_section is not None else None
        title = knowledge.graph.value(known_section, DCTERMS.title) if known_section is not None else None
        section = by_title.get(str(title)) or (by_key.get(where[1]) if where else None)
        if section is None:
            continue
        found = _find(str(statement), section.text)
        if found is None:
            continue
        start, end, score = found
        if any(s < end and start < e for s, e in covered.get(section.key, [])):
            continue
        covered.setdefault(section.key, []).append((start, end))
        _draft_rule(knowledge, draft, rule, constraints, str(statement), section, start, end, score)
    _list_candidates(sections, draft, covered)


def _find(statement: str, text: str) -> tuple[int, int, float] | None:
    """Where in ``text`` the statement is, numbers aside: (start, end, score) or None."""
    if not text:
        return None
    aligned = fuzz.partial_ratio_alignment(_mask(statement), _mask(text))
    if aligned is None or aligned.score < THRESHOLD:
        return None
    return aligned.dest_start, aligned.dest_end, aligned.score


def _draft_rule(
    knowledge: Knowledge,
    draft: Draft,
    rule: URIRef,
    constraints: list[URIRef],
    statement: str,
    section: Section,
    start: int,
    end: int,
    score: float,
) -> None:
    g = draft.graph
    new_statement = section.text[start:end]
    old_numbers = find_numbers(statement)
    new_numbers = find_numbers(new_statement)
    values = _values(knowledge, constraints, old_numbers, new_numbers)
    section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{section.key}")
    sentence = sentence_at(section.text, start, end)
    if values is None:
        draft.review.append(
            Reviewed("rule", "not drafted", str(rule), new_statement, section.number, sentence,
                     "a known rule's words, its numbers not lined up with its constraints", round(score / 100, 2))
        )  # fmt: skip
        return
    mine = f"{BASE}{draft.programme}/rule/{str(rule).rsplit('/', 1)[1]}"
    own = str(rule) == mine  # a rule of another programme is a pattern only: this programme's rule is new
    same = own and new_statement == statement
    node = rule if same else URIRef(mine if not own else f"{mine}-{draft.edition}")
    g.add((node, RDF.type, GK.Rule))
    g.add((node, GK.statement, Literal(new_statement, lang="zh")))
    for p in _COPIED:
        for o in knowledge.graph.objects(rule, p):
            g.add((node, p, o))
    if same:
        for p in (GK.qualification, SKOS.editorialNote):
            for o in knowledge.graph.objects(rule, p):
                g.add((node, p, o))
    elif own:
        g.add((node, PROV.wasRevisionOf, rule))
    g.add((node, PROV.wasDerivedFrom, section_iri))
    for body in knowledge.graph.objects(rule, GK.responsibleBody):
        reuse_organisation(knowledge, draft, body, section_iri)
    draft.place(node, "rules")
    for constraint, value in zip(constraints, values, strict=True):
        bound = URIRef(f"{node}#{str(constraint).rsplit('#', 1)[1]}")
        g.add((node, GK.constraint, bound))
        g.add((bound, RDF.type, GK.Constraint))
        for p in (GK.operand, GK.operator, GK.unit, GK.condition):
            for o in knowledge.graph.objects(constraint, p):
                g.add((bound, p, o))
        g.add((bound, GK.value, Literal(str(value), datatype=XSD.decimal)))
        g.add((bound, PROV.wasDerivedFrom, section_iri))
        draft.place(bound, "rules")
    for n in new_numbers:
        draft.use(section.key, start + n.start, start + n.end)
    how = (
        "the same words and numbers"
        if same
        else f"a known rule reworded (revision of {str(rule).rsplit('/', 1)[1]})"
        if own
        else f"the words of {rule}"
    )
    draft.review.append(
        Reviewed("rule", "matched" if same else "new", str(node), new_statement, section.number, sentence, how,
                 round(score / 100, 2))
    )  # fmt: skip


def _values(knowledge: Knowledge, constraints: list[URIRef], old: list, new: list) -> list | None:
    """Each constraint's new value: the new statement's number where the old one had the constraint's."""
    if len(old) != len(new):
        return None
    out = []
    for constraint in constraints:
        value = knowledge.graph.value(constraint, GK.value)
        position = None
        for i, n in enumerate(old):
            if str(n.value) == str(value) or (n.upper is not None and str(n.upper) == str(value)):
                upper = n.upper is not None and str(n.upper) == str(value)
                position = (i, upper)
                break
        if position is None:
            return None
        number = new[position[0]]
        if position[1] and number.upper is None:
            return None
        out.append(number.upper if position[1] else number.value)
    return out


def _list_candidates(sections: list[Section], draft: Draft, covered: dict[str, list[tuple[int, int]]]) -> None:
    """Sentences that read like a numeric rule but match no known one: for a person to draft."""
    seen: set[Reviewed] = set()
    for section in sections:
        for m in RULE_WORDS.finditer(section.text):
            if any(s <= m.start() < e for s, e in covered.get(section.key, [])):
                continue
            sentence = sentence_at(section.text, m.start(), m.end())
            if not any(n.arabic or n.unit for n in find_numbers(sentence)):
                continue
            row = Reviewed("rule", "not drafted", m.group(0), sentence, section.number, sentence,
                           f"reads like a numeric rule ({m.group(0)}); no known rule matches", 0.0)  # fmt: skip
            if row not in seen:
                seen.add(row)
                draft.review.append(row)
