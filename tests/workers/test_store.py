"""The workflow store on real PostgreSQL: idempotent submit, versions, job leases, exactly one
report per version, decisions."""
from __future__ import annotations

import secrets

import psycopg
import pytest

from audit.log import events_for_subject, verify_database
from workers.store import jobs, reports
from workers.store.decisions import NeedsSeniorReviewer, NotDecidable, SameApprover, record_decision
from workers.store.submissions import IdempotencyConflict, NewCopy, UnknownSubmission, store_copy

COPY = NewCopy(text="測試文案 謹慎理財 信用至上", language="zh-TW", jurisdiction="TW", product="credit_card",
               channel="web", campaign_id="camp-store")


@pytest.fixture
def conn(database_url):
    with psycopg.connect(database_url) as c:
        yield c


def submitter() -> str:
    return f"user:test-{secrets.token_hex(4)}"


def fake_report(verdict="review"):
    return {"verdict": verdict, "risk_score": 0.4, "rulesets": {"tw.credit_card": "f" * 64}, "model": "m@1",
            "errors": [], "policy": "p" * 64, "route": {"reasons": ["risk"]},
            "findings": [{"id": "abc", "source": "rule", "rule_id": "tw.x", "severity": "major", "start": 0,
                          "end": 2, "excerpt": "測試", "message": {"zh-TW": "x", "en": "x"}, "citation": "c",
                          "suggestion": None}]}


def test_a_retry_with_the_same_idempotency_key_returns_the_same_submission(conn):
    who = submitter()
    first = store_copy(conn, submitted_by=who, copy=COPY, pipeline_version="t", idempotency_key="k1", request_hash="h1")
    again = store_copy(conn, submitted_by=who, copy=COPY, pipeline_version="t", idempotency_key="k1", request_hash="h1")
    assert (again.submission_id, again.job_id, again.created) == (first.submission_id, first.job_id, False)
    with pytest.raises(IdempotencyConflict):
        store_copy(conn, submitted_by=who, copy=COPY, pipeline_version="t", idempotency_key="k1", request_hash="h2")


def test_a_resubmission_is_the_next_version_and_only_the_owner_may_make_it(conn):
    who = submitter()
    first = store_copy(conn, submitted_by=who, copy=COPY, pipeline_version="t")
    second = store_copy(conn, submitted_by=who, copy=COPY, pipeline_version="t", resubmission_of=first.submission_id)
    assert (second.submission_id, second.version) == (first.submission_id, 2)
    with pytest.raises(UnknownSubmission):
        store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t", resubmission_of=first.submission_id)


def test_a_claimed_job_cannot_be_claimed_again_until_its_lease_expires(conn):
    stored = store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t")
    conn.commit()
    claimed = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
    assert claimed is not None and claimed.text == COPY.text and claimed.attempts == 1
    assert jobs.claim(conn, job_id=stored.job_id, lease_seconds=60) is None  # duplicate delivery: skipped
    conn.execute("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = %s", (stored.job_id,))
    assert stored.job_id in jobs.due_for_requeue(conn, requeue_after_seconds=3600)
    again = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
    assert again is not None and again.attempts == 2


def test_a_job_never_sent_to_the_broker_is_picked_up_by_the_reconciler_query(conn):
    """Once the API has had the re-send delay to publish it (the broker was down, or the API died
    between its commit and its publish)."""
    stored = store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t")
    assert stored.job_id not in jobs.due_for_requeue(conn, requeue_after_seconds=60)  # the API is sending it
    conn.execute("UPDATE jobs SET created_at = now() - interval '61 seconds' WHERE id = %s", (stored.job_id,))
    assert stored.job_id in jobs.due_for_requeue(conn, requeue_after_seconds=60)
    # ...and is not handed out twice in a row
    assert stored.job_id not in jobs.due_for_requeue(conn, requeue_after_seconds=60)


def test_saving_a_report_twice_stores_it_once_with_one_set_of_events(conn):
    stored = store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t")
    claimed = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
    args = dict(job_id=stored.job_id, version_id=stored.version_id, subject=claimed.subject, pipeline_version="t",
                report=fake_report(), digest="d" * 64)
    assert reports.save_report(conn, **args) is True
    assert reports.save_report(conn, **args) is False
    conn.commit()
    count = conn.execute("SELECT count(*) FROM reports WHERE version_id = %s", (stored.version_id,)).fetchone()[0]
    types = [e["event_type"] for e in events_for_subject(conn, f"submission:{stored.submission_id}")]
    assert count == 1 and types == ["submitted", "queued", "checked", "routed"]
    assert jobs.claim(conn, job_id=stored.job_id, lease_seconds=60) is None  # done jobs stay done


