"""What a reviewer must look at, each finding placed at its section in the report's own order.

Categories, in the order the summary counts them: the consistency tiers (contradiction, rounding,
implausible); template sections missing or (nearly) empty; statistics of the previous edition
missing here, and changes above the threshold; cited documents a later document revises, documents
and courses the previous edition had and this one drops; rules whose numbers changed; the
editorial notes. A finding about something only the previous edition states sits at the section of
the same number in this edition (or at the end when there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from gradkg.checks import MESSAGES
from gradkg.review.facts import Facts, Rows
from gradkg.review.quotes import SourceText

if TYPE_CHECKING:
    from gradkg.review.charts import ReviewChart

CATEGORIES = (
    "contradiction",
    "rounding",
    "implausible",
    "missing-section",
    "empty-section",
    "dropped-statistic",
    "changed-statistic",
    "revised-document",
    "dropped-document",
    "dropped-course",
    "changed-rule",
    "doubt",
)
NEARLY_EMPTY = 4  # a section recording a quarter or less of the facts it recorded the year before
NEARLY_EMPTY_FLOOR = 4  # … when it recorded at least this many then
END = 10_000  # the order of findings that have no section in this edition


@dataclass(frozen=True)
class Quote:
    edition: str
    section: str
    text: str


@dataclass
class Finding:
    category: str
    section: str
    order: int
    title: str
    detail: str = ""
    quotes: list[Quote] = field(default_factory=list)
    observations: tuple[str, ...] = ()  # a changed statistic's two observations (previous, this edition)


@dataclass
class Section:
    number: str
    heading: str
    order: int
    findings: list[Finding] = field(default_factory=list)
    charts: list[ReviewChart] = field(default_factory=list)  # its changed statistics, both editions


@dataclass
class Review:
    programme: str
    edition: str
    previous: str | None
    lang: str
    threshold: float
    template_size: int
    template_editions: int
    sections: list[Section]
    unplaced: list[Finding]
    overview: ReviewChart | None = None  # the relative changes beyond the threshold, one bar each

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sections for f in s.findings] + self.unplaced

    def count(self, category: str) -> int:
        return sum(f.category == category for f in self.findings)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _of(rows: Rows, edition: str | None) -> Rows:
    return [r for r in rows if r["edition"] == edition]


def _tr(lang: str) -> Callable[[str, str], str]:
    return lambda zh, en: zh if lang == "zh" else en


class Builder:
    """Turns the graph's facts into findings, quoting the report texts."""

    def __init__(self, facts: Facts, edition: str, lang: str, texts: dict[str, SourceText], threshold: float) -> None:
        self.facts, self.edition, self.lang, self.texts, self.threshold = facts, edition, lang, texts, threshold
        editions = sorted({r["edition"] for r in facts.sections})
        earlier = [e for e in editions if e < edition]
        self.previous = earlier[-1] if earlier else None
        self.t = _tr(lang)
        self.order = {r["section"]: int(r["order"]) for r in _of(facts.sections, edition)}
        self.findings: list[Finding] = []

    def at(self, section: str) -> int:
        return self.order.get(section, END)

    def quote(self, edition: str | None, section: str, wording: str, hint: str = "") -> list[Quote]:
        if edition is None or edition not in self.texts:
            return []
        text = self.texts[edition].quote(section, wording, hint)
        return [Quote(edition, section, text)] if text else []

    def add(
        self,
        category: str,
        section: str,
        title: str,
        detail: str = "",
        quotes: list[Quote] | None = None,
        observations: tuple[str, ...] = (),
    ) -> None:
        self.findings.append(Finding(category, section, self.at(section), title, detail, quotes or [], observations))

    def consistency(self) -> None:
        by_iri = {r["observation"]: r for r in self.facts.observations}
        earlier = {r["key"]: r for r in _of(self.facts.observations, self.previous)}
        for row in self.facts.consistency:
            if row["edition"] != self.edition:
                continue
            tier, kind = row["tier"], row["kind"]
            message = MESSAGES[(self.lang, kind if tier == "implausible" else tier)].format(**row)
            quotes = self.quote(self.edition, row["section"], row["stated"], row["measure"])
            this = by_iri.get(row["observation"])
            if kind == "change" and this and this["key"] in earlier:
                before = earlier[this["key"]]
                quotes += self.quote(self.previous, before["section"], before["stated"], before["indicator"])
            self.add(tier, row["section"], f"{row['measure']}：{row['stated']}", message, quotes)

    def template(self) -> tuple[int, int]:
        """Sections most editions share (number and heading) that this one lacks or leaves (nearly) empty."""
        editions = sorted({r["edition"] for r in self.facts.sections})
        seen: dict[tuple[str, str], int] = {}
        for row in self.facts.sections:
            key = (row["section"], row["heading"])
            seen[key] = seen.get(key, 0) + 1
        template = [k for k, n in seen.items() if n * 2 > len(editions)]
        mine = {r["section"]: r for r in _of(self.facts.sections, self.edition)}
        facts = self._facts_below(self.edition)
        before = self._facts_below(self.previous)
        thin = {
            n
            for n, _ in template
            if n in mine
            and self.previous
            and before.get(n, 0) >= NEARLY_EMPTY_FLOOR
            and facts[n] * NEARLY_EMPTY <= before[n]
        }
        deepest = {n for n in thin if not any(m != n and m.startswith(n) for m in thin)}
        for number, heading in template:
            if number not in mine:
                self.add(
                    "missing-section",
                    number,
                    f"{number} {heading}",
                    self.t("本年度报告无此节。", "This edition has no such section."),
                )
            elif mine[number]["heading"] != heading:
                have = mine[number]["heading"]
                self.add(
                    "missing-section",
                    number,
                    f"{number} {heading}",
                    self.t(f"本年度报告此节标题为“{have}”。", f"This edition heads the section “{have}”."),
                )
            elif number in deepest:
                n, m = facts[number], before[number]
                self.add(
                    "empty-section",
                    number,
                    f"{number} {heading}",
                    self.t(
                        f"本节记录的事实由{self.previous}年的{m}项降为{n}项。",
                        f"The facts recorded from this section fell from {m} in {self.previous} to {n}.",
                    ),
                )
        return len(template), len(editions)

    def _facts_below(self, edition: str | None) -> dict[str, int]:
        """Facts a section records, its subsections' included (their numbers extend its number)."""
        rows = _of(self.facts.sections, edition)
        return {r["section"]: sum(int(s["facts"]) for s in rows if s["section"].startswith(r["section"])) for r in rows}

    def statistics(self) -> None:
        now = _first(_of(self.facts.observations, self.edition), "key")
        for key, before in _first(_of(self.facts.observations, self.previous), "key").items():
            name = before["indicator"] if self.lang == "zh" else (before["indicator_en"] or before["indicator"])
            parts = before["breakdown"] if self.lang == "zh" else before["breakdown_en"]
            title = (f"{name}（{parts}）" if self.lang == "zh" else f"{name} ({parts})") if parts else name
            old_quotes = self.quote(self.previous, before["section"], before["stated"], before["indicator"])
            if key not in now:
                detail = self.t(
                    f"{self.previous}年报告{before['section']}为{before['stated']}，本年度报告未给出。",
                    f"The {self.previous} report gives {before['stated']} in {before['section']}; "
                    "this edition does not.",
                )
                self.add("dropped-statistic", before["section"], title, detail, old_quotes)
                continue
            after = now[key]
            a, b = _number(before["value"]), _number(after["value"])
            if a is None or b is None or a == 0 or before["unit"] != after["unit"]:
                continue
            change = (b - a) / abs(a) * 100
            if abs(change) >= Decimal(str(self.threshold)):
                detail = self.t(
                    f"{self.previous}年{before['stated']} → {self.edition}年{after['stated']}（{change:+.1f}%）",
                    f"{before['stated']} in {self.previous} → {after['stated']} in {self.edition} ({change:+.1f}%)",
                )
                quotes = self.quote(self.edition, after["section"], after["stated"], after["indicator"]) + old_quotes
                observations = (before["observation"], after["observation"])
                self.add("changed-statistic", after["section"], title, detail, quotes, observations)

    def documents(self) -> None:
        now = _first(_of(self.facts.documents, self.edition), "document")
        for row in now.values():
            if row["later"]:
                later = f"《{row['later_title']}》" + (f"（{row['later_number']}）" if row["later_number"] else "")
                detail = self.t(f"已被{later}修订或取代。", f"Revised or replaced by {later}.")
                quotes = self.quote(self.edition, row["section"], row["number"] or row["title"])
                self.add("revised-document", row["section"], _cited(row), detail, quotes)
        for iri, row in _first(_of(self.facts.documents, self.previous), "document").items():
            if iri not in now:
                detail = self.t(
                    f"{self.previous}年报告{row['section']}引用，本年度报告未引用。",
                    f"Cited by the {self.previous} report in {row['section']}; not cited in this edition.",
                )
                quotes = self.quote(self.previous, row["section"], row["number"] or row["title"])
                self.add("dropped-document", row["section"], _cited(row), detail, quotes)

    def courses(self) -> None:
        now = _first(_of(self.facts.courses, self.edition), "course")
        for iri, row in _first(_of(self.facts.courses, self.previous), "course").items():
            if iri not in now:
                detail = self.t(
                    f"{self.previous}年报告{row['section']}列出，本年度报告未列出。",
                    f"Listed by the {self.previous} report in {row['section']}; not in this edition.",
                )
                self.add("dropped-course", row["section"], row["name"], detail)

    def rules(self) -> None:
        """A rule of this edition whose constraints differ from the rule it revises, or from the earlier
        rule governing the same process with a constraint on the same operand and degree levels."""
        now, before = (
            _constraints(_of(self.facts.rules, self.edition)),
            _constraints(_of(self.facts.rules, self.previous)),
        )
        for row, numbers in now.values():
            old = before.get(row["revises"]) if row["revises"] else None
            if old is None:
                shared = {(o, lv, p) for o, lv, p, _ in numbers}
                old = next((b for b in before.values() if shared & {(o, lv, p) for o, lv, p, _ in b[1]}), None)
            if old is None or old[1] == numbers:
                continue
            was, now_text = _numbers(old[1]), _numbers(numbers)
            detail = self.t(f"数字由 {was} 改为 {now_text}。", f"Numbers changed from {was} to {now_text}.")
            quotes = [
                Quote(self.edition, row["section"], row["statement"]),
                Quote(self.previous or "", old[0]["section"], old[0]["statement"]),
            ]
            self.add("changed-rule", row["section"], row["statement"], detail, quotes)

    def notes(self) -> None:
        for row in _first(self.facts.notes, "resource", "note").values():
            self.add("doubt", row["section"], row["name"], row["note"])

    def build(self, programme: str) -> Review:
        self.consistency()
        size, editions = self.template()
        self.statistics()
        self.documents()
        self.courses()
        self.rules()
        self.notes()
        sections = [
            Section(r["section"], r["heading"], int(r["order"])) for r in _of(self.facts.sections, self.edition)
        ]
        where = {s.number: s for s in sections}
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        unplaced = []
        for finding in sorted(self.findings, key=lambda f: (rank[f.category], f.title)):
            (where[finding.section].findings if finding.section in where else unplaced).append(finding)
        return Review(
            programme, self.edition, self.previous, self.lang, self.threshold, size, editions, sections, unplaced
        )


