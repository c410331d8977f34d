"""`gradkg ingest` (issue 10): sections, documents, statistics and checks drafted from a report's text,
scored leave-one-edition-out and on a report the test perturbs, the draft validated, bad input refused."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef

from gradkg.cli import main
from gradkg.ingest import draft_edition
from gradkg.ingest.documents import parse_number
from gradkg.ingest.knowledge import ELI, GK, PROV, KnownEdition
from gradkg.ingest.numbers import find_numbers
from gradkg.ingest.scoring import (
    conforms,
    contradictions,
    courses,
    first_used,
    load,
    numbers_accounted,
    score_draft,
    sections,
    validation_files,
)
from gradkg.ingest.sections import split_sections

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
TEXT_2024 = SOURCES / "000_270693d0e6a09eb6.txt"
TEXT_2023 = SOURCES / "001_7ff795a34294cbbf.txt"
BASE = "https://w3id.org/gradkg/id/"
GRADKG = str(Path(sys.executable).parent / "gradkg")


def gradkg(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRADKG_HOME": str(ROOT)}
    return subprocess.run([GRADKG, *args], capture_output=True, text=True, env=env, timeout=120)


def known(project, year: str) -> list[KnownEdition]:
    return [KnownEdition("zju-1002", year, tuple(project.edition_files("zju-1002", year)), None)]


def scores_of(project, text: str, known_year: str, target: str, tmp_path: Path, name: str) -> dict:
    from gradkg.ingest.writer import write_draft

    hidden = first_used(project.edition_files("zju-1002", target), list(known(project, known_year)[0].files))
    draft, _ = draft_edition(project, text, "zju-1002", target, name, known=known(project, known_year), hide=hidden)
    files = [f for f in write_draft(draft, tmp_path / "draft", False, name, {}) if f.suffix == ".ttl"]
    scores = score_draft(project, project.edition_files("zju-1002", target), draft.graph, files, hidden)
    return {s.category: (s.curated, s.drafted, s.recalled, s.correct) for s in scores}, draft, files


def beside(project, draft, files, known_year):
    return validation_files(
        draft.graph, files, project.programme_file("zju-1002"), list(known(project, known_year)[0].files)
    )


@pytest.mark.parametrize(("source", "year"), [(TEXT_2024, "2024"), (TEXT_2023, "2023")])
def test_sections_are_the_curated_ones(project, source, year):
    found = {(s.number, s.title) for s in split_sections(source.read_text(encoding="utf-8"))}
    assert found == sections(load(project.edition_files("zju-1002", year)))


def test_a_wrapped_heading_ends_at_its_full_stop():
    found = split_sections(TEXT_2024.read_text(encoding="utf-8"))
    five_one = next(s for s in found if s.number == "五（一）")
    assert five_one.title == "人工智能赋能医学创新发展，打造 AI+医学教育浙大方案"
    assert five_one.paragraphs[0].text.startswith("AI赋能医学教育，举办2024求是医学教育论坛")


def test_numbers_with_units_ranges_and_approximations():
    found = [
        (n.stated, str(n.value), str(n.upper), n.unit, n.approximate)
        for n in find_numbers("报录比约为7.4:1，1~3秒，近百家，20余项，超95%")
    ]
    assert found == [
        ("7.4:1", "7.4", "None", ":1", True),
        ("1~3秒", "1", "3", "秒", False),
        ("近百家", "100", "None", "家", True),
        ("20余项", "20", "None", "项", True),
        ("超95%", "95", "None", "%", True),
    ]


def test_document_numbers_are_parsed_through_extraction_spaces():
    number = parse_number("浙大医学院发〔2022〕13 号")
    assert (number.text, number.prefix, number.year, number.serial) == (
        "浙大医学院发〔2022〕13号",
        "浙大医学院发",
        2022,
        13,
    )
    assert parse_number("浙大医学院发2022年13号") is None


@pytest.mark.parametrize(
    ("known_year", "target", "source", "expected"),
    [
        (
            "2023", "2024", TEXT_2024,
            {"sections": (37, 37, 37, 37), "documents": (26, 26, 26, 26), "statistics": (112, 62, 62, 62),
             "statistics reachable": (62, 62, 62, 62), "new terms by label": (50, 11, 11, 11),
             "statistics by label": (112, 73, 73, 73),
             "contradictions": (2, 2, 2, 2), "rule constraints": (11, 11, 11, 11),
             "count check members": (2, 1, 1, 1), "numbers in the text": (165, 99, 66)},
        ),
        (
            "2024", "2023", TEXT_2023,
            {"sections": (35, 35, 35, 35), "documents": (24, 24, 24, 24), "statistics": (94, 62, 62, 62),
             "statistics reachable": (62, 62, 62, 62), "new terms by label": (32, 7, 7, 7),
             "statistics by label": (94, 69, 69, 69),
             "contradictions": (5, 5, 5, 5), "course rows": (22, 22, 22, 22),
             "rule constraints": (11, 11, 11, 11), "count check members": (1, 1, 1, 1),
             "numbers in the text": (148, 96, 52)},
        ),
    ],
)  # fmt: skip
def test_leave_one_edition_out(project, tmp_path, known_year, target, source, expected):
    scores, draft, files = scores_of(
        project, source.read_text(encoding="utf-8"), known_year, target, tmp_path, source.name
    )
    scores["numbers in the text"] = numbers_accounted(split_sections(source.read_text(encoding="utf-8")), draft)
    assert {k: scores[k] for k in expected} == expected  # every number drafted or listed: total = drafted + listed
    assert conforms(project, beside(project, draft, files, known_year))[:2] == (True, 0)


def test_every_number_is_drafted_or_listed(project, tmp_path):
    text = TEXT_2024.read_text(encoding="utf-8")
    draft, leftovers = draft_edition(project, text, "zju-1002", "2024", TEXT_2024.name, known=known(project, "2023"))
    listed = [r for r in draft.review if r.kind == "number"]
    assert len(listed) == leftovers
    for section in split_sections(text):
        for n in find_numbers(section.text):
            if n.arabic or n.unit:
                assert draft.is_used(section.key, n.start, n.end) or any(
                    r.subject == n.stated and r.section == section.number for r in listed
                ), (section.number, n.stated)


def perturbed_2024() -> str:
    """The 2024 text with numbers, a title and a document number changed, as next year's report might."""
    text = TEXT_2024.read_text(encoding="utf-8")
    for old, new in (
        ("共招收博士生 209人", "共招收博士生 219人"),
        ("其中直博生 46人", "其中直博生 57人"),
        ("报录比约为 7.4:1", "报录比约为 7.6:1"),
        ("《医学院学生工作认定办法》", "《医学院学生工作考核办法》"),
        ("（浙大医学院发〔2024〕19号）", "（浙大医学院发〔2025〕7号）"),
        ("毕业去向落实率达 100%", "毕业去向落实率达 99%"),
        ("5位及以上与学位论文", "7位及以上与学位论文"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_perturbed_report_is_drafted_as_it_says(project, tmp_path):
    scores, draft, files = scores_of(project, perturbed_2024(), "2023", "2024", tmp_path, "perturbed.txt")
    g = draft.graph
    obs = BASE + "zju-1002/2024/observation/"
    values = {local: str(g.value(URIRef(obs + local), GK.value)) for local in
              ("admitted-doctoral-all", "admitted-doctoral-direct-doctoral", "application-ratio-doctoral-general-exam",
               "placement-rate-all")}  # fmt: skip
    assert values == {
        "admitted-doctoral-all": "219",
        "admitted-doctoral-direct-doctoral": "57",
        "application-ratio-doctoral-general-exam": "7.6",
        "placement-rate-all": "99",
    }
    new = URIRef(BASE + "document/zjumed-2025-7")
    assert (str(g.value(new, ELI.id_local)), int(g.value(new, GK.serialNumber))) == ("浙大医学院发〔2025〕7号", 7)
    assert str(g.value(new, ELI.passed_by)) == BASE + "organisation/zju-med"
    reviewed = {r.label: (r.status, r.how) for r in draft.review if r.kind == "document"}
    assert reviewed["医学院学生工作考核办法"] == ("new", "new: slug from its title")
    # 219 ≠ 57 + 99 + 64 and 7.6 ≠ 471 / 64 (7.36) and 99% ≠ 318 / 318: the draft's checks say so
    found = contradictions(project, files)
    assert {"admitted-doctoral-all", "application-ratio-doctoral-general-exam", "placement-rate-all"} <= found
    assert scores["documents"] == (26, 26, 24, 24)
    revised = URIRef(BASE + "zju-1002/rule/doctoral-thesis-reviewers-2024")
    assert str(g.value(revised, PROV.wasRevisionOf)) == BASE + "zju-1002/rule/doctoral-thesis-reviewers"
    assert str(g.value(URIRef(f"{revised}#count"), GK.value)) == "7"
    assert scores["rule constraints"] == (11, 11, 10, 10)
    # the 62 statistics of the unperturbed text less the 4 changed, which the draft has with their new values;
    # the new indicators drafted from the unperturbed text are drafted here too
    assert scores["statistics"] == (112, 62, 58, 58)
    assert scores["statistics reachable"] == (62, 62, 58, 58)
    assert scores["new terms by label"] == (50, 11, 11, 11)
    assert scores["statistics by label"] == (112, 73, 69, 69)
    assert conforms(project, beside(project, draft, files, "2023"))[:2] == (
        True,
        0,
    )


def test_cli_writes_the_draft_and_its_review(tmp_path):
    out = tmp_path / "2025"
    done = gradkg("ingest", str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[0]
        == f"drafted 14 check, 26 document, 44 organisation, 4 person, 8 platform, 1 programme, 9 rule, 8 scholarship, 37 section, 108 statistic into {out}"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "consistency.ttl", "governance.ttl", "named.ttl", "organisations.ttl", "people.ttl", "programme.ttl", "report.ttl",
        "review.csv", "review.md", "rules.ttl", "statistics.ttl", "support.ttl",
    ]  # fmt: skip
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8")))
    first = next(r for r in rows if r["subject"].endswith("/observation/admitted-doctoral-all"))
    assert (first["section"], first["sentence"][:24]) == ("三（一）", "2024年共招收博士生209人，其中直博生46人")
    programme = ROOT / "data" / "zju-1002" / "programme.ttl"
    validated = gradkg("validate", str(programme), *[str(p) for p in sorted(out.glob("*.ttl"))])
    assert validated.returncode == 0, validated.stdout[-2000:]
    assert validated.stdout.splitlines()[-1] == "图符合全部约束：0 项违规，2 项警告。"


def bad(*args: str) -> str:
    done = gradkg("ingest", *args)
    assert "Traceback" not in done.stderr
    assert (done.returncode, len(done.stderr.splitlines())) == (2, 1), done.stderr
    return done.stderr.rstrip("\n")


def test_bad_input_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    common = ["--programme", "zju-1002", "--edition", "2025", "--out", str(out)]
    assert bad(str(tmp_path / "nope.txt"), *common) == f"gradkg: {tmp_path / 'nope.txt'}: no such file"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("一、基本情况\n".encode() + "共招收".encode("gb18030"))
    assert bad(str(latin), *common) == f"gradkg: {latin}:2: not UTF-8 text (byte 19); save the report as UTF-8"
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    assert bad(str(empty), *common) == f"gradkg: {empty}: the report is empty"
    assert bad(str(TEXT_2024), "--programme", "zju-9999", "--edition", "2025", "--out", str(out)) == (
        f"gradkg: --programme zju-9999: no {ROOT}/data/zju-9999/programme.ttl; write the programme's programme.ttl "
        "first (README, Adding to gradkg: a programme)"
    )
    assert bad(str(TEXT_2024), "--programme", "zju-1002", "--edition", "25", "--out", str(out)) == (
        "gradkg: --edition 25: an edition is a four-digit year, such as 2025"
    )
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    assert bad(str(broken), *common) == f"gradkg: {broken}: cannot be read as PDF: Stream has ended unexpectedly"
    assert bad(str(tmp_path), *common) == f"gradkg: {tmp_path}: is a folder, not a report"
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    assert bad(str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025", "--out", str(afile)) == (
        f"gradkg: --out {afile}: is a file, not a folder"
    )
    assert not out.exists()


def test_an_existing_edition_is_kept_without_force(tmp_path):
    out = tmp_path / "2025"
    out.mkdir()
    (out / "report.ttl").write_text("# mine\n", encoding="utf-8")
    assert bad(str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025", "--out", str(out)) == (
        f"gradkg: {out}: already holds an edition; give --force to replace it"
    )
    assert [p.name for p in out.iterdir()] == ["report.ttl"]
    assert (
        main(["ingest", str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025", "--out", str(out), "--force"])
        == 0
    )
    assert "# mine" not in (out / "report.ttl").read_text(encoding="utf-8")


STATS = [("231人 = 招收人数（博士）", "三（一）"), ("50人 = 招收人数（博士、直博生）", "三（一）")]
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def test_a_pdf_with_text_is_ingested_and_one_without_text_refused(tmp_path):
    import fpdf  # the test extra's PDF writer

    if not FONT.is_file():
        subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "fonts"], check=True)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("noto", fname=str(FONT))
    pdf.set_font("noto", size=11)
    pdf.multi_cell(0, 7, "一、学位授权点基本情况\n浙大医学院制定《医学院教师申请研究生招生资格实施细则》（浙大医学院发〔2020〕8号）。\n"
                         "二、基本条件\n三、人才培养\n（一）招生选拔\n2026年共招收博士生 231人，其中直博生 50人。")  # fmt: skip
    report = tmp_path / "report.pdf"
    pdf.output(str(report))
    out = tmp_path / "draft"
    assert main(["ingest", str(report), "--programme", "zju-1002", "--edition", "2026", "--out", str(out)]) == 0
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8")))
    assert [(r["kind"], r["label"]) for r in rows if r["kind"] in ("section", "document")] == [
        ("section", "学位授权点基本情况"), ("section", "基本条件"), ("section", "人才培养"), ("section", "招生选拔"),
        ("document", "医学院教师申请研究生招生资格实施细则（浙大医学院发〔2020〕8号）"),
    ]  # fmt: skip
    assert [(r["label"], r["section"]) for r in rows if r["kind"] == "statistic"] == STATS
    blank = fpdf.FPDF()
    blank.add_page()
    blank.rect(20, 20, 50, 50)
    scan = tmp_path / "scan.pdf"
    blank.output(str(scan))
    assert bad(str(scan), "--programme", "zju-1002", "--edition", "2026", "--out", str(tmp_path / "x")) == (
        f"gradkg: {scan}: the PDF has no text layer (1 pages of images?); run OCR first and ingest its text"
    )


def test_course_rows_are_read_by_their_column_headings(project):
    """The 2023 table with its columns reordered: each row still becomes the same course."""
    text = TEXT_2023.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("序号\t"))
    for i in range(start, start + 30):
        cells = lines[i].split("\t")
        if len(cells) == 7:
            lines[i] = "\t".join([cells[6], cells[1], cells[5], cells[0], cells[3], cells[4], cells[2]])
    draft, _ = draft_edition(project, "\n".join(lines), "zju-1002", "2023", "t.txt", known=known(project, "2024"))
    rows = {r[0]: r[1:] for r in courses(draft.graph)}
    assert len(rows) == 22
    assert rows[15] == ("妇产科学专题", "compulsory", 2, "zh", ("吕卫国", "林俊"), ("医学院",))
    assert rows[11] == ("信息学概论", "elective", 2, "zh", ("童若锋",), ("计算机学院",))
    assert rows[20] == ("人类分子遗传学 / Human molecular genetics", "elective", 2, "zh-en", ("管敏鑫",), ("医学院",))
    reviewed = {(r.kind, r.status, r.label) for r in draft.review if r.kind in ("organisation", "person")}
    assert ("organisation", "new", "计算机学院") in reviewed
    assert ("person", "matched", "黄河") in reviewed


def test_known_names_are_reused_and_old_quotations_dropped(project):
    draft, _ = draft_edition(
        project, TEXT_2024.read_text(encoding="utf-8"), "zju-1002", "2024", "t.txt", known=known(project, "2023")
    )
    reused = {
        (r.kind, r.label, r.section) for r in draft.review if r.status == "matched" and r.kind in ("platform", "person")
    }
    assert ("platform", "浙江大学医学院公共技术平台", "二（四）") in reused
    assert ("person", "巴德年", "三（二）1") in reused
    text = "".join(s.text for s in split_sections(TEXT_2024.read_text(encoding="utf-8")))
    quotes = [str(o) for s, o in draft.graph.subject_objects(GK.statement) if draft.files[s] != "rules"]
    assert quotes and all(q in text for q in quotes)


def test_hostile_text_is_drafted_quickly_or_refused(tmp_path):
    """Control characters, a line with no breaks, thousands of would-be headings: drafted in seconds, valid Turtle."""
    import time

    odd = tmp_path / "odd.txt"
    odd.write_text(
        "一、基本情况\n" + "\x00\x01\x1b[31m《通知》（浙大发〔2020〕1号）报录比约为 7.4:1\n" * 50 + "二、" + "x" * 100_000 + "\n"
        + "".join(f"一、标题{i}\n（一）小节\n1.条目\n" for i in range(3000)),
        encoding="utf-8",
    )  # fmt: skip
    started = time.perf_counter()
    assert main(["ingest", str(odd), "--programme", "zju-1002", "--edition", "2030", "--out", str(tmp_path / "o")]) == 0
    assert time.perf_counter() - started < 30
    rows = list(csv.DictReader((tmp_path / "o" / "review.csv").open(encoding="utf-8")))
    assert [r["label"] for r in rows if r["kind"] == "section"] == ["基本情况", "小节", "条目"]
    assert max(len(r["sentence"]) for r in rows) < 500
    files = [ROOT / "data" / "zju-1002" / "programme.ttl", *sorted((tmp_path / "o").glob("*.ttl"))]
    assert conforms(project_of(), files)[:2] == (True, 0)
    big = tmp_path / "big.txt"
    big.write_text("共招收博士生 209人" * 200_000, encoding="utf-8")
    assert bad(str(big), "--programme", "zju-1002", "--edition", "2030", "--out", str(tmp_path / "b")) == (
        f"gradkg: {big}: 2200000 characters is too long for a report (at most 2000000)"
    )


def project_of():
    from gradkg.project import find_project

    return find_project()


def test_the_default_draft_in_a_copy_of_the_project_validates_with_it(tmp_path):
    """The recipe: ingest into data/ID/YEAR/, then `gradkg validate` the whole project."""
    import shutil

    home = tmp_path / "project"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, home / part)
    env = {**os.environ, "GRADKG_HOME": str(home)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([GRADKG, *args], capture_output=True, text=True, env=env, timeout=300)

    done = run("ingest", str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025")
    assert done.returncode == 0, done.stderr
    assert (home / "data" / "zju-1002" / "2025" / "review.md").is_file()
    validated = run("validate", "--lang", "en")
    assert validated.stdout.splitlines()[-1] == "the graph conforms: 0 violations, 6 warnings."
    again = run("ingest", str(TEXT_2024), "--programme", "zju-1002", "--edition", "2025")
    assert (again.returncode, again.stderr) == (
        2,
        f"gradkg: {home}/data/zju-1002/2025: already holds an edition; give --force to replace it\n",
    )


def test_a_new_programme_learns_from_the_other_programmes(tmp_path):
    """zju-1001 has its programme.ttl and no edition: patterns, checks and rules come from zju-1002, IRIs are its own."""
    import shutil

    home = tmp_path / "project"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, home / part)
    own = (ROOT / "data" / "zju-1002" / "programme.ttl").read_text(encoding="utf-8")
    (home / "data" / "zju-1001").mkdir()
    (home / "data" / "zju-1001" / "programme.ttl").write_text(
        own.replace("programme/zju-1002", "programme/zju-1001").replace('"1002"', '"1001"'), encoding="utf-8"
    )
    from gradkg.project import Project

    draft, _ = draft_edition(Project(home), TEXT_2024.read_text(encoding="utf-8"), "zju-1001", "2025", "t.txt")
    subjects = {str(s) for s in draft.graph.subjects()}
    assert BASE + "zju-1001/2025/observation/admitted-doctoral-all" in subjects
    assert BASE + "zju-1001/2025/check/doctoral-admission-routes" in subjects
    assert BASE + "zju-1001/rule/doctoral-thesis-reviewers" in subjects
    assert not [s for s in subjects if s.startswith(BASE + "zju-1002/")]


def test_a_part_no_pattern_names_is_drafted_so_the_sum_is_checked(project, tmp_path):
    """2024 lists 科研院所 2人 among the key fields, a category 2023 never used: the sum still finds 283 ≠ 284."""
    _scores, draft, files = scores_of(project, TEXT_2024.read_text(encoding="utf-8"), "2023", "2024", tmp_path, "t.txt")
    g = draft.graph
    part = URIRef(BASE + "zju-1002/2024/observation/key-field-employment-ke-yan-yuan-suo")
    assert (str(g.value(part, GK.value)), str(g.value(part, GK.statedValue))) == ("2", "2人")
    check = URIRef(BASE + "zju-1002/2024/check/key-field-employment")
    assert part in set(g.objects(check, GK.part)) and len(set(g.objects(check, GK.part))) == 5
    assert ("category", "new", "科研院所") in {(r.kind, r.status, r.label) for r in draft.review}
    assert contradictions(project, files) == {"key-field-employment-all", "key-region-employment-all"}


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("目前，共有专职辅导员12人、医院专职思政人员19人", "12人", ("专职辅导员", "before", False)),
        ("目前，共有专职辅导员12人、医院专职思政人员19人", "19人", ("医院专职思政人员", "before", True)),
        ("服务总机时达18.8万个小时，服务测试费达5500万元。", "5500万元", ("服务测试费", "before", False)),
        ("；1位全国人大代表和1位全国政协委员积极参政议政", "1位", ("全国人大代表", "after", False)),
        ("拥有3个国家临床教学培训示范中心（数量居全国高校首位）", "3个", ("国家临床教学培训示范中心", "after", False)),
        ("结束了沿用170年的回肠造瘘术", "170年", None),
        ("《儿科学专题》、《神经科学专题》2门博士生课程", "2门", None),
        ("准确率从13%提升至95.3%", "13%", None),
        # a list closed by 等 belongs to the name; the clause before an item that follows a numbered item
        (
            "新增长江特聘学者、杰青等国家级领军人才3位和",
            "3位",
            ("新增长江特聘学者、杰青等国家级领军人才", "before", False),
        ),
        ("与省市共建3家非直属附属医院和4家合作医院；", "4家", ("合作医院", "after", False)),
        ("与省市共建3家非直属附属医院和4家合作医院；", "3家", None),
    ],
)
def test_the_words_that_name_a_number(text, number, expected):
    from gradkg.ingest.wording import wording_of

    numbers = find_numbers(text)
    i = next(i for i, n in enumerate(numbers) if n.stated == number)
    stop = numbers[i + 1].start if i + 1 < len(numbers) else len(text)
    assert wording_of(text, numbers[i].start, numbers[i].end, stop) == expected


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("学位点专任教师总数2804人，其中", "2804人", ("专任教师总数", "before")),  # the whole clause
        ("拥有3个国家临床教学培训示范中心（数量居全国高校首位）", "3个", ("国家临床教学培训示范中心", "after")),
        ("，2个国家临床教学培训示范中心通过评估，", "2个", ("国家临床教学培训示范中心", "after")),  # head after
        ("，新增学位点专任教师总数12人，", "12人", ("专任教师总数", "before")),  # head before
        ("，5家附属医院在全国绩效考核中，", "5家", None),  # a head shorter than HEAD_CHARS
        ("，3个临床教学培训示范中心，", "3个", None),  # not a label, not its head
    ],
)
def test_a_known_label_beside_a_number(text, number, expected):
    from gradkg.ingest.naming import known_wording

    vocabulary = {w: URIRef(BASE + "indicator/" + w) for w in ("国家临床教学培训示范中心", "专任教师总数", "附属医院")}
    numbers = find_numbers(text)
    i = next(i for i, n in enumerate(numbers) if n.stated == number)
    stop = numbers[i + 1].start if i + 1 < len(numbers) else len(text)
    assert known_wording(text, numbers[i], stop, vocabulary) == expected


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("博士学位论文评阅人由5位及以上专家担任", "5位", True),  # 及以上 right after the number
        ("每年发表论文不少于2篇", "2篇", True),  # 不少于 in the clause before it
        ("其中1人获评浙江省“高校辅导员年度人物”、19人次获校级及以上奖项或荣誉", "19人次", False),
        ("共有专职辅导员12人，每年培训2次", "12人", False),  # 每年 is in another clause
    ],
)
def test_a_rule_word_binds_a_number_in_its_own_clause(text, number, expected):
    from gradkg.ingest.naming import ruled

    assert ruled(text, next(n for n in find_numbers(text) if n.stated == number)) is expected


