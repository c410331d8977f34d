"""Exact results of ``gradkg.checks`` for the mutants tests/test_checks.py let live (scripts/mutate.py): the whole
``Result`` of each check, not only its focus nodes or its message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from gradkg.checks import consistency_warnings, violation_checks
from gradkg.loading import load_store, project_sources
from gradkg.validation import Result

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
OBSERVATION = "https://w3id.org/gradkg/id/zju-1002/"
ONE_COUNT_CHECK = """
@prefix gk: <https://w3id.org/gradkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix ex: <https://example.org/> .
ex:check a gk:CountCheck ; gk:member ex:a , ex:b ; gk:stated ex:obs ;
    skos:prefLabel "导师人数 = 所列导师"@zh , "supervisors = those listed"@en ; prov:wasDerivedFrom ex:section .
ex:obs gk:value 3 ; gk:statedValue "3人" ; gk:indicator ex:indicator .
ex:indicator skos:prefLabel "导师人数"@zh , "supervisors"@en .
ex:section gk:sectionNumber "二（一）" ; dcterms:isPartOf ex:report .
ex:report gk:edition 2099 .
"""


def twin_in_a_named_graph(name: str) -> ox.Store:
    """The valid cube broken by one twin, held in a named graph as the project's store holds its data."""
    cube = ox.Store()
    cube.load(path=str(FIXTURES / "valid-cube.ttl"), format=ox.RdfFormat.TURTLE)
    cube.update((FIXTURES / f"{name}.ru").read_text(encoding="utf-8"))
    store = ox.Store()
    store.extend([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:x-test:graph")) for q in cube])
    return store


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "IC-1 Unique DataSet: every observation has exactly one data set"),
        ("zh", "IC-1 每个观测须恰属一个数据集"),
    ],
)
def test_a_violation_in_a_named_graph_is_reported_whole(project, lang, message):
    assert violation_checks(twin_in_a_named_graph("ic-01-violation"), project.queries, lang) == [
        Result(
            severity="Violation",
            focus="https://example.org/obs-master",
            focus_label="",
            path="",
            message=message,
            source_shape="checks/ic-01-violation",
            value="",
        ),
    ]


def test_a_check_may_give_a_label_and_a_value_and_a_summary_in_chinese_only(tmp_path):
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "only-zh-violation.rq").write_text(
        "#+ summary: 只有中文的检查\n"
        "SELECT ?focus ?label ?value WHERE {\n"
        '  VALUES (?focus ?label ?value) { (<https://example.org/x> "X" 3) (<https://example.org/y> UNDEF UNDEF) }\n'
        "} ORDER BY ?focus\n",
        encoding="utf-8",
    )
    (tmp_path / "checks" / "not-a-check.rq").write_text(
        "#+ summary: 不是检查 / not a check\nSELECT ?focus {}\n", encoding="utf-8"
    )
    assert violation_checks(ox.Store(), tmp_path, "en") == [
        Result(
            severity="Violation",
            focus="https://example.org/x",
            focus_label="X",
            path="",
            message="只有中文的检查",
            source_shape="checks/only-zh-violation",
            value="3",
        ),
        Result(
            severity="Violation",
            focus="https://example.org/y",
            focus_label="",
            path="",
            message="只有中文的检查",
            source_shape="checks/only-zh-violation",
            value="",
        ),
    ]


def warning(path: str, measure: str, message: str, shape: str, stated: str, severity: str = "Warning") -> Result:
    return Result(
        severity=severity,
        focus=OBSERVATION + path,
        focus_label=measure,
        path="gk:value",
        message=message,
        source_shape=shape,
        value=stated,
    )


