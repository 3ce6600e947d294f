"""Officers' decisions on a routed version."""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from audit.log import NewEvent, append

OUTCOME_STATUS = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}
DECIDABLE = ("pass", "review", "block")


class NotDecidable(Exception):
    """The version has no report yet, or was already decided."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


class NeedsSeniorReviewer(Exception):
    """Approving copy that the pipeline blocked overrides a blocker."""


@dataclass(frozen=True)
class Decision:
    decision_id: int
    version: int
    status: str


def record_decision(
    conn: psycopg.Connection, *, submission_id: str, decided_by: str, role: str, outcome: str,
    reason_code: str, reason: str,
) -> Decision:
    row = conn.execute(
        "SELECT id, version, status FROM submission_versions WHERE submission_id = %s"
        " ORDER BY version DESC LIMIT 1 FOR UPDATE",
        (submission_id,),
    ).fetchone()
    if row is None:
        raise LookupError(submission_id)
    version_id, version, status = row
    if status not in DECIDABLE:
        raise NotDecidable(status)
    if status == "block" and outcome == "approve" and role not in ("senior_reviewer", "admin"):
        raise NeedsSeniorReviewer()
    decision_id = conn.execute(
        "INSERT INTO decisions (version_id, decided_by, outcome, reason_code, reason)"
        " VALUES (%s, %s, %s, %s, %s) RETURNING id",
        (version_id, decided_by, outcome, reason_code, reason),
    ).fetchone()[0]
    new_status = OUTCOME_STATUS[outcome]
    conn.execute("UPDATE submission_versions SET status = %s WHERE id = %s", (new_status, version_id))
    append(conn, [NewEvent("decided", decided_by, f"submission:{submission_id}/v{version}", {
        "outcome": outcome, "reason_code": reason_code, "reason": reason, "previous_status": status,
        "override": status == "block" and outcome == "approve",
    })])
    return Decision(decision_id, version, new_status)
