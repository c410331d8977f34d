"""Turn the template's parsed files into one synthetic programme's files, following its plan.

Kept apart from bench/synth.py (which decides the plans) because this is the per-programme work:
rewrite IRIs, drop and add courses and documents, rename people, rebalance numbers, and read back
what the manifest needs (counts, the planted contradictions, the shared lecturers' courses).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from synth_numbers import GK, RDF_TYPE, Observation, Planted, rebalance

if TYPE_CHECKING:
    from synth import Files, Plan, Template

BASE = "https://w3id.org/gradkg/id/"
TEMPLATE = "zju-1002"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
ELI = "http://data.europa.eu/eli/ontology#"
LABEL = SKOS + "prefLabel"
NOT_COPIED = {LABEL, SKOS + "altLabel", SKOS + "editorialNote", GK + "reportedEnglishName", GK + "designation",
              GK + "originalForm", GK + "tableRow"}  # fmt: skip
DOCUMENT_SECTION = "3-8"  # 三（八） 质量保证, where both editions cite their rules documents
TEMPLATE_NAMES = {
    "zh": "浙江大学临床医学博士学位授权点",
    "en": "Zhejiang University Clinical Medicine doctoral programme",
}


def programme_names(index: int) -> dict[str, str]:
    return {"zh": f"合成学位授权点{index:04d}", "en": f"Synthetic degree programme {index:04d}"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class Rewriter:
    """Maps the template's terms to this programme's: IRIs moved, people renamed, labels and code changed."""

    def __init__(self, plan: Plan, template: Template) -> None:
        self.plan, self.kept = plan, template.kept
        self.old_scope, self.new_scope = f"{BASE}{TEMPLATE}/", f"{BASE}{plan.id}/"
        self.people = {old: plan.person(old) for old in plan.names}
        self.names = {plan.person(old): name for old, name in plan.names.items()}
        self.schools = {plan.person(old): _n(school) for old, school in plan.affiliation.items()}
        self.programme = BASE + "programme/" + plan.id
        self.reports = {f"{self.new_scope}{e}" for e in template.editions}
        self.iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        if value not in self.iris:
            if value in self.people:
                moved = self.people[value]
            elif value == BASE + "programme/" + TEMPLATE:
                moved = self.programme
            elif value.startswith(self.old_scope) and value not in self.kept:
                moved = self.new_scope + value[len(self.old_scope) :]
            else:
                moved = value
            self.iris[value] = _n(moved)
        return self.iris[value]

    def triple(self, t: ox.Triple) -> ox.Triple:
        s, p, o = self.iri(t.subject.value), t.predicate, t.object
        if s.value in self.schools and p.value == SCHEMA + "affiliation":
            o = self.schools[s.value]
        elif isinstance(o, ox.NamedNode):
            o = self.iri(o.value)
        else:
            o = self._literal(s.value, p.value, o)
        return ox.Triple(s, p, o)

    def _literal(self, subject: str, predicate: str, literal: ox.Literal) -> ox.Literal:
        lang = literal.language
        if subject in self.names and (predicate == SCHEMA + "name" or predicate == LABEL):
            name = self.names[subject]
            return ox.Literal(name.en if lang == "en" else name.zh, language=lang)
        if subject == self.programme and predicate == LABEL:
            return ox.Literal(programme_names(self.plan.index)[lang], language=lang)
        if subject == self.programme and predicate == "http://purl.org/dc/terms/identifier":
            return ox.Literal(f"S{self.plan.index:04d}")
        if subject in self.reports and predicate == LABEL and lang in TEMPLATE_NAMES:
            names = programme_names(self.plan.index)
            return ox.Literal(literal.value.replace(TEMPLATE_NAMES[lang], names[lang]), language=lang)
        return literal


def pool_document(number: int, section: str) -> list[ox.Triple]:
    """A synthetic policy document (a shared IRI: every programme citing it states the same facts)."""
    doc = _n(f"{BASE}document/synth-{number:04d}")
    title = f"研究生培养合成规定第{number}号"
    facts = [
        (RDF_TYPE, _n(GK + "PolicyDocument")),
        ("http://purl.org/dc/terms/title", ox.Literal(title, language="zh")),
        (LABEL, ox.Literal(title, language="zh")),
        (LABEL, ox.Literal(f"Synthetic graduate training regulation no. {number}", language="en")),
        (ELI + "id_local", ox.Literal(f"合成发〔2024〕{number}号")),
        (GK + "documentNumberPrefix", ox.Literal("合成发")),
        (GK + "documentYear", ox.Literal("2024", datatype=_n(XSD + "integer"))),
        (GK + "serialNumber", ox.Literal(str(number), datatype=_n(XSD + "integer"))),
        (ELI + "passed_by", _n(BASE + "organisation/zju-med")),
        (GK + "trial", ox.Literal("false", datatype=_n(XSD + "boolean"))),
        (GK + "citationForm", ox.Literal("title and number")),
        (GK + "governs", _n(BASE + "process/thesis-review")),
        (SCHEMA + "subjectOf", _n(section)),
    ]
    return [ox.Triple(doc, _n(p), o) for p, o in facts]


def copied_course(source: str, number: int, code: str, files: Files) -> dict[str, list[ox.Triple]]:
    """A new course with a copied course's type, credits, language, level, lecturer and section."""
    course = _n(source.rsplit("/", 1)[0] + f"/added-{number}")
    added: dict[str, list[ox.Triple]] = defaultdict(list)
    for name, triples in files.items():
        own = [t for t in triples if t.subject.value == source and t.predicate.value not in NOT_COPIED]
        if own:
            added[name] += [ox.Triple(course, t.predicate, t.object) for t in own]
            added[name] += [
                ox.Triple(course, _n(LABEL), ox.Literal(f"合成课程{code}-{number}", language="zh")),
                ox.Triple(course, _n(LABEL), ox.Literal(f"Synthetic course {code}-{number}", language="en")),
            ]
    return added


