"""Classifier scores are computed once per text the model reads (issue 20): the cache keys them by
the model and the token ids' digest, holds no text, and a hit reads exactly like a miss."""
from __future__ import annotations

import json
import shutil

import pytest

from classifiers.model import DEFAULT_MODEL_DIR, RiskModel
from classifiers.score_cache import ScoreCache
from classifiers.scoring import tokenize

TEXTS = ["保證獲利，穩賺不賠，名額有限，立即申辦！", "Guaranteed 12% returns with zero risk. Act now!",
         "本基金經金管會核准，惟不表示絕無風險。", "Representative 22.9% APR (variable).",
         "Earn 5% a year with our fixed saver.", "Capital at risk."]


@pytest.fixture(scope="module")
def model():
    return RiskModel.load()


def test_a_cache_hit_gives_the_same_scores_and_prediction_as_a_miss(model):
    cache = ScoreCache()
    misses = [model.predict(text, cache=cache) for text in TEXTS]
    assert cache.misses == len(TEXTS) and cache.hits == 0
    hits = [model.predict(text, cache=cache) for text in TEXTS]
    assert cache.hits == len(TEXTS)
    assert hits == misses == [model.predict(text) for text in TEXTS]


def test_texts_the_tokenizer_reads_alike_share_one_entry_and_others_do_not(model):
    cache = ScoreCache()
    model.scores("GUARANTEED RETURNS", cache=cache)
    model.scores("guaranteed returns", cache=cache)  # the tokenizer lower-cases: the same ids
    assert (cache.hits, cache.misses, len(cache)) == (1, 1, 1)
    model.scores("guaranteed return", cache=cache)
    assert len(cache) == 2


def test_the_cache_never_returns_a_score_for_another_model(model, tmp_path):
    """A second artifact whose weights differ gets a key of its own: its scores are its own even
    when the first model's are cached for the very same text."""
    other_dir = tmp_path / "other"
    shutil.copytree(DEFAULT_MODEL_DIR, other_dir)
    meta = json.loads((other_dir / "metadata.json").read_text(encoding="utf-8"))
    meta["version"] = meta["version"] + "-other"
    (other_dir / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    from safetensors.torch import load_file, save_file

    weights = load_file(other_dir / "model.safetensors")
    weights["classifier.bias"] = weights["classifier.bias"] + 1.0
    save_file(weights, other_dir / "model.safetensors", metadata={"format": "pt"})
    other = RiskModel.load(other_dir)
    assert other.key != model.key

    cache = ScoreCache()
    ours = model.scores(TEXTS[0], cache=cache)
    theirs = other.scores(TEXTS[0], cache=cache)
    assert cache.hits == 0 and theirs != ours and theirs == other.scores(TEXTS[0])

    same_weights_new_version = tmp_path / "renamed"
    shutil.copytree(DEFAULT_MODEL_DIR, same_weights_new_version)
    meta = json.loads((same_weights_new_version / "metadata.json").read_text(encoding="utf-8"))
    meta["version"] = "9.9.9"
    (same_weights_new_version / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    assert RiskModel.load(same_weights_new_version).key != model.key  # the version is part of the key


def test_the_cache_holds_digests_and_scores_only(model):
    cache = ScoreCache()
    for text in TEXTS:
        model.scores(text, cache=cache)
    for (model_key, digest), row in cache._entries.items():
        assert model_key == model.key and isinstance(digest, bytes) and len(digest) == 32
        assert all(isinstance(score, float) for score in row)
    dumped = repr(cache._entries)
    assert not any(text in dumped or text.lower() in dumped for text in TEXTS)


def test_a_bounded_cache_forgets_the_least_recently_used_entry(model):
    cache = ScoreCache(max_entries=2)
    model.scores(TEXTS[0], cache=cache)
    model.scores(TEXTS[1], cache=cache)
    model.scores(TEXTS[0], cache=cache)  # used again: TEXTS[1] is now the oldest
    model.scores(TEXTS[2], cache=cache)
    assert len(cache) == 2
    cache.hits = cache.misses = 0
    model.scores(TEXTS[0], cache=cache)
    model.scores(TEXTS[1], cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)


def test_texts_scored_together_in_length_groups_score_bit_for_bit_as_alone(model):
    """scores_many batches texts of one token length (nothing padded); every row equals the row
    of that text scored on its own, so a report never depends on its neighbours."""
    from classifiers.dataset import load_items

    texts = [item["text"] for item in load_items(DEFAULT_MODEL_DIR.parent.parent / "data" / "corpus.jsonl")[:400]]
    lengths = [tokenize(model._encoder, [t], 128)[0].shape[1] for t in texts]
    assert len(set(lengths)) < len(texts)  # some texts share a length, so some batches hold several
    together = model.scores_many(texts)
    assert together == [model.scores(text) for text in texts]


def test_a_tracking_cache_lists_what_it_scored_once_and_not_what_it_was_told(model):
    cache = ScoreCache(track_new=True)
    model.scores(TEXTS[0], cache=cache)
    cache.remember(model.key, {model.digest(TEXTS[1]): [0.5] * 6})  # another worker's score
    taken = cache.take_new()
    assert list(taken) == [model.key] and list(taken[model.key]) == [model.digest(TEXTS[0])]
    assert cache.take_new() == {}
    assert model.scores(TEXTS[1], cache=cache) == [0.5] * 6  # read back as remembered
