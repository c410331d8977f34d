"""The review's charts: what changed beyond the threshold, this edition against the previous one.

Two kinds, both Vega-Lite specs drawn to SVG by vl-convert (no browser), so the HTML and the PDF
show the same picture:

- at each section holding changed statistics, its numbers of both editions side by side (a bar per
  statistic and breakdown, a colour per year), made with the dashboards' specs from the dashboards'
  observations (``queries/observations.rq``), so the bars are the graph's values with their units,
  approximate marks and sections;
- at the top, the relative change of every statistic that changed beyond the threshold, one bar
  each, in per cent (the only unit they share).

Every chart carries its data table and sources, in the review's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gradkg.charts.data import Observation, observations
from gradkg.charts.specs import FONT, SCHEMA, charts_by_unit, records, source_text, spec, unit_text
from gradkg.engine import Engine
from gradkg.project import Project
from gradkg.review.findings import Finding, Review

COMPACT_HEIGHT = 150  # px, half the dashboards' default

WORDS = {
    "zh": {
        "overview": "变化超过阈值的统计（相对上一年度的变化）",
        "change": "变化（%）",
        "statistic": "统计",
        "section": "章节",
        "year": "年份",
        "series": "分类",
        "value": "数值",
        "stated": "原文",
        "source": "出处",
        "unit": "单位",
        "percent": "%（相对于{previous}年）",
    },
    "en": {
        "overview": "Statistics that changed beyond the threshold (change from the previous edition)",
        "change": "Change (%)",
        "statistic": "Statistic",
        "section": "Section",
        "year": "Year",
        "series": "Breakdown",
        "value": "Value",
        "stated": "As written",
        "source": "Source",
        "unit": "Unit",
        "percent": "% (of {previous})",
    },
}


@dataclass(frozen=True)
class ReviewChart:
    """A chart as the review prints it: its spec, unit, sources and data table."""

    key: str
    title: str
    unit: str
    sources: str
    spec: dict
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _changed(review: Review) -> list[Finding]:
    return [f for f in review.findings if f.category == "changed-statistic" and f.observations]


def attach_charts(project: Project, engine: Engine, review: Review) -> None:
    """Give each section its chart(s) of changed statistics, and the review its overview of the changes."""
    changed = _changed(review)
    if not changed:
        return
    wanted = {iri for f in changed for iri in f.observations}
    found = {o.iri: o for o in observations(engine, project.queries, programmes=[review.programme]) if o.iri in wanted}
    words = WORDS[review.lang]
    for section in review.sections:
        ids = [i for f in section.findings if f.category == "changed-statistic" for i in f.observations if i in found]
        if not ids:
            continue
        for chart in charts_by_unit(f"changes-{section.order}", [found[i] for i in dict.fromkeys(ids)]):
            table = tuple(
                (r["year"], r["series"], r["label"], r["stated"], r["source"]) for r in records(chart, review.lang)
            )
            review_chart = ReviewChart(
                key=chart.key,
                title=chart.title(review.lang),
                unit=unit_text(chart.unit, review.lang),
                sources=source_text(chart.sources),
                spec=_compact(spec(chart, review.lang)),
                columns=(words["year"], words["series"], words["value"], words["stated"], words["source"]),
                rows=table,
            )
            section.charts.append(review_chart)
    review.overview = _overview(changed, found, review)


def _compact(drawn: dict) -> dict:
    """The dashboards' chart, lower (a few bars each): the page keeps the findings around it in view."""
    drawn.get("spec", drawn)["height"] = COMPACT_HEIGHT
    return drawn


def _percent(before: Observation, after: Observation) -> Decimal:
    a, b = Decimal(str(before.value)), Decimal(str(after.value))
    return ((b - a) / abs(a) * 100).quantize(Decimal("0.1"))


def _overview(changed: list[Finding], found: dict[str, Observation], review: Review) -> ReviewChart | None:
    """One bar per changed statistic: its change in per cent, in the review's order."""
    words = WORDS[review.lang]
    data = []
    for f in changed:
        before, after = (found.get(i) for i in f.observations)
        if before is None or after is None:
            continue
        change = _percent(before, after)
        data.append(
            {
                "statistic": f"{f.section} {f.title}",
                "change": float(change),
                "label": f"{change:+}%",
                "before": before.stated,
                "after": after.stated,
                "source": source_text(before.sources + after.sources),
            }
        )
    if not data:
        return None
    unit = words["percent"].format(previous=review.previous)
    order = [d["statistic"] for d in data]
    y = {"field": "statistic", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 320}}
    x = {"field": "change", "type": "quantitative", "title": words["change"]}
    spec_ = {
        "$schema": SCHEMA,
        "config": {"font": FONT},
        "title": {"text": words["overview"], "subtitle": [f"{words['unit']}: {unit}"], "anchor": "start"},
        "data": {"values": data},
        "width": 300,
        "height": {"step": 18},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": x,
                    "color": {"condition": {"test": "datum.change < 0", "value": "#b3261e"}, "value": "#1f5f99"},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
                "encoding": {"y": y, "x": x, "text": {"field": "label", "type": "nominal"}},
            },
        ],
    }
    previous, this = review.previous or "", review.edition
    return ReviewChart(
        key="changes",
        title=words["overview"],
        unit=unit,
        sources="; ".join(dict.fromkeys(d["source"] for d in data)),
        spec=spec_,
        columns=(words["statistic"], previous, this, words["change"], words["source"]),
        rows=tuple((d["statistic"], d["before"], d["after"], d["label"], d["source"]) for d in data),
    )
