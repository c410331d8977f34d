"""The data folder's shape: ``data/<programme>/programme.ttl`` and ``data/<programme>/<year>/*.ttl``.

A folder that breaks it would otherwise be skipped in silence (an edition called ``2024-draft``)
or land in the wrong graph, so the build refuses it and names the folder.
"""

from __future__ import annotations

from gradkg.errors import GradkgError
from gradkg.project import EDITION_YEAR, PROGRAMME_FILE, PROGRAMME_ID, Project


def layout_problems(project: Project) -> list[str]:
    """Every folder or file under data/ that is not where a programme or edition belongs."""
    problems = []
    derived = {p.name for p in (project.queries / "derive").glob("*") if p.is_dir()}
    for programme in project.programmes():
        folder = project.data / programme
        if not PROGRAMME_ID.fullmatch(programme):
            problems.append(f"{folder}: a programme folder's name is lower-case letters, digits and hyphens")
        if programme in derived:  # its graph would be the derived graph …/id/NAME/graph
            problems.append(f"{folder}: {programme} names a derived graph (queries/derive/{programme}/)")
        if not project.programme_file(programme).is_file():
            problems.append(f"{folder}: programme folder without {PROGRAMME_FILE}")
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not EDITION_YEAR.fullmatch(child.name):
                problems.append(f"{child}: an edition folder is a four-digit year")
            elif child.is_file() and child.name != PROGRAMME_FILE and child.suffix == ".ttl":
                problems.append(f"{child}: only {PROGRAMME_FILE} belongs beside the edition folders")
    return problems


def check_layout(project: Project) -> None:
    problems = layout_problems(project)
    if problems:
        raise GradkgError("the data folder is not laid out as gradkg expects: " + "; ".join(problems))


def selected_programmes(project: Project, wanted: list[str] | None) -> list[str]:
    """The programmes to work on: all, or those named with --programme (each must exist)."""
    known = project.programmes()
    if not wanted:
        return known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise GradkgError(f"no programme {', '.join(unknown)} under {project.data} (known: {', '.join(known)})")
    return sorted(set(wanted))
