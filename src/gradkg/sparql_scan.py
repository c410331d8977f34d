"""A SPARQL text read as tokens, before any parser sees it: what form it is, how deep and how long it nests,
what it fetches.

pyoxigraph's parser and evaluator recurse per bracket and per element of a chain, and overflow the
native stack — a crash, not an exception. Measured on pyoxigraph 0.5.13 with an 8 MiB stack: 2,188
nested braces, 2,538 nested subqueries, 2,921 nested OPTIONALs, 4,668 nested parentheses, 9,341
``!``; and, flat, about 2,600 ``MINUS {}`` or ``BIND`` in one group, 6,500 ``UNION``, 9,000 ``&&``.
SPARQL Update and ``SERVICE`` make an engine write or open connections. This scanner is linear and
never recurses, so it reads any text safely, and the callers refuse what it flags before the parser
runs (the server's workers also parse on a 256 MiB stack, so the limits here keep a wide margin).

It follows SPARQL 1.1's terminals — strings, IRIREFs (with ``\\uXXXX`` escapes), comments, prefixed
names (with ``\\``-escapes and ``%hh``), variables, language tags, numbers — and fails closed where a
reading is ambiguous: brackets inside an IRI count as opening (``<`` may be a less-than), a run of
``!`` counts one level each, any name that starts with SERVICE counts as a SERVICE call (SPARQL needs
no space after a keyword: ``SERVICESILENT<…>``), and a backslash outside a string, IRI or name is
reported so the text can be refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 200  # far beyond any real query, ten times below the parser's lowest crash
MAX_CHAIN = 10_000  # operators and clauses in one text; the lowest flat crash is ~2,600 on 8 MiB

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_KEYWORDS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
VOLATILE_FUNCTIONS = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})  # a new value at every evaluation
CHAIN_KEYWORDS = frozenset({"BIND", "OPTIONAL", "MINUS", "UNION", "FILTER", "GRAPH", "SERVICE", "EXISTS", "VALUES"})
CHAIN_CHARACTERS = frozenset(".;|/&+-*!=<>^")

_VOLATILE_CALL = re.compile(r"(?i)\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(")
_PN_LOCAL = r"(?:[\w:%-]|\\[_~.\-!$&'()*+,;=/?#@%]|\.(?=[\w:%\\-]))*"
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
      | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
      | (?P<pname>(?:[^\W\d][\w.\x80-\U0010ffff-]*)?:"""
    + _PN_LOCAL
    + r""")
      | (?P<word>[^\W\d]\w*)
      | (?P<open>[({\[])
      | (?P<close>[)}\]])
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the tokens say about a text.

    ``form``: the first keyword after the prologue; ``depth``: the deepest nesting; ``chain``: how many
    operators and clauses; ``services``: what each SERVICE call names ("" when nothing follows, or the
    whole token when SERVICE is glued to it); ``volatile``: evaluating twice could give two answers;
    ``stray_backslash``: a backslash outside any string, IRI or name.
    """

    form: str | None
    depth: int
    services: tuple[str, ...]
    volatile: bool = False
    chain: int = 0
    stray_backslash: bool = False

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


class _Nesting:
    """Bracket depth with ``!`` runs counted as levels until their enclosing bracket closes."""

    def __init__(self) -> None:
        self.frames: list[int] = [0]  # per open bracket: how many ``!`` levels were added inside it
        self.depth = self.deepest = 0

    def open(self) -> None:
        self.frames.append(0)
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def bang(self) -> None:
        self.frames[-1] += 1
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def close(self) -> None:
        if len(self.frames) > 1:
            self.depth -= 1 + self.frames.pop()


def scan(text: str) -> Scan:
    """Read ``text`` once, in time linear in its length."""
    form: str | None = None
    nesting = _Nesting()
    services: list[str] = []
    volatile = stray_backslash = False
    chain = 0
    expecting_service_target = False
    prologue_tokens_left = 0  # tokens still to skip after BASE (1) or PREFIX (2)
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        upper = token.upper() if kind in ("word", "pname") else ""
        if expecting_service_target and upper != "SILENT":
            services.append(token)
            expecting_service_target = False
        if kind == "open":
            nesting.open()
        elif kind == "close":
            nesting.close()
        elif kind == "iri":
            for _ in range(sum(token.count(b) for b in "({[")):
                nesting.open()  # a less-than followed by brackets, if this is not an IRI after all
            volatile = volatile or bool(_VOLATILE_CALL.search(token))  # the same reading, for the answer cache
        elif kind == "other":
            if token == "!" and text[match.end() : match.end() + 1] != "=":
                nesting.bang()
            stray_backslash = stray_backslash or token == "\\"
            chain += token in CHAIN_CHARACTERS
        elif upper:
            volatile = volatile or upper in VOLATILE_FUNCTIONS
            chain += upper in CHAIN_KEYWORDS
            if upper == "SERVICE":
                expecting_service_target = True
            elif upper.startswith("SERVICE"):
                services.append(token)  # SERVICE glued to what follows it: never a call we can check
        if kind == "word" and form is None and not prologue_tokens_left:
            if upper in ("BASE", "PREFIX"):
                prologue_tokens_left = 1 if upper == "BASE" else 2
                continue
            form = upper
        elif prologue_tokens_left and kind != "word":
            prologue_tokens_left -= 1
    if expecting_service_target:
        services.append("")
    return Scan(form, nesting.deepest, tuple(services), volatile or bool(services), chain, stray_backslash)
