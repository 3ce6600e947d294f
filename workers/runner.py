"""Running one job: claim it, review the copy, store the report. Safe to call twice for one job."""
from __future__ import annotations

import logging

from psycopg_pool import ConnectionPool

from workers.components import Components
from workers.content import vault
from workers.judge import judge
from workers.pipeline import PIPELINE_VERSION, CopyContext, report_digest
from workers.store import jobs, reports
from workers.store.templates import variant_context

log = logging.getLogger(__name__)


def run_job(pool: ConnectionPool, job_id: int, *, components: Components, lease_seconds: int) -> str:
    keys = vault()
    with pool.connection() as conn:
        claimed = jobs.claim(conn, job_id=job_id, lease_seconds=lease_seconds, vault=keys)
        # A template variant is verified against its approved template before anything else runs.
        variant = variant_context(conn, claimed.version_id, keys) if claimed is not None and claimed.is_variant else None
        template = claimed is not None and claimed.is_template
    if claimed is None:
        return "skipped"
    ctx = CopyContext(**claimed.context)
    try:
        report = judge(claimed.text, ctx, components, variant=variant, is_template=template)
    except Exception as exc:  # a bug in composition must still reach a human, not loop forever
        log.exception("pipeline crashed on job %s", job_id)
        report = _crash_report(ctx, exc)
    with pool.connection() as conn:
        stored = reports.save_report(
            conn, job_id=job_id, version_id=claimed.version_id, subject=claimed.subject,
            pipeline_version=PIPELINE_VERSION, report=report, digest=report_digest(report),
        )
    return report["verdict"] if stored else "duplicate"


def _crash_report(ctx: CopyContext, exc: Exception | None) -> dict:
    stage, reason = ("pipeline", f"pipeline raised {type(exc).__name__}") if exc else ("content", "content erased")
    return {
        "verdict": "review", "risk_score": None, "findings": [], "rulesets": {}, "model": None,
        "errors": [{"stage": stage, "reason": reason}],
        "language": ctx.language, "classifier": None, "pipeline": PIPELINE_VERSION, "policy": None,
        "route": {"reasons": [f"error:{stage}"], "priority": None, "sla_hours": None},
    }
