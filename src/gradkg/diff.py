"""``gradkg diff FROM TO``: what changed between two editions, for people (text) and tools (json, csv).

It reads three answers of the question library (compare-years, edition-changes, and the reports'
own caveats) so that the same changes can be asked for over SPARQL.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.labels import Translator
from gradkg.named import as_rows, ask_rows
from gradkg.params import year_term
from gradkg.project import Project, programme_iri
from gradkg.querylib import bind_values, parse_query_file

CSV_COLUMNS = [
    "change",
    "kind",
    "name",
    "breakdown",
    "from_value",
    "to_value",
    "absolute_change",
    "relative_change",
    "unit",
    "earlier_wording",
]


@dataclass
class EditionDiff:
    years: tuple[str, str]
    statistics: list[dict[str, str]]
    changes: list[dict[str, str]]
    caveats: list[dict[str, str]]

    def of(self, change: str) -> list[dict[str, str]]:
        return [c for c in self.changes if c["change"] == change]


def compare(project: Project, engine: Engine, programme: str, earlier: str, later: str, lang: str) -> EditionDiff:
    """One programme's two editions: the programme is a folder name, such as zju-1002."""
    years = {"from": earlier, "to": later, "programme": programme_iri(programme)}
    notes = parse_query_file(project.queries / "lib" / "report-notes.rq").text
    values = {
        "lang": [str(ox.Literal(lang))],
        "edition": [year_term(earlier), year_term(later)],
        "programme": [f"<{programme_iri(programme)}>"],
    }
    caveats = as_rows(engine.solutions(bind_values(notes, values)))
    return EditionDiff(
        (earlier, later),
        ask_rows(project, engine, "compare-years", years),
        ask_rows(project, engine, "edition-changes", years),
        caveats,
    )


def translated(diff: EditionDiff, translator: Translator) -> EditionDiff:
    """The diff with every name printed in English where the graph gives one (``--lang en``)."""

    def rows(found: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: translator.cell(v, "en") for k, v in row.items()} for row in found]

    return EditionDiff(diff.years, rows(diff.statistics), rows(diff.changes), diff.caveats)


def breakdown(statistic: dict[str, str]) -> str:
    """The dimension values that tell a statistic apart, as one phrase."""
    return "、".join(statistic[k] for k in ("level", "route", "category") if statistic[k])


def _signed(number: str) -> str:
    return number if number.startswith("-") or number in ("0", "") else f"+{number}"


def format_text(diff: EditionDiff) -> str:
    earlier, later = diff.years
    lines = [f"gradkg diff {earlier} {later}", "", f"Statistics in both editions ({len(diff.statistics)})"]
    for s in diff.statistics:
        what = s["indicator"] + (f"（{breakdown(s)}）" if breakdown(s) else "")
        relative = f" ({_signed(s['relative_change'])}%)" if s["relative_change"] else ""
        lines.append(f"  {what}: {s['from_value']} → {s['to_value']} {s['unit']}  {_signed(s['change'])}{relative}")
    for change, title in (("added", f"Added in {later}"), ("dropped", f"Not in {later}"), ("reworded", "Reworded")):
        rows = diff.of(change)
        lines += ["", f"{title} ({len(rows)})"]
        for row in rows:
            lines.append(f"  {row['kind']}: {row['name']}")
            if row["earlier_wording"]:
                lines.append(f"    was: {row['earlier_wording']}")
    if diff.caveats:
        lines += ["", "Caveats"] + [f"  {c['edition']}: {c['note']}" for c in diff.caveats]
    return "\n".join(lines) + "\n"


def format_json(diff: EditionDiff) -> str:
    body = {
        "from": diff.years[0],
        "to": diff.years[1],
        "statistics": diff.statistics,
        "added": diff.of("added"),
        "dropped": diff.of("dropped"),
        "reworded": diff.of("reworded"),
        "caveats": diff.caveats,
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def format_csv(diff: EditionDiff) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for s in diff.statistics:
        writer.writerow(
            {
                "change": "statistic",
                "kind": "indicator",
                "name": s["indicator"],
                "breakdown": breakdown(s),
                "from_value": s["from_value"],
                "to_value": s["to_value"],
                "absolute_change": s["change"],
                "relative_change": s["relative_change"],
                "unit": s["unit"],
            }
        )
    for c in diff.changes:
        writer.writerow(
            {"change": c["change"], "kind": c["kind"], "name": c["name"], "earlier_wording": c["earlier_wording"]}
        )
    return out.getvalue()
