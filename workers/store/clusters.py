"""Clusters of near-duplicate open items in one campaign, reviewed and decided once.

Forming a cluster takes the campaign's open items that follow no template and sit in no open
cluster, groups them (workers.campaign.clusters) and keeps every member; a member whose findings
differ from the representative's is stored with split_reason and left for its own review. A
cluster decision is recorded on each kept member separately (its own decision and audit events).
"""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from audit.log import NewEvent, append
from workers.campaign.clusters import findings_signature, near_duplicate_groups, split_rule
from workers.consistency.precedent import contradicted_by
from workers.content import vault
from workers.store.decisions import ClaimedByOther, NeedsSeniorReviewer, NotDecidable, SameApprover
from workers.store.precedents import ContradictsPrecedents, flag, precedents_for, record_judged

_OPEN_ITEMS = """
SELECT v.id AS version_id, v.submission_id::text AS submission_id, v.version, v.text, v.content, v.status,
       coalesce(r.report, '{}') AS report, c.claimed_by
FROM submission_versions v JOIN submissions s ON s.id = v.submission_id
LEFT JOIN LATERAL (SELECT report FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true
LEFT JOIN claims c ON c.version_id = v.id AND c.expires_at > now()
WHERE """


def _with_text(conn: psycopg.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = vault()
    for row in rows:
        content = keys.open_or_none(conn, row["submission_id"], row["version"], blob=row.pop("content"),
                                    legacy_text=row["text"])
        row["text"] = content.text if content else None
    return [row for row in rows if row["text"] is not None]


def form_clusters(conn: psycopg.Connection, *, campaign_id: str, formed_by: str) -> list[int]:
    """Group the campaign's open, template-free, unclustered items; the new clusters' ids."""
    where = ("s.campaign_id = %s AND v.status IN ('review', 'block')"
             " AND v.version = (SELECT max(version) FROM submission_versions WHERE submission_id = v.submission_id)"
             " AND NOT EXISTS (SELECT 1 FROM variant_slots vs WHERE vs.version_id = v.id)"
             " AND NOT EXISTS (SELECT 1 FROM templates t WHERE t.id = v.submission_id)"
             " AND NOT EXISTS (SELECT 1 FROM cluster_members m JOIN clusters k ON k.id = m.cluster_id"
             "   WHERE m.version_id = v.id AND k.decided_at IS NULL) ORDER BY v.created_at, v.id")
    with conn.cursor(row_factory=dict_row) as cur:
        rows = _with_text(conn, cur.execute(_OPEN_ITEMS + where, (campaign_id,)).fetchall())
    by_id = {row["version_id"]: row for row in rows}
    created = []
    for group in near_duplicate_groups([(row["version_id"], row["text"]) for row in rows]):
        signatures = {vid: findings_signature(by_id[vid]["report"].get("findings", [])) for vid, _ in group.members}
        _, split = split_rule(signatures[group.representative], signatures)
        cluster_id = conn.execute(
            "INSERT INTO clusters (campaign_id, representative_id, formed_by) VALUES (%s, %s, %s) RETURNING id",
            (campaign_id, group.representative, formed_by)).fetchone()[0]
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO cluster_members (cluster_id, version_id, similarity, split_reason)"
                            " VALUES (%s, %s, %s, %s)",
                            [(cluster_id, vid, sim, "findings-differ" if vid in split else None)
                             for vid, sim in group.members])
        append(conn, [NewEvent("cluster_formed", formed_by, f"cluster:{cluster_id}", {
            "campaign_id": campaign_id, "members": len(group.members), "split": len(split)})])
        created.append(cluster_id)
    return created


