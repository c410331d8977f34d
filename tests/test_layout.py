"""The data folder's layout: a folder that is not a programme or an edition stops the build, named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gradkg.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the project (without the report texts)."""
    home = tmp_path / "project"
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, home / part)
    shutil.copytree(ROOT / "data", home / "data", ignore=shutil.ignore_patterns("sources"))
    monkeypatch.setenv("GRADKG_HOME", str(home))
    return home


def refused(project: Path, capsys, command: str = "build") -> str:
    out = project / "out"
    assert main([command, "--build-dir", str(out)] if command == "build" else [command]) == 2
    assert not out.exists()  # nothing written
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: (d / "zju-1002" / "programme.ttl").unlink(), "{d}/zju-1002: programme folder without programme.ttl"),
        (
            lambda d: (d / "zju-1002" / "2024-draft").mkdir(),
            "{d}/zju-1002/2024-draft: an edition folder is a four-digit year",
        ),
        (
            lambda d: (d / "zju-1002" / "２０２５").mkdir(),
            "{d}/zju-1002/２０２５: an edition folder is a four-digit year",
        ),
        (
            lambda d: shutil.copytree(d / "zju-1002", d / "ZJU_1002"),
            "{d}/ZJU_1002: a programme folder's name is lower-case letters, digits and hyphens",
        ),
        (
            lambda d: shutil.copy(d / "zju-1002" / "2024" / "report.ttl", d / "zju-1002" / "report.ttl"),
            "{d}/zju-1002/report.ttl: only programme.ttl belongs beside the edition folders",
        ),
    ],
    ids=["no-programme-file", "edition-not-a-year", "full-width-year", "programme-name", "stray-file"],
)
@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_folder_out_of_place_stops_the_work_and_is_named(project, capsys, make, problem, command):
    data = project / "data"
    make(data)
    err = refused(project, capsys, command)
    assert err == f"gradkg: the data folder is not laid out as gradkg expects: {problem.format(d=data)}\n"


def test_an_unknown_programme_is_named_with_the_known_ones(project, capsys):
    assert main(["build", "--programme", "zju-9999", "--build-dir", str(project / "out")]) == 2
    assert capsys.readouterr().err == f"gradkg: no programme zju-9999 under {project / 'data'} (known: zju-1002)\n"
    assert not (project / "out").exists()


def test_diff_needs_a_programme_when_there_are_several(project, capsys):
    shutil.copytree(project / "data" / "zju-1002", project / "data" / "zju-1003")
    assert main(["diff", "2023", "2024"]) == 2
    assert capsys.readouterr().err == "gradkg: several programmes (zju-1002, zju-1003): name one with --programme\n"


def test_programme_option_limits_the_build(project, capsys):
    shutil.copytree(project / "data" / "zju-1002", project / "data" / "zju-1003")
    (project / "data" / "zju-1003" / "2024" / "courses.ttl").write_text("this is not Turtle", encoding="utf-8")
    assert main(["build", "--programme", "zju-1002", "--build-dir", str(project / "out")]) == 0
    out = capsys.readouterr().out
    assert "zju-1002 2024:" in out and "zju-1003" not in out


def test_every_problem_is_named_at_once(project, capsys):
    data = project / "data"
    (data / "zju-1002" / "programme.ttl").unlink()
    (data / "zju-1002" / "draft").mkdir()
    assert refused(project, capsys) == (
        "gradkg: the data folder is not laid out as gradkg expects: "
        f"{data}/zju-1002: programme folder without programme.ttl; "
        f"{data}/zju-1002/draft: an edition folder is a four-digit year\n"
    )


def test_without_programme_options_every_programme_is_chosen(project):
    from gradkg.layout import selected_programmes
    from gradkg.project import Project

    shutil.copytree(project / "data" / "zju-1002", project / "data" / "zju-1003")
    assert selected_programmes(Project(project), None) == ["zju-1002", "zju-1003"]
    assert selected_programmes(Project(project), []) == ["zju-1002", "zju-1003"]
    assert selected_programmes(Project(project), ["zju-1003", "zju-1003"]) == ["zju-1003"]
