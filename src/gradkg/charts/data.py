"""The observations a chart draws, read with queries/observations.rq, and the indicators that have data.

Names come in both languages so one reading serves a Chinese and an English page. An observation
stated in two sections comes back as two rows; it is one :class:`Observation` with both sources.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.project import BASE
from gradkg.querylib import bind_values, parse_query_file

TOTAL = "合计"  # the dimension value that means "not broken down"


@dataclass(frozen=True)
class Names:
    """A name in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Source:
    """The edition and section of the report that states a number."""

    edition: str
    section: str
    heading: str


@dataclass(frozen=True)
class Observation:
    iri: str
    programme: str
    programme_name: Names
    family: str
    family_name: Names
    indicator: str
    indicator_name: Names
    year: int
    level: Names | None
    route: Names | None
    category: Names | None
    value: int | float
    unit: Names
    stated: str
    approximate: bool
    sources: tuple[Source, ...]

    def breakdown(self, lang: str, without_level: bool = False) -> str:
        """What tells this observation apart from others of its indicator and year, e.g. "博士 · 直博生"."""
        dims = [self.route, self.category] if without_level else [self.level, self.route, self.category]
        parts = [d(lang) for d in dims if d is not None and d.zh != TOTAL]
        return " · ".join(parts) or ("合计" if lang == "zh" else "total")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: Names
    family: str
    family_name: Names
    units: str
    observations: int
    programmes: int


def _number(literal: str) -> int | float:
    """A decimal as the JSON number a chart plots: 197 stays whole, 5.8 a float."""
    value = Decimal(literal)
    return int(value) if value == value.to_integral_value() else float(value)


def _names(row: dict, stem: str) -> Names | None:
    if f"{stem}_zh" not in row:
        return None
    return Names(row[f"{stem}_zh"].value, row[f"{stem}_en"].value)


def labels(engine: Engine, queries: Path) -> dict[str, Names]:
    """The names, in both languages, of everything a chart names (queries/lib/chart-labels.rq), by IRI."""
    text = parse_query_file(queries / "lib" / "chart-labels.rq").text
    return {r["resource"].value: Names(r["zh"].value, r["en"].value) for r in engine.rows(text)}


def observations(
    engine: Engine,
    queries: Path,
    indicators: list[str] = (),
    programmes: list[str] = (),
    names: dict[str, Names] | None = None,
) -> list[Observation]:
    """The observations of these indicators and programmes (ids such as ``admitted``, ``zju-1002``; none: all).

    ``names`` are :func:`labels`, read once by a caller that asks many times.
    """
    names = labels(engine, queries) if names is None else names
    values: dict[str, list[str]] = {}
    if indicators:
        values["measure"] = [str(ox.NamedNode(f"{BASE}indicator/{i}")) for i in indicators]
    if programmes:
        values["programme"] = [str(ox.NamedNode(f"{BASE}programme/{p}")) for p in programmes]
    text = parse_query_file(queries / "observations.rq").text

    def name(row: dict, column: str, folder: str) -> Names | None:
        if column not in row or not row[column].value:
            return None
        local = row[column].value
        return names.get(f"{BASE}{folder}/{local}", Names(local, local))

    merged: dict[str, Observation] = {}
    for row in engine.rows(bind_values(text, values)):
        source = Source(row["edition"].value, row["section"].value, row["heading"].value)
        iri = row["observation"].value
        if iri in merged:
            found = merged[iri]
            if source not in found.sources:
                merged[iri] = replace(found, sources=(*found.sources, source))
            continue
        unit = names.get(f"{BASE}unit/{row['unit_id'].value}")
        merged[iri] = Observation(
            iri=iri,
            programme=row["programme_id"].value,
            programme_name=name(row, "programme_id", "programme"),
            family=row["family"].value,
            family_name=name(row, "family", "dataset"),
            indicator=row["indicator"].value,
            indicator_name=name(row, "indicator", "indicator"),
            year=int(row["year"].value),
            level=name(row, "level", "degree-level"),
            route=name(row, "route", "admission-route"),
            category=name(row, "category", "category"),
            value=_number(row["value"].value),
            unit=Names(row["unit"].value, unit.en if unit else row["unit"].value),
            stated=row["stated"].value,
            approximate=row["approximate"].value == "true",
            sources=(source,),
        )
    return list(merged.values())


def indicators(engine: Engine, queries: Path) -> list[Indicator]:
    """Every indicator some programme states, by family then id."""
    text = parse_query_file(queries / "chart-indicators.rq").text
    return [
        Indicator(
            id=r["indicator"].value,
            name=_names(r, "indicator"),
            family=r["family"].value,
            family_name=_names(r, "family"),
            units=r["units"].value,
            observations=int(r["observations"].value),
            programmes=int(r["programmes"].value),
        )
        for r in engine.rows(text)
    ]