def list_clusters(conn: psycopg.Connection, *, campaign_id: str | None = None) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT k.id, k.campaign_id, k.created_at, k.formed_by, count(m.version_id) AS members,"
            " count(m.version_id) FILTER (WHERE m.split_reason IS NOT NULL) AS split"
            " FROM clusters k JOIN cluster_members m ON m.cluster_id = k.id"
            " WHERE k.decided_at IS NULL AND (%s::text IS NULL OR k.campaign_id = %s)"
            " GROUP BY k.id ORDER BY k.created_at, k.id", (campaign_id, campaign_id)).fetchall()


def get_cluster(conn: psycopg.Connection, cluster_id: int) -> dict[str, Any] | None:
    """The cluster with each member's text, report, status and split reason (representative first)."""
    with conn.cursor(row_factory=dict_row) as cur:
        cluster = cur.execute("SELECT * FROM clusters WHERE id = %s", (cluster_id,)).fetchone()
        if cluster is None:
            return None
        where = "v.id IN (SELECT version_id FROM cluster_members WHERE cluster_id = %s)"
        rows = _with_text(conn, cur.execute(_OPEN_ITEMS + where, (cluster_id,)).fetchall())
        members = {r["version_id"]: r for r in cur.execute(
            "SELECT version_id, similarity, split_reason FROM cluster_members WHERE cluster_id = %s", (cluster_id,))}
    for row in rows:
        row.update(similarity=members[row["version_id"]]["similarity"], split_reason=members[row["version_id"]]["split_reason"])
    rows.sort(key=lambda r: (r["version_id"] != cluster["representative_id"], -r["similarity"], r["version_id"]))
    return {**cluster, "members": rows}


def decide_cluster(conn: psycopg.Connection, *, cluster_id: int, decided_by: str, role: str, outcome: str,
                   reason_code: str, reason: str, precedent_reason: str | None = None,
                   risk_threshold: float = 0.5) -> dict[str, list[str]]:
    """Apply one decision to every kept member; members that can no longer take it are split out.
    Returns the submission ids decided and split out."""
    cluster = get_cluster(conn, cluster_id)
    if cluster is None or cluster["decided_at"] is not None:
        raise LookupError(cluster_id)
    rep = cluster["members"][0]
    against = contradicted_by(outcome, precedents_for(conn, rep))
    if against and not (precedent_reason or "").strip():
        raise ContradictsPrecedents(against)
    decided, split = [], []
    for member in cluster["members"]:
        if member["split_reason"]:
            continue
        latest = conn.execute("SELECT max(version) FROM submission_versions WHERE submission_id = %s",
                              (member["submission_id"],)).fetchone()[0]
        why = "resubmitted" if latest != member["version"] else None
        if why is None:
            try:
                with conn.transaction():
                    record_judged(conn, version_id=member["version_id"], submission_id=member["submission_id"],
                                  decided_by=decided_by, role=role, outcome=outcome, reason_code=reason_code,
                                  reason=reason, risk_threshold=risk_threshold)
            except ClaimedByOther:
                why = "claimed-by-other"
            except (NotDecidable, SameApprover, NeedsSeniorReviewer) as exc:
                why = type(exc).__name__
        subject = f"submission:{member['submission_id']}/v{member['version']}"
        if why:
            conn.execute("UPDATE cluster_members SET split_reason = %s WHERE cluster_id = %s AND version_id = %s",
                         (why, cluster_id, member["version_id"]))
            split.append(member["submission_id"])
            continue
        append(conn, [NewEvent("decided_in_cluster", decided_by, subject, {
            "cluster_id": cluster_id, "outcome": outcome, "reason_code": reason_code,
            "representative": f"{rep['submission_id']}/v{rep['version']}"})])
        decided.append(member["submission_id"])
    if against and rep["submission_id"] in decided:
        flag(conn, version_id=rep["version_id"], subject=f"submission:{rep['submission_id']}/v{rep['version']}",
             officer=decided_by, outcome=outcome, precedent_reason=precedent_reason, against=against)
    conn.execute("UPDATE clusters SET decided_at = now() WHERE id = %s", (cluster_id,))
    return {"decided": decided, "split": split}
