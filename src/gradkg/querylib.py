"""The question library: named SPARQL files in queries/ with a grlc-style header.

Header lines (all optional but summary)::

    #+ summary: 课程由谁主讲 / Who teaches a course
    #+ tags: teaching
    #+ param course: resource gk:Course — 课程中文名、英文名或 IRI / a course's name or IRI
    #+ param year: year optional — 发文年份 / the year in the document number
    #+ dimension route: gk:admissionRoute
    #+ kept: build

A ``kept`` line says the build answers the question ahead of its first ask: ``build``, a question
without parameters, over the new store (gradkg.build.kept); ``per-programme``, a question whose every
row comes from one programme's graphs, in each programme's derivation unit for every value of its
parameters (gradkg.build.per_programme).

A ``dimension`` line says which property of a statistic's observations a parameter binds, so that
a name given for the indicator that is really a dimension member (直博生) can be bound there.

A parameter's kind is ``resource`` (optionally restricted to a class), ``year`` or ``text``.
Parameters reach the query only as a VALUES block inserted by :func:`bind_values`, never by
formatting user input into SPARQL, so the same text runs in pyoxigraph, rdflib and remote stores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gradkg.errors import GradkgError
from gradkg.sparql_scan import MAX_CHAIN, MAX_DEPTH, scan

PARAM_KINDS = ("resource", "year", "text")
KEPT_WAYS = ("build", "per-programme")
_HEADER = re.compile(r"^#\+\s*(\w+)(?:\s+(\w[\w-]*))?\s*:\s*(.*)$")
_PREFIX = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: str
    optional: bool
    cls: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its parsed header."""

    name: str
    path: Path
    text: str
    summary: str
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)
    dimensions: tuple[tuple[str, str], ...] = ()  # (parameter, observation property IRI)
    examples: tuple[tuple[str, str], ...] = ()  # `#+ example: NAME=VALUE`: what the home page's link asks with
    kept: str | None = None  # `#+ kept: build` or `#+ kept: per-programme`


def _expand(curie: str, prefixes: dict[str, str], where: str) -> str:
    if curie.startswith("<") and curie.endswith(">"):
        return curie[1:-1]
    prefix, _, local = curie.partition(":")
    if prefix not in prefixes:
        raise GradkgError(f"{where}: unknown prefix '{prefix}:' in parameter class {curie}")
    return prefixes[prefix] + local


def _parse_param(name: str, spec: str, prefixes: dict[str, str], where: str) -> Param:
    head, _, doc = spec.partition("—")
    words = head.split()
    if not words or words[0] not in PARAM_KINDS:
        raise GradkgError(f"{where}: parameter '{name}' needs a kind, one of {', '.join(PARAM_KINDS)}")
    optional = "optional" in words[1:]
    classes = [w for w in words[1:] if w != "optional"]
    cls = _expand(classes[0], prefixes, where) if classes else None
    return Param(name=name, kind=words[0], optional=optional, cls=cls, doc=doc.strip())


def read_query_text(path: Path) -> str:
    """A .rq file's text (a UTF-8 byte order mark dropped), refused when pyoxigraph could not parse it safely."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise GradkgError(f"{path}: no such query file") from None
    except IsADirectoryError:
        raise GradkgError(f"{path}: is a folder, not a query file") from None
    except UnicodeDecodeError as error:
        raise GradkgError(f"{path}: not UTF-8 text (byte {error.start} cannot be decoded)") from None
    except OSError as error:
        raise GradkgError(f"{path}: cannot be read: {error.strerror}") from None
    found = scan(text)
    if found.depth > MAX_DEPTH:
        raise GradkgError(
            f"{path}: the query nests {found.depth} levels deep; gradkg accepts at most {MAX_DEPTH} "
            "(deeper queries crash the SPARQL parser)"
        )
    if found.chain > MAX_CHAIN:
        raise GradkgError(
            f"{path}: the query chains {found.chain} operators and clauses; gradkg accepts at most {MAX_CHAIN} "
            "(longer chains crash the SPARQL parser)"
        )
    return text


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file and its header; a malformed header names the file and line."""
    text = read_query_text(path)
    prefixes = dict(_PREFIX.findall(text))
    summary, tags, params, dimensions, examples, kept = "", (), [], [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if not match:
            continue
        key, arg, value = match.groups()
        where = f"{path}:{number}"
        if key == "summary":
            summary = value.strip()
        elif key == "tags":
            tags = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key == "param" and arg:
            params.append(_parse_param(arg, value, prefixes, where))
        elif key == "dimension" and arg:
            dimensions.append((arg, _expand(value.strip(), prefixes, where)))
        elif key == "example":
            name, equals, given = value.strip().partition("=")
            if not equals or name.strip() not in {p.name for p in params}:
                raise GradkgError(f"{where}: '#+ example:' must be NAME=VALUE for a parameter declared above it")
            examples.append((name.strip(), given.strip()))
        elif key == "kept":
            kept = value.strip()
            if kept not in KEPT_WAYS:
                raise GradkgError(f"{where}: '#+ kept:' is one of {', '.join(KEPT_WAYS)}, not '{kept}'")
        else:
            raise GradkgError(f"{where}: unknown header line '#+ {key}'")
    if not summary:
        raise GradkgError(f"{path}: the header has no '#+ summary:' line")
    declared = {p.name for p in params}
    for name, _ in dimensions:
        if name not in declared:
            raise GradkgError(f"{path}: dimension '{name}' is not a declared parameter")
    if kept == "build" and params:
        raise GradkgError(f"{path}: '#+ kept: build' is for a question without parameters")
    return NamedQuery(path.stem, path, text, summary, tags, tuple(params), tuple(dimensions), tuple(examples), kept)


def list_queries(folder: Path) -> list[NamedQuery]:
    """Every named query in the folder (not its subfolders), by name."""
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def find_query(folder: Path, name_or_path: str) -> NamedQuery:
    """A query by library name, or any .rq file by path; an unknown name lists the known ones."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq":
        return parse_query_file(candidate)
    path = folder / f"{name_or_path}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(folder))
        raise GradkgError(f"unknown query '{name_or_path}'. Known queries: {known}")
    return parse_query_file(path)


def bind_values(text: str, values: dict[str, list[str]]) -> str:
    """Insert one VALUES block per variable at the start of the outermost WHERE group.

    ``values`` maps a variable name to terms already in SPARQL syntax (for example the
    ``str()`` of a pyoxigraph term), so no user text is ever spliced in raw.
    """
    if not values:
        return text
    match = _WHERE.search(text)
    if not match:
        raise GradkgError("a parameterised query needs a WHERE clause to bind its parameters in")
    block = "".join(f"\n  VALUES ?{var} {{ {' '.join(terms)} }}" for var, terms in values.items())
    return text[: match.end()] + block + text[match.end() :]
