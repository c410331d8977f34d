"""Each unit's SHACL findings on disk, under the content hash of everything they depend on.

An edition that did not change is not validated again: ``build/cache/validation/<key>.json``
holds its results and, for each, its part of the SHACL report (N-Triples), so that a build whose
editions all come from the cache still writes the whole ``validation-report.ttl``. A file that
cannot be read back (an older layout, a disk error) is a miss, never an error.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from gradkg.atomic import write_bytes
from gradkg.validation import Result


@dataclass(frozen=True)
class Finding:
    """A result and the triples of the SHACL report that state it."""

    result: Result
    report: str


def load(folder: Path, key: str) -> list[Finding] | None:
    try:
        body = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        return [Finding(Result(**f["result"]), f["report"]) for f in body["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(folder: Path, key: str, findings: list[Finding]) -> None:
    body = {"findings": [{"result": asdict(f.result), "report": f.report} for f in findings]}
    write_bytes(folder / f"{key}.json", json.dumps(body, ensure_ascii=False).encode("utf-8"))
