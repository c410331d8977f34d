"""`gradkg review`: exact findings on the real editions, the PDF read back, a changed report text, bad input."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from gradkg.cli import main
from gradkg.review.command import review_edition, review_file

SEED_2024 = ROOT / "data" / "sources" / "000_270693d0e6a09eb6.txt"
TIERS = ("contradiction", "rounding", "implausible")
COUNTS_2024 = {
    "contradiction": 2,
    "rounding": 0,
    "implausible": 4,
    "missing-section": 0,
    "empty-section": 1,
    "dropped-statistic": 32,
    "changed-statistic": 9,
    "revised-document": 0,
    "dropped-document": 0,
    "dropped-course": 21,
    "changed-rule": 0,
    "doubt": 87,
}
FOUND_2024 = [
    ("implausible", "二（二）", "研究生导师人数：648人"),
    ("changed-statistic", "二（二）", "研究生导师人数（硕士）"),
    ("changed-statistic", "二（三）", "省科技奖一等奖"),
    ("changed-statistic", "三（一）", "招收人数（博士、硕博连读生）"),
    ("empty-section", "三（三）1", "三（三）1 本学位点学位专业课程、主要专业选修课、面向学生层次及主讲教师"),
    ("implausible", "三（六）", "参与国际学术交流：24人次"),
    ("implausible", "三（六）", "参加高水平国际学术会议并做学术报告：27人次"),
    ("changed-statistic", "三（六）", "参与国际学术交流（硕士）"),
    ("changed-statistic", "三（六）", "参加高水平国际学术会议并做学术报告"),
    ("changed-statistic", "三（六）", "申请国家公派联合培养或攻读博士学位"),
    ("contradiction", "三（十一）1", "赴重点领域就业人数：283人"),
    ("contradiction", "三（十一）1", "重点区域就业人数：26人"),
    ("implausible", "三（十一）1", "毕业生去向人数：72人"),
    ("changed-statistic", "三（十一）1", "毕业生去向人数（国内升学）"),
    ("changed-statistic", "三（十一）1", "赴重点领域就业人数（选调生）"),
    ("changed-statistic", "三（十一）1", "重点区域就业人数（西部）"),
]
FOUND_2023 = [
    ("implausible", "二（二）", "研究生导师人数：316人"),
    ("contradiction", "三（一）", "录取人数：146人"),
    ("rounding", "三（一）", "报录比：5.8:1"),
    ("contradiction", "三（十一）1", "赴重点领域就业人数：255人"),
    ("rounding", "三（十一）1", "毕业去向落实率：97.89%"),
]
SHOWN = ("contradiction", "rounding", "implausible", "empty-section", "changed-statistic")
LOST_COURSES = {
    "人体结构与功能学", "人类分子遗传学", "传染病学专题", "信息学概论", "全球卫生", "分子医学I", "分子医学II",
    "分子医学III", "医学概论", "妇产科学专题", "心血管病学专题", "普通外科学专题", "研究生学术素养",
    "研究生科研技能训练I (科研文献阅读与科研论文写作)", "研究生科研技能训练II (科学交流与科研项目申报)",
    "研究生科研技能训练III (组学与大数据分析)", "研究生科研技能训练V (大型仪器原理与操作)", "肾病学专题",
    "血液病学专题", "重症医学专题", "系统解剖学",
}  # fmt: skip


@pytest.fixture(scope="module")
def review_2024(project, build_dir):
    return review_edition(project, build_dir, "zju-1002", "2024", "zh")


def _shown(review) -> list[tuple[str, str, str]]:
    return [(f.category, f.section, f.title) for f in review.findings if f.category in SHOWN]


def test_the_2024_review_lists_exactly_what_the_graph_knows(review_2024):
    assert {c: review_2024.count(c) for c in COUNTS_2024} == COUNTS_2024
    assert _shown(review_2024) == FOUND_2024
    region = next(f for f in review_2024.findings if f.title == "重点区域就业人数：26人")
    assert region.detail == (
        "矛盾：2024年报告三（十一）1：重点区域就业人数 = 北京 + 上海 + 西部；所述26人，按所列数字计算为25。"
    )
    supervisors = next(f for f in review_2024.findings if f.title == "研究生导师人数（硕士）")
    assert supervisors.detail == "2023年308人 → 2024年648人（+110.4%）"
    assert [(q.edition, q.section, q.text) for q in supervisors.quotes] == [
        ("2024", "二（二）", "学位点专任教师总数2804人，其中硕士生导师648人、博士生导师339人。"),
        ("2023", "二（二）", "学位点专任教师总数2787人，其中硕士生导师308人、博士生导师316人。"),
    ]


def test_the_lost_2024_course_table_is_shown_three_ways(review_2024):
    """The section that held it is nearly empty, its courses are dropped, and the report's note says why."""
    empty = next(f for f in review_2024.findings if f.category == "empty-section")
    assert empty.detail == "本节记录的事实由2023年的45项降为1项。"
    dropped = [f for f in review_2024.findings if f.category == "dropped-course"]
    assert {f.title for f in dropped} == LOST_COURSES
    assert {f.section for f in dropped} == {"三（三）1", "三（二）1"}
    assert [f.detail for f in review_2024.unplaced] == ["该版文本无封面页，课程表（三（三）1）在文本提取中丢失。"]


