"""`finreview classifier evaluate|card` through the real console entry point (committed model)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

ITEMS = [
    ("e1", "保證獲利，穩賺不賠，本金絕對安全！", "zh-TW", "fund", ["guarantee_or_promissory", "missing_risk_warning"]),
    ("e2", "本基金經金管會核准，惟不表示絕無風險。投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。", "zh-TW", "fund",
     ["none"]),
    ("e3", "Guaranteed 12% returns with zero risk. Only 3 places left, act now!", "en", "fund",
     ["guarantee_or_promissory", "missing_risk_warning", "pressure_tactics"]),
    ("e4", "The card gives 1% cash back on everyday purchases. Representative 22.9% APR (variable).", "en",
     "credit_card", ["none"]),
]


def finreview(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_evaluate_prints_metrics_calibration_and_thresholds(tmp_path):
    data = tmp_path / "small.jsonl"
    data.write_text("".join(json.dumps({"id": i, "text": t, "language": lang, "product": p, "channel": "web",
                                        "labels": labels}, ensure_ascii=False) + "\n"
                            for i, t, lang, p, labels in ITEMS), encoding="utf-8")
    plot, out = tmp_path / "rel.png", tmp_path / "result.json"
    result = finreview("classifier", "evaluate", "--data", str(data), "--split", "all", "--plot", str(plot),
                       "--json", str(out), "--target-recall", "0.9")
    assert result.returncode == 0, result.stderr
    assert "guarantee_or_promissory" in result.stdout and "ECE (labels)" in result.stdout
    assert plot.read_bytes().startswith(b"\x89PNG")
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["n"] == 4 and set(saved["thresholds_for_target_recall"]) >= {"pressure_tactics"}


def test_evaluate_rejects_an_unknown_split(tmp_path):
    result = finreview("classifier", "evaluate", "--split", "nope", "--plot", str(tmp_path / "x.png"))
    assert result.returncode != 0 and "--split" in (result.stdout + result.stderr)


def test_card_prints_the_committed_card():
    result = finreview("classifier", "card")
    assert result.returncode == 0 and result.stdout.startswith("# Model card: finreview-risk@")
