"""Print query results: an aligned table for people, or SPARQL 1.1 JSON, CSV or TSV for tools."""

from __future__ import annotations

import unicodedata
from typing import BinaryIO, TextIO

import pyoxigraph as ox

FORMATS = ("table", "csv", "tsv", "json")
_SERIALISED = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def display(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A term as a person reads it: the IRI, or the literal's text without quotes or tags."""
    return "" if term is None else term.value


def write_table(solutions: ox.QuerySolutions, out: TextIO) -> int:
    """Write an aligned table with a header and a row count; returns the number of rows."""
    names = [v.value for v in solutions.variables]
    rows = [[display(s[n]) for n in names] for s in solutions]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    out.write("  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return len(rows)


def write_results(solutions: ox.QuerySolutions, fmt: str, text_out: TextIO, binary_out: BinaryIO) -> None:
    """Write results in one of FORMATS; machine formats come from pyoxigraph's serialisers."""
    if fmt == "table":
        write_table(solutions, text_out)
        return
    text_out.flush()
    binary_out.write(solutions.serialize(format=_SERIALISED[fmt]))
    binary_out.flush()
