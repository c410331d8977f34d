"""The home page's links to the named questions work as they stand: a question with parameters is
linked with its `#+ example:` values, so following any link answers 200 with rows."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest

from gradkg.cli import main, site_origin
from gradkg.errors import GradkgError
from gradkg.querylib import list_queries, parse_query_file
from servers import free_port_in, gradkg_server


@pytest.fixture(scope="module")
def base(tmp_path_factory, build_dir):
    home = tmp_path_factory.mktemp("home")
    with gradkg_server(
        home, build_dir, "--timeout", "60", port=free_port_in(18270, 18279)
    ) as url:  # edition-changes is slow
        yield url


def test_every_question_with_required_parameters_has_an_example(project):
    for query in list_queries(project.queries):
        required = {p.name for p in query.params if not p.optional}
        assert required <= {name for name, _ in query.examples}, query.name


def test_every_home_page_link_answers(base, project):
    home = httpx.get(base + "/?lang=en", timeout=30).text
    links = [unescape(h) for h in re.findall(r'href="(/api/queries/[^"]+)"', home)]
    assert len(links) == len(list_queries(project.queries))
    assert "/api/queries/lecturers-of-course?course=%E8%A1%80%E6%B6%B2%E7%97%85%E5%AD%A6%E4%B8%93%E9%A2%98" in links
    for link in links:
        response = httpx.get(base + link, timeout=60)
        assert response.status_code == 200, (link, response.text[:200])
        bindings = response.json()["results"]["bindings"]
        assert bindings or "?" not in link, link  # every example asks something the data answers


def test_an_example_must_name_a_declared_parameter(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: s\n#+ param a: text — a\n#+ example: b=1\nSELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(GradkgError, match=r"q\.rq:3: '#\+ example:' must be NAME=VALUE"):
        parse_query_file(path)


def test_publish_with_an_endpoint_says_which_cors_origin_to_serve(tmp_path, capsys, build_dir):
    assert site_origin("https://example.org:8443/gradkg/") == "https://example.org:8443"
    out = tmp_path / "site"
    args = ["publish", "--out", str(out), "--base-url", "https://example.org/gradkg/", "--build-dir", str(build_dir)]
    assert main([*args, "--endpoint", "https://sparql.example.org/sparql"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[-1] == (
        "the query page asks https://sparql.example.org/sparql from https://example.org: "
        "serve that endpoint with `gradkg serve --cors https://example.org`"
    )
