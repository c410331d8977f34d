"""Turn ``--param name=value`` into VALUES terms: an IRI, or a name resolved to IRIs once.

A resource parameter accepts its IRI, or any name the data gives it (Chinese or English,
preferred or alternative, a document number, a title), typed the way people type it: the exact
name is looked up as bound terms first (fast in every engine, DESIGN.md §6); failing that,
gradkg.names matches it folded, by Pinyin, as a prefix or as a substring of a label. A loose match
naming one resource is used and said; several are listed. An indicator parameter given the name of
a statistic's dimension member (直博生) binds the member's dimension instead. Names that match
nothing get the closest labels as a hint; years with no data get a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.names.index import MAX_LISTED, Match, NameIndex
from gradkg.querylib import NamedQuery, bind_values, parse_query_file

_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only; fullmatch, so no trailing newline
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_SAID = {"pinyin": "by its Pinyin", "prefix": "by the start of its name", "substring": "by part of its name"}


@dataclass
class Bindings:
    """VALUES terms per variable, and hints for the user about names that matched loosely or not at all."""

    values: dict[str, list[str]] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # parameter → the label it was resolved to


def year_term(year: str) -> str:
    """A four-digit year as the xsd:integer term the data uses (OWL 2 has no xsd:gYear)."""
    return str(ox.Literal(year, datatype=_XSD_INTEGER))


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``["course=血液病学专题"]`` → ``{"course": "血液病学专题"}``; a malformed pair says so."""
    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise GradkgError(f"--param expects name=value, got '{pair}'")
        given[name.strip()] = value.strip()
    return given


def looks_like_iri(value: str) -> bool:
    """A value given as an IRI (``https://…`` or ``<https://…>``) rather than as a name."""
    return re.match(r"^<?https?://", value) is not None


def iri_term(value: str, name: str = "resource") -> str:
    """An IRI value as a SPARQL term; one that is no IRI (a space, a bad character) says so."""
    try:
        return str(ox.NamedNode(value.strip("<>")))
    except ValueError as error:
        raise GradkgError(f"parameter {name}: '{value}' is not a valid IRI ({error})") from None


@dataclass(frozen=True)
class Member:
    """A dimension member a name stands for, and the indicators observed with it."""

    iri: str
    label: str
    dimension: str
    indicators: tuple[str, ...]


class Resolver:
    """Resolves names against one engine using the lookup queries in queries/lib/; indexes are kept per class."""

    def __init__(self, engine: Engine, queries: Path) -> None:
        self.engine = engine
        self.exact = parse_query_file(queries / "lib" / "resolve-label.rq").text
        self.labels = parse_query_file(queries / "lib" / "labels-of-class.rq").text
        self.members_query = parse_query_file(queries / "lib" / "dimension-members.rq").text
        self.years_query = parse_query_file(queries / "lib" / "known-years.rq").text
        self._indexes: dict[str | None, NameIndex] = {}
        self._years: list[str] | None = None

    def _class_values(self, cls: str | None) -> dict[str, list[str]]:
        return {"class": [str(ox.NamedNode(cls))]} if cls else {}

    def index(self, cls: str | None) -> NameIndex:
        """Every label of the resources of a class (of any resource when None), folded once."""
        if cls not in self._indexes:
            rows = self.engine.rows(bind_values(self.labels, self._class_values(cls)))
            self._indexes[cls] = NameIndex((str(r["resource"]), r["label"].value) for r in rows)
        return self._indexes[cls]

    def resolve(self, value: str, cls: str | None) -> Match:
        """The resources a name stands for (as SPARQL terms), how it matched, or the closest labels."""
        if looks_like_iri(value):
            return Match("iri", [iri_term(value)])
        forms = [str(ox.Literal(value)), str(ox.Literal(value, language="zh")), str(ox.Literal(value, language="en"))]
        found = self.engine.rows(bind_values(self.exact, {"label": forms, **self._class_values(cls)}))
        if found:
            return Match("exact", sorted({str(r["resource"]) for r in found}), {})
        return self.index(cls).match(value)

    def member(self, value: str, dimensions: dict[str, str]) -> tuple[str, Member] | None:
        """The dimension parameter and member a name stands for, when it names exactly one member."""
        props = [str(ox.NamedNode(p)) for p in dimensions.values()]
        rows = self.engine.rows(bind_values(self.members_query, {"dimension": props}))
        found = NameIndex((str(r["member"]), r["label"].value) for r in rows).match(value)
        if len(found.resources) != 1 or found.how == "none":
            return None
        iri = found.resources[0]
        mine = [r for r in rows if str(r["member"]) == iri]
        dimension = str(mine[0]["dimension"])[1:-1]
        param = next(p for p, prop in dimensions.items() if prop == dimension)
        indicators = tuple(sorted({str(r["indicator"]) for r in mine}))
        return param, Member(iri, found.labels[iri], dimension, indicators)

    def known_years(self) -> list[str]:
        """The editions and reference years in the graph."""
        if self._years is None:
            self._years = [r["year"].value for r in self.engine.rows(self.years_query)]
        return self._years