def test_consistency_warnings_are_reported_whole_with_their_tier(project):
    store = load_store(project_sources(project))
    assert consistency_warnings(store, project.queries, "en") == [
        warning(
            "2023/observation/enrolled-offers-master-unified-exam",
            "录取人数",
            "Contradiction: the 2023 report, section 三（一）, states 146人 but its own figures give 139 "
            "(unified-examination master's offers = unified-examination master's students admitted).",
            "gk:SumCheck",
            "146人",
        ),
        warning(
            "2023/observation/application-ratio-doctoral-general-exam",
            "报录比",
            "Rounding: the 2023 report, section 三（一）, states 5.8:1 where its own figures give 5.871 (doctoral "
            "applicants per place = applicants ÷ offers): truncated, or off by one in the last digit.",
            "gk:RatioCheck",
            "5.8:1",
            "Note",
        ),
        warning(
            "2023/observation/placement-rate-all",
            "毕业去向落实率",
            "Rounding: the 2023 report, section 三（十一）1, states 97.89% where its own figures give 97.9021 "
            "(placement rate = (employed + further study + abroad) ÷ graduates): truncated, or off by one in the "
            "last digit.",
            "gk:RatioCheck",
            "97.89%",
            "Note",
        ),
        warning(
            "2023/observation/key-field-employment-all",
            "赴重点领域就业人数",
            "Contradiction: the 2023 report, section 三（十一）1, states 255人 but its own figures give 251 (graduates "
            "in key fields = the sum of the fields listed).",
            "gk:SumCheck",
            "255人",
        ),
        warning(
            "2023/observation/supervisors-doctoral",
            "研究生导师人数",
            "Implausible: the 2023 report, section 二（二）, states 316人, more than the 308人 it should not exceed "
            "(graduate supervisors (doctoral) <= graduate supervisors (master's)).",
            "checks/consistency-bound",
            "316人",
            "Info",
        ),
        warning(
            "2024/observation/intl-exchange-master",
            "参与国际学术交流",
            "Implausible: the 2024 report, section 三（六）, states 24人次 against 7人次 the edition before, a change "
            "by more than a factor of 2 (2023: 7人次 -> 2024).",
            "checks/consistency-change",
            "24人次",
            "Info",
        ),
        warning(
            "2024/observation/intl-conference-talks-all",
            "参加高水平国际学术会议并做学术报告",
            "Implausible: the 2024 report, section 三（六）, states 27人次 against 60人次 the edition before, a change "
            "by more than a factor of 2 (2023: 60人次 -> 2024).",
            "checks/consistency-change",
            "27人次",
            "Info",
        ),
        warning(
            "2024/observation/graduate-destinations-domestic-study",
            "毕业生去向人数",
            "Implausible: the 2024 report, section 三（十一）1, states 72人 against 35人 the edition before, a change "
            "by more than a factor of 2 (2023: 35人 -> 2024).",
            "checks/consistency-change",
            "72人",
            "Info",
        ),
        warning(
            "2024/observation/key-field-employment-all",
            "赴重点领域就业人数",
            "Contradiction: the 2024 report, section 三（十一）1, states 283人 but its own figures give 284 (graduates "
            "in key fields = the sum of the fields listed).",
            "gk:SumCheck",
            "283人",
        ),
        warning(
            "2024/observation/key-region-employment-all",
            "重点区域就业人数",
            "Contradiction: the 2024 report, section 三（十一）1, states 26人 but its own figures give 25 (graduates "
            "in key regions = Beijing + Shanghai + the west).",
            "gk:SumCheck",
            "26人",
        ),
        warning(
            "2024/observation/supervisors-master",
            "研究生导师人数",
            "Implausible: the 2024 report, section 二（二）, states 648人 against 308人 the edition before, a change "
            "by more than a factor of 2 (2023: 308人 -> 2024).",
            "checks/consistency-change",
            "648人",
            "Info",
        ),
    ]


