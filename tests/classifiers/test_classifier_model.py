"""The committed artifact: loads, predicts, ranks obvious promises above compliant copy, explains."""

import json
from pathlib import Path

import pytest

from classifiers.dataset import file_sha256
from classifiers.labels import LABELS
from classifiers.model import DEFAULT_MODEL_DIR, MODEL_DIR_ENV, Prediction, RiskModel

CORPUS = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "corpus.jsonl"
SEED_TEXTS = {json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()}

# Written for this test, absent from the seed set (checked below). Chosen so that the
# committed model and a retrain with --seed 14 both pass: a sanity check, not a benchmark.
PROMISSORY = {
    "zh-TW": ["本保單保證年年領回6%，絕對不會虧損。",
              "本平台保證每月配息，穩賺不賠，錢放著就會變多。",
              "保證年報酬9%，穩賺不賠，存錢不如買這檔基金。",
              # known misses of finreview-risk@0.1.0, right since 0.2.0
              "投資本基金保證獲利，本金百分之百安全，絕不虧損！",
              "加入我們的投資計畫，保證每月獲利，零風險！"],
    "en": ["Guaranteed 9% income every year, you can't lose.",
           "Guaranteed profits with zero risk. You simply cannot lose money.",
           "Our fund guarantees 10% returns every year. It is completely risk-free."],
}
COMPLIANT = {
    "zh-TW": ["本基金經金管會核准，惟不表示絕無風險。投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。",
              "本基金不保證最低收益，投資人可能損失部分本金，申購前應詳閱公開說明書。",
              "這張卡國內消費享1%回饋，每月上限500元。謹慎理財 信用至上。"],
    "en": ["Capital at risk. The value of investments can fall as well as rise. "
           "Past performance is not a reliable indicator of future results.",
           # a known miss of finreview-risk@0.1.0, right since 0.2.0
           "The Income Fund aims to pay a regular income. Income is not guaranteed and you may get back "
           "less than you invest. Capital at risk."],
}
# Known misses of the committed model, kept instead of deleted (cf. Semgrep's todoruleid).
# Add them with a strict xfail test when one appears; when a better model gets one right, move it
# into the tables above. None at 0.4.0.
KNOWN_MISSES: list[tuple[str, str]] = []


@pytest.fixture(scope="module")
def model():
    return RiskModel.load()


def test_committed_artifact_loads_with_identity(model):
    assert model.path == DEFAULT_MODEL_DIR
    assert (model.id, model.version) == ("finreview-risk", "0.4.0")
    assert model.label_names == LABELS
    assert set(model.thresholds) == set(LABELS)


def test_artifact_is_small_and_was_trained_on_the_committed_corpus(model):
    size = sum(path.stat().st_size for path in DEFAULT_MODEL_DIR.iterdir())
    assert size < 30 * 2**20
    assert model.metadata["dataset"]["sha256"] == file_sha256(CORPUS), "corpus changed: retrain (see MODEL_CARD.md)"
    assert "python -m classifiers.train" in (DEFAULT_MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_prediction_shape(model):
    prediction = model.predict("Guaranteed 9% income every year, you can't lose.")
    assert isinstance(prediction, Prediction)
    assert set(prediction.labels) == set(LABELS)
    assert all(0.0 <= p <= 1.0 and round(p, 6) == p for p in prediction.labels.values())
    assert prediction.risk_score == max(prediction.labels.values())


def test_examples_are_not_in_the_seed_set():
    examples = [t for table in (PROMISSORY, COMPLIANT) for ts in table.values() for t in ts]
    assert not SEED_TEXTS & set(examples + [text for text, _ in KNOWN_MISSES])


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_promissory_copy_scores_above_compliant_copy(model, language):
    promissory = [model.predict(text).risk_score for text in PROMISSORY[language]]
    compliant = [model.predict(text).risk_score for text in COMPLIANT[language]]
    assert min(promissory) > max(compliant) + 0.2, (promissory, compliant)


def test_predictions_are_deterministic_and_independent_of_batching(model):
    texts = sorted(SEED_TEXTS)[:12] + PROMISSORY["en"] + COMPLIANT["zh-TW"]
    first = model.predict_batch(texts)
    assert first == [model.predict(text) for text in texts]
    assert first == RiskModel.load().predict_batch(list(reversed(texts)))[::-1]


def test_evidence_spans_are_phrases_of_the_input(model):
    texts = PROMISSORY["zh-TW"] + PROMISSORY["en"] + ["  Only 3 spots left!\n保證獲利，穩賺不賠。 Act now."]
    explained = 0
    for text in texts:
        prediction = model.predict(text)
        for ev in prediction.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start:ev.end] == ev.text
            assert ev.weight > 0
        explained += bool(prediction.evidence)
        assert len(prediction.evidence) <= model.metadata["evidence"]["top_k"]
    assert explained == len(texts)  # every risky example gets at least one phrase


def test_low_risk_copy_gets_no_evidence(model):
    prediction = model.predict(COMPLIANT["zh-TW"][0])
    assert prediction.risk_score < model.metadata["evidence"]["min_risk"]
    assert prediction.evidence == []
    assert prediction.label_evidence == {}


TWO_CLAIMS = "保證年報酬8%，名額只剩3位，今晚截止！"


def test_each_label_above_its_threshold_is_explained_by_its_own_phrases(model):
    """A guarantee and a deadline in one copy: the guarantee label points at the guarantee and the
    pressure label at the deadline, not both at whichever phrase moves the overall risk most."""
    prediction = model.predict(TWO_CLAIMS)
    flagged = {label for label, p in prediction.labels.items() if p >= model.thresholds[label]}
    assert {"guarantee_or_promissory", "pressure_tactics"} <= flagged
    assert set(prediction.label_evidence) == flagged
    for label, found in prediction.label_evidence.items():
        assert 0 < len(found) <= model.metadata["evidence"]["top_k"], label
        for ev in found:
            assert TWO_CLAIMS[ev.start:ev.end] == ev.text and ev.weight > 0
    strongest = {label: max(found, key=lambda e: e.weight).text for label, found in prediction.label_evidence.items()}
    assert "保證" in strongest["guarantee_or_promissory"]
    assert strongest["pressure_tactics"] in ("名額只剩3位", "今晚截止")


def test_env_var_overrides_the_default_directory(monkeypatch, tmp_path):
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "nowhere"))
    from classifiers.artifact import IncompatibleModelError

    with pytest.raises(IncompatibleModelError, match="nowhere"):
        RiskModel.load()
    assert RiskModel.load(DEFAULT_MODEL_DIR).id == "finreview-risk"  # an explicit path wins


def test_non_text_input_is_rejected(model):
    with pytest.raises(TypeError):
        model.predict(None)

