"""Run a call on a thread with a deep native stack: pyoxigraph recurses per bracket and per chained element.

On the usual 8 MiB stack a query of about 2,600 ``MINUS {}`` or ``BIND`` in one group crashes the
process (sparql_scan's docstring has the measures); on 256 MiB the scanner's limits leave a margin of
eight or more. The stack is reserved address space, touched only as deep as a query goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

DEEP_STACK_BYTES = 256 * 1024 * 1024
T = TypeVar("T")


def call_with_deep_stack(function: Callable[[], T]) -> T:
    """``function()``, run on a new thread with DEEP_STACK_BYTES of stack; its exception is raised here."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    previous = threading.stack_size(DEEP_STACK_BYTES)
    try:
        thread = threading.Thread(target=run, name="deep-stack")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
