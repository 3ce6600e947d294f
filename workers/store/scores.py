"""The classifier score cache's shared half (classifiers/score_cache.py): PostgreSQL rows of
(model key, digest, scores), so a copy one worker scored is not scored again by another.

The stored digest is keyed (HMAC with a key derived from the content key-encryption key): a plain
hash of a short copy could be confirmed by anyone who can read the table and guess the text."""
from __future__ import annotations

import hashlib
import hmac

from psycopg_pool import ConnectionPool

# Scores older than this are dropped by the retention round; a copy seen again is simply rescored.
KEEP_DAYS = 30


class PgScoreStore:
    def __init__(self, pool: ConnectionPool, secret: bytes) -> None:
        self._pool = pool
        self._key = hmac.new(secret, b"finreview classifier score cache", hashlib.sha256).digest()

    def _sealed(self, digest: bytes) -> bytes:
        return hmac.new(self._key, digest, hashlib.sha256).digest()

    def get_many(self, model_key: str, digests: list[bytes]) -> dict[bytes, list[float]]:
        sealed = {self._sealed(digest): digest for digest in digests}
        with self._pool.connection() as conn:
            rows = conn.execute("SELECT digest, scores FROM classifier_scores WHERE model = %s AND digest = ANY(%s)",
                                (model_key, list(sealed))).fetchall()
        return {sealed[bytes(digest)]: list(scores) for digest, scores in rows}

    def put_many(self, model_key: str, rows: dict[bytes, list[float]]) -> None:
        with self._pool.connection() as conn, conn.cursor() as cur:
            cur.executemany("INSERT INTO classifier_scores (model, digest, scores) VALUES (%s, %s, %s)"
                            " ON CONFLICT (model, digest) DO NOTHING",
                            [(model_key, self._sealed(digest), scores) for digest, scores in rows.items()])


def forget_old(conn, *, days: int = KEEP_DAYS) -> int:
    return conn.execute("DELETE FROM classifier_scores WHERE created_at < now() - make_interval(days => %s)",
                        (days,)).rowcount
