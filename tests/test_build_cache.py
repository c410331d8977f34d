"""Edition-by-edition validation: the cache, ``--programme``, and the checks that compare programmes.

Each test builds a copy of the project in tmp_path (GRADKG_HOME), so that it can change files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gradkg.checks import sparql_checks
from gradkg.cli import main
from gradkg.inputs import GraphCache, Graphs, read_graphs
from gradkg.loading import load_store, project_sources, union_graph
from gradkg.project import Project
from gradkg.validation import load_shapes, run, with_checks
from gradkg.validation.editions import validate_editions, with_programme_checks

EDITIONS = re.compile(r"^  editions: +(\d+) validated, (\d+) from the cache$", re.MULTILINE)


def build(home: Path, capsys: pytest.CaptureFixture, *options: str) -> tuple[int, tuple[int, int], str]:
    """Exit code, (validated, from the cache), and the summary."""
    code = main(["build", "--build-dir", str(home / "build"), *options])
    out = capsys.readouterr().out
    validated, cached = EDITIONS.search(out).groups()
    return code, (int(validated), int(cached)), out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_programme(home: Path, code: str) -> None:
    """data/other-1002: zju-1002 under other IRIs, with the programme code ``code``."""
    source, target = home / "data" / "zju-1002", home / "data" / "other-1002"
    shutil.copytree(source, target)
    for path in target.rglob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("/id/zju-1002/", "/id/other-1002/").replace("programme/zju-1002", "programme/other-1002")
        path.write_text(text, encoding="utf-8")
    edit(target / "programme.ttl", 'dcterms:identifier "1002"', f'dcterms:identifier "{code}"')


def check_results(home: Path, capsys: pytest.CaptureFixture, check: str) -> list[tuple[str, str, str]]:
    """(focus, value, message) of one SPARQL check's results, from ``gradkg validate --format json``."""
    import json

    assert main(["validate", "--format", "json", "--lang", "en"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    return [(r["focus"], r["value"], r["message"]) for r in results if r["source_shape"] == f"checks/{check}"]


def test_a_second_build_validates_nothing_and_a_changed_edition_alone_is_validated_again(home, capsys):
    assert build(home, capsys)[:2] == (0, (2, 0))
    assert build(home, capsys)[:2] == (0, (0, 2))
    courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
    courses.write_text(courses.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    code, counts, out = build(home, capsys)
    assert (code, counts) == (0, (1, 1))
    assert "conforms (0 violations, 4 warnings)" in out


def test_a_violation_after_a_cached_build_is_reported_and_reverting_it_comes_from_the_cache(home, capsys):
    assert build(home, capsys)[:2] == (0, (2, 0))
    courses = home / "data" / "zju-1002" / "2023" / "courses.ttl"
    original = courses.read_text(encoding="utf-8")
    edit(courses, "gk:credits 3 ;", "gk:credits 0 ;")
    code, counts, out = build(home, capsys)
    assert (code, counts) == (1, (1, 1))
    assert "DOES NOT CONFORM (1 violations, 4 warnings)" in out
    courses.write_text(original, encoding="utf-8")
    assert build(home, capsys)[:2] == (0, (0, 2))


def test_programme_option_validates_only_that_programmes_editions(home, capsys):
    copy_programme(home, "1099")
    code, counts, out = build(home, capsys, "--programme", "zju-1002")
    assert (code, counts) == (0, (2, 0))
    assert "other-1002" not in out
    _, counts, out = build(home, capsys, "--programme", "other-1002")
    assert counts == (2, 0)
    assert "  zju-1002:" not in out


def test_two_programmes_with_one_code_and_institution_are_named_with_their_files(home, capsys):
    copy_programme(home, "1002")
    assert build(home, capsys)[0] == 1
    assert not (home / "build" / "store").exists()
    message = "Two programmes of one institution with the same code"
    assert check_results(home, capsys, "programme-code-violation") == [
        (
            "https://w3id.org/gradkg/id/programme/other-1002",
            "https://w3id.org/gradkg/id/programme/zju-1002",
            f"{message} (data/other-1002/programme.ttl)",
        ),
        (
            "https://w3id.org/gradkg/id/programme/zju-1002",
            "https://w3id.org/gradkg/id/programme/other-1002",
            f"{message} (data/zju-1002/programme.ttl)",
        ),
    ]
    assert check_results(home, capsys, "cross-programme-source-violation") == []


def test_a_resource_citing_another_programmes_section_is_named_with_its_file(home, capsys):
    copy_programme(home, "1099")
    edit(
        home / "data" / "other-1002" / "2023" / "courses.ttl",
        "schema:subjectOf s:3-3-1 .",
        "schema:subjectOf <https://w3id.org/gradkg/id/zju-1002/2023/section/3-3-1> .",
    )
    assert check_results(home, capsys, "programme-code-violation") == []
    assert check_results(home, capsys, "cross-programme-source-violation") == [
        (
            "https://w3id.org/gradkg/id/other-1002/course/molecular-medicine-1",
            "https://w3id.org/gradkg/id/zju-1002/2023/section/3-3-1",
            "A resource cites a section of another programme's report (data/other-1002/2023/courses.ttl)",
        )
    ]


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_edition_by_edition_gives_what_pyshacl_gives_on_the_union(project, tmp_path, engine):
    sources = project_sources(project)
    store = load_store(sources)
    union = run(union_graph(store), load_shapes(project.shapes), None, "en", engine="pyshacl")
    expected = with_checks(union, sparql_checks(store, project, "en", sources))
    graphs = read_graphs(sources, project.root, GraphCache(tmp_path / "graphs"))
    checked = validate_editions(project, project.programmes(), graphs, "en", engine, tmp_path / "validation")
    checked = with_programme_checks(checked, store, project, "en", sources)
    assert checked.outcome.results == expected.results
    assert checked.outcome.conforms == expected.conforms


def graphs_of(project: Project, folder: Path) -> Graphs:
    return read_graphs(project_sources(project), project.root, GraphCache(folder))


def test_an_edition_citing_an_earlier_edition_gets_its_types_as_context(project, tmp_path):
    from gradkg.validation.units import project_units

    graphs = graphs_of(project, tmp_path)
    units = {u.name: u for u in project_units(project, ["zju-1002"], graphs, "en", "pyshacl")}
    rule = "<https://w3id.org/gradkg/id/zju-1002/rule/midterm-diversion-2023>"
    assert f"{rule} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in units["zju-1002 2024"].context
    assert rule not in units["zju-1002 2023"].context


def test_the_cache_key_follows_the_shapes(home):
    from gradkg.validation.units import project_units

    project = Project(home)
    graphs = graphs_of(project, home / "graphs")
    before = [u.key for u in project_units(project, ["zju-1002"], graphs, "en", "pyshacl")]
    shapes = home / "ontology" / "shapes" / "courses.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = [u.key for u in project_units(project, ["zju-1002"], graphs, "en", "pyshacl")]
    assert len(set(before) | set(after)) == 6  # each edition's unit and the one of both editions


def test_a_programme_of_two_editions_has_a_unit_for_the_year_over_year_checks(home):
    from gradkg.validation.editions import check_unit
    from gradkg.validation.units import project_units

    project = Project(home)
    graphs = graphs_of(project, home / "graphs")
    units = project_units(project, ["zju-1002"], graphs, "en", "pyshacl")
    assert [(u.name, u.across_editions) for u in units] == [
        ("zju-1002 2023", False),
        ("zju-1002 2024", False),
        ("zju-1002 2023–2024", True),
    ]
    found = check_unit(units[2], home, "en", "pyshacl").findings
    assert sorted((f.result.source_shape, f.result.focus_label, f.result.value) for f in found) == [
        ("checks/consistency-change", "参与国际学术交流", "24人次"),
        ("checks/consistency-change", "参加高水平国际学术会议并做学术报告", "27人次"),
        ("checks/consistency-change", "毕业生去向人数", "72人"),
        ("checks/consistency-change", "研究生导师人数", "648人"),
    ]
    # the unit's own rows of the consistency question are the year-over-year ones, one per finding
    rows = check_unit(units[2], home, "en", "pyshacl").rows
    assert sorted(r["stated"]["value"] for r in rows) == ["24人次", "27人次", "648人", "72人"]
    within = check_unit(units[1], home, "en", "pyshacl")
    assert "checks/consistency-change" not in {f.result.source_shape for f in within.findings}
    assert sorted((r["kind"]["value"], r["tier"]["value"]) for r in within.rows) == [("sum", "contradiction")] * 2


def test_graphs_parsed_in_a_pool_have_the_facts_parsed_here_and_errors_name_file_and_line(
    home, project, tmp_path, monkeypatch
):
    import gradkg.inputs as inputs
    from gradkg.errors import GradkgError

    sources = project_sources(project, ["zju-1002"])
    here = read_graphs(sources, project.root, GraphCache(tmp_path / "here"))
    monkeypatch.setattr(inputs, "_POOL_FROM", 0)
    pooled = read_graphs(sources, project.root, GraphCache(tmp_path / "pool"))
    assert pooled.facts == here.facts
    assert pooled.parsed == here.parsed == tuple(here.inputs)
    assert sorted(p.name for p in (tmp_path / "pool").iterdir()) == sorted(
        p.name for p in (tmp_path / "here").iterdir()
    )
    broken = home / "data" / "zju-1002" / "2024" / "courses.ttl"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nex:a ex:b "unterminated .\n', encoding="utf-8")
    line = broken.read_text(encoding="utf-8").count("\n")
    with pytest.raises(GradkgError, match=rf"courses\.ttl:{line}: syntax error"):
        read_graphs(project_sources(Project(home), ["zju-1002"]), home, GraphCache(tmp_path / "broken"))