def test_a_count_that_disagrees_is_a_count_check_warning(project):
    store = ox.Store()
    store.load(ONE_COUNT_CHECK.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    zh = "矛盾：2099年报告二（一）：导师人数 = 所列导师；所述3人，按所列数字计算为2。"
    en = "Contradiction: the 2099 report, section 二（一）, states 3人 but its own figures give 2 (supervisors = those listed)."
    for lang, message in (("zh", zh), ("en", en)):
        assert consistency_warnings(store, project.queries, lang) == [
            Result(
                severity="Warning",
                focus="https://example.org/obs",
                focus_label="导师人数",
                path="gk:value",
                message=message,
                source_shape="gk:CountCheck",
                value="3人",
            ),
        ]


@pytest.mark.parametrize(
    ("skip", "only", "found"),
    [((), None, 1), (("ic-01-violation",), None, 0), ((), ("ic-02-violation",), 0), ((), ("ic-01-violation",), 1)],
)
def test_checks_can_be_skipped_or_chosen_by_name(project, skip, only, found):
    store = twin_in_a_named_graph("ic-01-violation")
    assert len(violation_checks(store, project.queries, "en", skip=skip, only=only)) == found


def test_a_violation_names_the_file_of_its_graph_that_states_the_resource(tmp_path):
    from gradkg.checks import FileFinder
    from gradkg.loading import Source

    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "typed-violation.rq").write_text(
        "#+ summary: 有类型 / typed\nSELECT ?focus ?graph WHERE { GRAPH ?graph { ?focus a <urn:x-test:T> } }\n",
        encoding="utf-8",
    )
    stating = tmp_path / "data" / "stating.ttl"
    stating.parent.mkdir()
    stating.write_text("<https://example.org/x> a <urn:x-test:T> .\n", encoding="utf-8")
    silent = tmp_path / "data" / "silent.ttl"
    silent.write_text("<https://example.org/y> a <urn:x-test:U> .\n", encoding="utf-8")
    elsewhere = tmp_path / "data" / "elsewhere.ttl"
    elsewhere.write_text("<https://example.org/x> <urn:x-test:p> 1 .\n", encoding="utf-8")
    sources = [Source(stating, "urn:x-test:g"), Source(silent, "urn:x-test:g"), Source(elsewhere, "urn:x-test:h")]
    store = load_store(sources)
    results = violation_checks(store, tmp_path, "en", FileFinder(tmp_path, sources))
    assert [(r.focus, r.message) for r in results] == [("https://example.org/x", "typed (data/stating.ttl)")]
    assert violation_checks(store, tmp_path, "en") == [
        Result("Violation", "https://example.org/x", "", "", "typed", "checks/typed-violation", "")
    ]


def _consistency_row(kind: str, tier: str, relation: str | None = "关系") -> dict:
    """One row of the consistency question as SPARQL JSON bindings (``relation`` None: unbound)."""
    literal = {
        "edition": "2099",
        "section": "三（一）",
        "stated": "30人",
        "computed": "10人",
        "kind": kind,
        "tier": tier,
        "measure": "招收人数",
        "relation_en": "relation",
    }
    row = {name: {"type": "literal", "value": value} for name, value in literal.items()}
    row["observation"] = {"type": "uri", "value": "https://example.org/obs"}
    if relation is not None:
        row["relation"] = {"type": "literal", "value": relation}
    return row


@pytest.mark.parametrize(
    ("kind", "tier", "relation", "message", "severity", "shape"),
    [
        (
            "sum",
            "contradiction",
            "关系",
            "矛盾：2099年报告三（一）：关系；所述30人，按所列数字计算为10人。",
            "Warning",
            "gk:SumCheck",
        ),
        (
            "ratio",
            "rounding",
            "关系",
            "舍入：2099年报告三（一）：关系；所述30人，按所列数字计算为10人，差别只在截断或末位舍入。",
            "Note",
            "gk:RatioCheck",
        ),
        (
            "bound",
            "implausible",
            "关系",
            "不合常理：2099年报告三（一）：所述30人，大于应不小于它的10人（关系）。",
            "Info",
            "checks/consistency-bound",
        ),
        (
            "change",
            "implausible",
            None,
            "不合常理：2099年报告三（一）：所述30人，上一年度为10人，相差超过2倍（）。",
            "Info",
            "checks/consistency-change",
        ),
    ],
)
def test_each_tier_and_kind_has_its_own_chinese_message(kind, tier, relation, message, severity, shape):
    from gradkg.checks import compares_editions, consistency_results

    row = _consistency_row(kind, tier, relation)
    assert consistency_results([row], "zh") == [
        Result(
            severity=severity,
            focus="https://example.org/obs",
            focus_label="招收人数",
            path="gk:value",
            message=message,
            source_shape=shape,
            value="30人",
        )
    ]
    assert compares_editions(row) is (kind == "change")


def test_the_whole_store_checks_are_the_violations_then_the_consistency_warnings(project):
    from gradkg.checks import sparql_checks

    store = load_store(project_sources(project))
    found = sparql_checks(store, project, "en")
    assert found == consistency_warnings(store, project.queries, "en")
    assert len(found) == 11
