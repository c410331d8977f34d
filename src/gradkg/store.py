"""The built graph on disk: a pyoxigraph (RocksDB) store that every reader opens read-only.

Opening the store takes milliseconds whatever the data's size, where re-parsing ``gradkg.nq``
grows with it. ``build/store`` is a symbolic link to a generation folder ``build/store-<id>/``:
a build writes a whole new generation beside the current one and swaps the link in one rename,
so a reader opens the old store or the new one, never half of either, and a failed build never
touches the link. A generation is deleted only when no process holds it open, because pyoxigraph
answers from a deleted store with empty results rather than an error: every reader keeps a shared
``flock`` on its generation for as long as it lives, and the builder deletes only the old
generations it can lock exclusively (the rest go at a later build).

rdflib is not imported here: ``gradkg query`` opens the store through this module.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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


def write_store(nquads: bytes, build_dir: Path) -> Path:
    """Load ``nquads`` into a new generation and make ``build_dir/store`` point at it; returns the link."""
    build_dir.mkdir(parents=True, exist_ok=True)
    generation = Path(tempfile.mkdtemp(prefix=GENERATION_PREFIX, dir=build_dir))
    own = _lock(generation, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a build running beside this one keeps away
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(generation, 0o777 & ~umask)  # mkdtemp's 0700 would hide the store from other users
        store = ox.Store(str(generation))
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store  # closes RocksDB before readers may open it
        link = build_dir / STORE_DIR
        _swap(link, generation.name)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    finally:
        if own is not None:
            os.close(own)
    _remove_unused(build_dir, keep=generation)
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
    """Delete the other generations that no reader holds (and leftovers of builds that died)."""
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
