"""What every response and connection gets whatever the route: safety headers, and limits on slow or big clients.

The headers stop browsers from sniffing types, leaking the reader's URL to other sites, or running
script from anywhere but the server itself (the pages and YASGUI need nothing else); uvicorn adds
them to every response it writes, its own 400s included. uvicorn sets no limit on a request head,
neither in time nor in size, and none on a client that stops reading its answer: the protocol here
closes a connection whose head is not complete within the header timeout, answers 431 to a head
over 64 KiB or 200 lines, and drops a connection whose client has not read for the header timeout
(so an unread answer is not held for ever).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SAFETY_HEADERS = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "DENY"),
]
MAX_HEAD_BYTES = 64 * 1024
MAX_HEAD_LINES = 200


def head_timeout_protocol(seconds: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, with a clock and a size limit on request heads and on stalled readers."""

    class HeadTimeoutProtocol(HttpToolsProtocol):
        _head_timer: asyncio.TimerHandle | None = None
        _stall_timer: asyncio.TimerHandle | None = None
        _head_bytes = _head_lines = 0

        def _arm(self) -> None:
            self._disarm()
            self._head_bytes = self._head_lines = 0
            self._head_timer = self.loop.call_later(seconds, self._head_overdue)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_overdue(self) -> None:
            self._head_timer = None
            busy = self.cycle is not None and not self.cycle.response_complete
            if not busy and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._head_timer is not None:  # still reading a request head: count what belongs to it
                end = data.find(b"\r\n\r\n")
                head = data if end < 0 else data[:end]
                self._head_bytes += len(head)
                self._head_lines += head.count(b"\n")
                if self._head_bytes > MAX_HEAD_BYTES or self._head_lines > MAX_HEAD_LINES:
                    self._refuse_head()
                    return
            super().data_received(data)

        def _refuse_head(self) -> None:
            self._disarm()
            message = f"request head over {MAX_HEAD_BYTES} bytes or {MAX_HEAD_LINES} lines".encode("ascii")
            lines = [b"HTTP/1.1 431 Request Header Fields Too Large"]
            lines += [name + b": " + value for name, value in self.server_state.default_headers]
            lines += [
                b"content-type: text/plain; charset=utf-8",
                b"content-length: " + str(len(message)).encode(),
                b"connection: close",
                b"",
                message,
            ]
            self.transport.write(b"\r\n".join(lines))
            self.transport.close()

        def pause_writing(self) -> None:
            super().pause_writing()
            if self._stall_timer is None:
                self._stall_timer = self.loop.call_later(seconds, self._stalled)

        def resume_writing(self) -> None:
            super().resume_writing()
            if self._stall_timer is not None:
                self._stall_timer.cancel()
                self._stall_timer = None

        def _stalled(self) -> None:
            self._stall_timer = None
            self.transport.abort()  # the client has not read for ``seconds``: drop what it left unread

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._stall_timer is not None:
                self._stall_timer.cancel()
                self._stall_timer = None
            super().connection_lost(exc)

    return HeadTimeoutProtocol