def test_a_known_name_the_report_states_elsewhere_is_no_doubt():
    from gradkg.ingest.indicators import _Names

    names = _Names(["兼职辅导员", "专任教师总数", "研究生导师人数", "国家级平台", "国家自然基金委创新群体"])
    assert names.new("专职辅导员") is False  # alike as a whole (rapidfuzz ratio 80): maybe 兼职辅导员 reworded
    assert names.new("专职辅导员", {"兼职辅导员"}) is True  # 兼职辅导员 is drafted from its own number
    assert names.new("国家级优秀青年人才") is True  # a shared 国家级 (partial ratio 75 with 国家级平台) is not enough


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("获批国家自然科学基金项目543项（占校比42.99%），", "国家自然科学基金项目占校比"),
        ("获批国家自然科学基金项目543项，占比达42.99%；", "国家自然科学基金项目占比"),
        ("获批国家自然科学基金项目543项。占校比42.99%；", None),  # another sentence
        ("获批国家自然科学基金项目543项，优秀率42.99%；", None),  # not a share word
    ],
)
def test_a_share_names_the_count_it_follows(text, expected):
    from rdflib import Graph, Literal
    from rdflib.namespace import SKOS

    from gradkg.ingest.knowledge import Knowledge
    from gradkg.ingest.model import Draft
    from gradkg.ingest.naming import share_wording
    from gradkg.ingest.sections import Paragraph, Section

    count, share = find_numbers(text)
    ind, obs = URIRef(BASE + "indicator/nsfc-projects"), URIRef(BASE + "p/2025/observation/nsfc-projects")
    known = Graph()
    known.add((ind, SKOS.prefLabel, Literal("国家自然科学基金项目", lang="zh")))
    draft = Draft("p", "2025")
    draft.graph.add((obs, GK.indicator, ind))
    draft.located[obs] = ("2-3", count.start, count.end)
    section = Section("2-3", "二（三）", "科学研究", 2, 0, 1, "2", [Paragraph(1, text)])
    assert share_wording(Knowledge(known, [], "p"), draft, section, count, share) == expected


