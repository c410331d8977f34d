"""New numbers for one synthetic edition that keep every stored consistency relation true, but the planted ones.

An edition's gk:SumCheck, gk:RatioCheck and gk:CountCheck relations (its consistency.ttl) say
which observation is computed from which. Counts that nothing computes (the leaves) are scaled by
one factor per edition plus a little noise; every stated total, ratio and count is then recomputed
from them in dependency order, exactly as queries/consistency.rq computes it, so the real reports'
own contradictions vanish. A planted relation gets a stated value its inputs do not give; values
computed from a planted one use it as stated, so each planted contradiction is found once and
causes no second one.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pyoxigraph as ox

GK = "https://w3id.org/gradkg/ontology#"
UNIT = "https://w3id.org/gradkg/id/unit/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {GK + "SumCheck": "sum", GK + "RatioCheck": "ratio", GK + "CountCheck": "count"}
# Units of things counted; percentages, ratios, money, durations and years keep the report's value.
COUNTED = {UNIT + u for u in ("person", "renci", "ge", "xiang", "jia", "men", "pian", "ben", "country")}


@dataclass
class Check:
    """One stored relation: ``stated`` is computed from ``inputs`` (÷ ``denominators`` for a ratio)."""

    iri: str
    kind: str = ""
    stated: str = ""
    inputs: list[str] = field(default_factory=list)
    denominators: list[str] = field(default_factory=list)
    members: int = 0
    scale: Fraction = Fraction(1)
    resolution: Decimal = Decimal(1)


@dataclass
class Observation:
    value: Decimal
    text: str
    stated: str
    unit: str


@dataclass(frozen=True)
class Planted:
    """A relation made false on purpose: its check, the observation stating it, and both numbers."""

    check: str
    observation: str
    stated: str
    computed: str


def read_checks(triples: Iterable[ox.Triple]) -> dict[str, Check]:
    checks: dict[str, Check] = {}
    roles = {GK + "part": "inputs", GK + "numerator": "inputs", GK + "denominator": "denominators"}
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF_TYPE and o.value in KINDS:
            checks.setdefault(s, Check(s)).kind = KINDS[o.value]
        elif p == GK + "stated":
            checks.setdefault(s, Check(s)).stated = o.value
        elif p in roles:
            getattr(checks.setdefault(s, Check(s)), roles[p]).append(o.value)
        elif p == GK + "member":
            checks.setdefault(s, Check(s)).members += 1
        elif p == GK + "scale":
            checks.setdefault(s, Check(s)).scale = Fraction(o.value)
        elif p == GK + "resolution":
            checks.setdefault(s, Check(s)).resolution = Decimal(o.value)
    return {iri: c for iri, c in sorted(checks.items()) if c.kind and c.stated}


def read_observations(triples: Iterable[ox.Triple]) -> dict[str, Observation]:
    found: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value in (GK + "value", GK + "statedValue", GK + "unit"):
            found.setdefault(t.subject.value, {})[t.predicate.value] = t.object.value
    return {
        s: Observation(Decimal(f[GK + "value"]), f[GK + "value"], f.get(GK + "statedValue", ""), f.get(GK + "unit", ""))
        for s, f in found.items()
        if GK + "value" in f
    }


def _perturbable(obs: Observation) -> bool:
    return obs.unit in COUNTED and obs.value > 0 and obs.value == obs.value.to_integral() and obs.text in obs.stated


def _perturb(obs: Observation, factor: float, rng: random.Random) -> Decimal:
    noise = rng.randint(-2, 2) if obs.value >= 20 else 0
    return Decimal(max(1, round(float(obs.value) * factor) + noise))


def _order(checks: dict[str, Check]) -> list[Check]:
    """Checks in an order where every computed input is computed before it is used."""
    computed = {c.stated for c in checks.values()}
    done: set[str] = set()
    ordered: list[Check] = []
    waiting = list(checks.values())
    while waiting:
        ready = [c for c in waiting if all(i not in computed or i in done for i in c.inputs + c.denominators)]
        if not ready:
            raise ValueError(f"consistency relations form a cycle: {[c.iri for c in waiting]}")
        for check in ready:
            ordered.append(check)
            done.add(check.stated)
            waiting.remove(check)
    return ordered


def _ratio(numerator: Decimal, denominator: Decimal, check: Check) -> Decimal:
    """ROUND(num / den × scale / resolution) × resolution, with SPARQL's ROUND (halves go up)."""
    steps = Fraction(numerator) / Fraction(denominator) * check.scale / Fraction(check.resolution)
    return (Decimal(math.floor(steps + Fraction(1, 2))) * check.resolution).quantize(check.resolution)


def _keep_share_below_whole(check: Check, values: dict[str, Decimal], leaves: set[str], users: dict[str, int]) -> None:
    """A percentage of a whole (placement rate) stays ≤ 100: widen a denominator nothing else uses."""
    numerator, denominator = sum(values[i] for i in check.inputs), sum(values[d] for d in check.denominators)
    spare = [d for d in check.denominators if d in leaves and users[d] == 1]
    if check.scale == 100 and numerator > denominator and spare:
        values[spare[-1]] += numerator - denominator


def rebalance(
    triples: list[ox.Triple], rng: random.Random, planted_checks: set[str]
) -> tuple[dict[str, Observation], list[Planted]]:
    """The edition's observations with new values and stated texts, and the contradictions planted."""
    checks, observations = read_checks(triples), read_observations(triples)
    computed = {c.stated for c in checks.values()}
    leaves = {s for s, obs in observations.items() if s not in computed and _perturbable(obs)}
    users = {s: sum(s in c.inputs + c.denominators for c in checks.values()) for s in observations}
    factor = rng.uniform(0.6, 1.5)
    values = {s: (_perturb(obs, factor, rng) if s in leaves else obs.value) for s, obs in sorted(observations.items())}
    planted = []
    for check in _order(checks):
        if check.kind == "count":
            value = Decimal(check.members)
        elif check.kind == "sum":
            value = sum((values[i] for i in check.inputs), Decimal(0))
        else:
            _keep_share_below_whole(check, values, leaves, users)
            value = _ratio(sum(values[i] for i in check.inputs), sum(values[d] for d in check.denominators), check)
        if check.iri in planted_checks:
            right = value
            step = check.resolution * 3 if check.kind == "ratio" else Decimal(rng.choice([1, 2, 3]))
            value = right - step if check.kind == "sum" and right >= step and rng.random() < 0.5 else right + step
            planted.append(Planted(check.iri, check.stated, str(value), str(right)))
        values[check.stated] = value
    return {s: _restated(obs, values[s]) for s, obs in observations.items() if values[s] != obs.value}, planted


def _restated(obs: Observation, value: Decimal) -> Observation:
    """The observation with its new value, and the number in its stated text (“146人”) replaced."""
    text = str(value)
    stated = obs.stated.replace(obs.text, text, 1) if obs.text in obs.stated else obs.stated
    return Observation(value, text, stated, obs.unit)
