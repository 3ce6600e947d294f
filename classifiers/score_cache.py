"""Classifier scores remembered by what the model reads (issue 20: score each text once).

An entry's key is the model's key (id, version, runtime and a fingerprint of its weights and
tokenizer: `RiskModel.key`) and the SHA-256 of the token ids the model reads, so two copies that
differ only where the tokenizer folds them (case, width) or past its length limit share a score,
and a score never serves another model. Entries hold digests and scores only, never text.

`ScoreCache` keeps recent entries in this process (bounded, least recently used out first) and,
given a `backing` store, shares them between processes (workers: PostgreSQL, workers/store/scores.py).
The store only saves work: if it fails, the copy is scored as if nothing were cached.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Protocol

log = logging.getLogger(__name__)

# About 200 bytes an entry: 100,000 of them are ~20 MB of a worker's memory.
DEFAULT_ENTRIES = 100_000


class ScoreStore(Protocol):
    def get_many(self, model_key: str, digests: list[bytes]) -> dict[bytes, list[float]]: ...

    def put_many(self, model_key: str, rows: dict[bytes, list[float]]) -> None: ...


class ScoreCache:
    def __init__(self, max_entries: int = DEFAULT_ENTRIES, backing: ScoreStore | None = None) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._entries: OrderedDict[tuple[str, bytes], tuple[float, ...]] = OrderedDict()
        self._max = max_entries
        self._backing = backing
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_many(self, model_key: str, digests: list[bytes]) -> dict[bytes, list[float]]:
        found: dict[bytes, list[float]] = {}
        with self._lock:
            for digest in digests:
                row = self._entries.get((model_key, digest))
                if row is not None:
                    self._entries.move_to_end((model_key, digest))
                    found[digest] = list(row)
        missing = [d for d in dict.fromkeys(digests) if d not in found]
        if missing and self._backing is not None:
            try:
                shared = self._backing.get_many(model_key, missing)
            except Exception as exc:  # a cache that cannot answer costs a forward pass, not a review
                log.warning("score store unavailable", extra={"error": type(exc).__name__})
                shared = {}
            self._remember(model_key, shared)
            found.update(shared)
        with self._lock:
            self.hits += sum(d in found for d in digests)
            self.misses += sum(d not in found for d in digests)
        return found

    def put_many(self, model_key: str, rows: dict[bytes, list[float]]) -> None:
        self._remember(model_key, rows)
        if rows and self._backing is not None:
            try:
                self._backing.put_many(model_key, rows)
            except Exception as exc:
                log.warning("score store unavailable", extra={"error": type(exc).__name__})

    @property
    def backing(self) -> ScoreStore | None:
        return self._backing

    def __len__(self) -> int:
        return len(self._entries)

    def _remember(self, model_key: str, rows: dict[bytes, list[float]]) -> None:
        with self._lock:
            for digest, row in rows.items():
                self._entries[(model_key, digest)] = tuple(row)
                self._entries.move_to_end((model_key, digest))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
