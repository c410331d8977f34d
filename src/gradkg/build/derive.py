"""The derived graphs (queries/derive/FOLDER/*.rq): schema.org beside gk:, and labels for what has none.

Each folder is one named graph, ``…/id/FOLDER/graph``, filled from its CONSTRUCT queries run over
the union of the validated data. They are written after validation and kept apart from the
editions' graphs because they are derived from what the reports state, not stated by them
(queries/derive/README.md says so for users, and how to change the mapping).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from gradkg.errors import GradkgError
from gradkg.project import BASE, Project
from gradkg.querylib import parse_query_file


def derived_graph(folder: str) -> str:
    return f"{BASE}{folder}/graph"


def derive_folders(project: Project) -> list[Path]:
    root = project.queries / "derive"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def derive(project: Project, store: ox.Store) -> dict[str, int]:
    """Add each derived graph to ``store``; the number of triples each one holds."""
    counts: dict[str, int] = {}
    for folder in derive_folders(project):
        graph = ox.NamedNode(derived_graph(folder.name))
        for path in sorted(folder.glob("*.rq")):  # each file sees what the ones before it derived
            found = store.query(parse_query_file(path).text, use_default_graph_as_union=True)
            if not isinstance(found, ox.QueryTriples):
                raise GradkgError(f"{path}: a derivation must be a CONSTRUCT query")
            store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in found])
        counts[folder.name] = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    return counts
