"""The built graph on disk: a pyoxigraph (RocksDB) store that every reader opens read-only.

Opening the store takes milliseconds whatever the data's size, where re-parsing ``gradkg.nq``
grows with it. ``build/store`` is a symbolic link to a generation folder ``build/store-<id>/``:
a build writes a new generation beside the current one (a copy of it, by hard links, with the
changed graphs replaced; or a whole new store) and swaps the link in one rename, so a reader opens
the old store or the new one, never half of either, and a failed build never touches the link.
Each generation records which content each of its named graphs holds (``gradkg-manifest.json``),
so the next build knows which graphs to replace; builds in one folder take turns (``building``).
A generation is deleted only when no process holds it open, because pyoxigraph answers from a
deleted store with empty results rather than an error: every reader keeps a shared ``flock`` on
its generation for as long as it lives, and the builder deletes only the old generations it can
lock exclusively (the rest go at a later build).

rdflib is not imported here: ``gradkg query`` opens the store through this module.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from gradkg.answers import ANSWERS_DIR
from gradkg.atomic import write_bytes
from gradkg.errors import GradkgError

STORE_DIR = "store"
GENERATION_PREFIX = "store-"
_ATTEMPTS = 5
_held: list[int] = []  # the readers' locks: released when the process ends, never before


@dataclass(frozen=True)
class Opened:
    """A read-only store and the generation folder it came from (the workers of a server open the same)."""

    store: ox.Store
    generation: Path


def _lock(folder: Path, how: int) -> int | None:
    """A file descriptor on ``folder`` holding a ``flock``, or None when it vanished or is held."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        fcntl.flock(fd, how)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def open_read_only(path: Path) -> Opened:
    """Open the store at ``path`` (the link, or a generation) read-only, keeping it from deletion."""
    for _ in range(_ATTEMPTS):
        generation = path.resolve()
        fd = _lock(generation, fcntl.LOCK_SH)
        if fd is None:
            continue  # a build deleted it between resolving and locking: the link is new by now
        if path.resolve() == generation and generation.is_dir():
            try:
                store = ox.Store.read_only(str(generation))
            except OSError as error:
                os.close(fd)
                raise GradkgError(f"{path}: the built store cannot be opened: {error}") from None
            _held.append(fd)
            return Opened(store, generation)
        os.close(fd)  # swapped while we locked: try the new generation
    raise GradkgError(f"{path}: no built store to open: run `gradkg build`")


def in_memory(store: ox.Store) -> ox.Store:
    """A copy of ``store`` in memory, for a process that lives long and answers many queries.

    Reading the on-disk store costs little to open but much per lookup: heavy queries ran 2-7×
    slower from it than from memory (``platforms`` without parameters: 16.5 s against 2.5 s), so
    the server and its workers copy it (0.1 s for the project's data; no parsing involved).
    """
    copy = ox.Store()
    copy.bulk_extend(store)
    return copy


MANIFEST = "gradkg-manifest.json"  # beside RocksDB's own files: which content each named graph holds


@contextlib.contextmanager
def building(build_dir: Path) -> Iterator[None]:
    """One build at a time in ``build_dir``: a second waits for the first (a ``flock`` on the folder)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(build_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def current_manifest(build_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    """The generation ``build_dir/store`` points at and what it holds, or None (no store, or an older layout)."""
    generation = (build_dir / STORE_DIR).resolve()
    try:
        manifest = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (generation, manifest) if isinstance(manifest, dict) else None


class Generation:
    """A store being written beside the current one; ``commit`` makes it current, ``discard`` drops it.

    Call inside ``building``: builds never race for a folder, and readers only ever open the
    generation the link points at.
    """

    def __init__(self, build_dir: Path, base: Path | None = None) -> None:
        """A new empty generation, or with ``base`` a copy of that generation (hard links to its files)."""
        self.build_dir = build_dir
        build_dir.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=GENERATION_PREFIX, dir=build_dir))
        try:
            if base is None:
                self.store = ox.Store(str(self.path))
            else:
                os.rmdir(self.path)  # the backup makes the folder itself
                ox.Store.read_only(str(base)).backup(str(self.path))
                self.store = ox.Store(str(self.path))
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.path, 0o777 & ~umask)  # mkdtemp's 0700 would hide the store from other users
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def discard(self) -> None:
        del self.store
        shutil.rmtree(self.path, ignore_errors=True)

    def commit(self, manifest: dict[str, Any], optimize: bool) -> Path:
        """Close the store, record ``manifest`` in it and point ``build_dir/store`` at it; returns the link."""
        try:
            self.store.flush()
            if optimize:
                self.store.optimize()
            del self.store  # closes RocksDB before readers may open it
            write_bytes(self.path / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
            link = self.build_dir / STORE_DIR
            _swap(link, self.path.name)
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise
        _remove_unused(self.build_dir, keep=self.path)
        return link


def _swap(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` with one rename; a plain folder there (a copied build) is set aside first."""
    if link.is_dir() and not link.is_symlink():
        link.rename(tempfile.mkdtemp(prefix=GENERATION_PREFIX, dir=link.parent))
    fresh = link.parent / f".{link.name}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        fresh.unlink()
    fresh.symlink_to(target)
    os.replace(fresh, link)


def _remove_unused(build_dir: Path, keep: Path) -> None:
    """Delete the other generations that no reader holds (and leftovers of builds that died), and
    the answers kept for generations that are gone (gradkg.answers)."""
    for folder in build_dir.glob(GENERATION_PREFIX + "*"):
        if folder == keep or not folder.is_dir() or folder.is_symlink():
            continue
        fd = _lock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if fd is None:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
    for answers in (build_dir / ANSWERS_DIR).glob(GENERATION_PREFIX + "*"):
        if not (build_dir / answers.name).is_dir():
            shutil.rmtree(answers, ignore_errors=True)
