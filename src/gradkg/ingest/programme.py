"""The programme as the edition states it (its disciplines, directions, designations), carried over.

Each edition restates the programme in its own ``programme.ttl``, which also defines the
disciplines and directions the programme names; an edition validated without it fails. The draft
takes the latest known edition's file with its section references moved to the new report's
sections of the same number (and dropped where the new report has none), and says so in the review:
the reader checks 一 and 二（一） against it.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from gradkg.ingest.knowledge import Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.loading import parse_into
from gradkg.project import BASE, programme_iri

TOPIC = "programme"


def carry_programme(knowledge: Knowledge, draft: Draft) -> None:
    """Copy the latest known edition's programme.ttl into the draft, its sections remapped."""
    own = [e for e in knowledge.editions if e.programme == draft.programme]
    files = [f for e in sorted(own, key=lambda e: e.year)[-1:] for f in e.files if f.name == f"{TOPIC}.ttl"]
    if not files:
        return
    year = max(e.year for e in own)
    source = Graph()
    parse_into(source, files[0])
    old = f"{BASE}{draft.programme}/{year}/section/"
    new = f"{BASE}{draft.programme}/{draft.edition}/section/"
    for s, p, o in source:
        if isinstance(o, URIRef) and str(o).startswith(old):
            o = URIRef(new + str(o).removeprefix(old))
            if (o, None, None) not in draft.graph:
                continue
        draft.graph.add((s, p, o))
        draft.place(s, TOPIC)
    draft.review.append(
        Reviewed("programme", "matched", programme_iri(draft.programme), f"{files[0].parent.name}/{TOPIC}.ttl",
                 "一", "", f"carried over from the {year} edition: check 一 and 二（一） against it", 0.5)
    )  # fmt: skip
