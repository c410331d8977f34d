"""Where a gradkg project keeps its parts, and the IRIs every module agrees on.

A project is a folder with ``ontology/``, ``data/`` and ``queries/``. Commands find it from
GRADKG_HOME, else from the current folder upwards, else next to this package (editable install),
so ``gradkg`` works from anywhere inside a checkout.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from gradkg.errors import GradkgError

BASE = "https://w3id.org/gradkg/id/"
ONTOLOGY = "https://w3id.org/gradkg/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/gradkg/ontology"
REFERENCE_GRAPH = BASE + "reference/graph"
NQUADS_FILE = "gradkg.nq"


NOT_PROGRAMMES = ("reference", "sources")
PROGRAMME_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EDITION_YEAR = re.compile(r"[0-9]{4}")
PROGRAMME_FILE = "programme.ttl"


def edition_graph(programme: str, edition: str) -> str:
    """The named graph that holds one edition's facts (DESIGN.md §4), under its programme."""
    return f"{BASE}{programme}/{edition}/graph"


def programme_graph(programme: str) -> str:
    """The named graph of a programme's own description (its programme.ttl)."""
    return f"{BASE}{programme}/graph"


def programme_iri(programme: str) -> str:
    return f"{BASE}programme/{programme}"


@dataclass(frozen=True)
class Project:
    """The folders of one gradkg project."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "gradkg.ttl"

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology, its labels of reused terms and their declarations: one graph for OWL tools."""
        folder = self.root / "ontology"
        return [self.ontology, folder / "labels.ttl", folder / "imports" / "declarations.ttl"]

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    def programmes(self) -> list[str]:
        """Programme folders under data/ (every folder but reference/ and sources/), by name."""
        return sorted(p.name for p in self.data.iterdir() if p.is_dir() and p.name not in NOT_PROGRAMMES)

    def editions(self, programme: str) -> list[str]:
        """A programme's edition years (its four-digit subfolders), oldest first."""
        folder = self.data / programme
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and EDITION_YEAR.fullmatch(p.name))

    def all_editions(self) -> list[str]:
        """Every edition year of any programme, oldest first."""
        return sorted({e for programme in self.programmes() for e in self.editions(programme)})

    def programme_file(self, programme: str) -> Path:
        return self.data / programme / PROGRAMME_FILE

    def edition_files(self, programme: str, edition: str) -> list[Path]:
        return sorted((self.data / programme / edition).glob("*.ttl"))

    def reference_files(self) -> list[Path]:
        return sorted((self.data / "reference").glob("*.ttl"))


def _is_project(path: Path) -> bool:
    return all((path / part).is_dir() for part in ("ontology", "data", "queries"))


def find_project() -> Project:
    """Locate the project, or explain how to point gradkg at one."""
    env = os.environ.get("GRADKG_HOME")
    if env:
        if not _is_project(Path(env)):
            raise GradkgError(f"GRADKG_HOME={env} is not a gradkg project (needs ontology/, data/, queries/)")
        return Project(Path(env).resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_project(candidate):
            return Project(candidate)
    beside_package = Path(__file__).resolve().parents[2]
    if _is_project(beside_package):
        return Project(beside_package)
    raise GradkgError("no gradkg project found: run inside a checkout or set GRADKG_HOME")
