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
    embedded = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            embedded.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert "Noto-Sans-CJK-SC" in embedded  # the Chinese is set in an embedded CJK font
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "poppler"], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")], check=True)
    from PIL import Image

    page = Image.open(tmp_path / "page-01.png").convert("L")
    dark = page.histogram()[:128]
    dark = sum(dark)
    assert dark > 2000  # the first page has its title, summary and findings, not a blank sheet


def test_html_and_markdown_follow_the_report_order(build_dir, capsys):
    argv = ["review", "--programme", "zju-1002", "--edition", "2024", "--build-dir", str(build_dir)]
    assert main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    heads = ["二（二） 师资队伍", "三（一） 招生选拔", "三（三）1 本学位点", "三（十一）1 毕业生就业情况"]
    assert [html.index(h) for h in heads] == sorted(html.index(h) for h in heads)
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

    def findings(report: Path) -> set[tuple[str, str, str, str]]:
        review = review_file(project, report, "zju-1002", "2025", "zh")
        return {(f.category, f.section, f.title, f.detail) for f in review.findings}

    plain, edited = findings(SEED_2024), findings(path)
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
