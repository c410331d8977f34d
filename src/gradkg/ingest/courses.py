"""Course tables: each row a course with its type, credits, language, lecturers and their schools.

Columns are found by their headings (课程名称, 课程类型, 主讲人, 主讲人所在院系, 学分, 授课语言), so
a table with its columns in another order still reads; cell values are matched to the controlled
lists by label (必修课 → course type compulsory, 中英双语 → bilingual). A known course, person or
school with the same Chinese name keeps its IRI; the rest are new, people named in pinyin.
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from gradkg.ingest.knowledge import GK, SCHEMA, Knowledge
from gradkg.ingest.model import Draft, Reviewed
from gradkg.ingest.normalise import normalise_inline
from gradkg.ingest.reuse import reuse_organisation
from gradkg.ingest.sections import Paragraph, Section
from gradkg.project import BASE

COLUMNS = {"序号": "row", "课程名称": "name", "课程类型": "type", "主讲人": "lecturers", "主讲人所在院系": "school",
           "学分": "credits", "授课语言": "language"}  # fmt: skip
ORG = BASE + "organisation/"


def _cells(row: Paragraph) -> list[str]:
    return [normalise_inline(c) for c in row.text.split("\t")]


def _slug(text: str) -> str:
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(text)]
    return "-".join(w for w in words if w)[:80].strip("-")


def person_names(name: str) -> tuple[str, str]:
    """(slug, English label) of a lecturer: 柯越海 → ke-yuehai, Ke Yuehai; a Latin name as written."""
    if re.fullmatch(r"[A-Za-z .'-]+", name):
        return re.sub(r"[^a-z]+", "-", name.lower()).strip("-"), name
    syllables = [s for s in lazy_pinyin(name) if s.strip()]
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname}-{given}" if given else surname, f"{surname.title()} {given.title()}".strip()


class _Lookup:
    """Known things by their Chinese labels, within the programme where they are scoped."""

    def __init__(self, knowledge: Knowledge, cls: URIRef, prefix: str) -> None:
        self.by_label = {
            label: node
            for node in knowledge.instances(cls)
            if str(node).startswith(prefix)
            for label in knowledge.labels(node)
        }

    def get(self, label: str) -> URIRef | None:
        return self.by_label.get(label)


def draft_courses(knowledge: Knowledge, sections: list[Section], draft: Draft) -> None:
    """Draft every row of every table whose heading row names the course columns."""
    for section in sections:
        rows = [p for p in section.paragraphs if p.table_row]
        header_at = next((i for i, r in enumerate(rows) if {"课程名称", "学分"} <= set(_cells(r))), None)
        if header_at is None:
            continue
        caption = " ".join(_cells(rows[header_at - 1])) if header_at > 0 else section.title
        level = _level(knowledge, caption)
        columns = {COLUMNS[c]: i for i, c in enumerate(_cells(rows[header_at])) if c in COLUMNS}
        for row in rows[header_at + 1 :]:
            cells = _cells(row)
            if len(cells) < len(columns) or not cells[columns["row"]].isdigit():
                continue
            _course(knowledge, draft, section, {k: cells[i] for k, i in columns.items()}, level)
            draft.used_rows.add(row.line)


def _level(knowledge: Knowledge, caption: str) -> URIRef | None:
    """The degree level a table's caption names (博士生主要课程 → doctoral)."""
    for level in knowledge.instances(GK.DegreeLevel):
        if any(len(label) >= 2 and label in caption for label in knowledge.labels(level)):
            return level
    return None


def _concept(knowledge: Knowledge, cls: URIRef, label: str) -> URIRef | None:
    return next((c for c in knowledge.instances(cls) if label in knowledge.labels(c)), None)


def _course(knowledge: Knowledge, draft: Draft, section: Section, cell: dict[str, str], level: URIRef | None) -> None:
    g = draft.graph
    section_iri = URIRef(f"{BASE}{draft.programme}/{draft.edition}/section/{section.key}")
    written = cell["name"]
    zh, _, english = (part.strip() for part in written.partition(" / "))
    course_ns = f"{BASE}{draft.programme}/course/"
    known = _Lookup(knowledge, GK.Course, course_ns).get(zh)
    node = known or URIRef(course_ns + _slug(zh))
    g.add((node, RDF.type, GK.Course))
    g.add((node, GK.tableRow, Literal(int(cell["row"]))))
    g.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
    en = knowledge.label(known, "en") if known is not None else None
    g.add((node, SKOS.prefLabel, Literal(english or en or f"[to translate] {zh}", lang="en")))
    if english:
        g.add((node, GK.reportedEnglishName, Literal(english, lang="en")))
        g.add((node, GK.originalForm, Literal(written, lang="zh")))
    for key, cls, prop in (("type", GK.CourseType, GK.courseType), ("language", GK.InstructionLanguage,
                                                                   GK.languageOfInstruction)):  # fmt: skip
        concept = _concept(knowledge, cls, cell.get(key, ""))
        if concept is not None:
            g.add((node, prop, concept))
    if cell.get("credits", "").isdigit():
        g.add((node, GK.credits, Literal(int(cell["credits"]), datatype=XSD.integer)))
    if level is not None:
        g.add((node, GK.degreeLevel, level))
    g.add((node, SCHEMA.subjectOf, section_iri))
    draft.place(node, "courses")
    school = _school(knowledge, draft, cell.get("school", ""), section_iri)
    for name in filter(None, (n.strip() for n in cell.get("lecturers", "").split("、"))):
        g.add((node, GK.lecturer, _person(knowledge, draft, name, school, section_iri)))
    draft.review.append(
        Reviewed("course", "matched" if known else "new", str(node), written, section.number,
                 "\t".join(cell.values()), f"table row {cell['row']}", 1.0)
    )  # fmt: skip


def _person(knowledge: Knowledge, draft: Draft, name: str, school: URIRef | None, section: URIRef) -> URIRef:
    ns = f"{BASE}{draft.programme}/person/"
    known = _Lookup(knowledge, SCHEMA.Person, ns).get(name)
    slug, english = person_names(name)
    node = known or URIRef(ns + slug)
    g = draft.graph
    if (node, RDF.type, SCHEMA.Person) not in g:
        g.add((node, RDF.type, SCHEMA.Person))
        g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
        g.add((node, SKOS.prefLabel, Literal(knowledge.label(known, "en") if known else english, lang="en")))
        draft.review.append(
            Reviewed(
                "person", "matched" if known else "new", str(node), name, "", "", "lecturer in a course table", 1.0
            )
        )
    if school is not None:
        g.add((node, SCHEMA.affiliation, school))
    g.add((node, SCHEMA.subjectOf, section))
    draft.place(node, "people")
    return node


def _school(knowledge: Knowledge, draft: Draft, name: str, section: URIRef) -> URIRef | None:
    if not name:
        return None
    known = _Lookup(knowledge, GK.School, ORG).get(name)
    g = draft.graph
    if known is not None:
        reuse_organisation(knowledge, draft, known, section)
        return known
    node = URIRef(ORG + _slug(name))
    if (node, RDF.type, None) not in g:
        g.add((node, RDF.type, GK.School))
        g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
        g.add((node, SKOS.prefLabel, Literal(f"[to translate] {name}", lang="en")))
        draft.review.append(Reviewed("organisation", "new", str(node), name, "", "", "school in a course table", 0.9))
    g.add((node, SCHEMA.subjectOf, section))
    draft.place(node, "organisations")
    return node
