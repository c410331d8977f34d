"""Score a draft against a curated edition, category by category (bench/eval_ingest.py, the tests).

Facts are compared by what they say, not by IRI (a new document's slug cannot be the curator's):
sections by number and title; documents by title and number; observations by indicator, every
dimension and value, drafted from a section the curated observation is derived from; courses by
every cell of their table row; rule constraints by operator, value and unit; count checks by the
indicator of their count and their members; contradictions by the observation whose stated value
the consistency check disputes. Statistics are scored exactly and, for the indicators and
categories a draft defines itself, by label (``statistics_scores``' docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, SKOS

from gradkg.ingest.knowledge import DIMENSIONS, DOCO, ELI, GK, PROV, QB, SCHEMA
from gradkg.ingest.wording import fold
from gradkg.project import Project


@dataclass(frozen=True)
class Score:
    category: str
    curated: int
    drafted: int
    recalled: int  # curated facts the draft has
    correct: int  # drafted facts the curated edition has

    @property
    def recall(self) -> float:
        return self.recalled / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.drafted if self.drafted else 1.0


def _sets(category: str, curated: set, drafted: set) -> Score:
    both = curated & drafted
    return Score(category, len(curated), len(drafted), len(both), len(both))


def sections(g: Graph) -> set:
    return {
        (str(g.value(s, GK.sectionNumber)), str(g.value(s, DCTERMS.title))) for s in g.subjects(RDF.type, DOCO.Section)
    }


def documents(g: Graph) -> set:
    return {
        (str(g.value(d, DCTERMS.title)), str(g.value(d, ELI.id_local) or ""))
        for d in g.subjects(RDF.type, GK.PolicyDocument)
    }


def _tail(node) -> str:
    return str(node).rsplit("/", 1)[-1]


def _observations(g: Graph) -> list[tuple[tuple, frozenset, tuple]]:
    """(indicator, dimensions…, value), the sections cited, and the indicator and dimension nodes."""
    out = []
    for o in g.subjects(RDF.type, QB.Observation):
        nodes = (g.value(o, GK.indicator), *(g.value(o, d) for d in DIMENSIONS))
        key = (*(_tail(n) if n is not None else "" for n in nodes), float(g.value(o, GK.value)))
        out.append((key, frozenset(_tail(s) for s in g.objects(o, PROV.wasDerivedFrom)), nodes))
    return out


def _zh_names(g: Graph, node) -> set[str]:
    """A term's zh preferred and alternative labels, width and spaces folded."""
    return {
        fold(str(label))
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for label in g.objects(node, p)
        if getattr(label, "language", None) == "zh"
    }


def _defined(drafted: Graph) -> set:
    """The terms a draft defines itself: new indicators and new concepts (a category no scheme had)."""
    return set(drafted.subjects(RDF.type, GK.Indicator)) | set(drafted.subjects(RDF.type, SKOS.Concept))


def statistics_scores(curated: Graph, drafted: Graph, reference: Graph, hidden: frozenset = frozenset()) -> list[Score]:
    """Statistics scored four ways: exact, exact where reachable, new terms by label, and all by label.

    An observation is recovered when its indicator, every dimension and its value agree and the
    sections the draft cites are among the curated one's. *Exact*: the indicator and dimension IRIs
    are equal; only drafts under terms the draft knew (not ones it defines itself) are claims of
    this kind. *Reachable*: the same, counting only the curated observations whose indicator and
    dimensions the draft could know (none in ``hidden``, the terms the left-out edition is the first
    to use). *New terms by label*: the curated observations with a hidden term against the drafts
    under a term the draft defines, a defined term agreeing with a curated one when its zh label
    equals, width and spaces folded, the curated term's zh skos:prefLabel or a zh skos:altLabel
    (in ``reference``, which has every curated term). *By label*: every curated observation against
    every draft, defined terms compared by label.
    """
    cur, dra = _observations(curated), _observations(drafted)
    defined = _defined(drafted)

    def exact(c: tuple, d: tuple) -> bool:
        return c[0] == d[0] and bool(d[1]) and d[1] <= c[1]

    def by_label(c: tuple, d: tuple) -> bool:
        if c[0][-1] != d[0][-1] or not d[1] or not d[1] <= c[1]:
            return False
        return all(
            a == b or (dn in defined and cn is not None and bool(_zh_names(drafted, dn) & _zh_names(reference, cn)))
            for a, b, cn, dn in zip(c[0][:-1], d[0][:-1], c[2], d[2], strict=True)
        )

    def new_terms(d: tuple) -> bool:
        return any(n in defined for n in d[2])

    reachable = [c for c in cur if not any(n in hidden for n in c[2])]
    unreachable = [c for c in cur if any(n in hidden for n in c[2])]
    claims = [d for d in dra if not new_terms(d)]
    proposals = [d for d in dra if new_terms(d)]
    return [
        _match("statistics", cur, claims, exact),
        _match("statistics reachable", reachable, claims, exact),
        _match("new terms by label", unreachable, proposals, by_label),
        _match("statistics by label", cur, dra, by_label),
    ]


