"""Write a gradkg project of N synthetic programmes made from the real zju-1002 editions, with a manifest.

Each programme is zju-1002 moved to its own id (``synth-0001``, code ``S0001``): every
programme-scoped IRI rewritten, its numbers rebalanced so every stored consistency relation holds
except 0–3 planted ones (bench/synth_numbers.py), a few courses and documents dropped or added,
and every person renamed. A few lecturers are planted in two or three programmes under one name
and school: some linked by owl:sameAs (the answer to ``shared-lecturers``), some not (the answer to
``possible-same-person``), and some namesakes at another school (the answer to neither). The
manifest (``synth-manifest.json``) records all of this, so questions over the project have exact
expected answers. The same seed and N give the same bytes.

Usage: python bench/synth.py --programmes N --seed S --out DIR
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_names import Name, NamePool
from synth_numbers import GK, RDF_TYPE, read_checks
from synth_programme import Generated, generate, programme_names

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "zju-1002"
BASE = "https://w3id.org/gradkg/id/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
SCHEMA = "https://schema.org/"
ZJU_MED = BASE + "organisation/zju-med"
OTHER_SCHOOL = BASE + "organisation/zju-computer-science"
PREFIXES = {
    "gk": GK,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": SCHEMA,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "qb": "http://purl.org/linked-data/cube#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
Files = dict[str, list[ox.Triple]]


def programme_id(index: int) -> str:
    return f"synth-{index:04d}"


@dataclass
class Template:
    """The real programme's files, parsed once, and what the generator needs to know about them."""

    files: Files
    kept: set[str]  # IRIs under the programme that the reference data defines: never moved
    lecturers: dict[str, list[str]]  # course → its lecturers
    documents: list[str]
    people: list[str]
    schooled: set[str]  # people with a school (schema:affiliation)
    checks: list[tuple[str, str]]  # (edition, check IRI)

    @classmethod
    def read(cls, root: Path) -> Template:
        folder = root / "data" / TEMPLATE
        files = {str(p.relative_to(folder)): list(ox.parse(path=p)) for p in sorted(folder.rglob("*.ttl"))}
        kept = {t.subject.value for p in (root / "data" / "reference").glob("*.ttl") for t in ox.parse(path=p)}
        typed, lecturers, schooled = defaultdict(set), defaultdict(set), set()
        for t in itertools.chain.from_iterable(files.values()):
            if t.predicate.value == RDF_TYPE:
                typed[t.object.value].add(t.subject.value)
            elif t.predicate.value == GK + "lecturer":
                lecturers[t.subject.value].add(t.object.value)
            elif t.predicate.value == SCHEMA + "affiliation":
                schooled.add(t.subject.value)
        checks = [
            (edition, check)
            for edition in sorted({name.split("/")[0] for name in files if "/" in name})
            for check in read_checks(t for name, ts in files.items() if name.startswith(edition + "/") for t in ts)
        ]
        return cls(
            files,
            kept,
            {c: sorted(lecturers[c]) for c in sorted(typed[GK + "Course"])},
            sorted(typed[GK + "PolicyDocument"]),
            sorted(typed[SCHEMA + "Person"]),
            schooled,
            checks,
        )

    def listed(self) -> set[str]:
        """What the count relations name as members."""
        return {t.object.value for ts in self.files.values() for t in ts if t.predicate.value == GK + "member"}

    @property
    def editions(self) -> list[str]:
        return sorted({name.split("/")[0] for name in self.files if "/" in name})