def _listed(match: Match) -> str:
    names = [match.labels[r] for r in match.resources[:MAX_LISTED]]
    more = len(match.resources) - len(names)
    return "、".join(names) + (f" … ({more} more)" if more > 0 else "")


def _resolve_param(name: str, value: str, query: NamedQuery, resolver: Resolver, bindings: Bindings) -> None:
    param = next(p for p in query.params if p.name == name)
    match = resolver.resolve(value, param.cls)
    if match.how != "none" and not match.ambiguous:
        bindings.values[name] = match.resources
        if match.how in _SAID:
            shown = match.labels[match.resources[0]]
            bindings.shown[name] = shown
            bindings.hints.append(f"{name} '{value}' taken as {shown} ({_SAID[match.how]})")
        return
    dimensions = dict(query.dimensions)
    member = resolver.member(value, dimensions) if dimensions else None
    if member is not None:
        dim_param, found = member
        bindings.values[name] = list(found.indicators)
        bindings.values[dim_param] = [found.iri]
        bindings.shown[dim_param] = found.label
        bindings.hints.append(
            f"{name} '{value}': {found.label} is a value of {dim_param}; showing {dim_param}={found.label}"
        )
        return
    bindings.values[name] = []
    if match.ambiguous:
        bindings.hints.append(f"several {name}s match '{value}': {_listed(match)}; name one")
    else:
        bindings.hints.append(
            f"no {name} named '{value}'" + (f"; closest: {'、'.join(match.closest)}" if match.closest else "")
        )


def bind_params(query: NamedQuery, given: dict[str, str], resolver: Resolver) -> Bindings:
    """Check the given parameters against the query's header and resolve each one."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise GradkgError(f"query '{query.name}' has no parameter {', '.join(unknown)} (it takes: {declared})")
    bindings = Bindings()
    for param in query.params:
        if param.name not in given:
            if not param.optional:
                raise GradkgError(f"query '{query.name}' needs --param {param.name}=… ({param.doc})")
            continue
        value = given[param.name]
        if param.kind == "year":
            if not _YEAR.fullmatch(value):
                raise GradkgError(f"parameter {param.name} must be a four-digit year, got '{value}'")
            bindings.values[param.name] = [year_term(value)]
            known = resolver.known_years()
            if value not in known:
                bindings.hints.append(f"no data for {param.name} {value} (years in the graph: {', '.join(known)})")
        elif param.kind == "text":
            bindings.values[param.name] = [
                str(ox.Literal(value)),
                str(ox.Literal(value, language="zh")),
                str(ox.Literal(value, language="en")),
            ]
        elif looks_like_iri(value):
            bindings.values[param.name] = [iri_term(value, param.name)]
        elif param.name not in bindings.values:  # a dimension already bound by another parameter's name keeps it
            _resolve_param(param.name, value, query, resolver, bindings)
    return bindings
