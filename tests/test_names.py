"""Names as people type them (issue 11, item 2): every wording of the issue finds the reports' answer."""

from __future__ import annotations

import pytest

from gradkg.names.fold import bare, fold
from gradkg.names.index import NameIndex
from gradkg.names.pinyin import label_key, typed_keys


def values(rows, name: str, column: int, **params: str) -> list[str]:
    return [r[column] for r in rows(name, **params)]


@pytest.mark.parametrize(
    ("measure", "year", "expected"),
    [
        ("招生人数", "2024", ["209", "64", "46", "99", "165", "52", "113"]),
        ("专任教师", "2024", ["2804"]),
        ("博士生导师", "2024", ["339", "648"]),
        ("毕业生人数", "2023", ["286"]),
        ("科研经费", "2024", ["9.25"]),
        ("科研到款经费", "2024", ["9.25"]),
        ("research funding", "2023", ["9.34"]),
        ("supervisors", "2023", ["316", "308"]),
        ("直博生", "2024", ["46"]),
        ("直博生", "2023", ["62"]),
        ("国内三甲医院", "2024", ["208"]),
        ("就业率", "2023", ["97.89"]),
        ("报录比", "2023", ["5.8", "3.9"]),
    ],
)
def test_an_indicator_is_found_by_the_words_people_use(rows, measure, year, expected):
    assert values(rows, "statistic", 5, measure=measure, year=year) == expected


@pytest.mark.parametrize(
    ("query", "param", "value", "column", "expected"),
    [
        ("lecturers-of-course", "course", "血液病学", 1, ["黄河"]),
        ("lecturers-of-course", "course", "《血液病学专题》", 1, ["黄河"]),
        ("lecturers-of-course", "course", "研究生科研技能训练Ⅳ(科研规范与动物伦理)", 1, ["汪冽"]),
        ("courses-of-lecturer", "lecturer", "lanjuan li", 2, ["传染病学专题"]),
        ("courses-of-lecturer", "lecturer", "Li  Lanjuan", 2, ["传染病学专题"]),
        ("courses-of-lecturer", "lecturer", "huangHE", 2, ["血液病学专题"]),
        ("processes-governed-by-document", "document", "浙大医学院发[2021]24号", 1, ["学位申请"] * 2),
        ("processes-governed-by-document", "document", "浙大医学院发(2021)24号", 1, ["学位申请"] * 2),
        ("processes-governed-by-document", "document", "浙大医学院发【2021】24号", 1, ["学位申请"] * 2),
    ],
)
def test_a_resource_is_found_however_its_name_is_typed(rows, query, param, value, column, expected):
    assert values(rows, query, column, **{param: value})[: len(expected)] == expected


@pytest.mark.parametrize(
    ("process", "governs"),
    [("论文抽查", "学位论文抽查"), ("博士研究生导师组", "导师组")],
)
def test_a_process_is_found_by_part_of_its_name(rows, process, governs):
    assert {r[0] for r in rows("rules-of-process", process=process)} == {governs}


def test_misconduct_is_found_by_the_start_of_its_name(rows):
    assert {r[0] for r in rows("documents-governing-process", process="学术不端行为")} == {
        "浙大发〔2009〕15号",
        "浙大发〔2018〕18号",
    }


def test_a_document_title_without_its_issuer_finds_the_document(rows):
    assert {r[0] for r in rows("processes-governed-by-document", document="学位申请实施细则")} == {
        "浙江大学医学院研究生学位申请实施细则（试行）"
    }


def test_folding_makes_brackets_width_case_and_quotes_one_key():
    assert bare("浙大医学院发[2021]24号") == bare("浙大医学院发〔2021〕24号") == bare("浙大医学院发 2021 24号")
    assert fold("《Topics  in HAEMATOLOGY》") == "topicsinhaematology"
    assert fold("研究生科研技能训练Ⅳ【科研规范】") == "研究生科研技能训练iv(科研规范)"


def test_pinyin_keys_take_the_words_in_any_order():
    assert label_key("李兰娟") == "lilanjuan"
    assert label_key("Therese Hesketh") is None
    assert typed_keys("lanjuan li") == {"lanjuanli", "lilanjuan"}


def test_one_loose_candidate_is_used_several_are_listed_one_character_matches_nothing():
    index = NameIndex([("a", "血液病学专题"), ("b", "儿科学专题"), ("c", "分子医学I")])
    assert (index.match("血液").how, index.match("血液").resources) == ("prefix", ["a"])
    assert (index.match("专题").how, sorted(index.match("专题").resources)) == ("substring", ["a", "b"])
    assert index.match("专题").ambiguous
    assert index.match("学").how == "none"
    assert index.match("   ").how == "none"
