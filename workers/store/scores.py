"""The classifier score cache's shared half (classifiers/score_cache.py): PostgreSQL rows of
(model key, digest, scores), so a copy one worker scored is not scored again by another.

A job reads the scores of its copy in the transaction that claims it and writes what it scored in
the one that stores its report: one statement in each, no connection of its own. The stored digest is keyed (HMAC with a
key derived from the content key-encryption key): a plain hash of a short copy could be confirmed
by anyone who can read the table and guess the text."""
from __future__ import annotations

import hashlib
import hmac

import psycopg

from classifiers.score_cache import ScoreCache

# Scores older than this are dropped by the reconciler; a copy seen again is simply rescored.
KEEP_DAYS = 30


class SharedScores:
    def __init__(self, secret: bytes) -> None:
        self._key = hmac.new(secret, b"finreview classifier score cache", hashlib.sha256).digest()

    def _sealed(self, digest: bytes) -> bytes:
        return hmac.new(self._key, digest, hashlib.sha256).digest()

    def load(self, conn: psycopg.Connection, cache: ScoreCache, model_key: str, digests: list[bytes]) -> int:
        """Put the stored scores of ``digests`` into ``cache``; returns how many were found."""
        sealed = {self._sealed(digest): digest for digest in digests}
        rows = conn.execute("SELECT digest, scores FROM classifier_scores WHERE model = %s AND digest = ANY(%s)",
                            (model_key, list(sealed))).fetchall()
        cache.remember(model_key, {sealed[bytes(digest)]: list(scores) for digest, scores in rows})
        return len(rows)

    def save(self, conn: psycopg.Connection, cache: ScoreCache) -> int:
        """Store the scores ``cache`` computed since the last save; returns how many."""
        rows = [(model_key, self._sealed(digest), scores)
                for model_key, found in cache.take_new().items() for digest, scores in found.items()]
        if rows:
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO classifier_scores (model, digest, scores) VALUES (%s, %s, %s)"
                                " ON CONFLICT (model, digest) DO NOTHING", rows)
        return len(rows)


def forget_old(conn: psycopg.Connection, *, days: int = KEEP_DAYS) -> int:
    return conn.execute("DELETE FROM classifier_scores WHERE created_at < now() - make_interval(days => %s)",
                        (days,)).rowcount
