"""/ask on the server (issue 11): a page and JSON, the same answer as the command, 400 for bad input."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from gradkg.serve.app import create_app
from gradkg.serve.settings import Settings
from gradkg.store import STORE_DIR


@pytest.fixture(scope="module")
def client(project, build_dir):
    app = create_app(project, build_dir / STORE_DIR, Settings(workers=1, timeout=20.0))
    with TestClient(app) as test_client:
        yield test_client


def test_ask_answers_in_json(client):
    reply = client.get("/ask", params={"q": "2024年招了多少直博生？", "format": "json"})
    assert reply.status_code == 200
    body = reply.json()
    assert (body["query"], body["params"]) == ("statistic", {"measure": "直博生", "year": "2024"})
    assert [(r["value"], r["edition"], r["section"]) for r in body["rows"]] == [("46", "2024", "三（一）")]


def test_ask_answers_as_a_page_in_either_language(client):
    page = client.get("/ask", params={"q": "Who teaches Topics in Haematology?", "lang": "en"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<code>lecturers-of-course</code> — Who teaches a course" in page.text
    assert "<td>黄河</td>" in page.text
    assert 'value="Who teaches Topics in Haematology?"' in page.text


def test_the_page_without_a_question_is_a_question_box(client):
    page = client.get("/ask")
    assert page.status_code == 200 and 'id="ask-form"' in page.text and 'id="ask-reading"' not in page.text


def test_an_unanswerable_question_links_questions_that_can_be_asked(client):
    page = client.get("/ask", params={"q": "今天天气怎么样？"})
    assert page.status_code == 200 and 'id="ask-cannot"' in page.text
    assert f'href="/ask?lang=zh&amp;q={quote("谁讲血液病学专题？")}"' in page.text


@pytest.mark.parametrize(
    "question",
    ["", "  ", "x" * 10_000, "谁讲\x00血液病学", "Кто читает курс гематологии?"],
)
def test_bad_questions_get_400_as_json_and_as_a_page(client, question):
    as_json = client.get("/ask", params={"q": question, "format": "json"})
    page = client.get("/ask", params={"q": question})
    assert (as_json.status_code, page.status_code) == (400, 400)
    assert as_json.headers["content-type"].startswith("text/plain") and 'id="ask-error"' in page.text


def test_json_without_a_question_is_400(client):
    assert client.get("/ask", params={"format": "json"}).status_code == 400


def test_markup_in_a_question_is_escaped(client):
    page = client.get("/ask", params={"q": "谁讲<script>alert(1)</script>血液病学专题"})
    assert page.status_code == 200 and "<script>alert" not in page.text


def test_search_answers_in_json_with_type_programme_and_editions(client):
    reply = client.get("/search", params={"q": "huang he", "format": "json"})
    assert reply.status_code == 200
    assert [(h["label"], h["types"], h["programmes"], h["editions"]) for h in reply.json()] == [
        ("黄河", ["Person"], ["zju-1002"], ["2023", "2024"]),
        ("黄河团队", ["Team"], ["zju-1002"], ["2024"]),
    ]


def test_search_page_links_each_hit_and_every_page_has_a_search_box(client):
    page = client.get("/search", params={"q": "血液病学", "lang": "en"})
    assert page.status_code == 200
    assert '<a href="/id/zju-1002/course/topics-haematology?lang=en">Topics in Haematology</a>' in page.text
    assert 'id="nav-search"' in client.get("/").text


@pytest.mark.parametrize("term", ["", "《》", "a\x1bb", "x" * 1000])
def test_bad_search_terms_get_400(client, term):
    assert client.get("/search", params={"q": term, "format": "json"}).status_code == 400
    assert client.get("/search", params={"q": term}).status_code == 400


def test_the_api_takes_names_as_people_type_them_and_says_how_it_read_them(client):
    from urllib.parse import unquote

    reply = client.get("/api/queries/statistic", params={"measure": "直博生", "year": "2024"})
    assert reply.status_code == 200
    assert [b["value"]["value"] for b in reply.json()["results"]["bindings"]] == ["46"]
    assert (
        unquote(reply.headers["x-gradkg-hint"]) == "measure '直博生': 直博生 is a value of route; showing route=直博生"
    )
    reply = client.get("/api/queries/lecturers-of-course", params={"course": "血液病学"})
    assert [b["lecturer"]["value"] for b in reply.json()["results"]["bindings"]] == ["黄河"]
    assert (
        unquote(reply.headers["x-gradkg-hint"]) == "course '血液病学' taken as 血液病学专题 (by the start of its name)"
    )
