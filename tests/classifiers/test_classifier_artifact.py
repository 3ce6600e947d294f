"""Loading refuses any artifact it cannot serve faithfully (the pipeline then fails closed)."""

import json
import shutil

import pytest

from classifiers.artifact import IncompatibleModelError
from classifiers.model import DEFAULT_MODEL_DIR, RiskModel


@pytest.fixture()
def artifact(tmp_path):
    copy = tmp_path / "finreview-risk"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    return copy


def _edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_intact_copy_loads(artifact):
    assert RiskModel.load(artifact).predict("Capital at risk.").labels


BREAKAGES = {
    "missing directory": lambda d: shutil.rmtree(d),
    "missing metadata": lambda d: (d / "metadata.json").unlink(),
    "corrupted metadata": lambda d: (d / "metadata.json").write_text('{"schema_version": 1,', encoding="utf-8"),
    "metadata not an object": lambda d: (d / "metadata.json").write_text("[1, 2]", encoding="utf-8"),
    "wrong schema version": lambda d: _edit_json(d / "metadata.json", lambda m: m.update(schema_version=2)),
    "missing key": lambda d: _edit_json(d / "metadata.json", lambda m: m.pop("thresholds")),
    "label map mismatch": lambda d: _edit_json(
        d / "metadata.json", lambda m: m["label_map"].update(pressure_tactics=0, guarantee_or_promissory=4)),
    "threshold out of range": lambda d: _edit_json(
        d / "metadata.json", lambda m: m["thresholds"].update(pressure_tactics=1.5)),
    "unknown risk formula": lambda d: _edit_json(d / "metadata.json", lambda m: m["risk_score"].update(formula="mean")),
    "missing weights": lambda d: (d / "model.safetensors").unlink(),
    "truncated weights": lambda d: (d / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}"),
    "weights columns relabelled": lambda d: _edit_json(
        d / "config.json", lambda c: c["id2label"].update({"0": "pressure_tactics", "4": "guarantee_or_promissory"})),
    "missing config": lambda d: (d / "config.json").unlink(),
    "missing tokenizer": lambda d: [(d / name).unlink(missing_ok=True) for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt")],
    "tokenizer larger than the embeddings": lambda d: _edit_json(d / "config.json", lambda c: c.update(vocab_size=100)),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_broken_artifacts_are_refused(artifact, breakage):
    breakage(artifact)
    with pytest.raises(IncompatibleModelError):
        RiskModel.load(artifact)


def test_pickled_weights_are_not_a_substitute_for_safetensors(artifact):
    (artifact / "model.safetensors").rename(artifact / "pytorch_model.bin")
    with pytest.raises(IncompatibleModelError, match="model.safetensors"):
        RiskModel.load(artifact)
