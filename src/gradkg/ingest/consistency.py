"""Consistency relations (gk:SumCheck, gk:RatioCheck) for the drafted observations.

A relation the known editions state between observations (the routes under a total admitted,
applicants over offers) is drafted again when the new report states every observation it joins,
so ``gradkg validate`` on the draft warns where the new report contradicts itself. The sentence
decides nothing here that the curated editions did not: a relation is only carried over whole.
A gk:CountCheck counts listed things, which only a reader can confirm; it is listed for review.
"""

from __future__ import annotations

from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, PROV, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.project import BASE

_LINKS = (GK.stated, GK.part, GK.numerator, GK.denominator)
_COPIED = (GK.scale, GK.resolution)


def draft_checks(knowledge: Knowledge, draft: Draft) -> None:
    """Carry each known Sum/Ratio check over whose observations the draft all has."""
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
                if mine is not None and (mine, RDF.type, None) in draft.graph:
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
            sections = sorted(g.objects(mine, PROV.wasDerivedFrom)) if mine is not None else []
            if sections:
                g.add((node, PROV.wasDerivedFrom, sections[0]))
            number = str(g.value(sections[0], GK.sectionNumber) or "") if sections else ""
            draft.place(node, "consistency")
            draft.review.append(
                Reviewed("check", "drafted", str(node), knowledge.label(check) or local, number,
                         "", f"relation {local} of the known editions", 1.0)
            )  # fmt: skip
