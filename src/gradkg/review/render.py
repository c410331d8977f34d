"""The review as Markdown, HTML (Jinja2, ``templates/review.html``) or PDF (WeasyPrint).

The PDF is the HTML printed by WeasyPrint, which embeds (subsets of) the fonts it uses: the page's
font list names the Noto CJK families of Debian's fonts-noto-cjk, and ``gradkg review`` warns when
fontconfig knows no Chinese font, since the Chinese would then print as boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from gradkg.charts.ahead import DrawAhead
from gradkg.charts.render import cached_svgs
from gradkg.content_cache import cached
from gradkg.pages import ENVIRONMENT
from gradkg.review.charts import ReviewChart
from gradkg.review.findings import CATEGORIES, Finding, Review

CACHE = Path("cache")  # under the build folder: charts/ and reviews/, kept by content (gradkg.content_cache)

TEXT = {
    "zh": {
        "title": "{programme} {edition}年度报告 发布前审阅",
        "summary": "摘要",
        "again": "同上",
        "unit": "单位",
        "sources": "出处",
        "how": "如何检查",
        "unplaced": "关于整份报告，或本年度报告中没有对应章节的发现",
        "none": "未发现问题。",
        "previous": "对照年度：{previous}",
        "no_previous": "图中没有更早的年度可对照。",
        "categories": {
            "contradiction": "矛盾",
            "rounding": "舍入",
            "implausible": "不合常理",
            "missing-section": "国家模板章节缺失或标题不同",
            "empty-section": "国家模板章节为空或近乎为空",
            "dropped-statistic": "上一年度有而本年度缺少的统计",
            "changed-statistic": "变化超过阈值的统计",
            "revised-document": "已被修订或取代的引用文件",
            "dropped-document": "上一年度引用而本年度未引用的文件",
            "dropped-course": "上一年度列出而本年度未列出的课程",
            "changed-rule": "数字有变的规定",
            "doubt": "数据中记录的存疑说明",
        },
        "how_items": [
            "一致性：问题库的 consistency 问题（queries/consistency.rq）按三级列出报告自身数字的问题："
            "矛盾（合计、计数不符，或比值超出末位）、舍入（比值仅截断或末位相差）、"
            "不合常理（部分大于整体，或相邻年度相差超过2倍且较大值不小于20）。",
            "国家模板：取图中全部年度报告的章节编号与标题，"
            "凡超过半数年度（本次共{editions}个年度）都有的“编号 + 标题”即为模板章节（{size}节）。"
            "本年度缺少该编号或标题不同，记为缺失；本节及其下级章节记录的事实不到上一年度的四分之一（上一年度至少4项），记为近乎为空。",
            "统计：按指标及全部维度值（年度除外）对照上一年度的每个数字；"
            "上一年度有而本年度无者列出，两年都有且相对变化不小于{threshold}%者列出。",
            "文件与课程：本年度引用的文件若有后来的文件修订或取代"
            "（eli:changes、eli:amends、eli:repeals、dcterms:replaces、prov:wasRevisionOf），"
            "以及上一年度引用或列出、本年度未引用或列出的文件与课程。",
            "规定：本年度的规定与其修订的上一年度规定"
            "（或上一年度同一流程、同一对象、同一学位层次的规定）数字约束不同者。",
            "存疑说明：本年度数据中的 skos:editorialNote。",
            "图表：变化超过阈值的统计，摘要下为相对上一年度的变化（%），各节为两年的数值（与统计仪表板相同的观测值与图表规格，"
            "由 vl-convert 绘为 SVG），每张图附数据表与出处；约数标为“≈”。",
            "引文：图中记录数字的原文写法与章节；"
            "引文为该节原文中含此写法的句子（与 gradkg ingest 相同的分节方法）。未找到时不引用。",
        ],
    },
    "en": {
        "title": "{programme}, {edition} report: pre-publication review",
        "summary": "Summary",
        "again": "the sentence quoted above",
        "unit": "Unit",
        "sources": "Sources",
        "how": "How this was checked",
        "unplaced": "On the report as a whole, or with no matching section in this edition",
        "none": "Nothing found.",
        "previous": "Compared with: {previous}",
        "no_previous": "The graph holds no earlier edition to compare with.",
        "categories": {
            "contradiction": "Contradictions",
            "rounding": "Roundings",
            "implausible": "Implausible numbers",
            "missing-section": "Template sections missing or headed otherwise",
            "empty-section": "Template sections empty or nearly empty",
            "dropped-statistic": "Statistics of the previous edition missing here",
            "changed-statistic": "Statistics that changed beyond the threshold",
            "revised-document": "Cited documents revised or replaced",
            "dropped-document": "Documents the previous edition cited and this one drops",
            "dropped-course": "Courses the previous edition listed and this one drops",
            "changed-rule": "Rules whose numbers changed",
            "doubt": "Editorial notes recorded in the data",
        },
        "how_items": [
            "Consistency: the library's consistency question (queries/consistency.rq) lists where the report's ow"
            "n numbers "
            "disagree, in tiers: contradiction (a sum or count that differs, a ratio beyond its last digit), roun"
            "ding (a ratio "
            "only truncated or one off in its last digit), implausible (a part above its whole, or a change betwe"
            "en consecutive "
            "editions by more than a factor of 2 where the larger value is at least 20).",
            "National template: the section numbers and headings of every edition in the graph; a number with its"
            " heading that "
            "more than half of the editions have ({editions} editions here) is a template section ({size} section"
            "s). A number "
            "this edition lacks, or heads otherwise, is missing; a section recording (with its subsections) a qua"
            "rter or less "
            "of the facts it recorded the year before (when at least 4) is nearly empty.",
            "Statistics: every number of the previous edition, matched on its indicator and every dimension value"
            " but the year; "
            "those missing here are listed, and those in both with a relative change of {threshold}% or more.",
            "Documents and courses: cited documents that a later document revises or replaces (eli:changes, eli:a"
            "mends, "
            "eli:repeals, dcterms:replaces, prov:wasRevisionOf), and documents and courses the previous edition c"
            "ited or "
            "listed that this one does not.",
            "Rules: a rule whose numeric constraints differ from the rule it revises (or from the previous editio"
            "n's rule on "
            "the same process, operand and degree levels).",
            "Editorial notes: the skos:editorialNote of this edition's data.",
            "Charts: the statistics that changed beyond the threshold, as a change in per cent of the previous edition "
            "under the summary, and as both editions' values at their sections (the dashboards' observations and "
            "chart specs, drawn to SVG by vl-convert), each with its data table and sources; "
            "approximate values marked ≈.",
            "Quotes: the graph records a number as written and its section; the quote is the sentence of that sec"
            "tion of the "
            "report's text holding it (split into sections as gradkg ingest does). Nothing is quoted when it is n"
            "ot found.",
        ],
    },
}


def _context(review: Review) -> dict:
    d = TEXT[review.lang]
    how = [
        item.format(editions=review.template_editions, size=review.template_size, threshold=_pct(review.threshold))
        for item in d["how_items"]
    ]
    counts = [(d["categories"][c], review.count(c), c) for c in CATEGORIES]
    title = d["title"].format(programme=review.programme, edition=review.edition)
    previous = d["previous"].format(previous=review.previous) if review.previous else d["no_previous"]
    return {
        "review": review,
        "d": d,
        "how": how,
        "counts": counts,
        "title": title,
        "previous": previous,
        "lang": review.lang,
        "again": _repeated(review),
    }


def _repeated(review: Review) -> Callable[[Finding, int], bool]:
    """(finding, quote) positions whose sentence an earlier finding of the same section quoted already.

    Eight statistics of 二（二） that 2024 drops all come from one long sentence of 2023: printed once,
    then referred to, the page says the same in a quarter of the space (and prints faster).
    """
    again: set[tuple[int, int]] = set()
    groups = [s.findings for s in review.sections] + [review.unplaced]
    for findings in groups:
        seen: set[tuple[str, str, str]] = set()
        for f in findings:
            for n, q in enumerate(f.quotes):
                key = (q.edition, q.section, q.text)
                if key in seen:
                    again.add((id(f), n))
                seen.add(key)
    return lambda finding, n: (id(finding), n) in again


def _pct(value: float) -> str:
    return f"{value:g}"


def _charts(review: Review) -> list:
    return ([review.overview] if review.overview else []) + [c for s in review.sections for c in s.charts]


def _chart_markdown(chart: ReviewChart, d: dict) -> list[str]:
    """A chart in Markdown is its data table, with its title, unit and sources."""
    lines = ["", f"**{chart.title}** · {d['unit']}: {chart.unit}", ""]
    lines += ["| " + " | ".join(chart.columns) + " |", "|" + "---|" * len(chart.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in chart.rows]
    return [*lines, "", f"{d['sources']}: {chart.sources}"]


def to_markdown(review: Review) -> str:
    ctx = _context(review)
    d = ctx["d"]
    lines = [f"# {ctx['title']}", "", ctx["previous"], "", f"## {d['summary']}", "", "| | |", "|---|---:|"]
    lines += [f"| {name} | {n} |" for name, n, _ in ctx["counts"]]
    if review.overview:
        lines += _chart_markdown(review.overview, d)
    parts = [(f"{s.number} {s.heading}", s.findings, s.charts) for s in review.sections if s.findings]
    if review.unplaced:
        parts.append((d["unplaced"], review.unplaced, []))
    for heading, findings, charts in parts:
        lines += ["", f"## {heading}", ""]
        for f in findings:
            lines.append(
                f"- **{d['categories'][f.category]}** — {f.title}"
                + (f"：{f.detail}" if review.lang == "zh" and f.detail else f": {f.detail}" if f.detail else "")
            )
            lines += [f"  > {q.edition} {q.section}：{q.text}" for q in f.quotes]
        for chart in charts:
            lines += _chart_markdown(chart, d)
    if not review.findings:
        lines += ["", d["none"]]
    lines += ["", f"## {d['how']}", ""] + [f"- {item}" for item in ctx["how"]]
    return "\n".join(lines) + "\n"


def _svgs(
    review: Review, cache: Path | None, ahead: DrawAhead | None, meanwhile: Callable[[], object] | None = None
) -> dict[str, str]:
    """Each chart drawn by vl-convert (the same Vega as the dashboards' pages, no browser), by its key."""
    charts = _charts(review)
    svgs = cached_svgs([c.spec for c in charts], cache / "charts" if cache else None, ahead, meanwhile)
    return {c.key: svg for c, svg in zip(charts, svgs, strict=True)}


def _html(review: Review, svgs: dict[str, str]) -> str:
    return ENVIRONMENT.get_template("review.html").render(**_context(review), svgs=svgs)


def to_html(review: Review, cache: Path | None = None, ahead: DrawAhead | None = None) -> str:
    """The review as one HTML page, its charts inlined as SVG (no script, no file beside it).

    ``cache`` is the build's cache folder (``build/cache``), where charts drawn before are kept;
    ``ahead`` a helper started early to draw those not kept.
    """
    return _html(review, _svgs(review, cache, ahead))


def to_pdf(review: Review, cache: Path | None = None, ahead: DrawAhead | None = None) -> bytes:
    """The HTML printed by WeasyPrint, or the PDF printed before from the very same HTML.

    While ``ahead`` draws new charts, WeasyPrint is imported (0.6 s): new charts mean a new PDF.
    """
    html = _html(review, _svgs(review, cache, ahead, meanwhile=_load_weasyprint))
    return cached(
        cache / "reviews" if cache else None,
        [f"weasyprint {version('weasyprint')}", html],
        ".pdf",
        lambda: _print(html),
    )


def _load_weasyprint() -> None:
    import weasyprint  # noqa: F401  (imported here to be ready when the charts are)


def _print(html: str) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html).write_pdf()
