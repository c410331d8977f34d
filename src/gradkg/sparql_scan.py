"""A SPARQL text read as tokens, before any parser sees it: what form it is, how deep it nests, what it fetches.

pyoxigraph's parser recurses once per bracket and overflows the native stack (a crash, not an
exception) a little above 4,000 nested brackets on an 8 MB stack; SPARQL Update and ``SERVICE``
make an engine write or open connections. This scanner is linear and never recurses, so it can
read any text safely and refuse such requests before the parser runs. It follows the SPARQL 1.1
grammar's terminals (strings, IRIREFs, comments, prefixed names, variables), so a keyword inside
a string, an IRI or a name is not mistaken for the keyword itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 200  # far beyond any real query, far below the parser's ~4,000

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_KEYWORDS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
VOLATILE_FUNCTIONS = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})  # a new value at every evaluation

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
      | (?P<pname>(?:[^\W\d][\w.-]*)?:[\w.%:\\-]*)
      | (?P<word>[^\W\d]\w*)
      | (?P<open>[({\[])
      | (?P<close>[)}\]])
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the tokens say: the form keyword, the deepest bracket nesting, the targets of SERVICE, and
    whether evaluating the text twice could give two answers (a volatile function, or another service)."""

    form: str | None
    depth: int
    services: tuple[str, ...]
    volatile: bool = False

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def scan(text: str) -> Scan:
    """Read ``text`` once; ``form`` is the first keyword after the prologue (BASE and PREFIX declarations)."""
    form: str | None = None
    depth = deepest = 0
    services: list[str] = []
    expecting_service_target = False
    volatile = False
    in_prologue_declaration = 0  # tokens still to skip after BASE (1) or PREFIX (2)
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        if expecting_service_target:
            if kind == "word" and token.upper() == "SILENT":
                continue
            services.append(token)
            expecting_service_target = False
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word":
            upper = token.upper()
            volatile = volatile or upper in VOLATILE_FUNCTIONS
            if upper == "SERVICE":
                expecting_service_target = True
            if form is None and not in_prologue_declaration:
                if upper in ("BASE", "PREFIX"):
                    in_prologue_declaration = 1 if upper == "BASE" else 2
                    continue
                form = upper
        if in_prologue_declaration and kind != "word":
            in_prologue_declaration -= 1
    if expecting_service_target:
        services.append("")
    return Scan(form, deepest, tuple(services), volatile or bool(services))
