"""HTTP caching for everything the server derives from the build: ETag, Last-Modified, 304s.

A representation changes only when the build does, so its validators come from the build: the
ETag is the store generation's name (a new one at every build) with a digest of what picks the
variant (the URL, media type, language, and whether GZipMiddleware will compress it), and
Last-Modified is when the build wrote the store. Conditional requests follow RFC 9110 §13.2.2:
If-None-Match wins over If-Modified-Since. Werkzeug parses and formats the headers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from werkzeug.http import http_date, parse_date, parse_etags

CACHE_CONTROL = "public, max-age=300"  # five minutes fresh, then revalidated with the validators
GZIP_MINIMUM = 500  # GZipMiddleware's minimum_size, so the ETag knows which bodies it compresses
MARKER_FILE = "CURRENT"  # RocksDB writes it when the build creates the store, and never on a read-only open


@dataclass(frozen=True)
class BuildStamp:
    """Who the build is (for ETags) and when it was written (for Last-Modified)."""

    tag: str
    built: datetime

    @classmethod
    def of(cls, generation: Path) -> BuildStamp:
        marker = generation / MARKER_FILE
        seconds = (marker if marker.exists() else generation).stat().st_mtime
        return cls(generation.name, datetime.fromtimestamp(int(seconds), UTC))


def _compressed(request: Request, response: Response) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "") and len(response.body) >= GZIP_MINIMUM


def etag_of(request: Request, response: Response, stamp: BuildStamp) -> str:
    variant = "\n".join(
        (
            request.url.path,
            request.url.query,
            response.headers.get("content-type", ""),
            response.headers.get("content-language", ""),
            "gzip" if _compressed(request, response) else "identity",
        )
    )
    return f'"{stamp.tag}-{hashlib.sha256(variant.encode()).hexdigest()[:16]}"'


def _not_modified(request: Request, etag: str, built: datetime) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return parse_etags(if_none_match).contains_weak(etag.strip('"'))
    since = parse_date(request.headers.get("if-modified-since"))
    return since is not None and built <= since


def cached(request: Request, response: Response, stamp: BuildStamp) -> Response:
    """``response`` with validators and Cache-Control, or a 304 when the client's copy is current.

    Only a 200 to GET or HEAD is cacheable this way; anything else passes through unchanged.
    """
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    etag = etag_of(request, response, stamp)
    vary = [v.strip() for v in response.headers.get("vary", "").split(",") if v.strip()]
    if not _compressed(request, response):  # GZipMiddleware adds it to what it compresses
        vary.append("Accept-Encoding")
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(stamp.built),
        "Cache-Control": CACHE_CONTROL,
        "Vary": ", ".join(vary),
    }
    if _not_modified(request, etag, stamp.built):
        kept = {
            k: v for k, v in response.headers.items() if k.lower() in ("content-location", "link", "content-language")
        }
        return Response(status_code=304, headers={**kept, **headers})
    response.headers.update(headers)
    return response
