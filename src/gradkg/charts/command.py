"""``gradkg chart INDICATOR [--programme ID]... --format svg|png|html|json``: one chart from the command line.

The indicator is named by its id (``admitted``), its Chinese or English name; an unknown one, an
unknown programme, or a programme that does not state the indicator is bad input, said in one line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from gradkg.charts.dashboard import comparison
from gradkg.charts.data import Indicator, indicators, observations
from gradkg.charts.render import combined, to_html, to_json
from gradkg.charts.specs import charts_by_unit, spec
from gradkg.charts.vl import to_png, to_svg
from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.names.fold import fold
from gradkg.project import Project


@dataclass(frozen=True)
class Drawn:
    data: bytes
    indicator: Indicator
    values: int
    programmes: tuple[str, ...]


def find_indicator(known: list[Indicator], name: str) -> Indicator:
    """The indicator an id or a Chinese or English name means (look-alikes, case and spaces folded)."""
    key = fold(name)
    for indicator in known:
        if key in (fold(indicator.id), fold(indicator.name.zh), fold(indicator.name.en)):
            return indicator
    names = {fold(n): n for i in known for n in (i.id, i.name.zh, i.name.en)}
    close = [names[k] for k in difflib.get_close_matches(key, list(names), n=4, cutoff=0.4)]
    hint = f"; closest: {'、'.join(close)}" if close else "; `gradkg query indicators` lists them"
    raise GradkgError(f"unknown indicator '{name}'{hint}")


def draw(project: Project, engine: Engine, name: str, programmes: list[str], fmt: str, lang: str) -> Drawn:
    """The chart's file content; every check is made before anything is drawn."""
    known = project.programmes()
    for programme in programmes:
        if programme not in known:
            raise GradkgError(f"unknown programme '{programme}' (known: {', '.join(known) or 'none'})")
    indicator = find_indicator(indicators(engine, project.queries), name)
    rows = observations(engine, project.queries, [indicator.id], list(dict.fromkeys(programmes)))
    if not rows:
        raise GradkgError(f"{', '.join(programmes)} states no {indicator.name.zh} ({indicator.name.en})")
    stating = tuple(dict.fromkeys(r.programme for r in rows))
    if fmt == "html":
        title = indicator.name(lang)
        data = to_html(comparison(rows, indicator, lang), title, lang)
    else:
        merged = combined([spec(c, lang) for c in charts_by_unit(indicator.id, rows)])
        data = {"json": to_json, "svg": to_svg, "png": to_png}[fmt](merged)
    return Drawn(data, indicator, len(rows), stating)