@dataclass
class Generated:
    files: Files
    planted: list[tuple[str, Planted]]  # (edition, what was planted)


def generate(plan: Plan, template: Template, seed: int) -> Generated:
    """The programme's files (relative path → triples) and the contradictions planted in them."""
    rewriter = Rewriter(plan, template)
    gone = set(plan.dropped_courses) | set(plan.dropped_documents)
    files: Files = {
        name: [rewriter.triple(t) for t in triples if t.subject.value not in gone and t.object.value not in gone]
        for name, triples in template.files.items()
    }
    for number, source in enumerate(plan.added_courses, start=1):
        for name, triples in copied_course(rewriter.iri(source).value, number, f"S{plan.index:04d}", files).items():
            files[name] += triples
    latest = template.editions[-1]
    section = f"{rewriter.new_scope}{latest}/section/{DOCUMENT_SECTION}"
    for number in plan.pool_documents:
        files[f"{latest}/governance.ttl"] += pool_document(number, section)
    for old, other in plan.same_as.items():
        person = _n(plan.person(old))
        for triples in files.values():
            if any(t.subject == person and t.predicate.value == LABEL for t in triples):
                triples.append(ox.Triple(person, _n("http://www.w3.org/2002/07/owl#sameAs"), _n(other)))
    rng = random.Random(f"{seed}:{plan.index}:numbers")
    planted = []
    for edition in template.editions:
        names = [n for n in files if n.startswith(edition + "/")]
        chosen = {rewriter.iri(check).value for e, check in plan.planted if e == edition}
        changed, found = rebalance([t for n in names for t in files[n]], rng, chosen)
        for name in names:
            files[name] = [_renumbered(t, changed) for t in files[name]]
        planted += [(edition, p) for p in found]
    return Generated(files, planted)


def _renumbered(t: ox.Triple, changed: dict[str, Observation]) -> ox.Triple:
    obs = changed.get(t.subject.value)
    if obs is None:
        return t
    if t.predicate.value == GK + "value":
        return ox.Triple(t.subject, t.predicate, ox.Literal(obs.text, datatype=_n(XSD + "decimal")))
    if t.predicate.value == GK + "statedValue":
        return ox.Triple(t.subject, t.predicate, ox.Literal(obs.stated))
    return t
