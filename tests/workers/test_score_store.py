"""The workers share classifier scores through PostgreSQL: a copy one worker scored is read back
by another, keyed by the model, with no text stored."""
from __future__ import annotations

import psycopg

from classifiers.score_cache import ScoreCache
from workers.pipeline import CopyContext, review
from workers.store.scores import PgScoreStore, forget_old

SECRET = b"k" * 32

TEXT = "Guaranteed 12% returns with zero risk. Act now, only 3 places left!"
UK_FUND = CopyContext(jurisdiction="UK", product="fund", channel="web")


def test_a_score_stored_by_one_process_is_read_by_another_and_the_report_is_the_same(components, pool, database_url):
    first = ScoreCache(backing=PgScoreStore(pool, SECRET))
    miss = review(TEXT, UK_FUND, _with_cache(components, first))
    assert first.misses == 1
    second = ScoreCache(backing=PgScoreStore(pool, SECRET))  # a second worker: nothing in its own memory
    hit = review(TEXT, UK_FUND, _with_cache(components, second))
    assert (second.hits, second.misses) == (1, 0)
    assert hit == miss
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT model, digest, scores FROM classifier_scores WHERE model = %s",
                            (components.model.key,)).fetchall()
        columns = [c.name for c in conn.execute("SELECT * FROM classifier_scores LIMIT 0").description]
    assert columns == ["model", "digest", "scores", "created_at"]  # no column could hold the text
    assert any(list(scores) == components.model.scores(TEXT) for _, _, scores in rows)
    assert all(TEXT.encode() not in bytes(digest) for _, digest, _ in rows)
    # The stored digest is keyed: not the plain digest of the token ids the memory cache uses.
    plain = {d for (_, d) in first._entries}
    assert plain and not plain & {bytes(digest) for _, digest, _ in rows}
    assert ScoreCache(backing=PgScoreStore(pool, b"x" * 32)).get_many(components.model.key, list(plain)) == {}


def test_another_models_key_finds_nothing(components, pool):
    store = PgScoreStore(pool, SECRET)
    cache = ScoreCache(backing=store)
    components.model.scores(TEXT, cache=cache)
    digests = [d for (_, d) in cache._entries]
    assert store.get_many(components.model.key, digests) and store.get_many(components.model.key + "-other", digests) == {}


def test_old_scores_are_forgotten(pool):
    with pool.connection() as conn:
        conn.execute("INSERT INTO classifier_scores (model, digest, scores, created_at) VALUES"
                     " ('old-model', %s, '{0.1}', now() - interval '90 days')", (b"\x01" * 32,))
        assert forget_old(conn) >= 1
        assert conn.execute("SELECT count(*) FROM classifier_scores WHERE model = 'old-model'").fetchone()[0] == 0


def _with_cache(components, cache):
    import dataclasses

    return dataclasses.replace(components, score_cache=cache)

