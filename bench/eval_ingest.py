"""Leave-one-edition-out evaluation of `gradkg ingest` (issue 10).

For each direction (2023 → 2024 and 2024 → 2023) the target edition's text is ingested knowing
only the other edition and the reference data, the draft is written to a scratch folder, validated
and scored against the curated target edition, category by category. Prints a table per direction,
then one JSON line with every figure.

Statistics are scored four ways (gradkg.ingest.scoring.statistics_scores). "statistics" is
exact: indicator, every dimension and value equal, from a section the curated observation cites;
its precision is over the drafts under terms the draft knew (a draft under an indicator or a
category it defines itself is a proposal for review, not such a claim). "statistics reachable"
counts only the curated observations whose indicator and dimensions the draft could know (none
first used in the left-out edition). "new terms by label" scores the rest against the proposals:
a defined term agrees with a curated one when its zh label equals, width and spaces folded, the
curated term's zh skos:prefLabel or a zh skos:altLabel. "statistics by label" is every curated
observation against every draft that way. Nothing here knows the two texts: the perturbed report
in the tests scores the same way.

    python bench/eval_ingest.py [--programme zju-1002]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from gradkg.ingest import draft_edition
from gradkg.ingest.knowledge import KnownEdition
from gradkg.ingest.review import review_csv, review_markdown
from gradkg.ingest.scoring import conforms, first_used, numbers_accounted, score_draft, validation_files
from gradkg.ingest.sections import split_sections
from gradkg.ingest.writer import write_draft
from gradkg.project import find_project


def run_direction(project, programme: str, known: str, target: str, scratch: Path) -> dict:
    """Ingest ``target`` knowing only ``known``; score the draft against the curated ``target``."""
    report = project.data / programme / target / "report.ttl"
    source_name = next(
        line.split('"')[1] for line in report.read_text(encoding="utf-8").splitlines() if "gk:sourceFile" in line
    )
    text = (project.data / "sources" / source_name).read_text(encoding="utf-8")
    editions = [KnownEdition(programme, known, tuple(project.edition_files(programme, known)), None)]
    hidden = first_used(project.edition_files(programme, target), list(editions[0].files))
    started = time.perf_counter()
    draft, leftovers = draft_edition(project, text, programme, target, source_name, known=editions, hide=hidden)
    seconds = time.perf_counter() - started
    total, used, listed = numbers_accounted(split_sections(text), draft)
    out = scratch / f"{known}-to-{target}"
    review = {"review.md": review_markdown(draft, source_name), "review.csv": review_csv(draft)}
    files = [f for f in write_draft(draft, out, True, source_name, review) if f.suffix == ".ttl"]
    scores = score_draft(project, project.edition_files(programme, target), draft.graph, files, hidden)
    beside = validation_files(draft.graph, files, project.programme_file(programme), list(editions[0].files))
    ok, violations, warnings = conforms(project, beside)
    return {
        "direction": f"{known}->{target}",
        "seconds": round(seconds, 2),
        "numbers_not_drafted_listed": leftovers,
        "numbers_in_text": {
            "total": total,
            "drafted": used,
            "listed": listed,
            "accounted": round((used + listed) / total, 4),
        },
        "reference_terms_hidden": sorted(str(t).removeprefix("https://w3id.org/gradkg/id/") for t in hidden),
        "validate": {"conforms": ok, "violations": violations, "warnings": warnings},
        "categories": {
            s.category: {
                "curated": s.curated,
                "drafted": s.drafted,
                "recall": round(s.recall, 4),
                "precision": round(s.precision, 4),
            }
            for s in scores
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", default="zju-1002")
    args = parser.parse_args()
    project = find_project()
    years = project.editions(args.programme)
    if len(years) < 2:
        sys.exit(f"{args.programme} needs two editions to leave one out")
    results = []
    with tempfile.TemporaryDirectory(prefix="gradkg-eval-") as scratch:
        for known, target in ((years[0], years[1]), (years[1], years[0])):
            result = run_direction(project, args.programme, known, target, Path(scratch))
            results.append(result)
            print(f"\n{result['direction']}  ({result['seconds']} s; validate: {result['validate']})")
            print(f"{'category':<20} {'curated':>7} {'drafted':>7} {'recall':>7} {'precision':>9}")
            for name, c in result["categories"].items():
                print(f"{name:<20} {c['curated']:>7} {c['drafted']:>7} {c['recall']:>7.1%} {c['precision']:>9.1%}")
            print(f"numbers not drafted, listed for review: {result['numbers_not_drafted_listed']}")
            n = result["numbers_in_text"]
            print(f"numbers in the running text: {n['total']}, drafted {n['drafted']}, listed {n['listed']} "
                  f"({n['accounted']:.1%} accounted for)")  # fmt: skip
    print(json.dumps({"eval_ingest": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
