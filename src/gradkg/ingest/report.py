"""The report and its sections as RDF: the provenance every other drafted fact points to."""

from __future__ import annotations

import re

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gradkg.ingest.knowledge import DOCO, GK, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.sections import COVER, Section
from gradkg.project import BASE, edition_graph, programme_iri

_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


def report_iri(programme: str, edition: str) -> URIRef:
    return URIRef(f"{BASE}{programme}/{edition}")


def section_iri(programme: str, edition: str, key: str) -> URIRef:
    return URIRef(f"{BASE}{programme}/{edition}/section/{key}")


def draft_report(knowledge: Knowledge, sections: list[Section], draft: Draft, source_name: str) -> None:
    """The report (labels from the programme's name) and one doco:Section per heading."""
    g, year = draft.graph, draft.edition
    report = report_iri(draft.programme, year)
    g.add((report, RDF.type, GK.Report))
    g.add((report, GK.programme, URIRef(programme_iri(draft.programme))))
    g.add((report, GK.edition, Literal(int(year))))
    g.add((report, GK.namedGraph, URIRef(edition_graph(draft.programme, year))))
    g.add((report, GK.sourceFile, Literal(source_name)))
    name = knowledge.label(URIRef(programme_iri(draft.programme))) or draft.programme
    name_en = knowledge.label(URIRef(programme_iri(draft.programme)), "en") or draft.programme
    g.add((report, SKOS.prefLabel, Literal(f"{name}建设年度报告（{year}年）", lang="zh")))
    g.add((report, SKOS.prefLabel, Literal(f"{name_en} annual report ({year})", lang="en")))
    draft.place(report, "report")
    for section in sections:
        node = section_iri(draft.programme, year, section.key)
        parent = report if section.parent is None else section_iri(draft.programme, year, section.parent)
        g.add((node, RDF.type, DOCO.Section))
        g.add((node, DCTERMS.isPartOf, parent))
        g.add((node, GK.sectionNumber, Literal(section.number)))
        g.add((node, DCTERMS.title, Literal(section.title, lang="zh")))
        g.add((node, GK.order, Literal(section.order)))
        if section.key == COVER:
            g.add((node, SKOS.prefLabel, Literal(f"{year}年报告 封面", lang="zh")))
            g.add((node, SKOS.prefLabel, Literal(f"{year} report, cover page", lang="en")))
            date = _DATE.search(section.text)
            if date:
                stamp = f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}T00:00:00"
                g.add((report, GK.reportDate, Literal(stamp, datatype=XSD.dateTime)))
                draft.use(section.key, date.start(), date.end())
        else:
            g.add((node, SKOS.prefLabel, Literal(f"{year}年报告 {section.number} {section.title}", lang="zh")))
            g.add((node, SKOS.prefLabel, Literal(f"{year} report, section {section.number}", lang="en")))
        draft.place(node, "report")
        draft.review.append(
            Reviewed("section", "drafted", str(node), section.title, section.number, "", "heading pattern", 1.0)
        )
