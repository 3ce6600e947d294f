"""Content at rest and erasure by key destruction, on real PostgreSQL: copy is stored only as
AES-GCM ciphertext, the trail commits to the ciphertext's digest, erasure destroys the data key
and blanks report excerpts, every reader then sees "erased", and the audit trail still verifies.
Retention per jurisdiction blocks early erasure unless an override reason is given."""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date

import psycopg
import pytest

from audit.checkpoints import CheckpointPolicy, make_checkpoint
from audit.db_verify import verify_database_log
from audit.log import events_for_subject, verify_database
from audit.note import generate
from workers.content import ContentErased
from workers.retention import load_retention
from workers.store import jobs, reports
from workers.store.decisions import record_decision
from workers.store.desk import get_item
from workers.store.privacy import AlreadyErased, RetentionNotOver, erase
from workers.store.reads import get_submission
from workers.store.submissions import NewCopy, store_copy
from workers.store.unmask import reveal

SECRET_ID = "A123456789"
COPY = NewCopy(text=f"王小明先生 身分證 {SECRET_ID} 保證獲利", language="zh-TW", jurisdiction="TW", product="fund",
               channel="email", campaign_id="camp-privacy", metadata={"customer_email": "wang@example.com"})
POLICY = load_retention()
ADMIN = "user:999"


def _report():
    return {"verdict": "review", "risk_score": 0.4, "rulesets": {"tw.general": "f" * 64}, "model": "m@1",
            "errors": [], "policy": "p" * 64, "route": {"reasons": ["risk"]},
            "classifier": {"evidence": [{"start": 14, "end": 18, "text": "保證獲利", "weight": 0.9}]},
            "findings": [{"id": "pii1", "source": "pii", "rule_id": "pii.tw_national_id", "severity": "blocker",
                          "start": 10, "end": 20, "excerpt": "A12*****89", "message": {"zh-TW": "x", "en": "x"},
                          "citation": "c", "suggestion": None},
                         {"id": "r1", "source": "rule", "rule_id": "tw.general.no-guarantee-wording",
                          "severity": "blocker", "start": 21, "end": 25, "excerpt": "保證獲利",
                          "message": {"zh-TW": "x", "en": "x"}, "citation": "c", "suggestion": None}]}


@pytest.fixture
def stored(database_url):
    """A submission stored, claimed and checked through the real store functions."""
    with psycopg.connect(database_url) as conn:
        s = store_copy(conn, submitted_by=f"user:p-{secrets.token_hex(3)}", copy=COPY, pipeline_version="t")
        conn.commit()
        claimed = jobs.claim(conn, job_id=s.job_id, lease_seconds=60)
        reports.save_report(conn, job_id=s.job_id, version_id=s.version_id, subject=claimed.subject,
                            pipeline_version="t", report=_report(), digest="d" * 64)
        conn.commit()
        yield conn, s, claimed


def test_copy_is_stored_encrypted_and_the_trail_holds_only_the_ciphertext_digest(stored):
    """No clear copy or metadata in the row; the submitted event's content_sha256 is the digest of
    the stored ciphertext; the worker still reads the clear copy."""
    conn, s, claimed = stored
    text, metadata, blob = conn.execute("SELECT text, metadata, content FROM submission_versions WHERE id = %s",
                                        (s.version_id,)).fetchone()
    assert text is None and metadata == {}
    assert SECRET_ID.encode() not in bytes(blob) and b"wang@" not in bytes(blob)
    events = events_for_subject(conn, f"submission:{s.submission_id}")
    submitted = json.loads(events[0]["body"])
    assert submitted["payload"]["content_sha256"] == hashlib.sha256(bytes(blob)).hexdigest()
    assert all(SECRET_ID not in e["body"] and "wang@" not in e["body"] for e in events)
    assert claimed.text == COPY.text
    assert get_submission(conn, s.submission_id)["versions"][0]["metadata"] == COPY.metadata


def test_erasure_before_retention_ends_needs_an_override_reason(stored):
    """A TW fund ad is kept two years: erasing today without a reason is refused, naming the date."""
    conn, s, _ = stored
    with pytest.raises(RetentionNotOver) as refused:
        erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="  ")
    assert refused.value.rule_id == "tw.investment-advisory-ads"
    assert refused.value.until.year == date.today().year + 2
    conn.rollback()
    assert get_item(conn, s.submission_id)["text"] == COPY.text


def test_after_erasure_every_reader_sees_erased_and_the_trail_still_verifies(stored):
    """Erase with an override: the data key is gone, API read model, desk item, unmask, the worker
    and resubmission all see the content as erased, excerpts are blanked, an `erased` event is
    appended, and the hash chain verifies."""
    conn, s, _ = stored
    done = erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY,
                 override_reason="data subject request DSR-42")
    conn.commit()
    assert done.overridden and done.versions == 1
    version = get_submission(conn, s.submission_id)["versions"][0]
    assert version["erased"] is True and version["metadata"] is None
    assert all(f["excerpt"] == "[erased]" for f in version["report"]["findings"])
    assert version["report"]["classifier"]["evidence"][0]["text"] == "[erased]"
    assert get_item(conn, s.submission_id)["text"] is None
    with pytest.raises(ContentErased):
        reveal(conn, submission_id=s.submission_id, version=1, finding_id="pii1", actor="user:1")
    conn.rollback()
    with pytest.raises(ContentErased):
        store_copy(conn, submitted_by=conn.execute("SELECT submitted_by FROM submissions WHERE id = %s",
                                                   (s.submission_id,)).fetchone()[0],
                   copy=COPY, pipeline_version="t", resubmission_of=s.submission_id)
    conn.rollback()
    with pytest.raises(AlreadyErased):
        erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="again")
    conn.rollback()
    [erased] = [json.loads(e["body"]) for e in events_for_subject(conn, f"submission:{s.submission_id}")
                if e["event_type"] == "erased"]
    assert erased["payload"]["override_reason"] == "data subject request DSR-42"
    assert verify_database(conn).ok


