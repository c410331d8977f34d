"""``gradkg build`` and ``gradkg validate`` as a quality officer runs them: exit codes, messages, files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from gradkg.cli import main
from gradkg.engine import LocalEngine
from gradkg.project import NQUADS_FILE
from gradkg.store import STORE_DIR, open_read_only

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"

DRAFT_WITH_ONE_DEFECT = """\
@prefix gk:      <https://w3id.org/gradkg/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix doco:    <http://purl.org/spar/doco/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix ct:      <https://w3id.org/gradkg/id/course-type/> .
@prefix lang:    <https://w3id.org/gradkg/id/language/> .

<https://w3id.org/gradkg/id/zju-1002/2025> a gk:Report ; gk:edition 2025 ;
    gk:programme <https://w3id.org/gradkg/id/programme/zju-1002> ; gk:sourceFile "draft-2025.txt" ;
    gk:namedGraph <https://w3id.org/gradkg/id/zju-1002/2025/graph> ;
    skos:prefLabel "2025年报告"@zh , "2025 report"@en .
<https://w3id.org/gradkg/id/zju-1002/2025/section/3-3-1> a doco:Section ;
    dcterms:isPartOf <https://w3id.org/gradkg/id/zju-1002/2025> ; gk:sectionNumber "三（三）1" ;
    dcterms:title "课程"@zh ; gk:order 1 ; skos:prefLabel "课程"@zh , "courses"@en .
<https://w3id.org/gradkg/id/zju-1002/course/new-course> a gk:Course ; gk:tableRow 1 ;
    skos:prefLabel "新课程"@zh , "New Course"@en ;
    gk:courseType ct:compulsory ; gk:credits 2 ; gk:languageOfInstruction lang:zh ;
    <https://schema.org/subjectOf> <https://w3id.org/gradkg/id/zju-1002/2025/section/3-3-1> .
