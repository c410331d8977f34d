"""Readable output (issue 11, item 4): --lang labels, tables that fit, notes, query --help, the indicators question."""

from __future__ import annotations

import unicodedata

import pytest

from gradkg.cli import main
from gradkg.output import fitted


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_query_prints_english_names_with_lang_en(capsys, build_dir):
    code, out, _ = run(
        capsys,
        "query",
        "lecturers-of-course",
        "--param",
        "course=血液病学专题",
        "--lang",
        "en",
        "--build-dir",
        str(build_dir),
    )
    assert code == 0
    assert out.splitlines()[2].split("  ")[:3] == ["Topics in Haematology", "Huang He", "School of Medicine"]


def test_diff_prints_english_names_with_lang_en(capsys, build_dir):
    code, out, _ = run(capsys, "diff", "2023", "2024", "--lang", "en", "--build-dir", str(build_dir))
    assert code == 0
    assert "  full-time teachers: 2787 → 2804 persons  +17 (+0.6%)" in out.splitlines()


def test_a_table_fits_the_terminal_and_wide_prints_cells_whole(capsys, build_dir, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    args = ("query", "lecturers-of-course", "--param", "course=血液病学专题", "--build-dir", str(build_dir))
    _, fitted_out, _ = run(capsys, *args)
    assert max(width(line) for line in fitted_out.splitlines()) <= 80
    assert (
        fitted_out.splitlines()[2] == "血液病学专题  黄河      医学院  2023     三（三）1  本学位点学位专业课程、主要…"
    )
    _, wide_out, _ = run(capsys, *args, "--wide")
    assert "本学位点学位专业课程、主要专业选修课、面向学生层次及主讲教师" in wide_out


def test_columns_are_narrowed_widest_first_down_to_a_floor():
    assert fitted([10, 60, 20], 50) == [10, 18, 18]
    assert fitted([30, 30], 10) == [8, 8]


def test_an_unknown_year_gets_a_note(capsys, build_dir):
    code, out, err = run(
        capsys,
        "query",
        "statistic",
        "--param",
        "measure=招收人数",
        "--param",
        "year=2030",
        "--build-dir",
        str(build_dir),
    )
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == "note: no data for year 2030 (years in the graph: 2023, 2024)\n"


def test_query_help_lists_the_questions(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    assert "questions (gradkg queries shows their parameters):" in out
    assert "  indicators                       全部统计指标" in out
    assert "  lecturers-of-course              课程由谁主讲 / Who teaches a course" in out


def test_the_indicators_question_lists_every_indicator_with_family_unit_and_editions(rows):
    found = {r[0]: (r[1], r[2], r[3], set(r[4].split())) for r in rows("indicators")}
    assert len(found) == 119
    assert found["招收人数"] == ("students admitted", "招生与报考", "人", {"2023", "2024"})
    assert found["年度到位科研经费"] == (
        "research funding received in the year",
        "科研项目与经费",
        "亿元",
        {"2023", "2024"},
    )
    assert found["OmniPT诊断准确率"] == ("OmniPT diagnostic accuracy", "科研项目与经费", "%", {"2024"})
