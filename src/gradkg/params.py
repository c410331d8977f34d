"""Turn ``--param name=value`` into VALUES terms: an IRI, or a name resolved to IRIs once.

A resource parameter accepts its IRI, or any name the data gives it (Chinese or English,
preferred or alternative, a document number, a title). The exact name is looked up as bound
terms first (fast in every engine, DESIGN.md §6); failing that, a width- and case-insensitive
match over the labels of that class; failing that, the value matches nothing and the closest
labels are offered as a hint.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.querylib import NamedQuery, bind_values, parse_query_file

_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only; fullmatch, so no trailing newline
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass
class Bindings:
    """VALUES terms per variable, and hints for the user about names that matched nothing."""

    values: dict[str, list[str]] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)


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


def normalise(text: str) -> str:
    """Fold look-alikes (Ⅳ/IV, full-width brackets), case and white space for loose matching."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


class Resolver:
    """Resolves names against one engine using the lookup queries in queries/lib/."""

    def __init__(self, engine: Engine, queries: Path) -> None:
        self.engine = engine
        self.exact = parse_query_file(queries / "lib" / "resolve-label.rq").text
        self.labels = parse_query_file(queries / "lib" / "labels-of-class.rq").text

    def _class_values(self, cls: str | None) -> dict[str, list[str]]:
        return {"class": [str(ox.NamedNode(cls))]} if cls else {}

    def resolve(self, value: str, cls: str | None) -> tuple[list[str], list[str]]:
        """IRIs for a name, and the closest labels when there are none."""
        if looks_like_iri(value):
            return [iri_term(value)], []
        forms = [str(ox.Literal(value)), str(ox.Literal(value, language="zh")), str(ox.Literal(value, language="en"))]
        found = self.engine.rows(bind_values(self.exact, {"label": forms, **self._class_values(cls)}))
        if found:
            return sorted({str(r["resource"]) for r in found}), []
        labelled = self.engine.rows(bind_values(self.labels, self._class_values(cls)))
        key = normalise(value)
        loose = sorted({str(r["resource"]) for r in labelled if normalise(r["label"].value) == key})
        if loose:
            return loose, []
        names = sorted({r["label"].value for r in labelled})
        by_key = {normalise(n): n for n in names}
        close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.3)
        return [], [by_key[k] for k in close]


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
        elif param.kind == "text":
            bindings.values[param.name] = [
                str(ox.Literal(value)),
                str(ox.Literal(value, language="zh")),
                str(ox.Literal(value, language="en")),
            ]
        elif looks_like_iri(value):
            bindings.values[param.name] = [iri_term(value, param.name)]
        else:
            iris, closest = resolver.resolve(value, param.cls)
            bindings.values[param.name] = iris
            if not iris:
                hint = f"no {param.name} named '{value}'"
                bindings.hints.append(hint + (f"; closest: {'、'.join(closest)}" if closest else ""))
    return bindings
