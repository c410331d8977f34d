"""Shared fixtures: the project, and one build of it per test session in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradkg.ask import ask_rows
from gradkg.build import build
from gradkg.engine import LocalEngine
from gradkg.project import STORE_FILE, Project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def build_dir(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    summary = build(project, out, "en")
    assert summary.outcome.count("Violation") == 0
    return out


@pytest.fixture(scope="session")
def engine(build_dir: Path) -> LocalEngine:
    return LocalEngine(build_dir / STORE_FILE)


@pytest.fixture(scope="session")
def rows(project: Project, engine: LocalEngine):
    """``rows(name, param=value, ...)`` → the answer as a list of tuples of display strings."""

    def run(name: str, **params: str) -> list[tuple[str, ...]]:
        return [tuple(r.values()) for r in ask_rows(project, engine, name, params)]

    return run


@pytest.fixture(autouse=True)
def _project_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands under test find this checkout wherever pytest was started."""
    monkeypatch.setenv("GRADKG_HOME", str(ROOT))
