"""Training smoke runs on a tiny subset: a loadable, versioned, reproducible artifact."""

import shlex
from pathlib import Path

import pytest
import torch

from classifiers.model import RiskModel
from classifiers.train import TrainConfig, main, train

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed.jsonl"
TINY = dict(epochs=1, limit=40, hidden_size=16, num_layers=1, num_heads=2, intermediate_size=32, threads=1,
            version="0.0.0-test")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("train") / "tiny"
    threads = torch.get_num_threads()
    path = train(TrainConfig(data=SEED, out=out, **TINY))
    assert torch.get_num_threads() == threads, "train() must give back the caller's thread setting"
    return path


def test_tiny_artifact_is_loadable_and_versioned(tiny):
    model = RiskModel.load(tiny)
    assert (model.id, model.version) == ("finreview-risk", "0.0.0-test")
    assert 0.0 <= model.predict("保證獲利，穩賺不賠！").risk_score <= 1.0
    meta = model.metadata
    assert meta["base_model"] == {"name": "scratch", "revision": None}
    assert meta["dataset"]["items"] == 40 and meta["metrics"]["dev"]["n"] == meta["dataset"]["dev"]
    assert set(meta["libraries"]) >= {"torch", "transformers", "safetensors"}
    assert (tiny / "vocab.txt").read_text(encoding="utf-8").startswith("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")
    card = (tiny / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert meta["rebuild_command"] in card and meta["dataset"]["sha256"] in card
    assert not list(tiny.parent.glob(".*staging*")), "staging directory left behind"


def test_rebuild_command_reproduces_the_weights_byte_for_byte(tiny, tmp_path):
    args = shlex.split(RiskModel.load(tiny).metadata["rebuild_command"])[3:]
    args[args.index("--out") + 1] = str(tmp_path / "again")
    main(args)
    assert (tmp_path / "again" / "model.safetensors").read_bytes() == (tiny / "model.safetensors").read_bytes()


def test_any_local_hugging_face_directory_can_be_the_base(tiny, tmp_path):
    main(["--data", str(SEED), "--out", str(tmp_path / "tuned"), "--base", str(tiny), "--epochs", "1",
          "--limit", "20", "--threads", "1"])
    meta = RiskModel.load(tmp_path / "tuned").metadata
    assert meta["base_model"]["name"] == "tiny" and meta["base_model"]["revision"].startswith("sha256:")
    assert "--base" in meta["rebuild_command"]


def test_include_decisions_adds_officers_items_to_training(tmp_path):
    import json

    from classifiers.decisions import decision_items

    rows = [{"version_id": 1, "text": "保證獲利，穩賺不賠！", "language": "zh-TW", "product": "fund", "channel": "web",
             "outcome": "reject", "reason_code": "guarantee-wording"},
            {"version_id": 2, "text": "Capital at risk. Terms apply.", "language": "en", "product": "fund",
             "channel": "web", "outcome": "approve", "reason_code": "disclosures-complete"}]
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in decision_items(rows)),
                         encoding="utf-8")
    out = train(TrainConfig(data=SEED, out=tmp_path / "d", include_decisions=decisions, **TINY))
    meta = RiskModel.load(out).metadata
    plain = RiskModel.load(tmp_path / "d").metadata  # same run, read back
    assert meta["dataset"]["decisions"]["sha256"] == plain["dataset"]["decisions"]["sha256"]
    assert meta["dataset"]["train"] == meta["metrics"]["train"]["n"]
    assert "--include-decisions" in meta["rebuild_command"]
    base = train(TrainConfig(data=SEED, out=tmp_path / "b", **TINY))
    assert meta["dataset"]["train"] == RiskModel.load(base).metadata["dataset"]["train"] + 2