def test_decisions_need_a_report_and_blocked_copy_needs_two_different_seniors_to_approve(conn):
    stored = store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t")
    with pytest.raises(NotDecidable):
        record_decision(conn, submission_id=stored.submission_id, decided_by="user:r", role="reviewer",
                        outcome="approve", reason_code="ok", reason="fine")
    claimed = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
    reports.save_report(conn, job_id=stored.job_id, version_id=stored.version_id, subject=claimed.subject,
                        pipeline_version="t", report=fake_report("block"), digest="d" * 64)
    with pytest.raises(NeedsSeniorReviewer):
        record_decision(conn, submission_id=stored.submission_id, decided_by="user:r", role="reviewer",
                        outcome="approve", reason_code="ok", reason="fine")
    first = record_decision(conn, submission_id=stored.submission_id, decided_by="user:s", role="senior_reviewer",
                            outcome="approve", reason_code="override", reason="Blocker was a false alarm")
    assert first.awaiting_second and first.status == "block"  # four eyes: an override needs a second senior
    with pytest.raises(SameApprover):
        record_decision(conn, submission_id=stored.submission_id, decided_by="user:s", role="senior_reviewer",
                        outcome="approve", reason_code="override", reason="again")
    with pytest.raises(NeedsSeniorReviewer):
        record_decision(conn, submission_id=stored.submission_id, decided_by="user:r", role="reviewer",
                        outcome="approve", reason_code="override", reason="me too")
    decision = record_decision(conn, submission_id=stored.submission_id, decided_by="user:s2", role="senior_reviewer",
                               outcome="approve", reason_code="override", reason="Confirmed: false alarm")
    conn.commit()
    assert decision.status == "approved" and not decision.awaiting_second
    with pytest.raises(NotDecidable):
        record_decision(conn, submission_id=stored.submission_id, decided_by="user:s", role="senior_reviewer",
                        outcome="reject", reason_code="x", reason="y")
    assert verify_database(conn).ok


def _sent(conn, job_id: int, *, sent_ago: str, seq: int, state: str = "queued", taken_ago: str | None = None) -> None:
    """Job ``job_id`` was sent ``sent_ago`` as send number ``seq``; taken ``taken_ago`` if given."""
    conn.execute("UPDATE jobs SET state = %s, enqueued_at = now() - %s::interval, send_seq = %s,"
                 " taken_at = now() - %s::interval WHERE id = %s", (state, sent_ago, seq, taken_ago, job_id))


def _worker(conn, *, ready_ago: str, seen_ago: str) -> None:
    conn.execute("INSERT INTO worker_heartbeats (name, ready_at, seen_at) VALUES"
                 " (%s, now() - %s::interval, now() - %s::interval)", (f"test-{secrets.token_hex(4)}", ready_ago, seen_ago))


@pytest.fixture
def quiet_jobs(conn):
    """The session database's other jobs, done long ago, and no worker heartbeats, inside a
    transaction rolled back afterwards: the re-send rule looks at the whole jobs table."""
    conn.execute("UPDATE jobs SET state = 'done', enqueued_at = now() - interval '30 days', send_seq = NULL,"
                 " taken_at = now() - interval '30 days'")
    conn.execute("DELETE FROM worker_heartbeats")
    yield [store_copy(conn, submitted_by=submitter(), copy=COPY, pipeline_version="t").job_id for _ in range(3)]
    conn.rollback()


def test_jobs_waiting_behind_a_moving_line_are_not_sent_again(conn, quiet_jobs):
    """A batch sent two hours ago is still draining: its first job was taken a moment ago, the rest
    wait in the broker. Re-sending them would only add duplicates."""
    first, *waiting = quiet_jobs
    for seq, job_id in enumerate(waiting, start=2):
        _sent(conn, job_id, sent_ago="2 hours", seq=seq)
    _sent(conn, first, sent_ago="2 hours", seq=1, state="done", taken_ago="1 second")
    _worker(conn, ready_ago="1 hour", seen_ago="1 second")
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == []


def test_a_job_of_a_batch_overtaken_by_one_sent_after_it_is_sent_again(conn, quiet_jobs):
    """The broker hands messages out in order: when a job sent after it (in the same batch, at the
    same moment) was taken a while ago and it still waits, its message was lost or is held by a
    dead worker. A job sent a moment ago is left alone."""
    lost, later, fresh = quiet_jobs
    _sent(conn, lost, sent_ago="10 minutes", seq=1)
    _sent(conn, later, sent_ago="10 minutes", seq=2, state="done", taken_ago="2 minutes")
    _sent(conn, fresh, sent_ago="5 seconds", seq=3)
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == [lost]


