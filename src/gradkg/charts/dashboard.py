"""What a programme's dashboard and the comparison page show, as plain data for the templates.

A dashboard has a section per statistics family (招生与报考, 毕业与去向 …) in the order below. An
indicator stated more than once (two editions, or several breakdowns) gets a chart; indicators of
one family, one unit and the same years and breakdowns share a chart when their largest values are
within a factor of 20 of each other (报考人数 and 录取人数 side by side; never 专任教师总数 beside
新增院士). An indicator stated once has no trend to draw: it is listed under the charts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from gradkg.charts.data import Indicator, Names, Observation
from gradkg.charts.specs import Chart, charts_by_unit, records, source_text, spec, unit_text

FAMILIES = (
    "admissions",
    "enrolment-quality",
    "graduates",
    "faculty",
    "research",
    "platforms",
    "exchange",
    "advisory",
    "awards",
)
SHARED_AXIS_RATIO = 20


@dataclass
class Shown:
    """A chart as a page shows it: its spec as JSON, its data table and its sources."""

    key: str
    title: str
    indicators: tuple[str, ...]
    unit: str
    approximate: bool
    sources: str
    spec_json: str
    table: list[dict]


@dataclass
class Section:
    family: str
    name: str
    charts: list[Shown] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)


def show(chart: Chart, lang: str) -> Shown:
    return Shown(
        key=chart.key,
        title=chart.title(lang),
        indicators=chart.indicators,
        unit=unit_text(chart.unit, lang),
        approximate=chart.approximate,
        sources=source_text(chart.sources),
        spec_json=json.dumps(spec(chart, lang), ensure_ascii=False).replace("</", "<\\/"),
        table=records(chart, lang),
    )


def _signature(rows: list[Observation]) -> tuple:
    return (rows[0].family, rows[0].unit.zh, frozenset((r.year, r.breakdown("zh")) for r in rows))


def group(rows: list[Observation]) -> list[Chart]:
    """One family's observations as charts: indicators with the same unit, years and breakdowns together."""
    by_indicator: dict[str, list[Observation]] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator, []).append(row)
    groups: list[list[list[Observation]]] = []
    for found in by_indicator.values():
        if len(found) < 2 or len({r.unit.zh for r in found}) > 1:
            groups.append([found])
            continue
        top = max(abs(r.value) for r in found)
        for candidate in groups:
            first = candidate[0]
            peaks = [max(abs(r.value) for r in g) for g in candidate] + [top]
            if (
                len(first) > 1
                and _signature(first) == _signature(found)
                and min(peaks) > 0
                and max(peaks) / min(peaks) <= SHARED_AXIS_RATIO
            ):
                candidate.append(found)
                break
        else:
            groups.append([found])
    charts: list[Chart] = []
    for members in groups:
        joined = [r for g in members for r in g]
        if len(joined) > 1:
            charts += charts_by_unit("-".join(g[0].indicator for g in members), joined)
    return charts


def figure(row: Observation, lang: str) -> dict:
    return {
        "indicator": row.indicator_name(lang),
        "id": row.indicator,
        "year": row.year,
        "breakdown": row.breakdown(lang),
        "value": row.value,
        "unit": unit_text(row.unit, lang),
        "stated": row.stated,
        "approximate": row.approximate,
        "source": source_text(row.sources),
    }


def dashboard(rows: list[Observation], family_names: dict[str, Names], lang: str) -> list[Section]:
    """A programme's dashboard: a section per family, including the families it has no numbers for."""
    sections = []
    for family in sorted(family_names, key=lambda f: (FAMILIES.index(f) if f in FAMILIES else len(FAMILIES), f)):
        mine = [r for r in rows if r.family == family]
        section = Section(family, family_names[family](lang))
        charts = group(mine)
        drawn = {i for c in charts for i in c.indicators}
        section.charts = [show(c, lang) for c in charts]
        section.figures = [figure(r, lang) for r in mine if r.indicator not in drawn]
        sections.append(section)
    return sections


def comparison(rows: list[Observation], indicator: Indicator, lang: str) -> list[Shown]:
    """One indicator across every programme stating it, a chart per unit."""
    return [show(c, lang) for c in charts_by_unit(indicator.id, rows)]
