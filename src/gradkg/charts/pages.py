"""The dashboard pages: one per programme (``dashboard/ID``) and the comparison of programmes on one
indicator (``compare/INDICATOR``, and ``compare`` for the first), served and published alike.

The chart libraries are vendored files loaded from the site (``static/``); each chart's spec is a
JSON block in the page, drawn by ``static/dashboard.js`` with Vega's expression interpreter, so the
page runs under ``script-src 'self'`` and from ``file://``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gradkg.charts.dashboard import comparison, dashboard
from gradkg.charts.data import Indicator, Names, indicators, labels, observations
from gradkg.engine import LocalEngine, rows_of
from gradkg.pages import ENVIRONMENT, Linker, Pages
from gradkg.project import BASE
from gradkg.querylib import parse_query_file

PAGES_KEPT = 256  # pages of 40-300 KB: at most about 80 MB
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js", "dashboard.js")
TEXT = {
    "zh": {
        "dashboard": "统计仪表板",
        "compare": "学位点比较",
        "indicator": "指标",
        "data_table": "数据表",
        "sources": "出处",
        "unit": "单位",
        "figures": "仅出现一次的数字（无趋势可画）",
        "no_data": "该学位点的报告没有这一类数字。",
        "lacks": "数据所缺",
        "programme_page": "学位点页面",
        "all_indicators": "全部指标",
        "compare_this": "与其他学位点比较",
        "columns": ("学位点", "年份", "分类", "数值", "原文", "约数", "出处"),
        "figure_columns": ("指标", "年份", "分类", "数值", "原文", "出处"),
        "yes": "约",
        "choose": "选择指标：",
        "programmes": "学位点",
    },
    "en": {
        "dashboard": "Statistics dashboard",
        "compare": "Compare programmes",
        "indicator": "Indicator",
        "data_table": "Data table",
        "sources": "Sources",
        "unit": "Unit",
        "figures": "Stated once (no trend to draw)",
        "no_data": "The programme's reports give no numbers of this kind.",
        "lacks": "What the data lacks",
        "programme_page": "Programme page",
        "all_indicators": "All indicators",
        "compare_this": "compare with other programmes",
        "columns": ("Programme", "Year", "Breakdown", "Value", "As written", "Approx.", "Source"),
        "figure_columns": ("Indicator", "Year", "Breakdown", "Value", "As written", "Source"),
        "yes": "≈",
        "choose": "Indicator:",
        "programmes": "Programmes",
    },
}


@dataclass(frozen=True)
class Programme:
    id: str
    name: Names


class Dashboards:
    """Renders the dashboards from the store the other pages use."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.engine = LocalEngine.of(pages.store)
        self.queries = pages.project.queries
        text = parse_query_file(self.queries / "lib" / "programme-names.rq").text
        self.programmes = [
            Programme(r["programme"].value, Names(r["programme_zh"].value, r["programme_en"].value))
            for r in rows_of(pages.store.query(text, use_default_graph_as_union=True))
        ]
        self.indicators = indicators(self.engine, self.queries)
        self.names = labels(self.engine, self.queries)
        # The store never changes under these pages (a build writes a new generation), so a page drawn
        # once is kept: a dashboard costs 0.2-0.5 s to draw and nothing to hand out again.
        self.programme_page = functools.lru_cache(maxsize=PAGES_KEPT)(self._programme_page)
        self.compare_page = functools.lru_cache(maxsize=PAGES_KEPT)(self._compare_page)

    def _frame(self, lang: str, links: Linker, path: str) -> dict:
        return {
            **self.pages.frame(lang, links, path),
            "d": TEXT[lang],
            "scripts": [links.asset(f"static/{s}") for s in SCRIPTS],
            "compare_href": links.page("compare", lang),
        }

    def families(self) -> dict[str, Names]:
        return {i.family: i.family_name for i in self.indicators}

    def indicator(self, id_: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == id_), None)

    def _programme_page(self, programme: str, lang: str, links: Linker) -> str | None:
        """A programme's dashboard, or None when there is no such programme."""
        found = next((p for p in self.programmes if p.id == programme), None)
        if found is None or not SLUG.fullmatch(programme):
            return None
        rows = observations(self.engine, self.queries, programmes=[programme], names=self.names)
        sections = dashboard(rows, self.families(), lang)
        once = sum(len(s.figures) for s in sections)
        return ENVIRONMENT.get_template("dashboard.html").render(
            **self._frame(lang, links, f"dashboard/{programme}"),
            title=f"{found.name(lang)} · {TEXT[lang]['dashboard']}",
            programme=found,
            programme_href=links.iri(f"{BASE}programme/{programme}", lang),
            sections=sections,
            once=once,
            editions=sorted({r.year for r in rows}),
            compare_link=lambda i: links.page(f"compare/{i}", lang),
        )

    def _compare_page(self, indicator: str | None, lang: str, links: Linker) -> str | None:
        """The comparison of every programme on one indicator (the first when none is named)."""
        if not self.indicators:
            return None
        chosen = self.indicator(indicator) if indicator is not None else self.indicators[0]
        if chosen is None:
            return None
        rows = observations(self.engine, self.queries, indicators=[chosen.id], names=self.names)
        path = "compare" if indicator is None else f"compare/{chosen.id}"
        return ENVIRONMENT.get_template("compare.html").render(
            **self._frame(lang, links, path),
            title=f"{TEXT[lang]['compare']} · {chosen.name(lang)}",
            chosen=chosen,
            charts=comparison(rows, chosen, lang),
            options=[(i, links.page(f"compare/{i.id}", lang)) for i in self.indicators],
            dashboards=[(p, links.page(f"dashboard/{p.id}", lang)) for p in self.programmes],
        )

    def links(self, lang: str, links: Linker) -> list[tuple[str, str]]:
        """Links to every dashboard, for the home page."""
        return [(p.name(lang), links.page(f"dashboard/{p.id}", lang)) for p in self.programmes]

    def review_links(self, lang: str, links: Linker) -> list[tuple[str, str]]:
        """Links to every edition's pre-publication review, for the home page (served and published)."""
        return [
            (f"{p.name(lang)} {edition}", href)
            for p in self.programmes
            for edition, href in self.pages.review_links(p.id, lang, links)
        ]
