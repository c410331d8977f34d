"""How deeply a SPARQL query nests, measured without parsing it, so a crash can be refused first.

pyoxigraph's SPARQL parser recurses once per nesting level and overflows the stack on deep input:
the process dies with SIGSEGV (exit 139), which no ``except`` can catch. Measured with pyoxigraph
0.5.13 on CPython 3.11, Linux x86-64, the main thread's 8 MiB stack:

- group graph patterns ``{{{…}}}``: 2,187 nested braces parse, 2,188 crash;
- nested subqueries: 2,538 crash; nested ``OPTIONAL {…}``: 2,921;
- ``FILTER((((…1…))))``: 4,667 parentheses parse, 4,668 crash;
- ``FILTER(!!!…true)``: 9,340 negations parse, 9,341 crash;
- blank-node ``[ … ]`` and collection ``( … )`` nesting costs cubic time long before it crashes:
  200 nested collections take 6.8 s to parse, 400 take 69 s.

:data:`MAX_DEPTH` (200) is ten times below the lowest of these. Not covered, because they do not
nest: very long flat chains also crash (2,616 ``MINUS {}`` in one group, 6,540 ``UNION``, 9,340
``&&``); a timeout or a body limit is what stops those.

:func:`nesting_depth` scans the text once, without recursion: ``( [ {`` open a level, ``) ] }`` close
one, a run of ``!`` counts as that many levels while it lasts, and nothing inside strings or comments
counts. ``<`` is an IRI or a less-than depending on grammar context the scanner does not parse, and
``\\`` escapes a character only inside a prefixed name, so both readings are followed and the deeper
one is reported: the measure may be a little high, never lower than what the parser sees.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator

MAX_DEPTH = 200

_CODE_STOP = re.compile(r"""[()\[\]{}'"#<!\\]""")
_IRI_BODY = re.compile(r"""[^<>"{}|^`\x00-\x20]*""")
_LINE_END = re.compile(r"[\r\n]")
_STRING_STOP = {
    "'": re.compile(r"['\\\r\n]"),
    '"': re.compile(r'["\\\r\n]'),
    "'''": re.compile(r"'''|\\"),
    '"""': re.compile(r'"""|\\'),
}
_OPEN, _CLOSE = "([{", ")]}"

State = tuple[int, str, int, int]  # position, mode, depth, run of "!"


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets (and runs of ``!``) in a SPARQL query's code."""
    peak = 0
    pending: dict[int, dict[str, tuple[int, int]]] = {0: {"code": (0, 0)}}
    positions = [0]
    while positions:
        position = heapq.heappop(positions)
        for mode, (depth, run) in pending.pop(position).items():
            for next_position, next_mode, next_depth, next_run in _step(text, position, mode, depth, run):
                peak = max(peak, next_depth + next_run)
                if next_position >= len(text):
                    continue
                if next_position not in pending:
                    pending[next_position] = {}
                    heapq.heappush(positions, next_position)
                slot = pending[next_position]
                known = slot.get(next_mode, (next_depth, next_run))
                slot[next_mode] = (max(known[0], next_depth), max(known[1], next_run))
    return peak


def _step(text: str, position: int, mode: str, depth: int, run: int) -> Iterator[State]:
    """The states one scanner state reaches at the next character that matters to it."""
    if mode == "code":
        yield from _code_step(text, position, depth, run)
    elif mode == "comment":
        end = _LINE_END.search(text, position)
        if end:
            yield end.end(), "code", depth, run
    elif mode == "iri":
        end = _IRI_BODY.match(text, position).end()
        if text.startswith(">", end):
            yield end + 1, "code", depth, 0
    else:
        stop = _STRING_STOP[mode].search(text, position)
        if stop and stop.group() == "\\":
            yield stop.start() + 2, mode, depth, 0
        elif stop:
            yield stop.end(), "code", depth, 0


def _code_step(text: str, position: int, depth: int, run: int) -> Iterator[State]:
    stop = _CODE_STOP.search(text, position)
    if not stop:
        return
    at, char = stop.start(), stop.group()
    if text[position:at].strip():
        run = 0
    if char in _OPEN:
        yield at + 1, "code", depth + 1, run
    elif char in _CLOSE:
        yield at + 1, "code", depth - 1, 0
    elif char in "'\"":
        quotes = char * 3 if text.startswith(char * 3, at) else char
        yield at + len(quotes), quotes, depth, 0
    elif char == "#":
        yield at + 1, "comment", depth, run
    elif char == "<":
        yield at + 1, "code", depth, 0
        yield at + 1, "iri", depth, 0
    elif char == "!":
        yield (at + 2, "code", depth, 0) if text.startswith("=", at + 1) else (at + 1, "code", depth, run + 1)
    else:  # a backslash: an escape in a prefixed name, or a stray character the parser rejects
        yield at + 1, "code", depth, 0
        yield at + 2, "code", depth, 0
