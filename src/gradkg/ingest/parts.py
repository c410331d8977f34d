"""Parts listed after 其中 that no known pattern names: drafted so a known total's sum can be checked.

A known gk:SumCheck whose total is drafted but some of whose parts are not (the new report lists a
field the earlier one did not, 科研院所 2人) would be lost, and with it the contradiction it may
show. When the missing parts differ from the total only by category, the numbers with the total's
unit that the total's sentence lists and nothing drafted become observations: same indicator, a
category found by its Chinese name in the category's scheme, or a new concept of that scheme named
by the words before the number (listed for review, to move to data/reference/).
"""

from __future__ import annotations

import re

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, PROV, QB, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.numbers import find_numbers
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at, sentence_end
from gradkg.project import BASE, programme_iri

_LEAD = re.compile(r"^(其中|另有|以及|和|及)")


def _tail(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[1]


def draft_missing_parts(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Draft the unnamed parts of every known sum whose total the draft has."""
    obs_ns = f"{BASE}{draft.programme}/{draft.edition}/observation/"
    by_key = {s.key: s for s in sections}
    done: set[str] = set()
    for check in sorted(knowledge.instances(GK.SumCheck), reverse=True):
        stated = knowledge.graph.value(check, GK.stated)
        if stated is None or _tail(check) in done or not knowledge.scoped(check):
            continue
        total = URIRef(obs_ns + _tail(stated))
        where = draft.located.get(total)
        parts = list(knowledge.graph.objects(check, GK.part))
        missing = [p for p in parts if (URIRef(obs_ns + _tail(p)), RDF.type, None) not in draft.graph]
        indicator = knowledge.graph.value(stated, GK.indicator)
        if where is None or not missing or any(knowledge.graph.value(p, GK.indicator) != indicator for p in missing):
            continue
        done.add(_tail(check))
        section = by_key[where[0]]
        unit = draft.graph.value(total, GK.unit)
        stop = sentence_end(section.text, where[2])
        for n in find_numbers(section.text[where[2] : stop]):
            start, end = where[2] + n.start, where[2] + n.end
            if not n.arabic or draft.is_used(section.key, start, end) or _unit(knowledge, n.unit) != unit:
                continue
            name = _LEAD.sub("", n.left.split("，")[-1]).strip()
            if name:
                node = _part(knowledge, draft, section, stated, total, name, n, start, end)
                if node is not None:
                    draft.extra_parts.setdefault(_tail(check), []).append(node)


def _unit(knowledge: Knowledge, written: str) -> URIRef | None:
    found = knowledge.units.get(written)
    if found is None:
        for unit in knowledge.graph.subjects(RDF.type, GK.Unit):
            if any(str(a) == written for a in knowledge.graph.objects(unit, SKOS.altLabel)):
                return unit
    return found


def _part(knowledge: Knowledge, draft: Draft, section: Section, known_total: URIRef, total: URIRef, name: str,
          number, start: int, end: int) -> URIRef | None:  # fmt: skip
    g = draft.graph
    any_category = next(iter(knowledge.graph.objects(known_total, GK.category)), None)
    scheme = knowledge.graph.value(any_category, SKOS.inScheme) if any_category is not None else None
    if scheme is None:
        return None
    category = next(
        (c for c in knowledge.graph.subjects(SKOS.inScheme, scheme) if name in knowledge.labels(c)), None
    )  # fmt: skip
    if category is None:
        category = URIRef(str(scheme).rsplit("/", 1)[0] + "/" + _slug(name))
        g.add((category, RDF.type, SKOS.Concept))
        g.add((category, SKOS.inScheme, scheme))
        g.add((category, SKOS.prefLabel, Literal(name, lang="zh")))
        g.add((category, SKOS.prefLabel, Literal(f"[to translate] {name}", lang="en")))
        draft.place(category, "statistics")
        how = "a part after 其中 with a name no category has: move it to data/reference/"
        draft.review.append(Reviewed("category", "new", str(category), name, section.number, "", how, 0.5))
    node = URIRef(f"{str(total).rsplit('-', 1)[0]}-{_tail(category)}")
    g.add((node, RDF.type, QB.Observation))
    for p in (QB.dataSet, GK.indicator, GK.unit):
        for o in g.objects(total, p):
            g.add((node, p, o))
    g.add((node, GK.category, category))
    g.add((node, GK.programme, URIRef(programme_iri(draft.programme))))
    g.add((node, GK.refYear, Literal(int(draft.edition))))
    g.add((node, GK.value, Literal(str(number.value), datatype=XSD.decimal)))
    g.add((node, GK.statedValue, Literal(number.stated)))
    g.add((node, GK.approximate, Literal(number.approximate)))
    base = re.sub(r"^[0-9]{4}年?\s*", "", knowledge.label(known_total) or "")
    base_en = re.sub(r"^[0-9]{4}\s*", "", knowledge.label(known_total, "en") or "")
    g.add((node, SKOS.prefLabel, Literal(f"{draft.edition}年 {base}（{name}）", lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(f"{draft.edition} {base_en} ({name})", lang="en")))
    for s in g.objects(total, PROV.wasDerivedFrom):
        g.add((node, PROV.wasDerivedFrom, s))
    draft.place(node, "statistics")
    draft.use(section.key, start, end)
    draft.review.append(
        Reviewed("statistic", "drafted", str(node), f"{number.stated} = {base}（{name}）", section.number,
                 sentence_at(section.text, start, end), "a part after 其中 of a known total", 0.6)
    )  # fmt: skip
    return node


def _slug(name: str) -> str:
    from pypinyin import lazy_pinyin

    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(name)]
    return "-".join(w for w in words if w)[:60].strip("-") or "part"
