"""`gradkg search TERM` (issue 11, item 3): any resource by any part of any name, with type, programme, editions."""

from __future__ import annotations

import json

import pytest

from gradkg.cli import main
from gradkg.search import SearchIndex


@pytest.fixture(scope="module")
def index(project, engine) -> SearchIndex:
    return SearchIndex(engine, project.queries)


def found(index: SearchIndex, term: str) -> list[tuple[str, str]]:
    return [(h.label("zh"), ",".join(h.shown_types())) for h in index.search(term)]


def test_part_of_a_name_finds_every_resource_so_named_exact_first(index):
    assert found(index, "血液病")[:3] == [
        ("血液病", "Discipline"),
        ("血液病学专题", "Course"),
        ("恶性肿瘤与血液病", "ResearchDirection"),
    ]


@pytest.mark.parametrize(
    "term",
    [
        "浙大医学院发[2021]24号",
        "浙大医学院发（2021）24号",
        "学位申请实施细则",
        "《浙江大学医学院研究生学位申请实施细则（试行）》",
    ],
)
def test_a_document_is_found_by_its_number_in_any_brackets_or_part_of_its_title(index, term):
    assert found(index, term) == [("浙江大学医学院研究生学位申请实施细则（试行）", "PolicyDocument")]


def test_a_person_is_found_by_pinyin_in_either_order_with_programme_and_editions(index):
    hits = index.search("lanjuan li")
    assert [(h.label("zh"), h.programmes, h.editions) for h in hits] == [("李兰娟", {"zju-1002"}, {"2023"})]


def test_the_command_prints_json(capsys, build_dir):
    assert main(["search", "直博", "--format", "json", "--lang", "en", "--build-dir", str(build_dir)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [(h["label"], h["types"], h["editions"]) for h in hits] == [
        ("direct-entry doctoral", ["Concept"], []),
        ("2023 students admitted (doctoral, direct-entry doctoral)", ["Observation"], ["2023"]),
        ("2024 students admitted (doctoral, direct-entry doctoral)", ["Observation"], ["2024"]),
        (
            "doctoral students admitted = direct-entry + master-to-doctorate + general examination",
            ["SumCheck"],
            ["2023"],
        ),
        (
            "doctoral students admitted = direct-entry + master-to-doctorate + general examination",
            ["SumCheck"],
            ["2024"],
        ),
    ]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("", "gradkg: the search term is empty (or only punctuation): give part of a name, e.g. 血液病\n"),
        ("《》", "gradkg: the search term is empty (or only punctuation): give part of a name, e.g. 血液病\n"),
        ("a\x00b", "gradkg: the search term contains a control character (U+0000 at position 1)\n"),
        ("x" * 201, "gradkg: the search term is 201 characters long; gradkg searches for at most 200\n"),
    ],
)
def test_a_bad_term_is_refused_with_exit_2(capsys, build_dir, term, message):
    assert main(["search", term, "--build-dir", str(build_dir)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)
