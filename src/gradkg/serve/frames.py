"""How the server and its query workers talk over a pipe: a JSON header and a byte body per frame.

A frame is two big-endian lengths (header, body), the header as UTF-8 JSON, then the body. Nothing
is pickled, so a worker can only ever hand the server data, never objects.
"""

from __future__ import annotations

import json
import struct
from typing import BinaryIO

_LENGTHS = struct.Struct(">II")


def encode(header: dict, body: bytes = b"") -> bytes:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return _LENGTHS.pack(len(head), len(body)) + head + body


def read(stream: BinaryIO) -> tuple[dict, bytes] | None:
    """The next frame from a blocking stream, or None at end of input."""
    lengths = stream.read(_LENGTHS.size)
    if len(lengths) < _LENGTHS.size:
        return None
    head_size, body_size = _LENGTHS.unpack(lengths)
    return json.loads(stream.read(head_size)), stream.read(body_size)


async def read_async(reader) -> tuple[dict, bytes]:
    """The next frame from an asyncio StreamReader; IncompleteReadError when the worker has gone."""
    head_size, body_size = _LENGTHS.unpack(await reader.readexactly(_LENGTHS.size))
    header = json.loads(await reader.readexactly(head_size))
    return header, await reader.readexactly(body_size)
