"""Charts drawn by a helper process started ahead, so vl-convert's start overlaps the other work.

vl-convert takes 0.6-0.8 s to start (its JavaScript runtime and the system's fonts) before its
first chart, and holds the GIL while it draws, so a thread cannot hide that cost. ``gradkg review``
starts this helper first; while it warms up, the review's queries run and WeasyPrint is imported,
and then it draws the charts the cache does not hold. The helper is a fresh interpreter (fork and
exec), never a fork of a process where vl-convert ran: its runtime's threads do not survive a fork.

Anything that goes wrong in the helper (it cannot start, dies, answers late or garbled) only means
the charts are drawn here instead: :meth:`DrawAhead.receive` then returns None.

Run as ``python -m gradkg.charts.ahead``: reads a JSON list of Vega-Lite specs on stdin, writes the
JSON list of their SVGs on stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from gradkg.charts.vl import to_svg

WAIT_S = 120.0  # the longest a helper may take to draw; then the charts are drawn here
# A chart with Chinese text, so that warming up loads the CJK fonts too, not only the runtime.
WARM_UP = {
    "data": {"values": [{"a": "中文", "b": 1}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
}


class DrawAhead:
    """One helper process: started once, given one batch of specs, answering once."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", "gradkg.charts.ahead"]
        self._process: subprocess.Popen[bytes] | None = None
        self._exchange: threading.Thread | None = None
        self._answer: list[str] | None = None

    def start(self) -> DrawAhead:
        """Start the helper warming up (a helper that cannot start is as good as none)."""
        try:
            self._process = subprocess.Popen(
                self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError:
            self._process = None
        return self

    def send(self, specs: list[dict]) -> None:
        """Give the helper its charts; they are drawn while this process goes on."""
        if self._process is None or self._exchange is not None:
            return
        payload = json.dumps(specs, ensure_ascii=False).encode("utf-8")
        self._exchange = threading.Thread(target=self._talk, args=(self._process, payload, len(specs)), daemon=True)
        self._exchange.start()

    def _talk(self, process: subprocess.Popen[bytes], payload: bytes, expected: int) -> None:
        try:
            out, _ = process.communicate(payload, timeout=WAIT_S)
            answer = json.loads(out) if process.returncode == 0 else None
        except (subprocess.SubprocessError, OSError, ValueError):
            return
        if isinstance(answer, list) and len(answer) == expected and all(isinstance(s, str) for s in answer):
            self._answer = answer

    def receive(self) -> list[str] | None:
        """The SVGs of the specs sent, in their order, or None: then draw them here."""
        if self._exchange is None:
            return None
        self._exchange.join(WAIT_S)
        return self._answer

    def close(self) -> None:
        """Stop the helper if it still runs (nothing was sent, or it hangs)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._process is not None:
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None and not stream.closed:
                    stream.close()

    def __enter__(self) -> DrawAhead:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()


def main() -> int:
    """Warm up, then draw the specs read from stdin; exit 2 with a message on anything else than a list of specs."""
    to_svg(WARM_UP)
    try:
        specs = json.loads(sys.stdin.buffer.read())
        if not isinstance(specs, list) or not all(isinstance(spec, dict) for spec in specs):
            raise ValueError("expected a JSON list of Vega-Lite specs")
        svgs = [to_svg(spec).decode("utf-8") for spec in specs]
    except ValueError as error:  # JSON, a spec vl-convert rejects
        sys.stderr.write(f"gradkg.charts.ahead: stdin: {error}\n")
        return 2
    sys.stdout.buffer.write(json.dumps(svgs, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
