"""Each unit's findings on disk, under the content hash of everything they depend on.

An edition that did not change is not validated again: ``build/cache/validation/<key>.json``
holds its results and, for each, its part of the SHACL report (N-Triples), so that a build whose
editions all come from the cache still writes the whole ``validation-report.ttl``; and the unit's
own rows of the consistency question (SPARQL JSON bindings), from which the build assembles the
whole store's answer (gradkg.validation.answer). A file that cannot be read back (an older layout,
a disk error) is a miss, never an error.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from gradkg.atomic import write_bytes
from gradkg.checks import Row
from gradkg.validation import Result


@dataclass(frozen=True)
class Finding:
    """A result and the triples of the SHACL report that state it."""

    result: Result
    report: str


@dataclass(frozen=True)
class UnitFindings:
    """What one unit found: its findings, and its rows of the consistency question with their variables."""

    findings: list[Finding]
    variables: list[str]
    rows: list[Row]


def load(folder: Path, key: str) -> UnitFindings | None:
    try:
        body = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        findings = [Finding(Result(**f["result"]), f["report"]) for f in body["findings"]]
        consistency = body["consistency"]
        variables, rows = consistency["vars"], consistency["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(variables, list) or not isinstance(rows, list):
        return None
    return UnitFindings(findings, variables, rows)


def save(folder: Path, key: str, checked: UnitFindings) -> None:
    body = {
        "findings": [{"result": asdict(f.result), "report": f.report} for f in checked.findings],
        "consistency": {"vars": checked.variables, "rows": checked.rows},
    }
    write_bytes(folder / f"{key}.json", json.dumps(body, ensure_ascii=False).encode("utf-8"))