def test_the_2023_review_shows_the_roundings_and_has_nothing_to_compare(project, build_dir):
    review = review_edition(project, build_dir, "zju-1002", "2023", "zh")
    assert review.previous is None
    assert _shown(review) == FOUND_2023
    assert review.count("doubt") == 70
    assert sum(review.count(c) for c in ("dropped-statistic", "changed-statistic", "dropped-course")) == 0
    ratio = next(f for f in review.findings if f.title == "报录比：5.8:1")
    assert [q.text for q in ratio.quotes] == ["普通招考博士生的报考人数为499人，录取人数为85人，报录比约为5.8:1。"]


def test_every_contradiction_the_graph_knows_is_in_a_review(project, build_dir, rows):
    known = {(r[4], r[5], f"{r[1]}：{r[2]}", r[7]) for r in rows("consistency")}
    shown = set()
    for edition in ("2023", "2024"):
        review = review_edition(project, build_dir, "zju-1002", edition, "zh")
        shown |= {(edition, f.section, f.title, f.category) for f in review.findings if f.category in TIERS}
    assert shown == known
    assert sum(tier == "contradiction" for *_, tier in known) == 4


def test_the_pdf_reads_back_with_its_findings_and_draws(build_dir, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "review.pdf"
    argv = ["review", "--programme", "zju-1002", "--edition", "2024", "--build-dir", str(build_dir), "-o", str(out)]
    assert main(argv) == 0
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("zju-1002 2024年度报告 发布前审阅", "矛盾 2", "赴重点领域就业人数：283人", "重点区域就业人数：26人",
                     "三（三）1 本学位点学位专业课程", "血液病学专题", "如何检查"):  # fmt: skip
        assert expected in text
    # the charts: their titles and bar labels are text drawn from the SVG, their tables text of the page
    assert text.count("单位: %（相对于2023年）") == 1  # only the overview chart's SVG says it
    assert text.count("单位: 人次") == 1 and text.count("变化超过阈值的统计（相对上一年度的变化）") == 1
    for expected in ("+110.4%", "+242.9%", "-78.6%", "二（二） 研究生导师人数（硕士）"):
        assert expected in text
    embedded = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            embedded.add(str(font["/BaseFont"]).split("+", 1)[1])
    # the Chinese is set in an embedded CJK font, and so is everything else (page numbers too): two faces to subset
    assert embedded == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "poppler"], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")], check=True)
    from PIL import Image

    page = Image.open(tmp_path / "page-01.png").convert("RGB")
    dark = sum(page.convert("L").histogram()[:128])
    assert dark > 2000  # the first page has its title, summary and findings, not a blank sheet
    raw = page.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    blue = sum(1 for r, g, b in pixels if b > r + 60 and b > g + 20)  # the overview's rising bars (and tags)
    red = sum(1 for r, g, b in pixels if r > g + 80 and r > b + 80)  # its falling bars (and a tag)
    assert blue > 1500 and red > 300  # without the chart: 515 and 26, the summary's and findings' tags