@dataclass
class Plan:
    """What one synthetic programme changes, decided before any file is written."""

    index: int
    dropped_courses: list[str]
    added_courses: list[str]  # template courses to copy as new ones
    dropped_documents: list[str]
    pool_documents: list[int]
    planted: list[tuple[str, str]]  # (edition, template check IRI)
    names: dict[str, Name] = field(default_factory=dict)  # template person → name
    affiliation: dict[str, str] = field(default_factory=dict)  # template person → school
    same_as: dict[str, str] = field(default_factory=dict)  # template person → person IRI elsewhere

    @property
    def id(self) -> str:
        return programme_id(self.index)

    def person(self, template_person: str) -> str:
        return f"{BASE}{self.id}/person/{self.names[template_person].slug}"

    def lecturers(self, template: Template) -> list[str]:
        """Template people who still teach a course here and have a school: candidates for planting."""
        kept = [c for c in template.lecturers if c not in self.dropped_courses]
        return sorted({p for c in kept for p in template.lecturers[c] if p in template.schooled})


def pool_size(programmes: int) -> int:
    """How many synthetic documents the programmes cite between them (each cites up to two)."""
    return max(2, programmes // 3)


def make_plan(index: int, template: Template, seed: int, pool: int) -> Plan:
    rng = random.Random(f"{seed}:{index}")
    listed = template.listed()  # a count relation's members stay, or the relation would list nothing
    courses = list(template.lecturers)
    dropped = sorted(rng.sample([c for c in courses if c not in listed], rng.randint(0, 2)))
    tabled = [c for c in courses if c not in dropped and template.lecturers[c]]
    return Plan(
        index=index,
        dropped_courses=dropped,
        added_courses=sorted(rng.sample(tabled, rng.randint(0, 2))),
        dropped_documents=sorted(rng.sample([d for d in template.documents if d not in listed], rng.randint(0, 2))),
        pool_documents=sorted(rng.sample(range(1, pool + 1), rng.randint(0, 2))),
        planted=sorted(rng.sample(template.checks, rng.randint(0, 3))),
    )


def plant_people(plans: list[Plan], template: Template, seed: int) -> dict[str, list[dict]]:
    """Name everyone; plant namesakes across programmes. Returns the groups planted, by kind."""
    rng = random.Random(f"{seed}:people")
    pool = NamePool(seed)
    teaching = {p.id: p.lecturers(template) for p in plans}
    groups: dict[str, list[dict]] = {"confirmed": [], "unconfirmed": [], "other-school": []}
    if len(plans) >= 2:
        counts = {"confirmed": max(1, len(plans) // 5), "unconfirmed": max(1, len(plans) // 5)}
        counts["other-school"] = max(1, len(plans) // 10)
        for kind, count in counts.items():
            for _ in range(count):
                size = min(len(plans), rng.choice([2, 2, 3]))
                chosen = [p for p in rng.sample(plans, size) if teaching[p.id]]
                if len(chosen) < 2:
                    continue
                name, members = _fresh(pool, chosen), []
                for position, plan in enumerate(sorted(chosen, key=lambda p: p.index)):
                    person = rng.choice(teaching[plan.id])
                    teaching[plan.id].remove(person)
                    plan.names[person] = name
                    school = OTHER_SCHOOL if kind == "other-school" and position else ZJU_MED
                    plan.affiliation[person] = school
                    members.append((plan, person))
                if kind == "confirmed":
                    first = members[0][0].person(members[0][1])
                    for plan, person in members[1:]:
                        plan.same_as[person] = first
                groups[kind].append(
                    {"name": name.zh, "members": [{"programme": p.id, "person": p.person(x)} for p, x in members]}
                )
    for plan in plans:
        for person in template.people:
            if person not in plan.names:
                plan.names[person] = _fresh(pool, [plan])
    return groups


def _fresh(pool: NamePool, plans: list[Plan]) -> Name:
    """A new name whose IRI slug no person of these programmes has (徐 and 许 are both Xu)."""
    taken = {n.slug for plan in plans for n in plan.names.values()}
    name = pool.take()
    while name.slug in taken:
        name = pool.take()
    return name


def _count(files: Files, cls: str) -> int:
    typed = (t for ts in files.values() for t in ts if t.predicate.value == RDF_TYPE)
    return len({t.subject.value for t in typed if t.object.value == cls})


def taught(files: Files, people: set[str], editions: list[str]) -> list[dict[str, str]]:
    """Who of ``people`` teaches which course in which edition, with the course's Chinese name."""
    rows = []
    for edition in editions:
        triples = [t for name, ts in files.items() if name.startswith(edition + "/") for t in ts]
        courses = {
            t.subject.value: t.object.value
            for t in triples
            if t.predicate.value == SKOS_LABEL and t.object.language == "zh"
        }
        for t in triples:
            if t.predicate.value == GK + "lecturer" and t.object.value in people:
                rows.append({"person": t.object.value, "course": courses[t.subject.value], "edition": edition})
    return rows


def write_files(folder: Path, files: Files) -> None:
    for name, triples in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        ox.serialize(ordered, str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def copy_project(out: Path) -> None:
    """The repository's ontology, questions and reference data: everything but the programmes."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: not empty; give a new or empty folder")
    for part in ("ontology", "queries", "data/reference"):
        shutil.copytree(ROOT / part, out / part)


def synthesise(programmes: int, seed: int, out: Path) -> dict:
    """Write the project and its manifest at ``out``; return the manifest."""
    copy_project(out)
    template = Template.read(ROOT)
    plans = [make_plan(i, template, seed, pool_size(programmes)) for i in range(1, programmes + 1)]
    groups = plant_people(plans, template, seed)
    confirmed = {m["person"] for g in groups["confirmed"] for m in g["members"]}
    manifest: dict = {"seed": seed, "template": TEMPLATE, "programmes": {}, "planted": {}, "shared_lecturers": []}
    for plan in plans:
        made = generate(plan, template, seed)
        write_files(out / "data" / plan.id, made.files)
        manifest["planted"][plan.id] = sorted(p.observation for _, p in made.planted)
        manifest["programmes"][plan.id] = _describe(plan, made, template)
        for row in taught(made.files, confirmed, template.editions):
            name = next(g["name"] for g in groups["confirmed"] if row["person"] in {m["person"] for m in g["members"]})
            manifest["shared_lecturers"].append({"name": name, "programme": plan.id, **row})
    manifest["namesakes"] = groups
    manifest["possible_same_person"] = [
        {"name": g["name"], "person": a["person"], "programme": a["programme"],
         "other_person": b["person"], "other_programme": b["programme"]}
        for g in groups["unconfirmed"]
        for a, b in itertools.combinations(sorted(g["members"], key=lambda m: m["person"]), 2)
    ]  # fmt: skip
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (out / "synth-manifest.json").write_text(text, encoding="utf-8")
    return manifest


def _describe(plan: Plan, made: Generated, template: Template) -> dict:
    return {
        "code": f"S{plan.index:04d}",
        "names": programme_names(plan.index),
        "editions": template.editions,
        "observations": _count(made.files, "http://purl.org/linked-data/cube#Observation"),
        "courses": _count(made.files, GK + "Course"),
        "rules": _count(made.files, GK + "Rule"),
        "documents": _count(made.files, GK + "PolicyDocument"),
        "dropped_courses": plan.dropped_courses,
        "added_courses": plan.added_courses,
        "dropped_documents": plan.dropped_documents,
        "pool_documents": [f"{BASE}document/synth-{n:04d}" for n in plan.pool_documents],
        "contradictions": [
            {"edition": e, "check": p.check, "observation": p.observation, "stated": p.stated, "computed": p.computed}
            for e, p in made.planted
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programmes", type=int, required=True, help="how many synthetic programmes")
    parser.add_argument("--seed", type=int, default=1, help="the seed: the same seed gives the same project")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder for the project")
    args = parser.parse_args(argv)
    manifest = synthesise(args.programmes, args.seed, args.out)
    planted = sum(len(v) for v in manifest["planted"].values())
    print(f"wrote {args.programmes} programmes to {args.out} ({planted} planted contradictions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
