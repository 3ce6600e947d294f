"""Officers' decisions on a routed version, with four eyes for blockers and high risk.

An approval of a version with a blocker finding (or one the pipeline blocked) or with a risk score
at or above the policy's threshold is only a first approval: it waits until a *different* senior
reviewer confirms it. Approving blocked copy at all overrides a blocker, which needs a senior
reviewer. Rejecting or requesting changes takes one officer and discards a waiting first approval.
Every step is an audit event in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append

OUTCOME_STATUS = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}
DECIDABLE = ("pass", "review", "block")
SENIOR = ("senior_reviewer", "admin")


class NotDecidable(Exception):
    """The version has no report yet, or was already decided."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


class NeedsSeniorReviewer(Exception):
    """Approving copy that the pipeline blocked overrides a blocker; a second approval needs a senior."""


class SameApprover(Exception):
    """Four eyes: the second approver must be someone other than the first."""


class ClaimedByOther(Exception):
    """Another officer holds an unexpired claim on this item."""

    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


class NotClaimed(Exception):
    """The desk decides only items the officer has claimed."""


@dataclass(frozen=True)
class Decision:
    decision_id: int | None
    version: int
    status: str
    awaiting_second: bool = False


def needs_four_eyes(*, status: str, report: dict | None, risk_threshold: float) -> bool:
    report = report or {}
    blocker = any(f.get("severity") == "blocker" for f in report.get("findings", []))
    risk = report.get("risk_score")
    return status == "block" or blocker or (risk is not None and risk >= risk_threshold)


def record_decision(
    conn: psycopg.Connection, *, submission_id: str, decided_by: str, role: str, outcome: str,
    reason_code: str, reason: str, risk_threshold: float = 0.5, require_claim: bool = False,
) -> Decision:
    row = conn.execute(
        "SELECT v.id, v.version, v.status, r.report, r.digest FROM submission_versions v"
        " LEFT JOIN reports r ON r.version_id = v.id WHERE v.submission_id = %s"
        " ORDER BY v.version DESC LIMIT 1 FOR UPDATE OF v",
        (submission_id,),
    ).fetchone()
    if row is None:
        raise LookupError(submission_id)
    version_id, version, status, report, digest = row
    reviewed = _reviewed(report, digest)
    if status not in DECIDABLE:
        raise NotDecidable(status)
    holder = conn.execute("SELECT claimed_by FROM claims WHERE version_id = %s AND expires_at > now()",
                          (version_id,)).fetchone()
    if holder is not None and holder[0] != decided_by:
        raise ClaimedByOther(holder[0])
    if require_claim and holder is None:
        raise NotClaimed()
    subject = f"submission:{submission_id}/v{version}"
    first = conn.execute("SELECT approved_by, role, reason_code, reason FROM first_approvals WHERE version_id = %s",
                         (version_id,)).fetchone()
    override = status == "block" and outcome == "approve"
    if override and role not in SENIOR:
        raise NeedsSeniorReviewer()
    second_approver = None
    if outcome == "approve" and needs_four_eyes(status=status, report=report, risk_threshold=risk_threshold):
        if first is None:
            conn.execute("INSERT INTO first_approvals (version_id, approved_by, role, reason_code, reason)"
                         " VALUES (%s, %s, %s, %s, %s)", (version_id, decided_by, role, reason_code, reason))
            conn.execute("DELETE FROM claims WHERE version_id = %s", (version_id,))
            append(conn, [NewEvent("first_approval", decided_by, subject, {
                "reason_code": reason_code, "reason": reason, "previous_status": status, "override": override,
                **reviewed})])
            return Decision(None, version, status, awaiting_second=True)
        if first[0] == decided_by:
            raise SameApprover()
        if role not in SENIOR:
            raise NeedsSeniorReviewer()
        second_approver = decided_by
    first_by = first[0] if second_approver else decided_by
    final_code = first[2] if second_approver else reason_code
    decision_id, decided_at = conn.execute(
        "INSERT INTO decisions (version_id, decided_by, outcome, reason_code, reason, second_approver)"
        " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id, created_at",
        (version_id, first_by, outcome, final_code, first[3] if second_approver else reason, second_approver),
    ).fetchone()
    new_status = OUTCOME_STATUS[outcome]
    conn.execute("UPDATE submission_versions SET status = %s WHERE id = %s", (new_status, version_id))
    _queue_webhook(conn, submission_id=submission_id, version=version, status=new_status, outcome=outcome,
                   reason_code=final_code, decided_at=decided_at)
    conn.execute("DELETE FROM first_approvals WHERE version_id = %s", (version_id,))
    conn.execute("DELETE FROM claims WHERE version_id = %s", (version_id,))
    payload = {"outcome": outcome, "reason_code": reason_code, "reason": reason, "previous_status": status,
               "override": override, **reviewed}
    if second_approver:
        payload.update(first_approver=first[0], second_approver=second_approver)
    append(conn, [NewEvent("decided", decided_by, subject, payload)])
    return Decision(decision_id, version, new_status)


def _reviewed(report: dict | None, digest: str | None) -> dict:
    """What the decision was made on: the report's digest, rule pack fingerprints, model and rules hit,
    so each decision event stands on its own in an auditor's export."""
    report = report or {}
    return {"report_sha256": digest, "rulesets": report.get("rulesets") or {}, "model": report.get("model"),
            "findings": sorted({f["rule_id"] for f in report.get("findings", [])})}


def _queue_webhook(conn: psycopg.Connection, *, submission_id: str, version: int, status: str, outcome: str,
                   reason_code: str, decided_at) -> None:
    # The outbox row commits with the decision or not at all, so a decided outcome is never left
    # unannounced. The payload carries no copy text, reason text or officer: only what the submitter
    # needs to act, and nothing personal.
    payload = {"id": str(submission_id), "version": version, "status": status, "outcome": outcome,
               "reason_code": reason_code, "decided_at": decided_at.isoformat()}
    conn.execute(
        "INSERT INTO webhook_deliveries (submission_id, version, event, url, payload)"
        " SELECT id, %s, 'decided', callback_url, %s FROM submissions WHERE id = %s AND callback_url IS NOT NULL",
        (version, Jsonb(payload), submission_id),
    )