def test_a_job_overtaken_only_a_moment_ago_is_not_sent_again(conn, quiet_jobs):
    """Two pool processes take neighbouring messages a moment apart: the earlier one is still being
    worked through, not lost."""
    earlier, later, fresh = quiet_jobs
    _sent(conn, earlier, sent_ago="10 minutes", seq=1)
    _sent(conn, later, sent_ago="10 minutes", seq=2, state="done", taken_ago="2 seconds")
    _sent(conn, fresh, sent_ago="5 seconds", seq=3)
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == []


def test_old_jobs_are_sent_again_when_the_line_stopped_although_a_worker_is_ready(conn, quiet_jobs):
    """A broker restarted empty: nothing has been taken for longer than the re-send delay while a
    worker with its model loaded waits, so every job sent before that is sent again (and a job
    sent a moment ago is not)."""
    a, b, fresh = quiet_jobs
    _sent(conn, a, sent_ago="2 hours", seq=1)
    _sent(conn, b, sent_ago="2 hours", seq=2)
    _sent(conn, fresh, sent_ago="5 seconds", seq=3)
    _worker(conn, ready_ago="5 minutes", seen_ago="1 second")
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == sorted([a, b])


@pytest.mark.parametrize(("ready_ago", "seen_ago", "busy", "why"), [
    (None, None, False, "no worker at all"),
    ("10 seconds", "1 second", False, "the worker is still loading its model (ready only just now)"),
    ("1 hour", "5 minutes", False, "the only worker that was ready has stopped beating (dead)"),
    ("1 hour", "1 second", True, "the worker holds a job under a live lease (busy, or blocked on a lock)"),
])
def test_a_line_that_stopped_with_no_idle_ready_worker_is_left_waiting(conn, quiet_jobs, ready_ago, seen_ago, busy,
                                                                       why):
    """Nothing taken for a while is not a lost broker when no live worker is ready and idle: the
    jobs wait in the broker for one, and re-sending them would only add duplicates."""
    running, *waiting = quiet_jobs
    for seq, job_id in enumerate(waiting, start=2):
        _sent(conn, job_id, sent_ago="2 hours", seq=seq)
    if busy:
        conn.execute("UPDATE jobs SET state = 'running', enqueued_at = now() - interval '2 hours', send_seq = 1,"
                     " taken_at = now() - interval '2 minutes', lease_expires_at = now() + interval '1 minute'"
                     " WHERE id = %s", (running,))
    else:
        _sent(conn, running, sent_ago="2 hours", seq=1)
    if ready_ago:
        _worker(conn, ready_ago=ready_ago, seen_ago=seen_ago)
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == [], why


def test_a_running_job_sent_again_does_not_make_waiting_jobs_look_lost(conn, quiet_jobs):
    """A worker died holding a job: the job is re-sent (newest send), but it has not been taken since,
    so it says nothing about the jobs still waiting in line."""
    dead, waiting, taken = quiet_jobs
    _sent(conn, taken, sent_ago="2 hours", seq=2, state="done", taken_ago="1 second")
    _sent(conn, waiting, sent_ago="2 hours", seq=3)
    conn.execute("UPDATE jobs SET state = 'running', enqueued_at = now() - interval '2 hours', send_seq = 1,"
                 " taken_at = now() - interval '10 minutes', lease_expires_at = now() - interval '1 second'"
                 " WHERE id = %s", (dead,))
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == [dead]
    jobs.mark_enqueued(conn, [dead])  # what enqueue() records once the broker took the message
    assert jobs.due_for_requeue(conn, requeue_after_seconds=60) == []


def test_sends_are_numbered_in_the_order_the_messages_went_out_and_counted(conn, quiet_jobs):
    """One batch's jobs share a send time; their send numbers still follow the order they were sent
    in, and each job counts its sends (what the reconciler bench reads as broker load)."""
    a, b, c = quiet_jobs
    jobs.mark_enqueued(conn, [c, a, b])
    jobs.mark_enqueued(conn, [a])
    rows = {job_id: (seq, sends) for job_id, seq, sends in
            conn.execute("SELECT id, send_seq, sends FROM jobs WHERE id = ANY(%s)", ([a, b, c],))}
    assert rows[c][0] < rows[b][0] < rows[a][0]
    assert (rows[a][1], rows[b][1], rows[c][1]) == (2, 1, 1)