"""


def test_validate_the_project_conforms_with_the_reports_contradictions_as_warnings(capsys):
    assert main(["validate", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "the graph conforms: 0 violations, 4 warnings."
    assert [line.split()[0] for line in out if not line.startswith(" ")][:-1] == [
        "Note",
        "Warning",
        "Warning",
        "Note",
        "Info",
        "Info",
        "Info",
        "Info",
        "Warning",
        "Warning",
        "Info",
    ]
    assert out[:5] == [
        "Note  报录比 <https://w3id.org/gradkg/id/zju-1002/2023/observation/application-ratio-doctoral-general-exam>",
        "    path:    gk:value",
        "    value:   5.8:1",
        "    shape:   gk:RatioCheck",
        "    message: Rounding: the 2023 report, section 三（一）, states 5.8:1 where its own figures give 5.871 "
        "(doctoral applicants per place = applicants ÷ offers): truncated, or off by one in the last digit.",
    ]
    assert out[5:10] == [
        "Warning  录取人数 <https://w3id.org/gradkg/id/zju-1002/2023/observation/enrolled-offers-master-unified-exam>",
        "    path:    gk:value",
        "    value:   146人",
        "    shape:   gk:SumCheck",
        "    message: Contradiction: the 2023 report, section 三（一）, states 146人 but its own figures give 139 "
        "(unified-examination master's offers = unified-examination master's students admitted).",
    ]


def test_validate_in_chinese(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "图符合全部约束：0 项违规，4 项警告。"
    assert (
        "    message: 矛盾：2024年报告三（十一）1：重点区域就业人数 = 北京 + 上海 + 西部；所述26人，按所列数字计算为25。"
        in out
    )
    assert (
        "    message: 不合常理：2023年报告二（二）：所述316人，大于应不小于它的308人（研究生导师人数 (博士) <= 研究生导师人数 (硕士)）。"
        in out
    )


def test_validate_a_draft_names_resource_rule_and_reason(tmp_path, capsys):
    draft = tmp_path / "draft-2025.ttl"
    draft.write_text(DRAFT_WITH_ONE_DEFECT, encoding="utf-8")
    assert main(["validate", str(draft), "--lang", "en"]) == 1
    assert capsys.readouterr().out == (
        "Violation  New Course <https://w3id.org/gradkg/id/zju-1002/course/new-course>\n"
        "    path:    gk:lecturer\n"
        "    shape:   gk:TableCourseShape-lecturer\n"
        "    message: a course from the course table needs its lecturer.\n"
        "the graph does not conform: 1 violations, 0 warnings.\n"
    )
    assert main(["validate", str(draft), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "违规  新课程 <https://w3id.org/gradkg/id/zju-1002/course/new-course>" in out
    assert "message: 课程表中的课程必须有主讲人。" in out


def test_validate_json_and_turtle(tmp_path, capsys):
    draft = tmp_path / "draft.ttl"
    draft.write_text(DRAFT_WITH_ONE_DEFECT, encoding="utf-8")
    assert main(["validate", str(draft), "--format", "json", "--lang", "en"]) == 1
    body = json.loads(capsys.readouterr().out)
    assert (body["conforms"], body["violations"], body["warnings"]) == (False, 1, 0)
    assert body["results"][0]["source_shape"] == "gk:TableCourseShape-lecturer"
    assert main(["validate", str(draft), "--format", "turtle"]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(report) > 5


def test_validate_a_trig_draft(tmp_path, capsys):
    draft = tmp_path / "draft.trig"
    body = DRAFT_WITH_ONE_DEFECT.split("\n\n", 1)
    draft.write_text(
        body[0] + "\n\n<https://w3id.org/gradkg/id/zju-1002/2025/graph> {\n" + body[1] + "}\n", encoding="utf-8"
    )
    assert main(["validate", str(draft), "--lang", "en"]) == 1
    assert "gk:TableCourseShape-lecturer" in capsys.readouterr().out


def test_syntax_error_names_file_and_line(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <https://example.org/> .\n\nex:a ex:b "unterminated .\n', encoding="utf-8")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:3: syntax error" in err


def test_missing_file_is_named(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere.ttl")]) == 2
    assert f"{tmp_path / 'nowhere.ttl'}: no such file" in capsys.readouterr().err


def test_unsupported_file_type(tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    assert main(["validate", str(other)]) == 2
    assert "unsupported file type" in capsys.readouterr().err


def test_unknown_option_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--colour"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --colour" in capsys.readouterr().err


def test_build_writes_outputs_and_summary(tmp_path, capsys):
    assert main(["build", "--build-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "gradkg build"
    assert out[1].split() == ["zju-1002:", "80", "triples"]
    assert out[2].split() == ["zju-1002", "2023:", "3511", "triples"]
    assert out[3].split() == ["zju-1002", "2024:", "3681", "triples"]
    assert out[6].split() == ["derived", "labels:", "280", "triples"]
    assert out[7].split() == ["derived", "schema-org:", "2079", "triples"]
    assert "conforms (0 violations, 4 warnings)" in out[8]
    assert out[9].split() == ["editions:", "2", "validated,", "0", "from", "the", "cache"]
    generation = os.readlink(tmp_path / STORE_DIR)
    assert generation.startswith("store-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["cache", "gradkg.nq", "gradkg.trig", STORE_DIR, generation, "validation-report.ttl"]
    )


def _copy_project(tmp_path: Path, monkeypatch) -> Path:
    project = tmp_path / "project"
    for part in ("ontology", "queries", "data"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("sources"))
    monkeypatch.setenv("GRADKG_HOME", str(project))
    return project


def _answer(build_dir: Path) -> int:
    return len(LocalEngine(build_dir / STORE_DIR).rows("SELECT * WHERE { ?s ?p ?o }"))


@pytest.mark.parametrize(
    ("defect", "code", "message"),
    [
        (("gk:credits 3 ;", "gk:credits 0 ;"), 1, "DOES NOT CONFORM (1 violations"),
        (("gk:credits 3 ;", 'gk:credits "3 ;'), 2, "courses.ttl:"),
    ],
    ids=["violation", "syntax error"],
)
def test_failed_build_leaves_previous_store_untouched(tmp_path, capsys, monkeypatch, defect, code, message):
    project = _copy_project(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert main(["build", "--build-dir", str(out)]) == 0
    before = (out / NQUADS_FILE).read_bytes()
    generation = os.readlink(out / STORE_DIR)
    courses = project / "data" / "zju-1002" / "2023" / "courses.ttl"
    courses.write_text(courses.read_text(encoding="utf-8").replace(*defect, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--build-dir", str(out)]) == code
    said = capsys.readouterr()
    assert message in said.out + said.err
    assert (out / NQUADS_FILE).read_bytes() == before
    assert os.readlink(out / STORE_DIR) == generation
    assert sorted(p.name for p in out.glob("store-*")) == [generation]
    assert _answer(out) == 13661
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_build_that_fails_while_swapping_leaves_no_half_store(tmp_path, capsys, monkeypatch):
    import gradkg.store

    _copy_project(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert main(["build", "--build-dir", str(out)]) == 0
    generation = os.readlink(out / STORE_DIR)

    def fail(link: Path, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gradkg.store, "_swap", fail)
    assert main(["build", "--build-dir", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert os.readlink(out / STORE_DIR) == generation
    assert sorted(p.name for p in out.glob("store-*")) == [generation]


def test_a_rebuild_keeps_the_store_a_reader_holds_and_deletes_unheld_ones(tmp_path, capsys, monkeypatch):
    _copy_project(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert main(["build", "--build-dir", str(out)]) == 0
    first = os.readlink(out / STORE_DIR)
    assert main(["build", "--build-dir", str(out)]) == 0
    second = os.readlink(out / STORE_DIR)
    assert second != first
    assert [p.name for p in out.glob("store-*")] == [second]  # nobody held the first
    reader = LocalEngine.of(open_read_only(out / STORE_DIR).store)  # holds the second while this process lives
    assert main(["build", "--build-dir", str(out)]) == 0
    third = os.readlink(out / STORE_DIR)
    assert sorted(p.name for p in out.glob("store-*")) == sorted([second, third])
    assert len(reader.rows("SELECT * WHERE { ?s ?p ?o }")) == 13661


def test_a_reader_in_another_process_sees_the_whole_store_while_builds_swap_it(tmp_path, capsys, monkeypatch):
    _copy_project(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert main(["build", "--build-dir", str(out)]) == 0
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from gradkg.engine import LocalEngine\n"
        "counts = {len(LocalEngine(Path(sys.argv[1])).rows('SELECT * WHERE { ?s ?p ?o }')) for _ in range(40)}\n"
        "print(sorted(counts))\n"
    )
    reader = subprocess.Popen([sys.executable, "-c", code, str(out / STORE_DIR)], stdout=subprocess.PIPE, text=True)
    for _ in range(3):
        assert main(["build", "--build-dir", str(out)]) == 0
    assert reader.communicate(timeout=120)[0] == "[13661]\n"
    assert reader.returncode == 0


def test_query_before_build_explains(tmp_path, capsys):
    assert main(["query", "courses", "--build-dir", str(tmp_path)]) == 2
    assert "run `gradkg build` first" in capsys.readouterr().err


def test_query_path_does_not_import_rdflib(build_dir):
    code = (
        "import sys\n"
        "from gradkg.cli import main\n"
        f"rc = main(['query', 'lecturers-of-course', '--param', 'course=血液病学专题', '--build-dir', {str(build_dir)!r}])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl')], 'rdflib imported'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "GRADKG_HOME": str(ROOT)}
    )
    assert done.returncode == 0, done.stderr
    assert "黄河" in done.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "gradkg"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert done.stdout == "gradkg 0.7.0\n"


def test_unknown_query_is_named_even_before_a_build(tmp_path, capsys):
    assert main(["query", "who-teaches", "--build-dir", str(tmp_path)]) == 2
    assert "unknown query 'who-teaches'" in capsys.readouterr().err


STATISTICS_DRAFT = """\
@prefix gk:      <https://w3id.org/gradkg/ontology#> .
@prefix qb:      <http://purl.org/linked-data/cube#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix doco:    <http://purl.org/spar/doco/> .
@prefix sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix obs:     <https://w3id.org/gradkg/id/zju-1002/2025/observation/> .

