"""Start and stop real SPARQL servers on loopback for the tests; every process started is stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_in(low: int, high: int) -> int:
    """A free loopback port in [low, high]: for the tests that must keep to a range they were given."""
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


@contextmanager
def running(command: list[str], probe_url: str, log: Path, seconds: float = 60.0) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(probe_url, process, seconds)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def oxigraph_server(tmp: Path) -> Iterator[str]:
    """``oxigraph serve`` from the PyPI package, in memory, union default graph; yields its base URL."""
    port = free_port()
    binary = str(Path(sys.executable).parent / "oxigraph")
    base = f"http://127.0.0.1:{port}"
    with running(
        [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"], f"{base}/query", tmp / "oxigraph.log"
    ):
        yield base


@contextmanager
def virtuoso_server(tmp: Path) -> Iterator[str]:
    """A private Virtuoso from Debian (installed and started by scripts/virtuoso); yields its base URL."""
    script = str(Path(__file__).resolve().parents[1] / "scripts" / "virtuoso")
    subprocess.run([script, "install"], check=True)
    sql, http = free_port(), free_port()
    started = subprocess.run([script, "start", str(tmp), str(sql), str(http)], capture_output=True, text=True)
    if started.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start: {started.stderr}")
    try:
        yield f"http://127.0.0.1:{http}"
    finally:
        subprocess.run([script, "stop", str(tmp), str(sql)], check=False)


@contextmanager
def gradkg_server(tmp: Path, build_dir: Path, *options: str, port: int | None = None) -> Iterator[str]:
    """``gradkg serve`` on a free loopback port (or ``port``); yields its base URL."""
    port = port or free_port()
    command = [
        str(Path(sys.executable).parent / "gradkg"),
        "serve",
        "--port",
        str(port),
        "--build-dir",
        str(build_dir),
        *options,
    ]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/healthz", tmp / "gradkg-serve.log"):
        yield base