def test_a_clause_that_no_longer_names_the_indicator_breaks_the_alignment():
    """占校比 after 国家自然科学基金项目 is not the CNS share whose known clause named CNS原创论文."""
    from gradkg.ingest.statistics import Pattern, _weight, naming

    known = find_numbers("以第一且通讯单位发表CNS原创论文6篇，占校比达40%；")[1]
    names = ("CNS原创论文占校比",)
    unit = URIRef(BASE + "unit/percent")
    pattern = Pattern(URIRef(BASE + "o"), "t", "2-3", known.left, known.right, known.wide, known.opens_clause,
                      unit, False, known.start, names, naming(names, known))  # fmt: skip
    other = find_numbers("获批国家自然科学基金项目543项（占校比42.99%），")[1]
    same = find_numbers("发表CNS原创论文8篇，占校比达45%；")[1]
    assert (round(pattern.named), round(naming(names, other)), round(naming(names, same))) == (80, 46, 80)
    assert _weight(pattern, (other, unit)) == 0.0
    assert _weight(pattern, (same, unit)) == 100.0


def test_a_statistic_with_a_new_indicator_is_drafted_for_review(project, tmp_path):
    from rdflib import RDF, Literal
    from rdflib.namespace import SKOS

    scores, draft, _files = scores_of(
        project, TEXT_2024.read_text(encoding="utf-8"), "2023", "2024", tmp_path, TEXT_2024.name
    )
    g, ind = draft.graph, URIRef(BASE + "indicator/san-chong-lei-xiang-mu")
    assert set(g.objects(ind, RDF.type)) == {GK.Indicator, URIRef("http://www.w3.org/2004/02/skos/core#Concept")}
    assert set(g.objects(ind, SKOS.prefLabel)) == {
        Literal("三重类项目", lang="zh"),
        Literal("[to translate] 三重类项目", lang="en"),
    }
    assert g.value(ind, GK.family) == URIRef(BASE + "dataset/research")
    assert g.value(ind, GK.defaultUnit) == URIRef(BASE + "unit/xiang")
    assert {n.language for n in g.objects(ind, SKOS.editorialNote)} == {"zh", "en"}
    obs = URIRef(BASE + "zju-1002/2024/observation/san-chong-lei-xiang-mu")
    assert (str(g.value(obs, GK.value)), str(g.value(obs, GK.statedValue)), g.value(obs, GK.indicator)) == (
        "36",
        "36项",
        ind,
    )
    assert str(g.value(obs, PROV.wasDerivedFrom)) == BASE + "zju-1002/2024/section/2-3"
    # a faculty figure gets the degree level the faculty data set's observations carry
    guest = URIRef(BASE + "zju-1002/2024/observation/yin-jin-qiu-shi-ke-zuo-jiao-shou-all")
    assert str(g.value(guest, GK.degreeLevel)) == BASE + "degree-level/all"
    new = sorted(
        str(label)
        for i in g.subjects(RDF.type, GK.Indicator)
        for label in g.objects(i, SKOS.prefLabel)
        if label.language == "zh"
    )
    assert new == [
        "三重类项目",
        "专职辅导员",  # beside 兼职辅导员, which the report states too: not that one reworded
        "何梁何利基金科学技术进步奖",  # a list item
        "医院专职思政人员",  # a list item
        "国家级优秀青年人才",  # a list item
        "国家自然科学基金项目占校比",  # 占校比 after a count: the share of that count
        "学科顶尖人才",  # a list item
        "引进求是客座教授",
        "获校级及以上奖项或荣誉",  # the words after 19人次; 及以上 binds 校级, not the number
        "领军人才",  # a list item
    ]
    # a known label at the head of the words after a number: 2个国家中西医协同“旗舰”医院试点项目以优异成绩通过中期评估
    pilots = BASE + "zju-1002/2024/observation/flagship-hospital-pilots"
    assert [(r.status, r.label, r.section) for r in draft.review if r.subject == pilots] == [
        ("drafted", "2个 = 国家中西医协同“旗舰”医院试点项目", "四")
    ]
    assert str(g.value(URIRef(pilots), GK.unit)) == BASE + "unit/ge"
    # a wording the vocabulary holds as an altLabel (科研到款经费): drafted under that indicator, not a new one
    funding = BASE + "zju-1002/2024/observation/research-funding"
    assert [(r.status, r.section) for r in draft.review if r.subject == funding] == [("drafted", "二（三）")]
    assert not [r for r in draft.review if r.subject == "9.25亿元"]
    # 占校比42.99% after 国家自然科学基金项目543项 is not 2023's CNS share (its clause named CNS原创论文) but the
    # share of the count it follows, which the draft has under 国家自然科学基金项目
    share = [o for o in g.subjects(GK.value, None) if str(g.value(o, GK.value)) == "42.99"]
    assert [str(g.value(g.value(o, GK.indicator), SKOS.prefLabel)) for o in share] in (
        ["国家自然科学基金项目占校比"],
        ["[to translate] 国家自然科学基金项目占校比"],
    )
    assert [o for o in g.subjects(GK.value, None) if str(g.value(o, GK.value)) == "543"] == [
        URIRef(BASE + "zju-1002/2024/observation/nsfc-projects")
    ]
    # proposals, not exact claims: by label (the curated indicators' zh names) all eleven are right (ten indicators, one category)
    assert scores["statistics"] == (112, 62, 62, 62)
    assert scores["new terms by label"] == (50, 11, 11, 11)
    assert scores["statistics by label"] == (112, 73, 73, 73)


def test_a_count_check_lists_the_members_its_clause_names(project, tmp_path):
    """拥有内科学（传染病）、外科学（普外）、肿瘤学、儿科学等国家重点学科4个: the four specific
    disciplines, not their broader 内科学 and 外科学."""
    _scores, draft, _files = scores_of(project, perturbed_2024(), "2023", "2024", tmp_path, "perturbed.txt")
    check = URIRef(BASE + "zju-1002/2024/check/national-key-disciplines-listed")
    members = sorted(str(m).removeprefix(BASE) for m in draft.graph.objects(check, GK.member))
    assert members == [
        "discipline/100201-infectious-diseases",
        "discipline/100202",
        "discipline/100210-general-surgery",
        "discipline/100214",
    ]
    assert str(draft.graph.value(check, GK.stated)) == BASE + "zju-1002/2024/observation/national-key-disciplines"
