"""Print query results: an aligned table for people, or SPARQL 1.1 JSON, CSV or TSV for tools.

A table printed to a terminal (or with COLUMNS set) fits its width: the widest columns are narrowed
and their long cells cut with "…"; ``width=None`` (``--wide``, or output to a pipe) prints cells whole.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from typing import BinaryIO, TextIO

import pyoxigraph as ox

FORMATS = ("table", "csv", "tsv", "json")
_SERIALISED = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


MIN_COLUMN = 8  # a narrowed column keeps at least this many display cells


def _cut(text: str, width: int) -> str:
    """The text cut to ``width`` display cells, ending in "…" when anything was cut."""
    if _width(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        if used + _width(ch) > width - 1:
            break
        kept.append(ch)
        used += _width(ch)
    return "".join(kept) + "…"


def fitted(widths: list[int], total: int) -> list[int]:
    """Column widths narrowed, widest first, until the row (with two-space gaps) fits in ``total`` cells."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > total:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def terminal_width(out: TextIO) -> int | None:
    """The width to fit tables to: COLUMNS, or the terminal's; None for a pipe or file (print cells whole)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if out is sys.stdout and out.isatty():
        return shutil.get_terminal_size().columns
    return None


def write_rows(names: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO, width: int | None = None) -> int:
    """Write an aligned table with a header and a row count, fitted to ``width`` cells when given."""
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    if width is not None:
        widths = fitted(widths, width)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(_cut(c, w), w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    out.write(line(names))
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line(row))
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return len(rows)


def display(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A term as a person reads it: the IRI, or the literal's text without quotes or tags."""
    return "" if term is None else term.value


def write_table(solutions: ox.QuerySolutions, out: TextIO, width: int | None = None) -> int:
    """Write an aligned table with a header and a row count; returns the number of rows."""
    names = [v.value for v in solutions.variables]
    return write_rows(names, [[display(s[n]) for n in names] for s in solutions], out, width)


def write_results(
    solutions: ox.QuerySolutions, fmt: str, text_out: TextIO, binary_out: BinaryIO, width: int | None = None
) -> None:
    """Write results in one of FORMATS; machine formats come from pyoxigraph's serialisers."""
    if fmt == "table":
        write_table(solutions, text_out, width)
        return
    text_out.flush()
    binary_out.write(solutions.serialize(format=_SERIALISED[fmt]))
    binary_out.flush()