def _match(name: str, cur: list, dra: list, agrees) -> Score:
    recalled = sum(1 for c in cur if any(agrees(c, d) for d in dra))
    correct = sum(1 for d in dra if any(agrees(c, d) for c in cur))
    return Score(name, len(cur), len(dra), recalled, correct)


def numbers_accounted(sections: list, draft) -> tuple[int, int, int]:
    """(numbers in the text, drafted into a fact, listed for review): every Arabic number and every
    Chinese one with a unit in the sections' running text, as `gradkg ingest` finds them."""
    from gradkg.ingest.numbers import find_numbers

    listed = {(r.subject, r.section) for r in draft.review if r.kind == "number"}
    total = drafted = shown = 0
    for section in sections:
        for n in find_numbers(section.text):
            if not (n.arabic or n.unit):
                continue
            total += 1
            if draft.is_used(section.key, n.start, n.end):
                drafted += 1
            elif (n.stated, section.number) in listed:
                shown += 1
    return total, drafted, shown


def count_checks(g: Graph) -> set:
    """Count checks by the indicator of the count they check and the members they list."""
    return {
        (_tail(g.value(g.value(c, GK.stated), GK.indicator)), frozenset(_tail(m) for m in g.objects(c, GK.member)))
        for c in g.subjects(RDF.type, GK.CountCheck)
    }


def courses(g: Graph) -> set:
    """Table rows: row number, name, type, credits, language, lecturers and their schools."""
    rows = set()
    for c in g.subjects(GK.tableRow, None):
        lecturers = sorted(g.objects(c, GK.lecturer), key=str)
        names = tuple(_zh(g, p) for p in lecturers)
        schools = tuple(sorted({_zh(g, o) for p in lecturers for o in g.objects(p, SCHEMA.affiliation)}))
        rows.add(
            (
                int(g.value(c, GK.tableRow)),
                str(g.value(c, GK.originalForm) or _zh(g, c)),
                _tail(g.value(c, GK.courseType)),
                int(g.value(c, GK.credits)),
                _tail(g.value(c, GK.languageOfInstruction)),
                tuple(sorted(names)),
                schools,
            )
        )
    return rows


def _zh(g: Graph, node) -> str:
    for label in g.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "zh":
            return str(label)
    return ""


def constraints(g: Graph) -> set:
    return {
        (_tail(g.value(c, GK.operator)), float(g.value(c, GK.value)), _tail(g.value(c, GK.unit)))
        for c in g.subjects(RDF.type, GK.Constraint)
    }


def contradictions(project: Project, files: list[Path]) -> set[str]:
    """The observations whose stated value `gradkg validate` disputes (consistency warnings)."""
    from gradkg.checks import consistency_warnings
    from gradkg.loading import file_sources, load_store

    store = load_store(file_sources(files, project))
    return {_tail(r.focus) for r in consistency_warnings(store, project.queries, "en")}


def conforms(project: Project, files: list[Path]) -> tuple[bool, int, int]:
    """(conforms, violations, warnings) of `gradkg validate FILE…` on the files."""
    from gradkg.loading import file_sources, load_store, union_graph
    from gradkg.validation import validate

    store = load_store(file_sources(files, project))
    outcome = validate(union_graph(store), store, project, "en")
    return outcome.count("Violation") == 0, outcome.count("Violation"), outcome.count("Warning")


def validation_files(draft: Graph, files: list[Path], programme_file: Path, known: list[Path]) -> list[Path]:
    """The draft beside its programme's file, and the known edition if a drafted rule revises one of its rules."""
    revises = any(True for _ in draft.triples((None, PROV.wasRevisionOf, None)))
    return [*files, programme_file, *(known if revises else [])]


_TERMS = (GK.indicator, GK.category, GK.admissionRoute, GK.degreeLevel, GK.unit, GK.operand, QB.dataSet)


def terms_used(g: Graph) -> set:
    """The reference terms an edition's observations and constraints use."""
    return {o for p in _TERMS for o in g.objects(None, p)}


def first_used(target: list[Path], known: list[Path]) -> frozenset:
    """Reference terms the target edition uses and the known one does not: hidden when drafting the target."""
    return frozenset(terms_used(load(target)) - terms_used(load(known)))


def load(files: list[Path]) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


def score_draft(
    project: Project,
    curated_files: list[Path],
    draft_graph: Graph,
    draft_files: list[Path],
    hidden: frozenset = frozenset(),
) -> list[Score]:
    """Every category's score of a written draft against the curated edition's files (``hidden``: the
    reference terms the draft was not given)."""
    curated = load(curated_files)
    scores = [
        _sets("sections", sections(curated), sections(draft_graph)),
        _sets("documents", documents(curated), documents(draft_graph)),
        *statistics_scores(curated, draft_graph, load(project.reference_files()), hidden),
        _sets("course rows", courses(curated), courses(draft_graph)),
        _sets("rule constraints", constraints(curated), constraints(draft_graph)),
        _sets("count check members", count_checks(curated), count_checks(draft_graph)),
    ]
    cur_c, dra_c = contradictions(project, curated_files), contradictions(project, draft_files)
    scores.append(Score("contradictions", len(cur_c), len(dra_c), len(cur_c & dra_c), len(cur_c & dra_c)))
    return scores
