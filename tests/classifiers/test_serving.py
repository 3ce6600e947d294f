"""classifiers.serving: a serving runtime is adopted by measuring it, and the artifact says so."""

import json
import shutil
from pathlib import Path

from classifiers.dataset import is_dev
from classifiers.model import DEFAULT_MODEL_DIR, RUNTIME_ENV, RiskModel
from classifiers.serving import main

CORPUS = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "corpus.jsonl"


def test_recording_a_measured_runtime_makes_auto_serve_it(tmp_path, monkeypatch, capsys):
    """Measured on a corpus sample, --record writes the runtime and its figures into metadata.json;
    the model card's figures come from there, and `auto` then loads that runtime."""
    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    artifact = tmp_path / "artifact"
    shutil.copytree(DEFAULT_MODEL_DIR, artifact)
    meta = json.loads((artifact / "metadata.json").read_text(encoding="utf-8"))
    meta.pop("serving_runtime"), meta.pop("serving")
    (artifact / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    assert RiskModel.load(artifact).runtime == "onnx"

    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    sample = [line for line in lines if is_dev(json.loads(line)["id"])][:40]
    sample += [line for line in lines if not is_dev(json.loads(line)["id"])][:40]
    corpus = tmp_path / "sample.jsonl"
    corpus.write_text("\n".join(sample) + "\n", encoding="utf-8")
    main([str(artifact), "--runtime", "onnx-int8", "--corpus", str(corpus), "--threads", "1", "--record"])

    recorded = json.loads((artifact / "metadata.json").read_text(encoding="utf-8"))
    assert recorded["serving_runtime"] == "onnx-int8"
    serving = recorded["serving"]
    assert serving["texts"] == 80 and serving["label_decisions"] == 480
    assert 0 < serving["largest_score_move"] < 0.15
    assert set(serving["dev"]) == {"onnx", "onnx-int8"} and serving["dev"]["onnx-int8"]["micro_f1"] > 0.5
    assert "recorded serving_runtime 'onnx-int8'" in capsys.readouterr().out
    assert RiskModel.load(artifact).runtime == "onnx-int8"
