"""`finreview classifier export-decisions` on real PostgreSQL: officers' decisions become training items
that `train --include-decisions` accepts."""
from __future__ import annotations

import json
import subprocess
import sys

from classifiers.dataset import load_items
from tests.conftest import ROOT
from tests.service.campaign_client import api  # noqa: F401 (fixture)
from tests.service.desk import routed_item
from workers.store.decisions import record_decision

CLEARED = "【極光卡】國內消費享1%回饋，每月上限500元。謹慎理財 信用至上。"
PROMISE = "【極光卡】保證獲利，今天不辦就沒了！"
UNMAPPED = "【極光卡】首刷禮限量，活動辦法詳見官網。"


def _decide(pool, submission_id: str, outcome: str, code: str) -> int:
    with pool.connection() as conn:
        record_decision(conn, submission_id=submission_id, decided_by="user:officer-export", role="reviewer",
                        outcome=outcome, reason_code=code, reason="decided in the export test")
        return conn.execute("SELECT id FROM submission_versions WHERE submission_id = %s ORDER BY version DESC"
                            " LIMIT 1", (submission_id,)).fetchone()[0]


def test_export_decisions_writes_one_labelled_item_per_decided_copy(pool, service_env, tmp_path):
    """An approval becomes ["none"], a rejection becomes the labels of its reason code (several codes
    joined by the officer's choice), a reason code with no label gives no item, and the file loads as
    a corpus for `train --include-decisions`."""
    cleared = _decide(pool, routed_item(pool, text=CLEARED), "approve", "ok")
    promise = _decide(pool, routed_item(pool, text=PROMISE), "reject", "guarantee-wording")
    pressure = _decide(pool, routed_item(pool, text=PROMISE + "！"), "request_changes", "pressure_tactics")
    unmapped = _decide(pool, routed_item(pool, text=UNMAPPED), "reject", "missing-apr")
    out = tmp_path / "decisions.jsonl"
    done = subprocess.run([sys.executable, "-m", "service", "classifier", "export-decisions", "--out", str(out)],
                          cwd=ROOT, env=service_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "labelled item(s)" in done.stdout
    by_version = {int(item["id"].split("-")[1]): item for item in map(json.loads, out.read_text().splitlines())}
    assert by_version[cleared]["labels"] == ["none"] and by_version[cleared]["text"] == CLEARED
    assert by_version[promise]["labels"] == ["guarantee_or_promissory"]
    assert by_version[pressure]["labels"] == ["pressure_tactics"]
    assert unmapped not in by_version
    assert {item["language"] for item in by_version.values()} == {"zh-TW"}
    assert len(load_items(out)) == len(by_version)  # the training loader accepts the file as it is


def test_export_decisions_without_a_database_fails_with_a_message(service_env, tmp_path):
    """An unreachable database is a CLI error with a non-zero exit, not a traceback."""
    env = dict(service_env, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    done = subprocess.run([sys.executable, "-m", "service", "classifier", "export-decisions", "--out",
                           str(tmp_path / "x.jsonl")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "cannot reach the database" in done.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_copy_submitted_with_language_auto_is_exported_in_the_language_the_pipeline_detected(
        api, api_keys, pool, components, service_env, tmp_path):
    """The default language "auto" no longer drops a decision: the export carries the detected
    language from the report, and says on stderr what it skipped and why."""
    from tests.service.campaign_client import bearer, check_all

    texts = {"zh-TW": "【極光卡】保證核卡穩賺不賠，今天就辦！", "en": "Guaranteed approval and guaranteed returns, apply today!"}
    versions = {}
    for language, text in texts.items():
        sub = api.post("/v1/reviews", headers=bearer(api_keys["submitter"]), json={
            "text": text, "jurisdiction": "TW", "product": "credit_card", "channel": "web"}).json()["id"]
        check_all(pool, components, sub)
        versions[language] = _decide(pool, sub, "reject", "guarantee-wording")
    unmapped = _decide(pool, routed_item(pool, text=UNMAPPED), "reject", "missing-apr")
    out = tmp_path / "decisions.jsonl"
    done = subprocess.run([sys.executable, "-m", "service", "classifier", "export-decisions", "--out", str(out)],
                          cwd=ROOT, env=service_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    by_version = {int(item["id"].split("-")[1]): item for item in map(json.loads, out.read_text().splitlines())}
    for language, version_id in versions.items():
        assert by_version[version_id]["language"] == language
        assert by_version[version_id]["labels"] == ["guarantee_or_promissory"]
    assert unmapped not in by_version
    assert "skipped" in done.stderr and "reason code maps to no label" in done.stderr
