"""Query workers as seen from the server's event loop: bounded waits, bounded runs, always replaced.

Every request has a deadline counted from its arrival. Getting a worker may take at most a short
``queue_wait`` (then 503 with Retry-After, never an unbounded wait); the answer must come before
the deadline (else the worker is killed). A worker that exits for any reason — killed on a
timeout, out of memory, crashed — is noticed by its watcher and replaced, so the pool never
shrinks; ``live`` tells /healthz how many can answer now.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from gradkg.serve import frames

TEXT = "text/plain; charset=utf-8"
START_SECONDS = 300.0  # a new worker: start Python, open the store


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    cacheable: bool = False

    @classmethod
    def text(cls, status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
        return cls(status, TEXT, message.encode("utf-8"), headers or {})


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs: the built store, the project (for named questions), its limits."""

    store: Path
    project: Path
    memory_mb: int
    allowed_services: tuple[str, ...] = ()

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gradkg.serve.worker",
            str(self.store),
            str(self.project),
            str(self.memory_mb),
            *self.allowed_services,
        ]


class Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.last_words: deque[bytes] = deque(maxlen=20)  # its last lines on stderr: why it died

    async def relay_stderr(self) -> None:
        """Pass the worker's stderr on to the server's, keeping the last lines."""
        assert self.process.stderr
        while line := await self.process.stderr.readline():
            self.last_words.append(line)
            sys.stderr.buffer.write(line)
            sys.stderr.flush()

    def ran_out_of_memory(self) -> bool:
        return any(b"memory allocation of" in line or b"MemoryError" in line for line in self.last_words)

    async def ask(self, job: dict) -> Answer:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(frames.encode(job))
        await self.process.stdin.drain()
        header, body = await frames.read_async(self.process.stdout)
        hints = header.get("hints") or []
        # a header is latin-1: the hints (often Chinese) travel percent-encoded, as in a URL
        headers = {"X-Gradkg-Hint": quote("; ".join(hints), safe=" ;:,'()/")} if hints else {}
        return Answer(header["status"], header["media_type"], body, headers, header.get("cacheable", False))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


class WorkerPool:
    def __init__(self, spec: WorkerSpec, size: int, queue_wait: float) -> None:
        self.spec, self.size, self.queue_wait = spec, size, queue_wait
        self._idle: list[Worker] = []
        self._waiters: deque[asyncio.Future[Worker]] = deque()
        self._workers: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    @property
    def live(self) -> int:
        return len(self._workers)

    @property
    def idle(self) -> int:
        return len(self._idle)

    async def start(self) -> None:
        """Start every worker; raise if none can start (the store or the interpreter is unusable)."""
        results = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if len(failures) == self.size:
            raise RuntimeError(f"no query worker started: {failures[0]}")
        for _ in failures:
            self._respawn_later()

    async def _spawn(self) -> None:
        process = await asyncio.create_subprocess_exec(
            *self.spec.command(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            limit=2**20,
        )
        worker = Worker(process)
        relay = asyncio.get_running_loop().create_task(worker.relay_stderr())
        self._track(relay)
        try:
            header, _ = await asyncio.wait_for(frames.read_async(process.stdout), START_SECONDS)
            if not header.get("ready"):
                raise RuntimeError("a query worker did not say it was ready")
        except BaseException:
            worker.kill()
            await process.wait()
            raise
        self._workers.add(worker)
        self._track(asyncio.get_running_loop().create_task(self._watch(worker)))
        self._release(worker)

    async def _watch(self, worker: Worker) -> None:
        await worker.process.wait()
        self._workers.discard(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        if not self._closed:
            self._respawn_later()

    def _respawn_later(self) -> None:
        async def respawn() -> None:
            delay = 0.1
            while not self._closed:
                try:
                    await self._spawn()
                    return
                except (OSError, RuntimeError, asyncio.IncompleteReadError, TimeoutError):
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10.0)

        self._track(asyncio.get_running_loop().create_task(respawn()))

    def _track(self, task: asyncio.Task) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _release(self, worker: Worker) -> None:
        if worker not in self._workers:
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    async def _acquire(self, wait: float) -> Worker | None:
        if self._idle:
            return self._idle.pop()
        waiter: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), max(wait, 0.0))
        except TimeoutError:
            return waiter.result() if waiter.done() else None
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())
            raise
        finally:
            if not waiter.done():
                waiter.cancel()
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    async def run(self, job: dict, deadline: float, timeout: float) -> Answer:
        """Run a job on a worker before ``deadline`` (loop time); ``timeout`` names the limit in messages."""
        loop = asyncio.get_running_loop()
        worker = await self._acquire(min(self.queue_wait, deadline - loop.time()))
        if worker is None:
            if loop.time() >= deadline:
                return Answer.text(503, f"the query waited longer than {timeout:g} s for a worker and was not run")
            return Answer.text(503, f"all {self.size} query workers are busy; try again shortly", {"Retry-After": "1"})
        finished = False
        try:
            async with asyncio.timeout_at(deadline):
                answer = await worker.ask(job)
            finished = True
            return answer
        except TimeoutError:
            return Answer.text(503, f"the query ran longer than {timeout:g} s and was stopped")
        except (asyncio.IncompleteReadError, ConnectionError):
            return await self._obituary(worker)
        finally:
            if finished:
                self._release(worker)
            else:
                worker.kill()

    async def _obituary(self, worker: Worker) -> Answer:
        """Why a worker died under a query, from its last words on stderr."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                await worker.process.wait()
                while worker.process.stderr and not worker.process.stderr.at_eof():
                    await asyncio.sleep(0.01)
        if worker.ran_out_of_memory():
            message = f"the query needed more than a worker's {self.spec.memory_mb} MB of memory and was stopped"
        else:
            message = "the query crashed its worker, which was replaced"
        return Answer.text(503, message, {"Retry-After": "1"})

    async def close(self) -> None:
        self._closed = True
        for worker in list(self._workers):
            worker.kill()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*(w.process.wait() for w in list(self._workers)), return_exceptions=True)