def test_html_and_markdown_follow_the_report_order(build_dir, capsys):
    argv = ["review", "--programme", "zju-1002", "--edition", "2024", "--build-dir", str(build_dir)]
    assert main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    heads = ["二（二） 师资队伍", "三（一） 招生选拔", "三（三）1 本学位点", "三（十一）1 毕业生就业情况"]
    at = [html.index(f'">{h}') for h in heads]  # the section headings (the charts' tables name them too)
    assert at == sorted(at)
    assert main([*argv, "--lang", "en"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# zju-1002, 2024 report: pre-publication review\n\nCompared with: 2023\n\n## Summary")
    assert "| Contradictions | 2 |" in md and "## How this was checked" in md


def _data_digest() -> str:
    files = sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() + str(p).encode() for p in files)).hexdigest()


def test_a_changed_report_text_finds_exactly_the_changes(project, tmp_path):
    """The 2024 text reviewed as a 2025 edition, then again with two numbers changed: only their findings differ."""
    before = _data_digest()
    text = SEED_2024.read_text(encoding="utf-8")
    changed = text.replace("连读生 99人", "连读生 109人").replace("博士生导师 339人", "博士生导师 939人")
    assert changed.count("109人") == text.count("109人") + 1 and "939人" in changed
    path = tmp_path / "changed.txt"
    path.write_text(changed, encoding="utf-8")

    reviews = {}

    def findings(report: Path) -> set[tuple[str, str, str, str]]:
        reviews[report] = review = review_file(project, report, "zju-1002", "2025", "zh")
        return {(f.category, f.section, f.title, f.detail) for f in review.findings}

    plain, edited = findings(SEED_2024), findings(path)
    assert reviews[SEED_2024].overview is None  # the same numbers: nothing changed, nothing to chart
    assert reviews[path].overview.rows == (
        (
            "二（二） 研究生导师人数（博士）",
            "339人",
            "939人",
            "+177.0%",
            "2024 二（二） 师资队伍; 2025 二（二） 师资队伍",
        ),
    )
    [section] = [s for s in reviews[path].sections if s.charts]
    assert [(d["year"], d["value"]) for d in section.charts[0].spec["data"]["values"]] == [("2024", 339), ("2025", 939)]
    assert plain - edited == set()
    assert edited - plain == {
        ("changed-statistic", "二（二）", "研究生导师人数（博士）", "2024年339人 → 2025年939人（+177.0%）"),
        ("contradiction", "三（一）", "招收人数：209人",
         "矛盾：2025年报告三（一）：招收博士生 = 直博生 + 硕博连读生 + 普通招考博士生；所述209人，按所列数字计算为219。"),
        ("implausible", "二（二）", "研究生导师人数：939人",
         "不合常理：2025年报告二（二）：所述939人，上一年度为339人，相差超过2倍（2024: 339人 -> 2025）。"),
        ("implausible", "二（二）", "研究生导师人数：939人",
         "不合常理：2025年报告二（二）：所述939人，大于应不小于它的648人（研究生导师人数 (博士) <= 研究生导师人数 (硕士)）。"),
    }  # fmt: skip
    assert _data_digest() == before  # nothing written to data/


