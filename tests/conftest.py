"""Shared fixtures: the project, and one build of it per test session in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from gradkg.build import build
from gradkg.engine import LocalEngine
from gradkg.named import ask_rows
from gradkg.project import Project
from gradkg.store import STORE_DIR

ROOT = Path(__file__).resolve().parents[1]


def synthetic_project(tmp_path_factory: pytest.TempPathFactory, name: str, programmes: int, seed: int) -> Path:
    """A new project of ``programmes`` synthetic programmes (bench/synth.py) in a temporary folder."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import synthesise

    out = tmp_path_factory.mktemp(name) / "project"
    synthesise(programmes, seed, out)
    return out


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
    return LocalEngine(build_dir / STORE_DIR)


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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project (without the source texts) that a test may change, as GRADKG_HOME."""
    for part in ("ontology", "queries", "data"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("sources"))
    monkeypatch.setenv("GRADKG_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def graphviz() -> None:
    """Graphviz's dot from Debian (installed by the project's script), which the SVG export runs."""
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "graphviz"], check=True)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium from Debian (installed by the project's script); names resolve nowhere but loopback."""
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "chromium", "fonts"], check=True)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    yield driver
    driver.quit()


@contextmanager
def offline(driver):
    """No network at all for the pages opened inside the block."""
    conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, **conditions})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, **conditions})
