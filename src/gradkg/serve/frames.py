"""How the server and its query workers talk over a pipe: a JSON header and a byte body per frame.

A frame is two big-endian lengths (header, body), the header as UTF-8 JSON, then the body. Nothing
is pickled, so a worker can only ever hand the server data, never objects.
"""

from __future__ import annotations

import json
import os
import struct

_LENGTHS = struct.Struct(">II")


def encode(header: dict, body: bytes = b"") -> bytes:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return _LENGTHS.pack(len(head), len(body)) + head + body


class FrameReader:
    """Frames from a blocking file descriptor, read in as few system calls as the pipe allows."""

    def __init__(self, fd: int) -> None:
        self.fd, self.buffer = fd, bytearray()

    def _fill(self, size: int) -> bool:
        while len(self.buffer) < size:
            chunk = os.read(self.fd, max(65536, size - len(self.buffer)))
            if not chunk:
                return False
            self.buffer += chunk
        return True

    def read(self) -> tuple[dict, bytes] | None:
        """The next frame, or None at end of input."""
        if not self._fill(_LENGTHS.size):
            return None
        head_size, body_size = _LENGTHS.unpack_from(self.buffer)
        end = _LENGTHS.size + head_size + body_size
        if not self._fill(end):
            return None
        header = json.loads(self.buffer[_LENGTHS.size : _LENGTHS.size + head_size])
        body = bytes(self.buffer[_LENGTHS.size + head_size : end])
        del self.buffer[:end]
        return header, body


def write(fd: int, header: dict, body: bytes = b"") -> None:
    """Write one frame to a blocking file descriptor, all of it."""
    data = memoryview(encode(header, body))
    while data:
        data = data[os.write(fd, data) :]


async def read_async(reader) -> tuple[dict, bytes]:
    """The next frame from an asyncio StreamReader; IncompleteReadError when the worker has gone."""
    head_size, body_size = _LENGTHS.unpack(await reader.readexactly(_LENGTHS.size))
    rest = await reader.readexactly(head_size + body_size)
    return json.loads(rest[:head_size]), rest[head_size:]