<https://w3id.org/gradkg/id/zju-1002/2025> a gk:Report ; gk:edition 2025 ;
    gk:programme <https://w3id.org/gradkg/id/programme/zju-1002> ; gk:sourceFile "draft-2025.txt" ;
    gk:namedGraph <https://w3id.org/gradkg/id/zju-1002/2025/graph> ; skos:prefLabel "2025年报告"@zh , "2025 report"@en .
<https://w3id.org/gradkg/id/zju-1002/2025/section/2-3> a doco:Section ; gk:order 1 ; gk:sectionNumber "二（三）" ;
    dcterms:isPartOf <https://w3id.org/gradkg/id/zju-1002/2025> ; dcterms:title "科学研究"@zh ;
    skos:prefLabel "科学研究"@zh , "research"@en .
"""


def statistic(name: str, body: str) -> str:
    return (
        f"obs:{name} a qb:Observation ; qb:dataSet <https://w3id.org/gradkg/id/dataset/research> ;\n"
        f"    prov:wasDerivedFrom <https://w3id.org/gradkg/id/zju-1002/2025/section/2-3> ;\n"
        f"    gk:unit <https://w3id.org/gradkg/id/unit/xiang> ; gk:approximate false ;\n"
        f"    gk:programme <https://w3id.org/gradkg/id/programme/zju-1002> ;\n"
        f'    <http://www.w3.org/2004/02/skos/core#prefLabel> "2025年 国家自然科学基金项目"@zh , "2025 NSFC projects"@en ;\n'
        f"{body} .\n"
    )


GOOD = (
    "    gk:refYear 2025 ; gk:indicator <https://w3id.org/gradkg/id/indicator/nsfc-projects> ;\n"
    '    gk:value "550"^^xsd:decimal ; gk:statedValue "550项"'
)


@pytest.mark.parametrize(
    ("defect", "body", "expected"),
    [
        (
            "non-numeric value",
            GOOD.replace('"550"^^xsd:decimal', '"五百五十"'),
            [("a", "gk:ObservationShape-obsValue")],
        ),
        (
            "missing year",
            GOOD.replace("gk:refYear 2025 ; ", ""),
            [("a", "gk:ObservationShape-refYear"), ("a", "checks/ic-11-violation")],
        ),
        (
            "unknown measure",
            GOOD.replace("indicator/nsfc-projects", "indicator/no-such-measure"),
            [("a", "gk:ObservationShape-indicator"), ("a", "checks/ic-19-violation")],
        ),
    ],
)
def test_bad_statistics_are_named(tmp_path, capsys, defect, body, expected):
    draft = tmp_path / "statistics-2025.ttl"
    draft.write_text(STATISTICS_DRAFT + statistic("a", body), encoding="utf-8")
    assert main(["validate", str(draft), "--format", "json", "--lang", "en"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    base = "https://w3id.org/gradkg/id/zju-1002/2025/observation/"
    assert sorted((r["focus"].removeprefix(base), r["source_shape"]) for r in results) == sorted(expected)


def test_two_observations_with_the_same_dimensions_are_named(tmp_path, capsys):
    draft = tmp_path / "statistics-2025.ttl"
    draft.write_text(
        STATISTICS_DRAFT + statistic("a", GOOD) + statistic("b", GOOD.replace("550", "551")), encoding="utf-8"
    )
    assert main(["validate", str(draft), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Violation  <https://w3id.org/gradkg/id/zju-1002/2025/observation/a>\n" in out
    assert (
        "    value:   https://w3id.org/gradkg/id/zju-1002/2025/observation/b\n    shape:   checks/ic-12-violation\n"
        in out
    )
    assert "    message: IC-12 No duplicate observations" in out
