"""Score a draft against a curated edition, category by category (bench/eval_ingest.py, the tests).

Facts are compared by what they say, not by IRI (a new document's slug cannot be the curator's):
sections by number and title; documents by title and number; observations by indicator, every
dimension and value, drafted from a section the curated observation is derived from; courses by
every cell of their table row; rule constraints by operator, value and unit; count checks by the
indicator of their count and their members; contradictions by the observation whose stated value
the consistency check disputes. New indicators a draft defines are scored strictly (IRI) and by
label (``statistics``' docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef
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


def _observations(g: Graph) -> list[tuple[tuple, frozenset, URIRef]]:
    out = []
    for o in g.subjects(RDF.type, QB.Observation):
        key = (
            _tail(g.value(o, GK.indicator)),
            *(_tail(g.value(o, d)) if g.value(o, d) is not None else "" for d in DIMENSIONS),
            float(g.value(o, GK.value)),
        )
        out.append((key, frozenset(_tail(s) for s in g.objects(o, PROV.wasDerivedFrom)), g.value(o, GK.indicator)))
    return out


def _zh_names(g: Graph, node) -> set[str]:
    """An indicator's zh preferred and alternative labels, width and spaces folded."""
    return {
        fold(str(label))
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for label in g.objects(node, p)
        if getattr(label, "language", None) == "zh"
    }


def statistics(curated: Graph, drafted: Graph, vocabulary: Graph | None = None) -> Score:
    """An observation is recovered when indicator, dimensions and value agree and its sections are the curated ones'.

    Strict (no ``vocabulary``): the indicator IRIs are equal. By label (``vocabulary`` given, the
    reference data with every curated indicator): an indicator the draft defines itself (a new one,
    not in the vocabulary it knew) agrees with a curated indicator when its zh label equals, width
    and spaces folded, the curated indicator's zh skos:prefLabel or one of its zh skos:altLabels.
    """
    cur, dra = _observations(curated), _observations(drafted)
    new = set(drafted.subjects(RDF.type, GK.Indicator))

    def same_indicator(c: tuple, d: tuple) -> bool:
        if c[0][0] == d[0][0]:
            return True
        return vocabulary is not None and d[2] in new and bool(_zh_names(drafted, d[2]) & _zh_names(vocabulary, c[2]))

    def agrees(c: tuple, d: tuple) -> bool:
        return c[0][1:] == d[0][1:] and same_indicator(c, d) and bool(d[1]) and d[1] <= c[1]

    recalled = sum(1 for c in cur if any(agrees(c, d) for d in dra))
    correct = sum(1 for d in dra if any(agrees(c, d) for c in cur))
    name = "statistics" if vocabulary is None else "statistics by label"
    return Score(name, len(cur), len(dra), recalled, correct)


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
    project: Project, curated_files: list[Path], draft_graph: Graph, draft_files: list[Path]
) -> list[Score]:
    """Every category's score of a written draft against the curated edition's files."""
    curated = load(curated_files)
    scores = [
        _sets("sections", sections(curated), sections(draft_graph)),
        _sets("documents", documents(curated), documents(draft_graph)),
        statistics(curated, draft_graph),
        statistics(curated, draft_graph, load(project.reference_files())),
        _sets("course rows", courses(curated), courses(draft_graph)),
        _sets("rule constraints", constraints(curated), constraints(draft_graph)),
        _sets("count check members", count_checks(curated), count_checks(draft_graph)),
    ]
    cur_c, dra_c = contradictions(project, curated_files), contradictions(project, draft_files)
    scores.append(Score("contradictions", len(cur_c), len(dra_c), len(cur_c & dra_c), len(cur_c & dra_c)))
    return scores