def _first(rows: Rows, *keys: str) -> dict:
    """One row per key (the first, that is the earliest section), in order."""
    out: dict = {}
    for row in sorted(rows, key=lambda r: int(r["order"] or END)):
        out.setdefault(tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]], row)
    return out


def _cited(row: dict[str, str]) -> str:
    return f"《{row['title']}》" + (f"（{row['number']}）" if row["number"] else "")


def _constraints(rows: Rows) -> dict[str, tuple[dict[str, str], frozenset]]:
    """Each rule with its constraints as (operand, levels, process, (operator, value, unit)) tuples."""
    out: dict[str, tuple[dict[str, str], set]] = {}
    for row in rows:
        entry = out.setdefault(row["rule"], (row, set()))
        if row["operand"]:
            levels = " ".join(sorted(row["levels"].split()))
            entry[1].add(
                (
                    row["operand_label"],
                    levels,
                    row["process"],
                    (row["operator"].rsplit("#", 1)[-1], row["value"], row["unit"]),
                )
            )
    return {k: (r, frozenset(c)) for k, (r, c) in out.items() if c}


def _numbers(constraints: frozenset) -> str:
    shown = sorted({f"{o} {op} {v}{u}" for o, _, _, (op, v, u) in constraints})
    return "；".join(shown)


def build_review(
    facts: Facts, programme: str, edition: str, lang: str, texts: dict[str, SourceText], threshold: float
) -> Review:
    return Builder(facts, edition, lang, texts, threshold).build(programme)
