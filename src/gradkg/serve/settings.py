"""What an operator sets for ``gradkg serve``, checked once so that no request meets a nonsensical limit."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0  # seconds from a request's arrival to its answer, queueing included
    row_cap: int = 100_000  # rows of a SELECT, triples of a CONSTRUCT or DESCRIBE
    max_result_mb: int = 64  # bytes of one serialised answer
    max_body: int = 1_000_000  # bytes of a request body, counted while it streams
    workers: int = 4
    worker_memory_mb: int = 1024  # address space a worker may add to what its store needs
    queue_wait: float = 2.0  # longest wait for a free worker before 503 + Retry-After
    header_timeout: float = 10.0  # a client must send its request head (and body) within this
    cache_mb: int = 64  # answers kept for repeated questions; 0 keeps none
    cors: tuple[str, ...] = ()
    allow_service: tuple[str, ...] = ()  # IRI prefixes that SERVICE may call; none by default
    public_url: str | None = None  # where clients reach the server; default http://HOST:PORT/

    def __post_init__(self) -> None:
        positive = {"timeout": self.timeout, "queue_wait": self.queue_wait, "header_timeout": self.header_timeout}
        for name, value in positive.items():
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name.replace('_', '-')} must be a positive number of seconds, got {value}")
        for name, count in {
            "row_cap": self.row_cap,
            "max_result_mb": self.max_result_mb,
            "max_body": self.max_body,
            "workers": self.workers,
            "worker_memory_mb": self.worker_memory_mb,
        }.items():
            if count < 1:
                raise ValueError(f"{name.replace('_', '-')} must be at least 1, got {count}")
        if self.cache_mb < 0:
            raise ValueError(f"cache-mb must be 0 (no cache) or more, got {self.cache_mb}")
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise ValueError(f"public-url must be an http(s) URL, got {self.public_url!r}")
        for prefix in self.allow_service:
            if not prefix.startswith(("http://", "https://")):
                raise ValueError(f"allow-service must name http(s) IRI prefixes, got {prefix!r}")

    @property
    def base_url(self) -> str:
        """The public base URL, ending in a slash: VoID, the service description and dumps name it."""
        return (self.public_url or f"http://{self.host}:{self.port}/").rstrip("/") + "/"
