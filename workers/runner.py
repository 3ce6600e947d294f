"""Running one job: claim it, review the copy, store the report. Safe to call twice for one job."""
from __future__ import annotations

import logging

from psycopg_pool import ConnectionPool

from workers.components import Components
from workers.content import vault
from workers.governance.in_force import in_force_view
from workers.judge import judge
from workers.pipeline import PIPELINE_VERSION, CopyContext, report_digest
from workers.store import jobs, reports
from workers.store.templates import variant_context

log = logging.getLogger(__name__)


def run_job(pool: ConnectionPool, job_id: int, *, components: Components, lease_seconds: int) -> str:
    # What the governance register approved, not merely what this host's files hold.
    components = in_force_view(pool, components)
    keys = vault()
    with pool.connection() as conn:
        claimed = jobs.claim(conn, job_id=job_id, lease_seconds=lease_seconds, vault=keys)
        # A template variant is verified against its approved template before anything else runs.
        variant = variant_context(conn, claimed.version_id, keys) if claimed is not None and claimed.is_variant else None
        template = claimed is not None and claimed.is_template
        if claimed is not None:
            _load_scores(conn, components, claimed.text)
    if claimed is None:
        return "skipped"
    ctx = CopyContext(**claimed.context)
    try:
        report = judge(claimed.text, ctx, components, variant=variant, is_template=template)
    except Exception as exc:  # a bug in composition must still reach a human, not loop forever
        log.exception("pipeline crashed on job %s", job_id)
        report = _crash_report(ctx, exc)
    with pool.connection() as conn:
        # Before the report: storing it takes the audit trail's append lock until commit, and a
        # statement after it would hold every other worker's report back for one more round trip.
        _save_scores(conn, components)
        stored = reports.save_report(
            conn, job_id=job_id, version_id=claimed.version_id, subject=claimed.subject,
            pipeline_version=PIPELINE_VERSION, report=report, digest=report_digest(report),
        )
    return report["verdict"] if stored else "duplicate"


def _load_scores(conn, components: Components, text: str | None) -> None:
    """The copy's stored scores into this process's cache, as the last statement of the claim's
    transaction (no savepoint: a plain read of a table every migrated database has, and a failure
    here means the connection itself failed, which loses the claim as any other statement would)."""
    if components.shared_scores is None or components.model is None or text is None:
        return
    components.shared_scores.load(conn, components.score_cache, components.model.key, [components.model.digest(text)])


def _save_scores(conn, components: Components) -> None:
    """What this job scored, for the other workers, in its report's transaction."""
    if components.shared_scores is not None:
        components.shared_scores.save(conn, components.score_cache)


def _crash_report(ctx: CopyContext, exc: Exception | None) -> dict:
    stage, reason = ("pipeline", f"pipeline raised {type(exc).__name__}") if exc else ("content", "content erased")
    return {
        "verdict": "review", "risk_score": None, "findings": [], "rulesets": {}, "model": None,
        "errors": [{"stage": stage, "reason": reason}],
        "language": ctx.language, "classifier": None, "pipeline": PIPELINE_VERSION, "policy": None,
        "route": {"reasons": [f"error:{stage}"], "priority": None, "sla_hours": None},
    }
