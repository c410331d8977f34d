"""Vega-Lite specs for a chart of observations that share one unit.

One programme is drawn over its editions' years (a bar per breakdown, grouped); several
programmes side by side (a bar per year, grouped, a row per breakdown). Every bar is labelled with
its value, an approximate one (约, 余, 近, 超 in the report) as "≈5.8" and drawn lighter; the spec
carries, in ``usermeta.gradkg``, the unit and the sections its numbers come from, so whoever reads
the JSON has what the page shows around the chart.

The specs are written as plain dictionaries: Altair's objects cost about 60 ms a chart here (schema
wrapping and deep copies), 2 s for a dashboard of 29 charts against the 1 s a page may take; the
tests check every spec against the Vega-Lite schema that Altair ships (``alt.Chart.from_dict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from gradkg.charts.data import Names, Observation, Source

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # the Vega-Lite the vendored files and vl-convert run
AXIS = {"labelAngle": -30, "labelAlign": "right", "labelLimit": 200}
WORDS = {
    "zh": {
        "year": "年份",
        "programme": "学位点",
        "series": "分类",
        "level": "学位层次",
        "value": "数值",
        "stated": "原文",
        "approximate": "约数",
        "sources": "出处",
        "unit": "单位",
        "approximate_note": "≈ 报告原文为约数（约、余、近、超）",
    },
    "en": {
        "year": "Year",
        "programme": "Programme",
        "series": "Breakdown",
        "level": "Degree level",
        "value": "Value",
        "stated": "As written",
        "approximate": "Approximate",
        "sources": "Sources",
        "unit": "Unit",
        "approximate_note": "≈ approximate in the report (约, 余, 近, 超)",
    },
}


@dataclass(frozen=True)
class Chart:
    """Observations drawn together: one or more indicators of one unit."""

    key: str
    rows: tuple[Observation, ...]

    @cached_property
    def indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.indicator for r in self.rows))

    @property
    def unit(self) -> Names:
        return self.rows[0].unit

    def title(self, lang: str) -> str:
        names = dict.fromkeys(r.indicator_name(lang) for r in self.rows)
        return " · ".join(names)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sections the numbers come from, by edition, each once."""
        found = dict.fromkeys(s for r in self.rows for s in r.sources)
        return tuple(sorted(found, key=lambda s: s.edition))

    @property
    def approximate(self) -> bool:
        return any(r.approximate for r in self.rows)

    @cached_property
    def programmes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.programme for r in self.rows))

    @cached_property
    def facet_by_level(self) -> bool:
        """One programme whose numbers are broken down by level and by something else: a column per level."""
        levels = {r.level.zh for r in self.rows if r.level}
        other = any(d is not None and d.zh != "合计" for r in self.rows for d in (r.route, r.category))
        return len(self.programmes) == 1 and len(levels) > 1 and other

    def series(self, row: Observation, lang: str) -> str:
        """The label that tells a bar apart from the others at the same year (or programme)."""
        breakdown = row.breakdown(lang, without_level=self.facet_by_level)
        if len(self.indicators) > 1:
            total = breakdown in ("合计", "total")
            return row.indicator_name(lang) if total else f"{row.indicator_name(lang)} · {breakdown}"
        return breakdown


def charts_by_unit(key: str, rows: list[Observation]) -> list[Chart]:
    """Split observations into charts of one unit each (a chart never mixes 个 and 家 on one axis)."""
    units = list(dict.fromkeys(r.unit.zh for r in rows))
    if len(units) == 1:
        return [Chart(key, tuple(rows))]
    return [Chart(f"{key}-{n}", tuple(r for r in rows if r.unit.zh == u)) for n, u in enumerate(units, 1)]


def value_text(value: int | float) -> str:
    return str(value)


def source_text(sources: tuple[Source, ...]) -> str:
    return "; ".join(f"{s.edition} {s.section} {s.heading}" for s in sources)


def unit_text(unit: Names, lang: str) -> str:
    return unit.zh if lang == "zh" or unit.zh == unit.en else f"{unit.en} ({unit.zh})"


def records(chart: Chart, lang: str) -> list[dict]:
    """The chart's data: one record per observation, also the rows of its data table."""
    return [
        {
            "programme": r.programme_name(lang),
            "year": str(r.year),
            "series": chart.series(r, lang),
            "level": r.level(lang) if r.level else "",
            "value": r.value,
            "unit": r.unit.zh,
            "label": ("≈" if r.approximate else "") + value_text(r.value),
            "stated": r.stated,
            "approximate": r.approximate,
            "source": source_text(r.sources),
        }
        for r in chart.rows
    ]


def _field(name: str, **more: object) -> dict:
    return {"field": name, "type": "nominal", **more}


def spec(chart: Chart, lang: str) -> dict:
    """The chart as a Vega-Lite spec (a dict ready for JSON)."""
    words = WORDS[lang]
    data = records(chart, lang)
    peaks: dict[str, float] = {}
    for d in data:
        peaks[d["series"]] = max(peaks.get(d["series"], d["value"]), d["value"])
    # the total first, then the largest: the bars read from the whole to its smallest part
    series = sorted(peaks, key=lambda s: (s not in ("合计", "total"), -peaks[s]))
    several = len(chart.programmes) > 1
    years = sorted({d["year"] for d in data})
    if several:
        programmes = list(dict.fromkeys(d["programme"] for d in data))
        x = _field("programme", sort=programmes, title=words["programme"], axis=AXIS)
    else:
        x = _field("series", sort=series, title=words["series"], axis=AXIS)
    place = {
        "x": x,
        "xOffset": _field("year", sort=years),
        "y": {"field": "value", "type": "quantitative", "title": unit_text(chart.unit, lang)},
    }
    bars = {
        "mark": {"type": "bar"},
        "encoding": {
            **place,
            "color": _field("year", sort=years, title=words["year"]),
            "opacity": {"condition": {"test": "datum.approximate", "value": 0.5}, "value": 1.0},
            "tooltip": [
                _field(name, title=words[title])
                for name, title in (
                    ("programme", "programme"),
                    ("year", "year"),
                    ("series", "series"),
                    ("stated", "stated"),
                    ("source", "sources"),
                )
            ],
        },
    }
    labels = {
        "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 10},
        "encoding": {**place, "text": _field("label")},
    }
    subtitle = [f"{words['unit']}: {unit_text(chart.unit, lang)}"]
    if chart.approximate:
        subtitle.append(words["approximate_note"])
    layered = {"layer": [bars, labels], "width": {"step": 22 if len(years) > 1 else 36, "for": "offset"}}
    result: dict = {
        "$schema": SCHEMA,
        "config": {"font": FONT},
        "title": {"text": chart.title(lang), "subtitle": subtitle, "anchor": "start"},
        "data": {"values": data},
    }
    if several and len(series) > 1:
        result |= {"facet": {"row": _field("series", sort=series, title=None)}, "spec": layered}
    elif chart.facet_by_level:
        levels = list(dict.fromkeys(d["level"] for d in data))
        result |= {
            "facet": {"column": _field("level", sort=levels, title=None)},
            "spec": layered,
            "resolve": {"scale": {"x": "independent"}},
        }
    else:
        result |= layered
    result["usermeta"] = {
        "gradkg": {
            "indicators": list(chart.indicators),
            "programmes": list(chart.programmes),
            "unit": {"zh": chart.unit.zh, "en": chart.unit.en},
            "approximate": chart.approximate,
            "sources": [{"edition": s.edition, "section": s.section, "heading": s.heading} for s in chart.sources],
        }
    }
    return result
