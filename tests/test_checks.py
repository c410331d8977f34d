"""The SPARQL checks in queries/checks/ (the Data Cube integrity constraints) and the consistency query.

Each ``ic-NN-violation.rq`` runs against a valid cube (no rows) and against a twin that breaks it
(exactly the expected focus nodes), so a check that can never fire would fail here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from gradkg.querylib import parse_query_file

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
TWINS = sorted(FIXTURES.glob("ic-*-violation.ru"))


def cube(update: str | None = None) -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURES / "valid-cube.ttl"), format=ox.RdfFormat.TURTLE)
    if update:
        store.update(update)
    return store


def focus_nodes(store: ox.Store, check: Path) -> set[str]:
    return {row["focus"].value for row in store.query(parse_query_file(check).text)}


def test_there_is_a_check_and_a_twin_for_each_of_the_21_constraints(project):
    checks = sorted(p.stem for p in (project.queries / "checks").glob("ic-*-violation.rq"))
    assert checks == [f"ic-{n:02d}-violation" for n in range(1, 22)]
    assert [t.stem for t in TWINS] == checks


@pytest.mark.parametrize(
    "check", sorted(Path(__file__).parents[1].joinpath("queries", "checks").glob("*.rq")), ids=lambda p: p.stem
)
def test_valid_cube_passes(check):
    assert focus_nodes(cube(), check) == set()


@pytest.mark.parametrize("twin", TWINS, ids=[t.stem for t in TWINS])
def test_twin_is_caught(project, twin):
    text = twin.read_text(encoding="utf-8")
    expected = set(re.findall(r"^# expect: <([^>]+)>$", text, re.MULTILINE))
    assert focus_nodes(cube(text), project.queries / "checks" / f"{twin.stem}.rq") == expected


def test_project_data_passes_every_integrity_constraint(engine, project):
    for check in sorted((project.queries / "checks").glob("*.rq")):
        assert engine.rows(parse_query_file(check).text) == [], check.stem


def test_consistency_finds_exactly_the_reports_contradictions_roundings_and_implausible_numbers(rows):
    assert [r[:8] for r in rows("consistency")] == [
        ("zju-1002", "录取人数", "146人", "139", "2023", "三（一）", "sum", "contradiction"),
        ("zju-1002", "报录比", "5.8:1", "5.871", "2023", "三（一）", "ratio", "rounding"),
        ("zju-1002", "毕业去向落实率", "97.89%", "97.9021", "2023", "三（十一）1", "ratio", "rounding"),
        ("zju-1002", "赴重点领域就业人数", "255人", "251", "2023", "三（十一）1", "sum", "contradiction"),
        ("zju-1002", "研究生导师人数", "316人", "308人", "2023", "二（二）", "bound", "implausible"),
        ("zju-1002", "参与国际学术交流", "24人次", "7人次", "2024", "三（六）", "change", "implausible"),
        (
            "zju-1002",
            "参加高水平国际学术会议并做学术报告",
            "27人次",
            "60人次",
            "2024",
            "三（六）",
            "change",
            "implausible",
        ),
        ("zju-1002", "毕业生去向人数", "72人", "35人", "2024", "三（十一）1", "change", "implausible"),
        ("zju-1002", "赴重点领域就业人数", "283人", "284", "2024", "三（十一）1", "sum", "contradiction"),
        ("zju-1002", "重点区域就业人数", "26人", "25", "2024", "三（十一）1", "sum", "contradiction"),
        ("zju-1002", "研究生导师人数", "648人", "308人", "2024", "二（二）", "change", "implausible"),
    ]


def test_the_2024_report_rounds_its_doctoral_ratio_so_it_is_not_listed(rows):
    """471 ÷ 64 = 7.359, stated 约7.4:1: rounded to its last digit, which agrees (the issue's example)."""
    assert not [r for r in rows("consistency") if r[1] == "报录比" and r[4] == "2024"]


def test_consistency_messages_quote_both_numbers_and_the_section(project, build_dir):
    from gradkg.checks import consistency_warnings
    from gradkg.loading import load_store, project_sources

    store = load_store(project_sources(project))
    zh, en = (
        next(r.message for r in consistency_warnings(store, project.queries, lang) if r.severity == "Warning")
        for lang in ("zh", "en")
    )
    assert zh == "矛盾：2023年报告三（一）：硕士统考录取人数 = 招收的统考生；所述146人，按所列数字计算为139。"
    assert en == (
        "Contradiction: the 2023 report, section 三（一）, states 146人 but its own figures give 139 "
        "(unified-examination master's offers = unified-examination master's students admitted)."
    )
