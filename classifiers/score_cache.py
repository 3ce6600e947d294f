"""Classifier scores remembered by what the model reads (issue 20: score each text once).

An entry's key is the model's key (id, version, runtime and a fingerprint of its weights and
tokenizer: `RiskModel.key`) and the SHA-256 of the token ids the model reads, so two copies that
differ only where the tokenizer folds them (case, width) or past its length limit share a score,
and a score never serves another model. Entries hold digests and scores only, never text.

`ScoreCache` keeps recent entries in this process (bounded, least recently used out first). With
``track_new`` it also lists the entries scored here since the last `take_new`, which workers write
to PostgreSQL in the same transaction as the job's report (workers/store/scores.py), and entries
read from there come in through `remember`: sharing scores between workers costs one statement
in each of the job's two transactions, and no connection of its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

# About 200 bytes an entry: 100,000 of them are ~20 MB of a worker's memory.
DEFAULT_ENTRIES = 100_000


class ScoreCache:
    def __init__(self, max_entries: int = DEFAULT_ENTRIES, *, track_new: bool = False) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._entries: OrderedDict[tuple[str, bytes], tuple[float, ...]] = OrderedDict()
        self._max = max_entries
        self._new: dict[tuple[str, bytes], tuple[float, ...]] | None = {} if track_new else None
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
            self.hits += sum(d in found for d in digests)
            self.misses += sum(d not in found for d in digests)
        return found

    def put_many(self, model_key: str, rows: dict[bytes, list[float]]) -> None:
        """Scores computed here (listed for `take_new` when tracked)."""
        self._remember(model_key, rows, new=True)

    def remember(self, model_key: str, rows: dict[bytes, list[float]]) -> None:
        """Scores computed elsewhere (another worker's, read from the shared store)."""
        self._remember(model_key, rows, new=False)

    def take_new(self) -> dict[str, dict[bytes, list[float]]]:
        """The entries scored here since the last call, by model key; empty unless tracked."""
        with self._lock:
            taken, self._new = self._new or {}, ({} if self._new is not None else None)
        out: dict[str, dict[bytes, list[float]]] = {}
        for (model_key, digest), row in taken.items():
            out.setdefault(model_key, {})[digest] = list(row)
        return out

    def __len__(self) -> int:
        return len(self._entries)

    def _remember(self, model_key: str, rows: dict[bytes, list[float]], *, new: bool) -> None:
        with self._lock:
            for digest, row in rows.items():
                self._entries[(model_key, digest)] = tuple(row)
                self._entries.move_to_end((model_key, digest))
                if new and self._new is not None:
                    self._new[(model_key, digest)] = tuple(row)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
