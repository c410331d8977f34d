"""HTTP caching and compression of what gradkg serve derives from the build, seen by a real client."""

from __future__ import annotations

import gzip
from email.utils import parsedate_to_datetime

import httpx
import pytest

from servers import free_port_in, gradkg_server

COURSE = "/id/zju-1002/course/topics-haematology"
ALTERNATES = {
    ("topics-haematology.ttl", "text/turtle"),
    ("topics-haematology.jsonld", "application/ld+json"),
    ("topics-haematology.trig", "application/trig"),
    ("topics-haematology.nt", "application/n-triples"),
    ("topics-haematology.rdf", "application/rdf+xml"),
    ("topics-haematology?lang=zh", "text/html"),
    ("topics-haematology?lang=en", "text/html"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory, build_dir):
    with gradkg_server(tmp_path_factory.mktemp("caching"), build_dir, port=free_port_in(18200, 18249)) as url:
        yield url


def get(base: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(base + path, headers={"Accept-Encoding": "identity", **headers}, timeout=30)


def links(response: httpx.Response) -> set[tuple[str, str]]:
    return {(link["url"], link["type"]) for link in response.links.values()} | {
        (part.split(">")[0].strip(" <"), part.split('type="')[1].split('"')[0])
        for part in response.headers["link"].split(", <")
    }


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json", "application/rdf+xml"])
def test_every_representation_has_validators_and_names_every_other(base, accept):
    response = get(base, COURSE, Accept=accept)
    assert response.status_code == 200
    etag = response.headers["etag"]
    assert etag.startswith('"store-') and etag.endswith('"')  # strong: no W/
    assert parsedate_to_datetime(response.headers["last-modified"]).year >= 2026
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "Accept-Encoding" in response.headers["vary"]
    if accept == "application/ld+json":  # pyld's loader fails on several rel="alternate" links: JSON-LD gets none
        assert "link" not in response.headers
    else:
        assert links(response) == ALTERNATES


def test_a_suffixed_variant_also_names_every_other(base):
    response = get(base, COURSE + ".ttl")
    assert response.headers["content-type"].startswith("text/turtle")
    assert links(response) == ALTERNATES
    assert "etag" in response.headers


def test_variants_have_different_etags(base):
    tags = {
        get(base, COURSE, Accept="text/turtle").headers["etag"],
        get(base, COURSE, Accept="application/ld+json").headers["etag"],
        get(base, COURSE, **{"Accept-Language": "zh"}).headers["etag"],
        get(base, COURSE, **{"Accept-Language": "en"}).headers["etag"],
        httpx.get(base + COURSE, headers={"Accept-Encoding": "gzip"}, timeout=30).headers["etag"],
    }
    assert len(tags) == 5


def test_if_none_match_gets_304_with_the_same_validators(base):
    first = get(base, COURSE, Accept="text/turtle")
    again = get(base, COURSE, Accept="text/turtle", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "public, max-age=300"
    other = get(base, COURSE, Accept="application/ld+json", **{"If-None-Match": first.headers["etag"]})
    assert other.status_code == 200  # another variant's tag does not match
    assert get(base, COURSE, **{"If-None-Match": "*"}).status_code == 304


def test_if_modified_since(base):
    first = get(base, "/")
    assert get(base, "/", **{"If-Modified-Since": first.headers["last-modified"]}).status_code == 304
    assert get(base, "/", **{"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}).status_code == 200
    # If-None-Match wins: a stale tag gets the body even with a current date (RFC 9110 §13.2.2)
    stale = {"If-None-Match": '"store-old-0"', "If-Modified-Since": first.headers["last-modified"]}
    assert get(base, "/", **stale).status_code == 200
    assert get(base, "/", **{"If-Modified-Since": "not a date"}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/ontology", "/class/Course", "/void.ttl", "/query", COURSE])
def test_pages_and_descriptions_are_cached_and_compressed(base, path):
    response = httpx.get(base + path, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"].count("Accept-Encoding") == 1
    assert response.headers["etag"].startswith('"store-')
    raw = httpx.get(base + path, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert "content-encoding" not in raw.headers
    with httpx.stream("GET", base + path, headers={"Accept-Encoding": "gzip"}, timeout=30) as streamed:
        body = b"".join(streamed.iter_raw())
    assert gzip.decompress(body) == raw.content


def test_errors_and_queries_carry_no_build_validators(base):
    assert "etag" not in get(base, "/id/no/such/thing").headers
    assert "etag" not in get(base, "/sparql?query=ASK%7B%7D").headers
