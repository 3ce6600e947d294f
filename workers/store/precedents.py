"""Deciding with precedent in view: a decision that goes against most of its close precedents
needs an explicit reason, and is flagged for the consistency report. Every officer's judgment
(first approval, decision, second approval) is kept so agreement between officers can be measured."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.consistency.precedent import contradicted_by
from workers.store.decisions import DECIDABLE, Decision, NotDecidable, record_decision
from workers.store.desk import get_item, similar_decisions


class ContradictsPrecedents(Exception):
    """The decision goes against most of its close precedents and no precedent_reason was given."""

    def __init__(self, precedents: list[dict[str, Any]]):
        super().__init__(len(precedents))
        self.precedents = precedents


def precedents_for(conn: psycopg.Connection, item: dict[str, Any]) -> list[dict[str, Any]]:
    findings = (item.get("report") or {}).get("findings", [])
    return similar_decisions(conn, version_id=item["version_id"], text=item["text"] or "",
                             rule_ids=sorted({f["rule_id"] for f in findings}))


def decide(conn: psycopg.Connection, *, submission_id: str, decided_by: str, role: str, outcome: str,
           reason_code: str, reason: str, precedent_reason: str | None = None, risk_threshold: float = 0.5,
           require_claim: bool = False) -> Decision:
    """record_decision, checked against the item's precedents first, with the judgment kept."""
    item = get_item(conn, submission_id)
    if item is None:
        raise LookupError(submission_id)
    if item["status"] not in DECIDABLE:  # before precedents: a closed item (an erased one, say) is refused as such
        raise NotDecidable(item["status"])
    against = contradicted_by(outcome, precedents_for(conn, item))
    if against and not (precedent_reason or "").strip():
        raise ContradictsPrecedents(against)
    decision = record_judged(conn, version_id=item["version_id"], submission_id=submission_id, decided_by=decided_by,
                             role=role, outcome=outcome, reason_code=reason_code, reason=reason,
                             risk_threshold=risk_threshold, require_claim=require_claim)
    if against:
        flag(conn, version_id=item["version_id"], subject=f"submission:{submission_id}/v{decision.version}",
             officer=decided_by, outcome=outcome, precedent_reason=precedent_reason, against=against)
    return decision


def flag(conn: psycopg.Connection, *, version_id: int, subject: str, officer: str, outcome: str,
         precedent_reason: str, against: list[dict[str, Any]]) -> None:
    """Record a decision made against its close precedents, for the consistency report."""
    cited = [{"submission_id": p["submission_id"], "version": p["version"], "outcome": p["outcome"],
              "similarity": p["similarity"]} for p in against]
    conn.execute("INSERT INTO consistency_flags (version_id, officer, outcome, precedent_reason, precedents)"
                 " VALUES (%s, %s, %s, %s, %s)", (version_id, officer, outcome, precedent_reason.strip(), Jsonb(cited)))
    append(conn, [NewEvent("decided_against_precedents", officer, subject,
                           {"outcome": outcome, "precedent_reason": precedent_reason.strip(), "precedents": cited})])


def record_judged(conn: psycopg.Connection, *, version_id: int, submission_id: str, decided_by: str, **decision: Any) -> Decision:
    """record_decision plus the officer's judgment row (also for a first approval under four eyes)."""
    result = record_decision(conn, submission_id=submission_id, decided_by=decided_by, **decision)
    conn.execute("INSERT INTO judgments (version_id, officer, outcome) VALUES (%s, %s, %s)",
                 (version_id, decided_by, decision["outcome"]))
    return result
