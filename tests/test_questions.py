"""The question library answers with the exact rows the reports give (DESIGN.md §6)."""

from __future__ import annotations

import csv
import io
import json

import pytest

import expected_answers as expected
from gradkg.cli import main
from gradkg.querylib import list_queries

# Columns that join several values ("; " for names, " " for years): compared as sets, because SPARQL
# orders no GROUP_CONCAT.
LIST_COLUMNS = {
    "courses": (7, "; "),
    "documents": (6, " "),
    "organisations": (4, " "),
    "rules-of-process": (7, "; "),
    "platforms": (5, " "),
    "programmes": (4, " "),
}


def as_sets(name: str, answer: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    if name not in LIST_COLUMNS:
        return answer
    column, separator = LIST_COLUMNS[name]
    return [(*row[:column], separator.join(sorted(row[column].split(separator))), *row[column + 1 :]) for row in answer]


@pytest.fixture
def gradkg(build_dir):
    """``gradkg query …`` in-process against this session's build."""

    def run(*args: str) -> int:
        return main(["query", *args, "--build-dir", str(build_dir)])

    return run


TABLE_HEADING = "本学位点学位专业课程、主要专业选修课、面向学生层次及主讲教师"


def test_lecturers_of_haematology_topics(rows):
    assert rows("lecturers-of-course", course="血液病学专题") == [
        ("血液病学专题", "黄河", "医学院", "2023", "三（三）1", TABLE_HEADING),
    ]


def test_course_with_two_lecturers(rows):
    assert rows("lecturers-of-course", course="Topics in Obstetrics and Gynaecology") == [
        ("妇产科学专题", "吕卫国", "医学院", "2023", "三（三）1", TABLE_HEADING),
        ("妇产科学专题", "林俊", "医学院", "2023", "三（三）1", TABLE_HEADING),
    ]


def test_documents_governing_midterm_assessment(rows):
    assert rows("documents-governing-process", process="中期考核") == [
        (
            "浙大医学院发〔2024〕19号",
            "浙江大学医学院研究生中期考核实施方案",
            "医学院",
            "中期考核",
            "2024",
            "三（八）",
            "质量保证",
        ),
        (
            "浙大医学院发〔2024〕19号",
            "浙江大学医学院研究生中期考核实施方案",
            "医学院",
            "分流",
            "2024",
            "三（八）",
            "质量保证",
        ),
    ]


def test_rules_of_doctoral_thesis_review(rows):
    statement = (
        "博士学位论文评阅人由5位及以上与学位论文相关研究领域的、具有博士研究生导师资格的教师或具有正高职称的专家担任。"
    )
    assert rows("rules-of-process", process="doctoral thesis review") == [
        ("博士学位论文评阅", statement, "", "评阅人人数", "≥", "5", "人", "博士", "", "2023", "三（七）"),
        ("博士学位论文评阅", statement, "", "评阅人人数", "≥", "5", "人", "博士", "", "2024", "三（七）"),
    ]


def test_stipend_minimums_before_and_after_midterm(rows):
    statement = "规定博士研究生岗位助学金中期考核前不低于3500元/月、中期考核后不低于4100元/月"
    source = "浙大医学院发〔2022〕13号"
    assert rows("rules-of-process", process="stipend") == [
        (
            "岗位助学金",
            statement,
            "中期考核前",
            "月岗位助学金",
            "≥",
            "3500",
            "元/月",
            "博士",
            source,
            "2023",
            "二（五）",
        ),
        (
            "岗位助学金",
            statement,
            "中期考核后",
            "月岗位助学金",
            "≥",
            "4100",
            "元/月",
            "博士",
            source,
            "2023",
            "二（五）",
        ),
        (
            "岗位助学金",
            statement,
            "中期考核前",
            "月岗位助学金",
            "≥",
            "3500",
            "元/月",
            "博士",
            source,
            "2024",
            "二（五）",
        ),
        (
            "岗位助学金",
            statement,
            "中期考核后",
            "月岗位助学金",
            "≥",
            "4100",
            "元/月",
            "博士",
            source,
            "2024",
            "二（五）",
        ),
    ]


def test_allowance_range_is_two_bounds(rows):
    answer = rows("rules-of-process", process="餐补")
    assert [(r[4], r[5], r[6], r[9]) for r in answer] == [
        ("≥", "200", "元/月", "2023"),
        ("≤", "550", "元/月", "2023"),
        ("≥", "200", "元/月", "2024"),
        ("≤", "550", "元/月", "2024"),
    ]


CASES = [
    ("courses", {}, expected.COURSES_ALL),
    ("courses", {"type": "选修课", "language": "中英双语"}, expected.COURSES_ELECTIVE_BILINGUAL),
    ("courses-of-lecturer", {"lecturer": "杨巍"}, expected.COURSES_OF_LECTURER_YANG_WEI),
    ("documents", {}, expected.DOCUMENTS_ALL),
    ("documents", {"year": "2021"}, expected.DOCUMENTS_2021),
    ("documents", {"issuer": "浙江大学"}, expected.DOCUMENTS_ISSUED_BY_ZJU),
    (
        "processes-governed-by-document",
        {"document": "浙大医学院发〔2021〕24号"},
        expected.PROCESSES_GOVERNED_BY_2021_24,
    ),
    ("disciplines", {}, expected.DISCIPLINES),
    ("sources-of", {"resource": "浙大发〔2018〕18号"}, expected.SOURCES_OF_ZJU_2018_18),
    ("sources-of", {"resource": "研究生科研技能训练Ⅳ（科研规范与动物伦理）"}, expected.SOURCES_OF_RESEARCH_SKILLS_IV),
    ("edition-differences", {}, expected.EDITION_DIFFERENCES),
    ("processes", {}, expected.PROCESSES),
    ("numeric-rules", {"level": "doctoral"}, expected.NUMERIC_RULES_DOCTORAL),
    ("focus-directions", {}, expected.FOCUS_DIRECTIONS),
    ("programme", {}, expected.PROGRAMME),
    ("people", {}, expected.PEOPLE),
    ("course-designations", {}, expected.COURSE_DESIGNATIONS),
    ("responsible-bodies", {"process": "学位论文抽查"}, expected.RESPONSIBLE_BODIES_SAMPLING),
    ("organisations", {}, expected.ORGANISATIONS),
    ("scholarships", {}, expected.SCHOLARSHIPS),
    ("sections", {"edition": "2024"}, expected.SECTIONS_2024),
    ("rules-of-process", {"process": "导师队伍建设"}, expected.RULES_OF_SUPERVISORS),
    ("rules-of-process", {"process": "学位论文抽检"}, expected.RULES_OF_SPOT_CHECK),
    ("rules-of-process", {"process": "分流"}, expected.RULES_OF_DIVERSION),
    ("statistic", {"measure": "报录比"}, expected.STATISTIC_APPLICATION_RATIO),
    ("statistic", {"measure": "graduates employed in key fields", "year": "2024"}, expected.STATISTIC_KEY_FIELDS_2024),
    ("statistic", {"measure": "招收人数", "year": "2023", "level": "博士"}, expected.STATISTIC_DOCTORAL_ROUTES_2023),
    ("compare-years", {}, expected.COMPARE_YEARS),
    ("new-in-edition", {"edition": "2024"}, expected.NEW_IN_2024),
    ("indicators-new-in-edition", {"edition": "2024"}, expected.INDICATORS_NEW_IN_2024),
    ("edition-changes", {"from": "2023", "to": "2024"}, expected.EDITION_CHANGES_2023_2024),
    ("platforms", {}, expected.PLATFORMS),
    ("platforms", {"type": "国家重点实验室"}, expected.PLATFORMS_NATIONAL_KEY_LABS),
    ("achievements", {}, expected.ACHIEVEMENTS),
    ("events", {}, expected.EVENTS),
    ("joint-programmes", {}, expected.JOINT_PROGRAMMES),
    ("programmes", {}, expected.PROGRAMMES),
    ("programmes-citing", {"document": "浙大医学院发〔2021〕24号"}, expected.PROGRAMMES_CITING_2021_24),
    ("compare-programmes", {"measure": "招收人数", "year": "2023"}, expected.COMPARE_PROGRAMMES_ADMITTED_2023),
]


@pytest.mark.parametrize(("name", "params", "answer"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_answer(rows, name, params, answer):
    assert as_sets(name, rows(name, **params)) == as_sets(name, answer)


def test_every_query_has_an_exact_answer_test(project):
    tested = {c[0] for c in CASES} | {"lecturers-of-course", "documents-governing-process", "doubts", "consistency"}
    tested |= {"indicators"}  # tests/test_readable.py
    tested |= {"shared-lecturers", "possible-same-person"}  # empty for one programme; tests/test_synth.py
    tested |= {"observations", "chart-indicators"}  # tests/test_charts.py
    assert {q.name for q in list_queries(project.queries)} == tested


@pytest.mark.parametrize("name", ["shared-lecturers", "possible-same-person"])
def test_one_programme_shares_nobody(rows, name):
    """With one programme nobody teaches in two; the synthetic programmes test the non-empty answers."""
    assert rows(name) == []


def test_doubts_record_the_reports_contradictions(rows):
    answer = rows("doubts")
    assert len(answer) == 332
    assert sum(r[1] == "zh" for r in answer) == sum(r[1] == "en" for r in answer) == 166
    names = {r[0] for r in answer}
    assert {
        "浙江大学临床医学学科研究生学位论文抽查实施细则",
        "黄河团队",
        "神经病学",
        "精神病与精神卫生学",
        "中期考核未达到合格的博士研究生分流为硕士研究生培养或退学。",
    } <= names


def test_the_headline_counts(rows):
    assert len([r for r in rows("courses") if r[0]]) == 22
    assert len(rows("documents")) == 26
    assert len(rows("processes")) == 41
    assert len(rows("focus-directions")) == 20


@pytest.mark.parametrize(
    "name",
    [
        "血液病学专题",
        "Topics in Haematology",
        "topics in  HAEMATOLOGY",
        "https://w3id.org/gradkg/id/zju-1002/course/topics-haematology",
    ],
)
def test_a_course_is_found_by_any_of_its_names(rows, name):
    assert [r[1] for r in rows("lecturers-of-course", course=name)] == ["黄河"]


@pytest.mark.parametrize("name", ["盲审", "双盲匿名评阅", "双盲隐名评阅", "blind review", "thesis review"])
def test_a_process_is_found_by_the_names_the_reports_use(rows, name):
    statements = {r[1] for r in rows("rules-of-process", process=name)}
    assert "全部通过校学位评定委员会办公室指定的学位论文评审平台进行双盲隐名评阅。" in statements


def test_unknown_name_gives_empty_answer_and_closest_names(capsys, gradkg):
    code = gradkg("lecturers-of-course", "--param", "course=血夜病学专题", "--format", "csv")
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.splitlines() == ["course_name,lecturer,school,edition,section,heading"]
    assert (
        captured.err
        == "note: no course named '血夜病学专题'; closest: 血液病学专题、心血管病学专题、肾病学专题、传染病学专题\n"
    )


def test_the_start_of_a_name_is_used_and_said(capsys, gradkg):
    assert gradkg("lecturers-of-course", "--param", "course=血液病学", "--format", "csv") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].startswith("血液病学专题,黄河,")
    assert captured.err == "note: course '血液病学' taken as 血液病学专题 (by the start of its name)\n"


def test_missing_parameter_is_named(capsys, gradkg):
    assert gradkg("rules-of-process") == 2
    assert "needs --param process=" in capsys.readouterr().err


def test_unknown_parameter_is_refused(capsys, gradkg):
    assert gradkg("courses", "--param", "teacher=黄河") == 2
    assert "has no parameter teacher (it takes: type, language)" in capsys.readouterr().err


def test_unknown_query_lists_the_known_ones(capsys, gradkg):
    assert gradkg("who-teaches") == 2
    err = capsys.readouterr().err
    assert "unknown query 'who-teaches'" in err and "lecturers-of-course" in err


def test_bad_year_is_refused(capsys, gradkg):
    assert gradkg("documents", "--param", "year=21") == 2
    assert "must be a four-digit year" in capsys.readouterr().err


def test_a_value_cannot_inject_sparql(rows):
    assert rows("lecturers-of-course", course='x" } ?a ?b ?c . { "') == []


def test_json_is_sparql_results_json(capsys, gradkg):
    assert gradkg("lecturers-of-course", "--param", "course=全球卫生", "--format", "json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["head"]["vars"] == ["course_name", "lecturer", "school", "edition", "section", "heading"]
    binding = body["results"]["bindings"][0]
    assert binding["lecturer"] == {"type": "literal", "value": "Therese Hesketh", "xml:lang": "zh"}
    assert binding["course_name"] == {"type": "literal", "value": "全球卫生", "xml:lang": "zh"}


def test_csv_and_tsv(capsys, gradkg):
    gradkg("courses-of-lecturer", "--param", "lecturer=胡虎", "--format", "csv")
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == ["lecturer_name", "school", "course", "course_type", "credits", "language", "edition", "section"]
    assert [r[2] for r in table[1:]] == [
        "研究生科研技能训练I (科研文献阅读与科研论文写作)",
        "研究生科研技能训练II (科学交流与科研项目申报)",
    ]
    gradkg("courses-of-lecturer", "--param", "lecturer=胡虎", "--format", "tsv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:3] == ["?lecturer_name", "?school", "?course"]
    assert len(lines) == 3


def test_table_for_people(capsys, gradkg):
    gradkg("lecturers-of-course", "--param", "course=全球卫生")
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["course_name", "lecturer", "school", "edition", "section", "heading"]
    assert out[2].split()[:3] == ["全球卫生", "Therese", "Hesketh"]
    assert out[-1] == "(1 row)"


def test_a_query_file_by_path(capsys, gradkg, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text(
        "#+ summary: count courses\nPREFIX gk: <https://w3id.org/gradkg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a gk:Course }\n",
        encoding="utf-8",
    )
    assert gradkg(str(query), "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines() == ["n", "27"]


def test_queries_lists_every_query_with_parameters(capsys, project):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    for query in list_queries(project.queries):
        assert f"{query.name}\n    {query.summary}\n" in out
    assert "--param course=…  (resource, required)" in out
    assert "--param year=…  (year, optional)" in out


def test_compare_years_by_measure_name_in_either_language(rows):
    expected_rows = [
        ("招收人数", "博士", "", "", "2023", "197", "2024", "209", "12", "6.1", "人"),
        ("招收人数", "博士", "普通招考", "", "2023", "85", "2024", "64", "-21", "-24.7", "人"),
    ]
    for name in ("招收人数", "students admitted"):
        answer = rows("compare-years", measure=name)
        assert [r for r in answer if r[1] == "博士" and r[2] in ("", "普通招考")] == expected_rows
        assert len(answer) == 7


def test_diff_text(capsys, build_dir):
    assert main(["diff", "2023", "2024", "--build-dir", str(build_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "gradkg diff 2023 2024\n\nStatistics in both editions (62)\n  专任教师总数: 2787 → 2804 人  +17 (+0.6%)\n"
    )
    assert "  参加高水平国际学术会议并做学术报告: 60 → 27 人次  -33 (-55%)\n" in out
    assert (
        "Reworded (3)\n  rule: 中期考核未达到合格的博士研究生分流为硕士研究生培养或退学。\n"
        "    was: 直博生与硕博连读生如中期考核不合格，将被分流为硕士生培养。\n"
    ) in out
    assert out.endswith("Caveats\n  2024: 该版文本无封面页，课程表（三（三）1）在文本提取中丢失。\n")


def test_diff_json_and_csv(capsys, build_dir):
    assert main(["diff", "2023", "2024", "--format", "json", "--lang", "en", "--build-dir", str(build_dir)]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (len(body["statistics"]), len(body["added"]), len(body["dropped"]), len(body["reworded"])) == (
        62,
        134,
        99,
        3,
    )
    assert body["caveats"] == [
        {
            "edition": "2024",
            "note": "This edition's text has no cover page, and its course "
            "table (三（三）1) did not survive extraction.",
        }
    ]
    assert main(["diff", "2023", "2024", "--format", "csv", "--build-dir", str(build_dir)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == 62 + 134 + 99 + 3
    assert table[0] == {
        "change": "statistic",
        "kind": "indicator",
        "name": "专任教师总数",
        "breakdown": "",
        "from_value": "2787",
        "to_value": "2804",
        "absolute_change": "17",
        "relative_change": "0.6",
        "unit": "人",
        "earlier_wording": "",
    }


def test_diff_refuses_an_unknown_edition(capsys):
    assert main(["diff", "2023", "2025"]) == 2
    assert "no 2025 edition of zju-1002 (known: 2023, 2024)" in capsys.readouterr().err
