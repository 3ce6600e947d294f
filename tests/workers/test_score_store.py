"""The workers share classifier scores through PostgreSQL: a copy one worker scored is read back
by another, keyed by the model, with a keyed digest and no text stored."""
from __future__ import annotations

import dataclasses

import psycopg

from classifiers.score_cache import ScoreCache
from workers.pipeline import CopyContext, review
from workers.store.scores import SharedScores, forget_old

TEXT = "Guaranteed 12% returns with zero risk. Act now, only 3 places left!"
UK_FUND = CopyContext(jurisdiction="UK", product="fund", channel="web")
SECRET = b"k" * 32


def test_a_score_stored_by_one_worker_is_read_by_another_and_the_report_is_the_same(components, pool, database_url):
    shared = SharedScores(SECRET)
    first = ScoreCache(track_new=True)
    miss = review(TEXT, UK_FUND, dataclasses.replace(components, score_cache=first))
    assert first.misses == 1
    with pool.connection() as conn:
        assert shared.save(conn, first) == 1
        assert shared.save(conn, first) == 0  # each score is written once
    second = ScoreCache(track_new=True)  # a second worker: nothing in its own memory
    with pool.connection() as conn:
        assert shared.load(conn, second, components.model.key, [components.model.digest(TEXT)]) == 1
    hit = review(TEXT, UK_FUND, dataclasses.replace(components, score_cache=second))
    assert (second.hits, second.misses) == (1, 0) and second.take_new() == {}
    assert hit == miss
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT model, digest, scores FROM classifier_scores WHERE model = %s",
                            (components.model.key,)).fetchall()
        columns = [c.name for c in conn.execute("SELECT * FROM classifier_scores LIMIT 0").description]
    assert columns == ["model", "digest", "scores", "created_at"]  # no column could hold the text
    assert any(list(scores) == components.model.scores(TEXT) for _, _, scores in rows)
    # The stored digest is keyed: not the plain digest of the token ids, and useless under another key.
    assert components.model.digest(TEXT) not in {bytes(digest) for _, digest, _ in rows}
    with pool.connection() as conn:
        assert SharedScores(b"x" * 32).load(conn, ScoreCache(), components.model.key,
                                            [components.model.digest(TEXT)]) == 0


def test_another_models_key_finds_nothing(components, pool):
    shared, cache = SharedScores(SECRET), ScoreCache(track_new=True)
    components.model.scores(TEXT + " Today only.", cache=cache)
    digest = components.model.digest(TEXT + " Today only.")
    with pool.connection() as conn:
        shared.save(conn, cache)
        assert shared.load(conn, ScoreCache(), components.model.key, [digest]) == 1
        assert shared.load(conn, ScoreCache(), components.model.key + "-other", [digest]) == 0


def test_old_scores_are_forgotten(pool):
    with pool.connection() as conn:
        conn.execute("INSERT INTO classifier_scores (model, digest, scores, created_at) VALUES"
                     " ('old-model', %s, '{0.1}', now() - interval '90 days')", (b"\x01" * 32,))
        assert forget_old(conn) >= 1
        assert conn.execute("SELECT count(*) FROM classifier_scores WHERE model = 'old-model'").fetchone()[0] == 0
