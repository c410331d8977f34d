"""Write a draft as the project's topic files and its review, all at once or not at all.

Everything is written into a new folder beside the target, which then replaces the target in two
renames, so a failure half-way (a full disk) leaves the old folder as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import Graph

from gradkg.errors import GradkgError
from gradkg.ingest.model import Draft
from gradkg.project import BASE

PREFIXES = {
    "gk": "https://w3id.org/gradkg/ontology#",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "doco": "http://purl.org/spar/doco/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ind": BASE + "indicator/",
    "unit": BASE + "unit/",
    "lvl": BASE + "degree-level/",
    "route": BASE + "admission-route/",
    "cat": BASE + "category/",
    "ds": BASE + "dataset/",
    "doc": BASE + "document/",
    "orgn": BASE + "organisation/",
    "p": BASE + "process/",
    "opd": BASE + "operand/",
    "ct": BASE + "course-type/",
    "lang": BASE + "language/",
    "prog": BASE + "programme/",
}
HEADER = "# Drafted by `gradkg ingest` from {source}: review every fact against review.md before building.\n"


def topic_graphs(draft: Draft) -> dict[str, Graph]:
    """The draft's triples split by topic file; a subject nobody placed goes with the report."""
    graphs: dict[str, Graph] = {}
    scoped = {
        "s": f"{BASE}{draft.programme}/{draft.edition}/section/",
        "obs": f"{BASE}{draft.programme}/{draft.edition}/observation/",
        "chk": f"{BASE}{draft.programme}/{draft.edition}/check/",
        "course": f"{BASE}{draft.programme}/course/",
        "person": f"{BASE}{draft.programme}/person/",
        "rule": f"{BASE}{draft.programme}/rule/",
    }
    for s, p, o in draft.graph:
        topic = draft.files.get(s, "report")  # type: ignore[arg-type]
        if topic not in graphs:
            graphs[topic] = Graph()
            for prefix, ns in {**PREFIXES, **scoped}.items():
                graphs[topic].bind(prefix, ns, override=True, replace=True)
        graphs[topic].add((s, p, o))
    return graphs


def write_draft(draft: Draft, out: Path, force: bool, source: str, review: dict[str, str]) -> list[Path]:
    """Write every topic file and the review files into ``out``; refuse to replace it without force."""
    if out.exists() and not out.is_dir():
        raise GradkgError(f"--out {out}: is a file, not a folder")
    if out.exists() and any(out.iterdir()) and not force:
        raise GradkgError(f"{out}: already holds an edition; give --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        written = []
        for topic, graph in sorted(topic_graphs(draft).items()):
            path = staging / f"{topic}.ttl"
            path.write_text(HEADER.format(source=source) + graph.serialize(format="turtle"), encoding="utf-8")
            written.append(out / path.name)
        for name, text in review.items():
            (staging / name).write_text(text, encoding="utf-8")
            written.append(out / name)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return written
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
