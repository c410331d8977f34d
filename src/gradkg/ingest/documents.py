"""Policy documents the report cites: 《title》 with or without a 发文字号, matched to those already known.

A document is reused when its number (浙大医学院发〔2021〕24号) or its exact title is one the
project has; a new one gets ``document/<issuer>-<year>-<serial>`` from its number, with the
issuer's slug learnt from the documents that share its number's prefix, or a slug of its title.
Only sections 一 to 三 are read for citations: the national template's 四 onwards reports the
programme's outputs (reports it wrote, proposals it made), which are cited with 《》 too but
govern nothing. A known document named without 《》 (研究生招生体制改革工作方案) is found by its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gradkg.ingest.knowledge import ELI, GK, SCHEMA, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.normalise import clean_spaces
from gradkg.ingest.reuse import reuse_organisation
from gradkg.ingest.sections import Section
from gradkg.ingest.text import sentence_at
from gradkg.project import BASE

DOC = BASE + "document/"
NUMBER = re.compile(r"([^（）()〔〕《》，。、\s]{1,20}?)\s*〔\s*([0-9]{4})\s*〕\s*([0-9]+)\s*号")
CITATION = re.compile(r"《([^《》]{2,80})》(?:\s*[（(]\s*(" + NUMBER.pattern + r")\s*[）)])?")
SUFFIXES = ("细则", "办法", "通知", "方案", "准则", "材料", "标准", "规范", "规定", "条例", "意见", "制度", "规程",
            "提示", "要求", "决定", "指南", "规则", "守则", "章程")  # fmt: skip
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
GOVERNANCE_SECTIONS = ("1", "2", "3")


@dataclass(frozen=True)
class Number:
    """A 发文字号 parsed: issuer prefix, year and serial."""

    text: str
    prefix: str
    year: int
    serial: int


def parse_number(text: str) -> Number | None:
    """浙大医学院发〔2021〕24号 → (浙大医学院发, 2021, 24); spaces from extraction are ignored."""
    m = NUMBER.fullmatch(clean_spaces(text).replace(" ", ""))
    if not m:
        return None
    return Number(f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号", m.group(1), int(m.group(2)), int(m.group(3)))


def looks_like_policy(title: str) -> bool:
    """A title that names a regulation: it ends, before a note such as （试行）, in 细则, 办法, 通知 …"""
    core = _TRAILING_NOTE.sub("", title).strip()
    return core.endswith(SUFFIXES)


@dataclass(frozen=True)
class Citation:
    title: str
    number: Number | None
    section: Section
    start: int
    end: int
    form: str  # title and number | title | name only


def find_citations(sections: list[Section], known_titles: list[str]) -> list[Citation]:
    """Every policy document cited in sections 一 to 三, in text order."""
    found: list[Citation] = []
    for section in sections:
        if section.key.split("-")[0] not in GOVERNANCE_SECTIONS:
            continue
        text = section.text
        quoted = []
        for m in CITATION.finditer(text):
            title = clean_spaces(m.group(1))
            number = parse_number(m.group(2)) if m.group(2) else None
            quoted.append((m.start(), m.end()))
            if number is None and not looks_like_policy(title) and title not in known_titles:
                continue
            form = "title and number" if number else "title"
            found.append(Citation(title, number, section, m.start(), m.end(), form))
        for title in known_titles:
            for m in re.finditer(re.escape(title), text):
                if not any(s <= m.start() < e for s, e in quoted):
                    found.append(Citation(title, None, section, m.start(), m.end(), "name only"))
    return sorted(found, key=lambda c: (c.section.order, c.start))


def _slug(text: str) -> str:
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(text)]
    return "-".join(w for w in words if w)[:80].strip("-")


def draft_documents(knowledge: Knowledge, sections: list[Section], draft: Draft) -> dict[str, URIRef]:
    """Draft every cited document; returns title → IRI."""
    known = [d for d in knowledge.instances(GK.PolicyDocument) if str(d).startswith(DOC)]
    by_number = {str(n): d for d in known for n in knowledge.graph.objects(d, ELI.id_local)}
    by_title = {clean_spaces(t): d for d in known for t in knowledge.labels(d) if t}
    issuers = {}
    for d in known:
        prefix = knowledge.graph.value(d, GK.documentNumberPrefix)
        if prefix is not None:
            slug = str(d).removeprefix(DOC).rsplit("-", 2)[0]
            issuers[str(prefix)] = (slug, knowledge.graph.value(d, ELI.passed_by))
    name_only = [t for d in known if knowledge.graph.value(d, GK.citationForm) == Literal("name only")
                 for t in knowledge.labels(d)]  # fmt: skip
    drafted: dict[URIRef, Citation] = {}
    titles: dict[str, URIRef] = {}
    for cite in find_citations(sections, name_only):
        section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{cite.section.key}")
        node, how, status = _match(cite, by_number, by_title, issuers)
        g = draft.graph
        if node not in drafted:
            drafted[node] = cite
            if status == "matched":
                for triple in knowledge.describe(node):
                    g.add(triple)
                for org in g.objects(node, ELI.passed_by):
                    reuse_organisation(knowledge, draft, org, section_iri)
            else:
                _new_document(knowledge, draft, node, cite, issuers)
            draft.place(node, "governance")
            draft.review.append(
                Reviewed(
                    "document", status, str(node), cite.title + (f"（{cite.number.text}）" if cite.number else ""),
                    cite.section.number, sentence_at(cite.section.text, cite.start, cite.end), how,
                    1.0 if status == "matched" else 0.9,
                )
            )  # fmt: skip
        draft.graph.add((node, SCHEMA.subjectOf, section_iri))
        draft.use(cite.section.key, cite.start, cite.end)
        titles[cite.title] = node
    return titles


def _match(cite: Citation, by_number: dict, by_title: dict, issuers: dict) -> tuple[URIRef, str, str]:
    if cite.number and cite.number.text in by_number:
        return by_number[cite.number.text], f"document number {cite.number.text}", "matched"
    if cite.title in by_title:
        return by_title[cite.title], f"title 《{cite.title}》", "matched"
    if cite.number:
        slug = issuers.get(cite.number.prefix, (_slug(cite.number.prefix), None))[0]
        return URIRef(f"{DOC}{slug}-{cite.number.year}-{cite.number.serial}"), "new: slug from its number", "new"
    return URIRef(DOC + _slug(cite.title)), "new: slug from its title", "new"


def _new_document(knowledge: Knowledge, draft: Draft, node: URIRef, cite: Citation, issuers: dict) -> None:
    g = draft.graph
    g.add((node, RDF.type, GK.PolicyDocument))
    g.add((node, DCTERMS.title, Literal(cite.title, lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(cite.title, lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(f"[to translate] {cite.title}", lang="en")))
    g.add((node, GK.trial, Literal("（试行）" in cite.title)))
    g.add((node, GK.citationForm, Literal(cite.form)))
    verb = cite.section.text[max(0, cite.start - 2) : cite.start]
    if verb in {str(v) for v in knowledge.graph.objects(None, GK.reportAction)}:
        g.add((node, GK.reportAction, Literal(verb, lang="zh")))
    if cite.number:
        g.add((node, ELI.id_local, Literal(cite.number.text)))
        g.add((node, GK.documentNumberPrefix, Literal(cite.number.prefix)))
        g.add((node, GK.documentYear, Literal(cite.number.year, datatype=XSD.integer)))
        g.add((node, GK.serialNumber, Literal(cite.number.serial, datatype=XSD.integer)))
        issuer = issuers.get(cite.number.prefix, (None, None))[1]
        if issuer is not None:
            g.add((node, ELI.passed_by, issuer))
            reuse_organisation(
                knowledge, draft, issuer, URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{cite.section.key}")
            )
    sentence = sentence_at(cite.section.text, cite.start, cite.end)
    for process in knowledge.instances(GK.Process):
        if any(label in sentence for label in knowledge.labels(process) if len(label) >= 3):
            g.add((node, GK.governs, process))