def test_erasure_after_retention_needs_no_override(stored):
    """Once the retention period has run, an admin may erase without a reason."""
    conn, s, _ = stored
    done = erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY,
                 today=date(date.today().year + 3, 1, 1))
    assert not done.overridden
    conn.rollback()


def test_a_job_whose_content_was_erased_before_checking_is_finished_unrun(database_url):
    """Erasure closes the queued version: its job is done, so no worker claims it and nothing
    routes the item back to an officer."""
    with psycopg.connect(database_url) as conn:
        s = store_copy(conn, submitted_by="user:p-late", copy=COPY, pipeline_version="t")
        done = erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="test")
        conn.commit()
        assert done.closed == (1,)
        assert jobs.claim(conn, job_id=s.job_id, lease_seconds=60) is None
        assert conn.execute("SELECT status FROM submission_versions WHERE id = %s", (s.version_id,)).fetchone()[0] \
            == "erased"
        conn.rollback()


def test_a_report_finished_after_the_erasure_is_not_stored_and_does_not_reopen_the_item(database_url):
    """A worker that read the copy before the erasure saves nothing afterwards: no report quoting
    the erased copy, and the version stays `erased` instead of being routed again."""
    with psycopg.connect(database_url) as conn:
        s = store_copy(conn, submitted_by="user:p-running", copy=COPY, pipeline_version="t")
        conn.commit()
        claimed = jobs.claim(conn, job_id=s.job_id, lease_seconds=60)
        conn.commit()
        erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="test")
        conn.commit()
        assert not reports.save_report(conn, job_id=s.job_id, version_id=s.version_id, subject=claimed.subject,
                                       pipeline_version="t", report=_report(), digest="d" * 64)
        conn.commit()
        assert conn.execute("SELECT status FROM submission_versions WHERE id = %s", (s.version_id,)).fetchone()[0] \
            == "erased"
        assert conn.execute("SELECT count(*) FROM reports WHERE version_id = %s", (s.version_id,)).fetchone()[0] == 0
        assert conn.execute("SELECT state FROM jobs WHERE id = %s", (s.job_id,)).fetchone()[0] == "done"


def test_erasure_closes_an_open_version_with_an_audit_event(stored):
    """The routed version of the fixture is closed as `erased` with a `closed` event naming its
    previous status; its claim is dropped."""
    conn, s, _ = stored
    conn.execute("INSERT INTO claims (version_id, claimed_by, expires_at)"
                 " VALUES (%s, 'user:1', now() + interval '1 hour')", (s.version_id,))
    done = erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="DSR")
    assert done.closed == (1,)
    item = get_item(conn, s.submission_id)
    assert item["status"] == "erased" and item["claimed_by"] is None
    closed = json.loads(events_for_subject(conn, f"submission:{s.submission_id}/v1")[-1]["body"])
    assert closed["type"] == "closed" and closed["payload"] == {"outcome": "erased", "previous_status": "review"}
    conn.rollback()


def test_a_legacy_clear_text_row_is_erased_too(database_url):
    """Copy stored in clear before encryption existed is wiped from the row on erasure."""
    with psycopg.connect(database_url) as conn:
        s = store_copy(conn, submitted_by="user:p-legacy", copy=COPY, pipeline_version="t")
        conn.execute("DELETE FROM data_keys WHERE submission_id = %s", (s.submission_id,))
        conn.execute("UPDATE submission_versions SET text = %s, content = NULL WHERE id = %s", (COPY.text, s.version_id))
        assert get_item(conn, s.submission_id)["text"] == COPY.text
        erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="legacy")
        assert conn.execute("SELECT text FROM submission_versions WHERE id = %s", (s.version_id,)).fetchone()[0] is None
        assert get_item(conn, s.submission_id)["text"] is None
        conn.rollback()


def test_erasure_keeps_checkpointed_roots_valid(fresh_db, tmp_path):
    """Checkpoints signed before an erasure still verify after it: nothing hashed was changed."""
    signer = generate("finreview.test/audit")
    policy = CheckpointPolicy("finreview.test/audit", 1, 1, tmp_path / "cp")
    with psycopg.connect(fresh_db) as conn:
        s = store_copy(conn, submitted_by="user:p", copy=COPY, pipeline_version="t")
        conn.commit()
        make_checkpoint(conn, signer, policy)
        erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="DSR")
        conn.commit()
        make_checkpoint(conn, signer, policy)
        verdict = verify_database_log(conn, signer.verifier, origin=policy.origin, directory=policy.directory)
    # submitted, queued, erased, and the queued version closed as erased
    assert verdict.ok and verdict.events == 4 and verdict.checkpoints_verified == 2


def test_erasure_leaves_a_decided_version_its_outcome(stored):
    """An officer's decision stays what it was: only versions not yet decided are closed."""
    conn, s, _ = stored
    record_decision(conn, submission_id=s.submission_id, decided_by="user:1", role="reviewer", outcome="reject",
                    reason_code="guarantee-wording", reason="Promises profit.")
    done = erase(conn, submission_id=s.submission_id, actor=ADMIN, policy=POLICY, override_reason="DSR")
    assert done.closed == ()
    assert get_item(conn, s.submission_id)["status"] == "rejected"
    conn.rollback()
