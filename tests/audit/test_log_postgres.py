"""The audit log in real PostgreSQL: appends chain, the table refuses changes, and tampering by
someone who bypasses the triggers is caught by `verify_database`."""
from __future__ import annotations

import psycopg
import pytest

from audit.log import NewEvent, append, verify_database


SUBMITTED = {"jurisdiction": "TW", "product": "fund", "channel": "web", "content_sha256": "ab" * 32}
REVIEWED = {"report_sha256": "cd" * 32, "rulesets": {}, "model": "m@1", "findings": []}


def decided(outcome: str) -> dict:
    return {**REVIEWED, "outcome": outcome, "reason_code": "other", "reason": "checked"}


@pytest.fixture
def conn(database_url):
    with psycopg.connect(database_url) as c:
        yield c


def test_appended_events_are_gap_free_and_verify(conn):
    first = append(conn, [NewEvent("submitted", "user:1", "submission:x/v1", SUBMITTED),
                          NewEvent("queued", "user:1", "submission:x/v1", {"job_id": 7})])
    conn.commit()
    second = append(conn, [NewEvent("checked", "system:worker", "submission:x/v1", {**REVIEWED, "score": 0.25})])
    conn.commit()
    assert second[0] == first[1] + 1 == first[0] + 2
    assert verify_database(conn).ok


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET actor = 'user:evil'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
])
def test_the_table_refuses_update_delete_and_truncate(conn, statement):
    append(conn, [NewEvent("submitted", "user:1", "submission:y/v1", SUBMITTED)])
    conn.commit()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        conn.execute(statement)
    conn.rollback()


def test_an_edit_made_with_triggers_disabled_is_named_by_verify(conn):
    seqs = append(conn, [NewEvent("decided", "user:2", "submission:z/v1", decided("reject")),
                         NewEvent("decided", "user:2", "submission:z/v2", decided("approve"))])
    conn.commit()
    # A superuser can bypass the triggers; the chain must still tell.
    conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")
    conn.execute("UPDATE audit_events SET body = replace(body, 'reject', 'approve') WHERE seq = %s", (seqs[0],))
    result = verify_database(conn)
    conn.rollback()
    assert not result.ok and result.first_bad_seq == seqs[0] and "hash" in result.reason
    assert verify_database(conn).ok


@pytest.mark.parametrize("payload", [{**SUBMITTED, "text": "copy in clear"}, {"jurisdiction": "TW"}])
def test_an_event_with_plaintext_content_or_missing_fields_is_refused(conn, payload):
    """The schema keeps clear content out of the trail and requires each type's fields."""
    from audit.schema import SchemaError

    with pytest.raises(SchemaError):
        append(conn, [NewEvent("submitted", "user:1", "submission:q/v1", payload)])
    conn.rollback()
