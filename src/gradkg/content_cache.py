"""Files kept under the hash of everything that made them, so the same input is never drawn twice.

A chart's SVG is a function of its Vega-Lite spec and vl-convert's version; a review's PDF of its
HTML and WeasyPrint's version. Naming the file by the hash of these makes a stale file impossible
to read (any change is a new name): the review drawn again after the same build, in the server or
in ``gradkg publish``, takes its charts and its PDF from here. A folder keeps its newest files only.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path

from gradkg.atomic import write_bytes

KEPT = 64  # files per folder: 64 PDFs of 0.5-1 MB, or 64 charts of 10-20 KB


def _path(folder: Path, key: list[str], suffix: str) -> Path:
    return folder / (hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest() + suffix)


def is_kept(folder: Path | None, key: list[str], suffix: str) -> bool:
    """Whether :func:`cached` would read this ``key``'s file rather than make it."""
    return folder is not None and _path(folder, key, suffix).is_file()


def cached(folder: Path | None, key: list[str], suffix: str, make: Callable[[], bytes]) -> bytes:
    """``make()``, or the file it made before from the same ``key`` (None: no cache, always make)."""
    if folder is None:
        return make()
    path = _path(folder, key, suffix)
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = make()
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        write_bytes(path, data)
        _trim(folder, suffix)
    return data


def _trim(folder: Path, suffix: str) -> None:
    """Delete all but the newest KEPT files of this kind."""
    files = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEPT:]:
        old.unlink(missing_ok=True)
