"""Cross-programme questions over synthetic programmes (bench/synth.py), answered exactly from its manifest.

Three programmes made from zju-1002 are built with ``gradkg build`` in a temporary project; the
manifest records what was planted (contradictions, namesakes, dropped and added courses and
documents), so every answer below is known before the query runs: each planted contradiction
found once, no false alarm, exactly the confirmed and the unconfirmed namesakes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from gradkg.engine import LocalEngine
from gradkg.named import ask_rows
from gradkg.project import Project
from gradkg.store import STORE_DIR
from gradkg.views import load_view

sys.path.insert(0, str(ROOT / "bench"))
from synth import synthesise

PROGRAMMES, SEED = 3, 7
GRADKG = str(Path(sys.executable).parent / "gradkg")
DOCUMENT = "https://w3id.org/gradkg/id/document/zjumed-2021-24"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict, str]:
    out = tmp_path_factory.mktemp("synth") / "project"
    manifest = synthesise(PROGRAMMES, SEED, out)
    done = subprocess.run(
        [GRADKG, "build"], env={**os.environ, "GRADKG_HOME": str(out)}, capture_output=True, text=True, check=True
    )
    return Project(out), manifest, done.stdout


@pytest.fixture(scope="module")
def answer(synthetic):
    project, _, _ = synthetic
    engine = LocalEngine(project.root / "build" / STORE_DIR)

    def run(name: str, **params: str) -> list[tuple[str, ...]]:
        return [tuple(r.values()) for r in ask_rows(project, engine, name, params)]

    return run


def test_the_fixture_plants_something_of_each_kind(synthetic):
    _, manifest, _ = synthetic
    assert sum(len(v) for v in manifest["planted"].values()) > 0
    assert manifest["shared_lecturers"] and manifest["possible_same_person"] and manifest["namesakes"]["other-school"]


def test_the_build_warns_once_per_planted_contradiction(synthetic):
    _, manifest, output = synthetic
    planted = sum(len(v) for v in manifest["planted"].values())
    assert f"conforms (0 violations, {planted} warnings)" in output


def test_consistency_finds_every_planted_contradiction_and_nothing_else(synthetic, answer):
    _, manifest, _ = synthetic
    rows = [r for r in answer("consistency") if r[7] == "contradiction"]  # the planted ones are contradictions
    found = sorted((r[0], r[-1]) for r in rows)
    assert found == sorted((p, obs) for p, observations in manifest["planted"].items() for obs in observations)


def test_stated_and_computed_numbers_are_the_planted_ones(synthetic, answer):
    _, manifest, _ = synthetic
    planted = {c["observation"]: c for p in manifest["programmes"].values() for c in p["contradictions"]}
    for row in (r for r in answer("consistency") if r[7] == "contradiction"):
        contradiction = planted[row[-1]]
        stated = re.search(r"[0-9.]+", row[2]).group()  # "142人", "5.9:1", "100.03%"
        assert (row[4], stated) == (contradiction["edition"], contradiction["stated"])
        assert float(row[3]) == pytest.approx(float(contradiction["computed"]), abs=0.05)


def counts(programme: dict) -> list[str]:
    return [str(programme[k]) for k in ("observations", "courses", "rules", "documents")]


def test_programmes(synthetic, answer):
    _, manifest, _ = synthetic
    expected = [
        (pid, p["names"]["zh"], p["code"], "浙江大学", " ".join(p["editions"]), *counts(p))
        for pid, p in sorted(manifest["programmes"].items())
    ]
    got = [(*r[:4], " ".join(sorted(r[4].split())), *r[5:]) for r in answer("programmes")]
    assert got == expected


def test_programmes_citing_a_shared_document_is_one_join(synthetic, answer, rows):
    _, manifest, _ = synthetic
    real = rows("programmes-citing", document=DOCUMENT)
    expected = [
        (pid, p["names"]["zh"], *r[2:])
        for pid, p in sorted(manifest["programmes"].items())
        if DOCUMENT not in p["dropped_documents"]
        for r in real
    ]
    assert answer("programmes-citing", document="浙大医学院发〔2021〕24号") == expected


def test_programmes_citing_a_synthetic_document(synthetic, answer):
    _, manifest, _ = synthetic
    document = "https://w3id.org/gradkg/id/document/synth-0001"
    citing = [pid for pid, p in sorted(manifest["programmes"].items()) if document in p["pool_documents"]]
    assert [(r[0], r[3], r[4]) for r in answer("programmes-citing", document=document)] == [
        (pid, "2024", "三（八）") for pid in citing
    ]


def test_compare_programmes_ranks_every_programme_in_each_breakdown(answer):
    rows = answer("compare-programmes", measure="students admitted", year="2023")
    breakdowns: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for r in rows:
        breakdowns.setdefault(r[1:4], []).append((r[4], float(r[6])))
    assert len(breakdowns) == 7
    for ranked in breakdowns.values():
        assert sorted(p for p, _ in ranked) == ["synth-0001", "synth-0002", "synth-0003"]
        assert [v for _, v in ranked] == sorted((v for _, v in ranked), reverse=True)


def test_shared_lecturers_are_the_confirmed_namesakes(synthetic, answer):
    _, manifest, _ = synthetic
    expected = sorted(
        (s["name"], s["programme"], s["course"], s["edition"], s["person"]) for s in manifest["shared_lecturers"]
    )
    assert sorted(answer("shared-lecturers")) == expected


def test_possible_same_person_is_the_unconfirmed_namesakes(synthetic, answer):
    _, manifest, _ = synthetic
    expected = sorted(
        (c["name"], "医学院", c["programme"], c["person"], c["other_programme"], c["other_person"])
        for c in manifest["possible_same_person"]
    )
    assert sorted(answer("possible-same-person")) == expected


def test_the_same_seed_gives_the_same_project(synthetic, tmp_path):
    project, manifest, _ = synthetic
    again = synthesise(PROGRAMMES, SEED, tmp_path / "again")
    assert again == manifest
    for path in sorted((project.data).rglob("*.ttl")):
        assert (tmp_path / "again" / path.relative_to(project.root)).read_bytes() == path.read_bytes(), path
    assert json.loads((tmp_path / "again" / "synth-manifest.json").read_text(encoding="utf-8")) == manifest


def test_programmes_view(synthetic):
    """Programmes, the documents each cites, the platforms they share, the lecturers owl:sameAs links."""
    project, manifest, _ = synthetic
    view = load_view(project, LocalEngine(project.root / "build" / STORE_DIR), "programmes", "en")
    by_type: dict[str, set[str]] = {}
    for node, data in view.nodes(data=True):
        by_type.setdefault(data["type"], set()).add(node)
    programmes = {f"https://w3id.org/gradkg/id/programme/{pid}" for pid in manifest["programmes"]}
    assert by_type["gk:DegreeProgramme"] == programmes
    assert by_type["schema:Person"] == {s["person"] for s in manifest["shared_lecturers"]}
    for pid, details in manifest["programmes"].items():
        cited = {
            t
            for _, t in view.out_edges(f"https://w3id.org/gradkg/id/programme/{pid}")
            if t in by_type["gk:PolicyDocument"]
        }
        assert len(cited) == details["documents"]
        assert set(details["pool_documents"]) <= cited
    same_as = [(s, t) for s, t, d in view.edges(data=True) if d["predicate"].endswith("#sameAs")]
    confirmed = manifest["namesakes"]["confirmed"]
    assert len(same_as) == sum(len(g["members"]) - 1 for g in confirmed)
    assert by_type["gk:Platform"]  # every synthetic programme keeps zju-1002's platforms: all shared
