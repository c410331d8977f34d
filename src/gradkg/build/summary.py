"""What ``gradkg build`` prints: triples per graph, the verdict, the editions validated, the files written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gradkg.validation import Outcome


@dataclass
class BuildSummary:
    triples: dict[str, int]
    outcome: Outcome
    validated: list[str]
    cached: list[str]
    parsed: int  # graphs parsed now; the others came from the cache
    graphs: int
    store: str = ""  # how the store was written, when it was
    written: list[Path] = field(default_factory=list)


def format_summary(summary: BuildSummary, root: Path) -> str:
    lines = ["gradkg build"]
    for name, count in summary.triples.items():
        lines.append(f"  {name + ':':<18} {count:>7} triples")
    violations, warnings = summary.outcome.count("Violation"), summary.outcome.count("Warning")
    verdict = "conforms" if violations == 0 else "DOES NOT CONFORM"
    lines.append(f"  {'validation:':<18} {verdict} ({violations} violations, {warnings} warnings)")
    validated, cached = len(summary.validated), len(summary.cached)
    lines.append(f"  {'editions:':<18} {validated} validated, {cached} from the cache")
    lines.append(f"  {'graphs:':<18} {summary.parsed} parsed, {summary.graphs - summary.parsed} from the cache")
    if summary.store:
        lines.append(f"  {'store:':<18} {summary.store}")
    for path in summary.written:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        lines.append(f"  {'wrote:':<18} {shown}")
    if violations:
        lines.append("  run `gradkg validate` to see which resource breaks which rule; the store was not written")
    return "\n".join(lines) + "\n"
