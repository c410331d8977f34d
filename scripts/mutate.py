"""A small, deterministic mutation-testing loop over one module, with the standard library's ``ast``.

Run from the repository root, with the project's venv active::

    python scripts/mutate.py src/gradkg/sparql_scan.py -- tests/test_serve_fuzz.py -k scanner
    python scripts/mutate.py src/gradkg/params.py --list          # the mutants only, nothing run

Each mutant is one change of the module's syntax tree: a comparison swapped (``==``/``!=``, ``<``/``<=``/``>=``,
``in``/``not in``, ``is``/``is not``), ``and``/``or`` swapped, a ``not`` removed, ``+``/``-`` swapped, a constant
changed (a number ±1, ``True``/``False``, a string or f-string to ``""``, docstrings and annotations left
alone), ``return x`` to ``return``, a ``raise`` or a statement of an ``if`` body replaced by ``pass``. The mutant
is written over the module, the selected tests run (``pytest -x -q``) in a fresh process with no bytecode cache,
and the original bytes are written back after every mutant and always at the end, on Ctrl-C or SIGTERM too.
A mutant the tests fail is killed; one they time out on counts as killed; one they pass survived.
The order of mutants is the order of the source, so two runs print the same table.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
SWAPS = "Eq:NotEq NotEq:Eq Lt:LtE,GtE LtE:Lt,Gt Gt:GtE,LtE GtE:Gt,Lt In:NotIn NotIn:In Is:IsNot IsNot:Is"
COMPARE_SWAPS = {
    getattr(ast, k): [getattr(ast, v) for v in vs.split(",")]
    for k, _, vs in (pair.partition(":") for pair in SWAPS.split())
}


def _skipped(tree: ast.Module) -> set[int]:
    """ids of the nodes never mutated: docstrings, annotations, and the parts of f-strings (mutated whole)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, DOC_OWNERS) and ast.get_docstring(node, clean=False) is not None:
            skip.add(id(node.body[0].value))
        roots = [getattr(node, "annotation", None), getattr(node, "returns", None)]
        roots += node.values if isinstance(node, ast.JoinedStr) else []
        skip.update(id(sub) for root in roots if root is not None for sub in ast.walk(root))
    return skip


def _set(node: ast.AST, name: str, value: object) -> ast.AST:
    setattr(node, name, value)
    return node


def _mutations(node: ast.AST, parent: ast.AST | None):
    """Functions building each mutant of ``node`` (its replacement) from a copy of it."""
    if isinstance(node, ast.Compare):
        for j, op in enumerate(node.ops):
            for new in COMPARE_SWAPS[type(op)]:
                yield lambda n, j=j, new=new: _set(n, "ops", [*n.ops[:j], new(), *n.ops[j + 1 :]])
    elif isinstance(node, ast.BoolOp):
        yield lambda n: _set(n, "op", ast.Or() if isinstance(n.op, ast.And) else ast.And())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield lambda n: n.operand
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        yield lambda n: _set(n, "op", ast.Sub() if isinstance(n.op, ast.Add) else ast.Add())
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield lambda n: ast.Constant(not n.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        yield lambda n: ast.Constant(n.value + 1)
        yield lambda n: ast.Constant(n.value - 1)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield lambda n: ast.Constant("" if n.value else "mutant")
    elif isinstance(node, ast.JoinedStr):
        yield lambda n: ast.Constant("")
    elif isinstance(node, ast.Return) and not isinstance(node.value, ast.Constant | None):
        yield lambda n: ast.Return(None)
    if isinstance(node, ast.Raise) or (
        isinstance(parent, ast.If) and isinstance(node, ast.stmt) and not isinstance(node, ast.Pass)
    ):
        yield lambda n: ast.Pass()


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, new: ast.AST) -> None:
        self.target, self.new = target, new

    def visit(self, node: ast.AST) -> ast.AST:
        return self.new if node is self.target else self.generic_visit(node)


def mutants(source: str) -> list[tuple[int, str, str]]:
    """(line, 'old → new', mutated source) for every mutant, in source order."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    nodes, found, original = list(ast.walk(tree)), [], ast.unparse(tree)
    for index, node in enumerate(nodes):
        if id(node) in skip:
            continue
        for make in _mutations(node, parents.get(id(node))):
            fresh = ast.parse(source)
            target = list(ast.walk(fresh))[index]
            new = make(copy.deepcopy(target))
            mutated = ast.unparse(ast.fix_missing_locations(_Replace(target, new).visit(fresh)))
            try:
                compile(mutated, "<mutant>", "exec")
            except SyntaxError:
                continue
            old_text, new_text = (ast.unparse(n).splitlines()[0][:70] for n in (target, new))
            if mutated != original:
                found.append((node.lineno, node.col_offset, f"{old_text} → {new_text}", mutated))
    return [(line, label, text) for line, _col, label, text in sorted(found, key=lambda m: m[:2])]


def run_tests(selection: list[str], timeout: float) -> str:
    """'passed', 'failed' or 'timeout' for one run of the selected tests in a fresh process group."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *selection]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        return "passed" if process.wait(timeout=timeout) == 0 else "failed"
    except subprocess.TimeoutExpired:
        return "timeout"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _write(module: Path, data: bytes) -> None:
    module.write_bytes(data)
    for cached in module.parent.joinpath("__pycache__").glob(f"{module.stem}.*.pyc"):
        cached.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("module", type=Path, help="the module to mutate, inside this repository")
    parser.add_argument("--list", action="store_true", help="print the mutants and run nothing")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 5 × the clean run, ≥ 30)")
    argv = sys.argv[1:] if argv is None else argv
    cut = argv.index("--") if "--" in argv else len(argv)
    args, selection = parser.parse_args(argv[:cut]), argv[cut + 1 :]
    module = args.module.resolve()
    if not module.is_relative_to(ROOT) or module.suffix != ".py":
        parser.error(f"{module} is not a Python module in {ROOT}")
    original = module.read_bytes()
    found = mutants(original.decode("utf-8"))
    if args.list:
        for number, (line, label, _) in enumerate(found, 1):
            print(f"{number:4} L{line:<4} {label}")
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    start = time.monotonic()
    if run_tests(selection, timeout=600) != "passed":
        print("the selected tests do not pass on the unmutated module", file=sys.stderr)
        return 2
    timeout = args.timeout or max(30.0, 5 * (time.monotonic() - start))
    outcomes: list[str] = []
    try:
        for number, (line, label, text) in enumerate(found, 1):
            _write(module, text.encode("utf-8"))
            try:
                outcomes.append(run_tests(selection, timeout))
            finally:
                _write(module, original)
            print(f"[{number}/{len(found)}] L{line} {outcomes[-1]:8} {label}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print(f"interrupted after {len(outcomes)} mutants; {module.name} restored", file=sys.stderr)
        return 130
    finally:
        _write(module, original)
    survived = [(line, label) for (line, label, _), outcome in zip(found, outcomes, strict=True) if outcome == "passed"]
    killed, timeouts = outcomes.count("failed"), outcomes.count("timeout")
    score = 100 * (killed + timeouts) / len(outcomes) if outcomes else 100.0
    print(f"{module.relative_to(ROOT)}  ({' '.join(selection)})")
    print(f"{'mutants':>8} {'killed':>7} {'survived':>9} {'timeouts':>9} {'score':>7}")
    print(f"{len(outcomes):>8} {killed:>7} {len(survived):>9} {timeouts:>9} {score:>6.1f}%")
    for line, label in survived:
        print(f"  survived  L{line:<4} {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
