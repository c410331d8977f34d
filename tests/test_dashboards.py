"""The dashboards served and published: pages, links, hostile parameters, and headless Chromium offline.

Servers and the browser stay on loopback, on ports 18400-18499; names resolve nowhere else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import offline, synthetic_project
from gradkg.charts.data import observations
from gradkg.charts.pages import SCRIPTS, Dashboards
from gradkg.charts.specs import charts_by_unit, spec
from gradkg.engine import LocalEngine
from gradkg.named import ask_rows
from gradkg.pages import Pages
from gradkg.project import Project
from gradkg.publish import write_dashboards
from gradkg.serve.dataset import LICENCE
from gradkg.store import STORE_DIR, in_memory, open_read_only
from servers import free_port_in, running

GRADKG = str(Path(sys.executable).parent / "gradkg")
CHARTS = 29  # the charts of zju-1002's dashboard (tests/test_charts.py says which)
SCREENS = Path(os.environ.get("GRADKG_SCREENS", "")) if os.environ.get("GRADKG_SCREENS") else None


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_dir):
    port = free_port_in(18400, 18499)  # the range these tests may use
    base = f"http://127.0.0.1:{port}"
    command = [GRADKG, "serve", "--port", str(port), "--build-dir", str(build_dir), "--workers", "1"]
    with running(command, f"{base}/healthz", tmp_path_factory.mktemp("dash-serve") / "serve.log"):
        yield base


def get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, timeout=30)


# ---- served ------------------------------------------------------------------------------------------


def test_dashboard_page(server):
    page = get(server, "/dashboard/zju-1002?lang=zh")
    assert page.status_code == 200 and page.headers["content-language"] == "zh"
    html = page.text
    assert html.count('<div class="vega"') == CHARTS
    assert '<h1 id="title">浙江大学临床医学博士学位授权点</h1>' in html
    assert '<a href="/id/programme/zju-1002?lang=zh" id="programme-link">学位点页面</a>' in html
    assert '<a href="/compare/admitted?lang=zh">与其他学位点比较</a>' in html
    assert "出处: 2023 三（一） 招生选拔; 2024 三（一） 招生选拔" in html
    assert (
        '<tr class="approximate"><td>浙江大学临床医学博士学位授权点</td><td>2023</td><td>普通招考</td><td class="num">≈5.8</td><td>5.8:1</td><td>约</td>'
        in html
    )
    for script in SCRIPTS:
        assert f'<script src="/static/{script}"></script>' in html
    english = get(server, "/dashboard/zju-1002?lang=en").text
    assert '<h1 id="title">Zhejiang University Clinical Medicine doctoral degree programme</h1>' in english
    assert "Sources: 2023 三（十一）1 毕业生就业情况和发展质量; 2024 三（十一）1 毕业生就业情况和发展质量" in english


def test_home_and_programme_pages_link_to_the_dashboards(server):
    home = get(server, "/?lang=en").text
    assert (
        '<a href="/dashboard/zju-1002?lang=en">Zhejiang University Clinical Medicine doctoral degree programme</a>'
        in home
    )
    assert '<a href="/compare?lang=en" id="compare-link">Compare programmes</a>' in home
    programme = get(server, "/id/programme/zju-1002?lang=zh").text
    assert '<a href="/dashboard/zju-1002?lang=zh" id="dashboard-link">统计仪表板</a>' in programme
    course = get(server, "/id/zju-1002/course/topics-haematology?lang=zh").text
    assert "dashboard-link" not in course


def test_comparison_page_and_its_selector(server):
    first = get(server, "/compare?lang=zh").text
    assert '<h2 id="indicator-name">招收人数</h2>' in first
    ratio = get(server, "/compare/application-ratio?lang=en")
    assert ratio.status_code == 200
    assert (
        '<option value="/compare/application-ratio?lang=en" selected>applicants per place (:1)</option>' in ratio.text
    )
    assert ratio.text.count("<option ") == 119
    assert '<td class="num">≈7.4</td><td>7.4:1</td><td>≈</td><td>2024 三（一） 招生选拔</td>' in ratio.text
    assert '<a href="/dashboard/zju-1002?lang=en">' in ratio.text


HOSTILE = [
    "/dashboard/zju-9999",
    "/dashboard/ZJU-1002",
    "/dashboard/..%2F..%2Fetc%2Fpasswd",
    "/dashboard/%00",
    "/dashboard/%ff%fe",
    "/dashboard/<script>alert(1)</script>",
    "/dashboard/" + "a" * 5000,
    "/dashboard/zju-1002/extra",
    "/dashboard/",
    "/compare/nope",
    "/compare/%E2%80%AE",
    "/compare/admitted%20OR%201=1",
    "/compare/" + "x" * 5000,
    "/compare/",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_paths_are_404_pages(server, path):
    answer = get(server, path)
    assert answer.status_code == 404
    assert "<script>alert(1)</script>" not in answer.text


@pytest.mark.parametrize(
    "query",
    ["?lang=<script>", "?lang=" + "z" * 5000, "?lang=zh&lang=en", "?programme=x&indicator=%00", "?%ff=%fe"],
)
@pytest.mark.parametrize("path", ["/dashboard/zju-1002", "/compare", "/compare/admitted"])
def test_hostile_parameters_are_ignored(server, path, query):
    answer = get(server, path + query)
    assert answer.status_code == 200
    assert "<script>" not in answer.text.replace("<script src=", "").replace('<script type="application/json"', "")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_are_refused(server, method):
    assert httpx.request(method, server + "/dashboard/zju-1002", timeout=30).status_code == 405


def test_dashboard_in_a_browser_with_nothing_from_elsewhere(browser, server, tmp_path):
    browser.set_window_size(1400, 900)
    browser.get(server + "/dashboard/zju-1002?lang=zh")
    WebDriverWait(browser, 60).until(
        lambda b: b.execute_script("return window.gradkgCharts && window.gradkgCharts.done")
    )
    drawn = browser.execute_script(
        "return [window.gradkgCharts.rendered, window.gradkgCharts.failed, document.querySelectorAll('div.vega svg').length]"
    )
    assert drawn == [CHARTS, [], CHARTS]
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert fetched and all(url.startswith(server + "/") for url in fetched)
    svg_text = browser.execute_script("return document.querySelector('#chart-admitted svg').textContent")
    assert "招收人数" in svg_text and "硕博连读生" in svg_text and "209" in svg_text
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1400, min(height + 100, 8000))
    assert browser.save_screenshot(str(tmp_path / "dashboard.png"))
    if SCREENS:
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "dashboard.png", SCREENS / "dashboard-zju-1002-zh.png")
    browser.set_window_size(1400, 900)


# ---- published --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dashboards(project, build_dir) -> Dashboards:
    store = in_memory(open_read_only(build_dir / STORE_DIR).store)
    return Dashboards(Pages(project, store, LICENCE))


@pytest.fixture(scope="module")
def site(dashboards, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    urls = write_dashboards(dashboards, out)
    assert len(urls) == 2 * (1 + 1 + 119)  # a dashboard, the comparison's first page and one per indicator
    for name in SCRIPTS:
        (out / "static").mkdir(exist_ok=True)
        (out / "static" / name).write_bytes(resources.files("gradkg").joinpath("vendor", name).read_bytes())
    return out


def test_published_pages_link_relatively(site):
    html = (site / "dashboard" / "zju-1002.en.html").read_text("utf-8")
    assert '<a href="../id/programme/zju-1002.en.html" id="programme-link">Programme page</a>' in html
    assert '<a href="../compare/admitted.en.html">compare with other programmes</a>' in html
    assert '<script src="../static/vega-interpreter.js"></script>' in html
    compare = (site / "compare.html").read_text("utf-8")
    assert '<option value="compare/application-ratio.html">报录比 (:1)</option>' in compare


def test_published_dashboard_offline_from_file(browser, site):
    with offline(browser):
        browser.get((site / "dashboard" / "zju-1002.html").as_uri())
        WebDriverWait(browser, 60).until(
            lambda b: b.execute_script("return window.gradkgCharts && window.gradkgCharts.done")
        )
        assert browser.execute_script("return [window.gradkgCharts.rendered, window.gradkgCharts.failed]") == [
            CHARTS,
            [],
        ]
        browser.get((site / "compare" / "admitted.html").as_uri())
        Select(browser.find_element("id", "indicator-select")).select_by_visible_text("报录比 (:1)")
        WebDriverWait(browser, 30).until(lambda b: b.find_element("id", "indicator-name").text == "报录比")
        assert browser.current_url == (site / "compare" / "application-ratio.html").as_uri()
        WebDriverWait(browser, 60).until(
            lambda b: b.execute_script("return window.gradkgCharts && window.gradkgCharts.done")
        )
        assert browser.execute_script("return window.gradkgCharts.rendered") == 1


# ---- several programmes -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Project:
    out = synthetic_project(tmp_path_factory, "synth-dash", 3, 11)
    subprocess.run([GRADKG, "build"], env={**os.environ, "GRADKG_HOME": str(out)}, capture_output=True, check=True)
    return Project(out)


def test_programmes_side_by_side(synthetic):
    engine = LocalEngine(synthetic.root / "build" / STORE_DIR)
    rows = observations(engine, synthetic.queries, ["admitted"])
    (chart,) = charts_by_unit("admitted", rows)
    found = spec(chart, "zh")
    assert found["facet"]["row"]["field"] == "series"
    assert found["spec"]["layer"][0]["encoding"]["x"]["field"] == "programme"
    drawn = sorted((v["programme"], v["year"], v["series"], str(v["value"])) for v in found["data"]["values"])
    expected = []
    for year in ("2023", "2024"):
        for r in ask_rows(synthetic, engine, "compare-programmes", {"measure": "招收人数", "year": year}):
            series = " · ".join(x for x in (r["degree_level"], r["admission_route"]) if x and x != "合计") or "合计"
            expected.append((r["programme_name"], year, series, r["value"]))
    assert drawn == sorted(expected)
    assert len({v["programme"] for v in found["data"]["values"]}) == 3
