"""Consistency relations (gk:SumCheck, gk:RatioCheck) for the drafted observations.

A relation the known editions state between observations (the routes under a total admitted,
applicants over offers) is drafted again when the new report states every observation it joins,
so ``gradkg validate`` on the draft warns where the new report contradicts itself. The sentence
decides nothing here that the curated editions did not: a relation is only carried over whole.
A gk:CountCheck counts listed things: its members are found by name in the clause that states the
count (things of the kinds the known check lists, the most specific where a name and its broader
one both appear); with none found it is listed for review.
"""

from __future__ import annotations

import re

from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, PROV, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at
from gradkg.project import BASE

_LINKS = (GK.stated, GK.part, GK.numerator, GK.denominator)
_COPIED = (GK.scale, GK.resolution)


def draft_checks(knowledge: Knowledge, draft: Draft, sections: list[Section]) -> None:
    """Carry each known Sum/Ratio check over whose observations the draft all has; find the members
    of each known Count check whose count the draft has."""
    obs_ns = f"{BASE}{draft.programme}/{draft.edition}/observation/"
    chk_ns = f"{BASE}{draft.programme}/{draft.edition}/check/"
    seen: set[str] = set()
    for cls in (GK.SumCheck, GK.RatioCheck, GK.CountCheck):
        for check in sorted(knowledge.instances(cls), reverse=True):  # the latest edition's version first
            local = str(check).rsplit("/", 1)[1]
            if local in seen or not knowledge.scoped(check):
                continue
            seen.add(local)
            stated = knowledge.graph.value(check, GK.stated)
            mine = URIRef(obs_ns + str(stated).rsplit("/", 1)[1]) if stated is not None else None
            if cls == GK.CountCheck:
                if mine is not None and mine in draft.located:
                    if _count_check(knowledge, draft, sections, check, URIRef(chk_ns + local), mine):
                        continue
                    draft.review.append(
                        Reviewed("check", "not drafted", str(URIRef(chk_ns + local)), knowledge.label(check) or local,
                                 "", "", "a count of listed things: list the members by hand", 0.0)
                    )  # fmt: skip
                continue
            links = [
                (p, URIRef(obs_ns + str(o).rsplit("/", 1)[1]))
                for p in _LINKS
                for o in knowledge.graph.objects(check, p)
            ]
            extra = draft.extra_parts.get(local, [])
            if extra:  # the parts the new report lists instead of the ones no longer there
                links = [(p, o) for p, o in links if (o, RDF.type, None) in draft.graph] + [(GK.part, o) for o in extra]
            if not all((o, RDF.type, None) in draft.graph for _, o in links):
                seen.discard(local)  # an older edition's version of the relation may fit
                continue
            node = URIRef(chk_ns + local)
            g = draft.graph
            g.add((node, RDF.type, cls))
            for p, o in links:
                g.add((node, p, o))
            for p in _COPIED:
                for o in knowledge.graph.objects(check, p):
                    g.add((node, p, o))
            for label in knowledge.graph.objects(check, SKOS.prefLabel):
                g.add((node, SKOS.prefLabel, label))
            derived = sorted(g.objects(mine, PROV.wasDerivedFrom)) if mine is not None else []
            if derived:
                g.add((node, PROV.wasDerivedFrom, derived[0]))
            number = str(g.value(derived[0], GK.sectionNumber) or "") if derived else ""
            draft.place(node, "consistency")
            draft.review.append(
                Reviewed("check", "drafted", str(node), knowledge.label(check) or local, number,
                         "", f"relation {local} of the known editions", 1.0)
            )  # fmt: skip


_CLAUSE_START = re.compile(r"[，。；：,;:]")


def _count_check(
    knowledge: Knowledge, draft: Draft, sections: list[Section], check: URIRef, node: URIRef, stated: URIRef
) -> bool:
    """Draft a count check whose members the clause before its count names; False if it names none."""
    key, start, end = draft.located[stated]
    section = next((s for s in sections if s.key == key), None)
    if section is None:
        return False
    head = [m.end() for m in _CLAUSE_START.finditer(section.text, max(0, start - 200), start)]
    clause = section.text[head[-1] if head else max(0, start - 200) : start]
    members = _named(knowledge, draft, clause, {t for m in knowledge.graph.objects(check, GK.member)
                                                 for t in knowledge.graph.objects(m, RDF.type)})  # fmt: skip
    if not members:
        return False
    g = draft.graph
    g.add((node, RDF.type, GK.CountCheck))
    g.add((node, GK.stated, stated))
    for m in members:
        g.add((node, GK.member, m))
    for label in knowledge.graph.objects(check, SKOS.prefLabel):
        g.add((node, SKOS.prefLabel, label))
    section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{key}")
    g.add((node, PROV.wasDerivedFrom, section_iri))
    draft.place(node, "consistency")
    names = "、".join(knowledge.label(m) or str(m) for m in members)
    draft.review.append(
        Reviewed("check", "drafted", str(node), knowledge.label(check) or str(node), section.number,
                 sentence_at(section.text, start, end), f"members found by name in the clause: {names}", 0.6)
    )  # fmt: skip
    return True


def _named(knowledge: Knowledge, draft: Draft, clause: str, kinds: set[URIRef]) -> list[URIRef]:
    """Things of the given kinds whose zh name the clause holds, a broader one dropped for its narrower."""
    found = set()
    for kind in kinds:
        for thing in knowledge.instances(kind):
            if not knowledge.scoped(thing) and not str(thing).startswith(BASE):
                continue
            if any(len(name) >= 2 and name in clause for name in knowledge.labels(thing)):
                found.add(thing)
    broader = {b for t in found for b in knowledge.graph.objects(t, SKOS.broader)}
    usable = [t for t in found if t not in broader and _described(knowledge, draft, t)]
    return sorted(usable, key=lambda t: (clause.find(_first_name(knowledge, t, clause)), str(t)))


def _first_name(knowledge: Knowledge, thing: URIRef, clause: str) -> str:
    return next(name for name in knowledge.labels(thing) if len(name) >= 2 and name in clause)


def _described(knowledge: Knowledge, draft: Draft, thing: URIRef) -> bool:
    """A member the draft can point to: reference data (no edition's IRI), or something the draft has."""
    return not knowledge.scoped(thing) or (thing, RDF.type, None) in draft.graph