def _bad(capsys, *argv: str) -> str:
    assert main(["review", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err.strip()


def test_bad_input_is_one_line_exit_2_and_nothing_written(build_dir, tmp_path, capsys):
    import fpdf

    b = ["--build-dir", str(build_dir)]
    out = tmp_path / "r.md"
    assert _bad(capsys, "--programme", "zju-9", "--edition", "2024", *b, "-o", str(out)) == (
        "gradkg: --programme zju-9: unknown programme (known: zju-1002)"
    )
    assert _bad(capsys, "--programme", "zju-1002", "--edition", "2019", *b, "-o", str(out)) == (
        "gradkg: --edition 2019: no 2019 edition of zju-1002 (known: 2023, 2024)"
    )
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert _bad(capsys, "--programme", "zju-1002", "--edition", "2024", *b, "-o", str(blocker / "r.pdf")) == (
        f"gradkg: -o {blocker / 'r.pdf'}: {blocker} is a file, not a folder"
    )
    assert _bad(capsys, "--programme", "zju-1002", "--edition", "2024", *b, "--format", "pdf") == (
        "gradkg: --format pdf: give -o FILE (a PDF is not written to the terminal)"
    )
    blank = fpdf.FPDF()
    blank.add_page()
    blank.rect(20, 20, 50, 50)
    scan = tmp_path / "scan.pdf"
    blank.output(str(scan))
    assert _bad(capsys, str(scan), "--programme", "zju-1002", "--edition", "2025", "-o", str(out)) == (
        f"gradkg: {scan}: the PDF has no text layer (1 pages of images?); run OCR first and ingest its text"
    )
    assert _bad(capsys, str(tmp_path / "none.txt"), "--programme", "zju-1002", "--edition", "2025", "-o", str(out)) == (
        f"gradkg: {tmp_path / 'none.txt'}: no such file"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "scan.pdf"]


def test_the_review_is_served_and_linked_from_the_home_and_programme_pages(project, build_dir):
    from starlette.testclient import TestClient

    from gradkg.serve.app import create_app
    from gradkg.serve.settings import Settings
    from gradkg.store import STORE_DIR

    with TestClient(create_app(project, build_dir / STORE_DIR, Settings(workers=1))) as client:
        page = client.get("/review/zju-1002/2024?lang=en")
        assert page.status_code == 200
        assert "<h1>zju-1002, 2024 report: pre-publication review</h1>" in page.text
        assert "重点区域就业人数：26人" in page.text
        for path in ("/review/zju-9/2024", "/review/zju-1002/1999", "/review/..%2F..%2Fetc/2024"):
            assert client.get(path).status_code == 404
        home = client.get("/?lang=zh").text
        assert '<a href="/review/zju-1002/2024?lang=zh">浙江大学临床医学博士学位授权点 2024</a>' in home
        programme = client.get("/id/programme/zju-1002?lang=en").text
        assert '<a href="/review/zju-1002/2023?lang=en">2023</a>' in programme


# ---- charts ------------------------------------------------------------------------------------------

CHANGES_2024 = [
    ("二（二） 研究生导师人数（硕士）", "308人", "648人", "+110.4%", "2023 二（二） 师资队伍; 2024 二（二） 师资队伍"),
    ("二（三） 省科技奖一等奖", "3项", "5项", "+66.7%", "2023 二（三） 科学研究; 2024 二（三） 科学研究"),
    ("三（一） 招收人数（博士、硕博连读生）", "50人", "99人", "+98.0%", "2023 三（一） 招生选拔; 2024 三（一） 招生选拔"),
    ("三（六） 参与国际学术交流（硕士）", "7人次", "24人次", "+242.9%", "2023 三（六） 学术交流; 2024 三（六） 学术交流"),
    ("三（六） 参加高水平国际学术会议并做学术报告", "60人次", "27人次", "-55.0%", "2023 三（六） 学术交流; 2024 三（六） 学术交流"),
    ("三（六） 申请国家公派联合培养或攻读博士学位", "14人", "3人", "-78.6%", "2023 三（六） 学术交流; 2024 三（六） 学术交流"),
    ("三（十一）1 毕业生去向人数（国内升学）", "35人", "72人", "+105.7%",
     "2023 三（十一）1 毕业生就业情况和发展质量; 2024 三（十一）1 毕业生就业情况和发展质量"),
    ("三（十一）1 赴重点领域就业人数（选调生）", "2人", "1人", "-50.0%",
     "2023 三（十一）1 毕业生就业情况和发展质量; 2024 三（十一）1 毕业生就业情况和发展质量"),
    ("三（十一）1 重点区域就业人数（西部）", "3人", "10人", "+233.3%",
     "2023 三（十一）1 毕业生就业情况和发展质量; 2024 三（十一）1 毕业生就业情况和发展质量"),
]  # fmt: skip
SECTION_CHARTS_2024 = {
    "二（二）": [("研究生导师人数", "人", [("2023", "硕士", 308), ("2024", "硕士", 648)])],
    "二（三）": [("省科技奖一等奖", "项", [("2023", "合计", 3), ("2024", "合计", 5)])],
    "三（一）": [("招收人数", "人", [("2023", "博士 · 硕博连读生", 50), ("2024", "博士 · 硕博连读生", 99)])],
    "三（六）": [
        ("参与国际学术交流 · 参加高水平国际学术会议并做学术报告", "人次",
         [("2023", "参与国际学术交流 · 硕士", 7), ("2024", "参与国际学术交流 · 硕士", 24),
          ("2023", "参加高水平国际学术会议并做学术报告", 60), ("2024", "参加高水平国际学术会议并做学术报告", 27)]),
        ("申请国家公派联合培养或攻读博士学位", "人", [("2023", "合计", 14), ("2024", "合计", 3)]),
    ],
    "三（十一）1": [
        ("毕业生去向人数 · 赴重点领域就业人数 · 重点区域就业人数", "人",
         [("2023", "毕业生去向人数 · 国内升学", 35), ("2024", "毕业生去向人数 · 国内升学", 72),
          ("2023", "赴重点领域就业人数 · 选调生", 2), ("2024", "赴重点领域就业人数 · 选调生", 1),
          ("2023", "重点区域就业人数 · 西部", 3), ("2024", "重点区域就业人数 · 西部", 10)]),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def vega_lite_schema():
    import altair as alt
    import jsonschema

    return jsonschema.Draft7Validator(alt.vegalite.v6.schema.core.load_schema())


def test_the_overview_chart_draws_every_change_beyond_the_threshold(review_2024, vega_lite_schema):
    overview = review_2024.overview
    assert overview.columns == ("统计", "2023", "2024", "变化（%）", "出处")
    assert list(overview.rows) == CHANGES_2024
    assert overview.unit == "%（相对于2023年）"
    data = overview.spec["data"]["values"]
    assert [(d["statistic"], d["change"], d["label"]) for d in data] == [
        (r[0], float(r[3][:-1]), r[3]) for r in CHANGES_2024
    ]
    assert overview.spec["title"] == {
        "text": "变化超过阈值的统计（相对上一年度的变化）",
        "subtitle": ["单位: %（相对于2023年）"],
        "anchor": "start",
    }
    assert [f.title for f in review_2024.findings if f.category == "changed-statistic"] == [
        r[0].split(" ", 1)[1] for r in CHANGES_2024
    ]
    vega_lite_schema.validate(overview.spec)


def test_each_section_charts_its_changed_statistics_in_both_editions(review_2024, vega_lite_schema):
    drawn = {
        s.number: [(c.title, c.unit, [(d["year"], d["series"], d["value"]) for d in c.spec["data"]["values"]]) for c in s.charts]
        for s in review_2024.sections if s.charts
    }  # fmt: skip
    assert drawn == SECTION_CHARTS_2024
    chart = next(s for s in review_2024.sections if s.number == "二（二）").charts[0]
    assert chart.rows == (
        ("2023", "硕士", "308", "308人", "2023 二（二） 师资队伍"),
        ("2024", "硕士", "648", "648人", "2024 二（二） 师资队伍"),
    )
    assert chart.spec["usermeta"]["gradkg"]["unit"] == {"zh": "人", "en": "persons"}
    assert chart.sources == "2023 二（二） 师资队伍; 2024 二（二） 师资队伍"
    for section in review_2024.sections:
        for c in section.charts:
            vega_lite_schema.validate(c.spec)


def test_the_charts_in_english(project, build_dir):
    review = review_edition(project, build_dir, "zju-1002", "2024", "en")
    assert review.overview.rows[0] == (
        "二（二） graduate supervisors (master's)",
        "308人",
        "648人",
        "+110.4%",
        "2023 二（二） 师资队伍; 2024 二（二） 师资队伍",
    )
    assert review.overview.columns == ("Statistic", "2023", "2024", "Change (%)", "Source")
    chart = next(s for s in review.sections if s.number == "三（十一）1").charts[0]
    assert chart.unit == "persons (人)"
    assert [d["series"] for d in chart.spec["data"]["values"]][:2] == [
        "graduates by destination · further study in China"
    ] * 2


def test_the_html_inlines_each_chart_as_svg_with_its_table(review_2024, build_dir):
    from gradkg.review.render import to_html, to_markdown

    html = to_html(review_2024)
    assert html.count("<svg") == 7 and "<script" not in html
    overview = html[html.index('id="chart-changes"') :]
    overview = overview[: overview.index("</figure>")]
    assert "+110.4%" in overview and "变化超过阈值的统计（相对上一年度的变化）" in overview
    assert "<td>二（二） 研究生导师人数（硕士）</td><td>308人</td><td>648人</td><td>+110.4%</td>" in overview
    # a sentence quoted again in the same section is referred to, not printed again
    assert html.count('<span class="again">同上</span>') == 30  # of 60 quotes, 30 sentences
    assert html.count("2023年新增中国科学院院士1名") == 1  # the source of 8 statistics 二（二） drops
    md = to_markdown(review_2024)
    assert (
        "| 二（二） 研究生导师人数（硕士） | 308人 | 648人 | +110.4% | 2023 二（二） 师资队伍; 2024 二（二） 师资队伍 |"
        in md
    )
    assert "| 2024 | 硕士 | 648 | 648人 | 2024 二（二） 师资队伍 |" in md


def test_charts_and_pdfs_are_drawn_once_then_taken_from_the_cache(
    project, build_dir, review_2024, tmp_path, monkeypatch
):
    from gradkg.review import render

    first = render.to_pdf(review_2024, tmp_path)
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 7 and len(list((tmp_path / "reviews").glob("*.pdf"))) == 1

    def refuse(*_):
        raise AssertionError("drawn again")

    with monkeypatch.context() as patched:
        patched.setattr(render, "_print", refuse)
        patched.setattr("gradkg.charts.render.to_svg", refuse)
        assert render.to_pdf(review_2024, tmp_path) == first
    english = review_edition(project, build_dir, "zju-1002", "2024", "en")  # other words: other charts, another PDF
    assert render.to_pdf(english, tmp_path) != first
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 14 and len(list((tmp_path / "reviews").glob("*.pdf"))) == 2


def test_hostile_labels_in_a_chart_stay_text(review_2024):
    """A label holding markup is drawn as text by vl-convert and escaped in the table: no element gets in."""
    import copy
    import dataclasses

    from gradkg.review.render import to_html

    hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'
    spec = copy.deepcopy(review_2024.overview.spec)
    spec["data"]["values"][0]["statistic"] = hostile
    spec["title"]["text"] = hostile
    rows = ((hostile, "308人", "648人", "+110.4%", hostile), *review_2024.overview.rows[1:])
    review = copy.copy(review_2024)
    review.overview = dataclasses.replace(review_2024.overview, spec=spec, rows=rows, title=hostile)
    html = to_html(review)
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;window.pwned=1&lt;/script&gt;") >= 3  # the chart's title, its axis, the table


def test_the_pdf_warns_when_no_cjk_font_is_installed(build_dir, tmp_path, monkeypatch, capsys):
    latin = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core, which fontconfig depends on
    config = tmp_path / "fonts.conf"  # fontconfig that knows Latin fonts only
    config.write_text(f"<fontconfig><dir>{latin}</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    out = tmp_path / "r.pdf"
    argv = ["review", "--programme", "zju-1002", "--edition", "2023", "--build-dir", str(build_dir), "-o", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "gradkg: warning: no CJK font is installed (fc-list :lang=zh finds none): Chinese text will show as boxes; "
        "install Debian fonts-noto-cjk"
    )
    assert out.read_bytes().startswith(b"%PDF")
