"""Run a named question of the built graph: find the query, resolve its parameters, run it."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.params import Resolver, bind_params
from gradkg.project import Project
from gradkg.querylib import NamedQuery, bind_values, find_query


@dataclass
class Answer:
    solutions: ox.QuerySolutions
    hints: list[str]


def run_named(project: Project, engine: Engine, query: NamedQuery, given: dict[str, str]) -> Answer:
    """Run a named query with ``given`` parameters; hints explain names that matched nothing."""
    bindings = bind_params(query, given, Resolver(engine, project.queries))
    return Answer(engine.solutions(bind_values(query.text, bindings.values)), bindings.hints)


def as_rows(solutions: ox.QuerySolutions) -> list[dict[str, str]]:
    """Solutions as display strings keyed by variable ("" for unbound)."""
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in solutions]


def ask_rows(project: Project, engine: Engine, name: str, given: dict[str, str]) -> list[dict[str, str]]:
    """A named query's rows as plain Python values, for callers that compute with them."""
    return as_rows(run_named(project, engine, find_query(project.queries, name), given).solutions)
