"""Known names in the new text: platforms, organisations, scholarships and people already in the graph.

Each known thing whose Chinese name (or alternative name) occurs in a section is reused with its
IRI and description, mentioned by that section. Its ``gk:statement`` (a quotation from an earlier
edition) is kept only if the new text says it too. New names are not guessed: a person reads them
in the review file's unlisted sentences.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from gradkg.ingest.knowledge import GK, SCHEMA, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.reuse import reuse_organisation
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at
from gradkg.project import BASE

ORGANISATIONS = ("University", "School", "AffiliatedHospital", "Committee", "AdministrativeOffice", "ExternalBody",
                 "GovernmentBody")  # fmt: skip
KINDS = {"organisations": "organisation", "named": "platform", "support": "scholarship", "people": "person"}
TOPICS = {**{name: "organisations" for name in ORGANISATIONS}, "Platform": "named", "Scholarship": "support"}


def draft_named(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Reuse every known organisation, platform, scholarship and person the text names."""
    text = "".join(s.text for s in sections)
    candidates: list[tuple[URIRef, str, str]] = []
    for cls, topic in [*TOPICS.items(), ("Person", "people")]:
        rdf_class = SCHEMA.Person if cls == "Person" else GK[cls]
        shortest = 2 if cls == "Person" else 3
        for node in knowledge.instances(rdf_class):
            if cls == "Person" and not str(node).startswith(f"{BASE}{draft.programme}/"):
                continue
            for label in knowledge.labels(node):
                if len(label) >= shortest:
                    candidates.append((node, label, topic))
    for node, label, topic in candidates:
        hits = [(s, s.text.find(label)) for s in sections if label in s.text]
        if not hits:
            continue
        fresh = (node, None, None) not in draft.graph
        for section, at in hits:
            section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{section.key}")
            if topic == "organisations":
                reuse_organisation(knowledge, draft, node, section_iri)
            else:
                _reuse(knowledge, draft, node, section_iri, topic, text)
            if fresh:
                fresh = False
                draft.review.append(
                    Reviewed(KINDS[topic], "matched", str(node), label, section.number,
                             sentence_at(section.text, at, at + len(label)), f"known name “{label}”", 1.0)
                )  # fmt: skip
    for node in list(draft.files):
        for quote in list(draft.graph.objects(node, GK.statement)):
            if isinstance(quote, Literal) and str(quote) not in text and draft.files[node] != "rules":
                draft.graph.remove((node, GK.statement, quote))


def _reuse(knowledge: Knowledge, draft: Draft, node: URIRef, section: URIRef, topic: str, text: str) -> None:
    if (node, None, None) not in draft.graph:
        for triple in knowledge.describe(node):
            draft.graph.add(triple)
        for org in [*knowledge.graph.objects(node, SCHEMA.affiliation), *knowledge.graph.objects(node, GK.unitOf)]:
            reuse_organisation(knowledge, draft, org, section)
    draft.graph.add((node, SCHEMA.subjectOf, section))
    draft.place(node, topic)
