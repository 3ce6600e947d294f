"""The governance register's rows and audit events: bootstrap, proposals, four-eyes approval."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.governance.inventory import Artifact
from workers.governance.policy import GovernancePolicy

BOOTSTRAP = "system:bootstrap"
# One lock for every register change: a proposal, approval or bootstrap sees the register as it is.
_LOCK = 0x67_6f_76  # "gov"


class RegisterError(Exception):
    """A register change that is not allowed; ``slug`` names why (machine-readable)."""

    def __init__(self, slug: str, message: str):
        super().__init__(message)
        self.slug = slug


@dataclass(frozen=True)
class InForce:
    kind: str
    name: str
    fingerprint: str
    label: str
    content: Any


def _lock(conn: psycopg.Connection) -> None:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))


def in_force(conn: psycopg.Connection) -> dict[tuple[str, str], InForce]:
    rows = conn.execute("SELECT kind, name, fingerprint, label, content FROM governance_versions"
                        " WHERE state = 'approved'").fetchall()
    return {(r[0], r[1]): InForce(*r) for r in rows}


def in_force_signature(conn: psycopg.Connection) -> tuple:
    """Which versions are in force, without their content: what a worker reads every few seconds."""
    rows = conn.execute("SELECT kind, name, fingerprint FROM governance_versions WHERE state = 'approved'").fetchall()
    return tuple(sorted(((r[0], r[1]), r[2]) for r in rows))


def bootstrap(conn: psycopg.Connection, artifacts: list[Artifact], policy: GovernancePolicy) -> bool:
    """On a register that holds nothing yet, record what is installed as the first approved set
    (one audit event names it all). False, and nothing written, once the register holds anything:
    from then on every change goes through a proposal and a second person's approval."""
    _lock(conn)
    if conn.execute("SELECT EXISTS (SELECT 1 FROM governance_versions)").fetchone()[0]:
        return False
    for a in artifacts:
        owner = policy.owner_of(a.kind, a.name)
        conn.execute(
            "INSERT INTO governance_versions (kind, name, fingerprint, label, content, evidence, owner, risk_tier,"
            " state, proposed_by, decided_by, decided_at, reason)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'approved', %s, %s, now(), 'installed set at first start')",
            (a.kind, a.name, a.fingerprint, a.label, Jsonb(a.content) if a.content is not None else None,
             Jsonb(a.evidence), owner.owner, owner.risk_tier, BOOTSTRAP, BOOTSTRAP))
    append(conn, [NewEvent("governance_bootstrapped", BOOTSTRAP, "governance:register", {
        "artifacts": [{"kind": a.kind, "name": a.name, "fingerprint": a.fingerprint, "label": a.label}
                      for a in artifacts]})])
    return True


def propose(conn: psycopg.Connection, artifact: Artifact, *, actor: str, policy: GovernancePolicy,
            replay: dict[str, Any]) -> int:
    """Record a proposed version with its replay impact; answers its id."""
    _lock(conn)
    current = in_force(conn).get(artifact.key)
    if current is not None and current.fingerprint == artifact.fingerprint:
        raise RegisterError("already-in-force", "this version is already in force")
    open_row = conn.execute("SELECT id FROM governance_versions WHERE kind = %s AND name = %s AND fingerprint = %s"
                            " AND state = 'proposed'", (artifact.kind, artifact.name, artifact.fingerprint)).fetchone()
    if open_row is not None:
        raise RegisterError("already-proposed", "this version is already waiting for approval")
    owner = policy.owner_of(artifact.kind, artifact.name)
    row_id = conn.execute(
        "INSERT INTO governance_versions (kind, name, fingerprint, label, content, evidence, replay, owner, risk_tier,"
        " state, proposed_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'proposed', %s) RETURNING id",
        (artifact.kind, artifact.name, artifact.fingerprint, artifact.label,
         Jsonb(artifact.content) if artifact.content is not None else None, Jsonb(artifact.evidence), Jsonb(replay),
         owner.owner, owner.risk_tier, actor)).fetchone()[0]
    append(conn, [NewEvent("governance_proposed", actor, f"governance:{artifact.kind}/{artifact.name}", {
        "proposal": row_id, "fingerprint": artifact.fingerprint, "label": artifact.label,
        "replacing": current.fingerprint if current else None, "owner": owner.owner, "risk_tier": owner.risk_tier,
        "evidence": artifact.evidence, "replay": _replay_summary(replay)})])
    return row_id


def decide(conn: psycopg.Connection, proposal: int, *, actor: str, approve: bool, reason: str) -> dict[str, Any]:
    """Approve (the version takes effect, the one it replaces is superseded) or reject a proposal.
    Four eyes: the proposer cannot decide it."""
    _lock(conn)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT * FROM governance_versions WHERE id = %s", (proposal,)).fetchone()
    if row is None:
        raise RegisterError("not-found", "no such proposal")
    if row["state"] != "proposed":
        raise RegisterError("not-open", f"this proposal is {row['state']}")
    if row["proposed_by"] == actor:
        raise RegisterError("same-person", "four eyes: a second person must decide a change they did not propose")
    previous = None
    if approve:
        previous = conn.execute("UPDATE governance_versions SET state = 'superseded' WHERE kind = %s AND name = %s"
                                " AND state = 'approved' RETURNING fingerprint", (row["kind"], row["name"])).fetchone()
    conn.execute("UPDATE governance_versions SET state = %s, decided_by = %s, decided_at = now(), reason = %s"
                 " WHERE id = %s", ("approved" if approve else "rejected", actor, reason, proposal))
    append(conn, [NewEvent("governance_approved" if approve else "governance_rejected", actor,
                           f"governance:{row['kind']}/{row['name']}", {
                               "proposal": proposal, "fingerprint": row["fingerprint"], "proposed_by": row["proposed_by"],
                               "replaced": previous[0] if previous else None, "reason": reason})])
    return row


def register_rows(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every version, newest first within each artifact (the in-force one marked by its state)."""
    from workers.store.people import with_names

    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT id, kind, name, fingerprint, label, evidence, replay, owner, risk_tier, state, proposed_by,"
            " proposed_at, decided_by, decided_at, reason FROM governance_versions"
            " ORDER BY kind, name, proposed_at DESC, id DESC").fetchall()
    with_names(conn, rows, "proposed_by", "decided_by")
    return rows


def _replay_summary(replay: dict[str, Any]) -> dict[str, Any]:
    return {k: replay.get(k) for k in ("since", "checked", "changed", "by_change")}
