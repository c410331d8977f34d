"""Copy a known organisation into a draft, with the organisations it is a unit of.

A draft is validated on its own with the reference data (`gradkg validate FILE…`), so anything it
points to that is described only in an edition (an issuer, a responsible body, a school) is copied
along, mentioned by the section that names it.
"""

from __future__ import annotations

from rdflib import URIRef

from gradkg.ingest.knowledge import GK, SCHEMA, Knowledge
from gradkg.ingest.model import Draft
from gradkg.project import BASE


def reuse_organisation(knowledge: Knowledge, draft: Draft, node: URIRef, section: URIRef) -> None:
    """Describe ``node`` (and its parents) in the draft's organisations file, mentioned by ``section``."""
    while isinstance(node, URIRef) and str(node).startswith(BASE):
        known_here = (node, None, None) in draft.graph
        if not known_here:
            for triple in knowledge.describe(node):
                draft.graph.add(triple)
        draft.graph.add((node, SCHEMA.subjectOf, section))
        draft.place(node, "organisations")
        if known_here:
            return
        node = knowledge.graph.value(node, GK.unitOf)
