"""Answers kept by the server, keyed by the whole job: the store never changes while it is served.

A repeated question (the same text, graphs, formats and caps) is answered from memory without a
worker. Only what a worker marked cacheable is kept: successful answers of queries without a
volatile function (RAND, NOW, UUID, STRUUID, BNODE) or a SERVICE call. Bounded in bytes and
entries, least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict

from gradkg.serve.pool import Answer


class AnswerCache:
    def __init__(self, max_bytes: int, max_entries: int = 4096) -> None:
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._bytes = 0

    @staticmethod
    def key(job: dict) -> tuple:
        return tuple(
            (k, tuple(v) if isinstance(v, list) else tuple(sorted(v.items())) if isinstance(v, dict) else v)
            for k, v in sorted(job.items())
        )

    def get(self, key: tuple) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: tuple, answer: Answer) -> None:
        size = len(answer.body)
        if not answer.cacheable or size > self.max_bytes // 8 or key in self._answers:
            return
        self._answers[key] = answer
        self._bytes += size
        while self._bytes > self.max_bytes or len(self._answers) > self.max_entries:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)
