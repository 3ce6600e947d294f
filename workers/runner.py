"""Running one job: claim it, review the copy, store the report. Safe to call twice for one job."""
from __future__ import annotations

import logging

from psycopg_pool import ConnectionPool

from workers.components import Components
from workers.pipeline import PIPELINE_VERSION, CopyContext, report_digest, review
from workers.store import jobs, reports

log = logging.getLogger(__name__)


def run_job(pool: ConnectionPool, job_id: int, *, components: Components, lease_seconds: int) -> str:
    with pool.connection() as conn:
        claimed = jobs.claim(conn, job_id=job_id, lease_seconds=lease_seconds)
    if claimed is None:
        return "skipped"
    ctx = CopyContext(**claimed.context)
    try:
        report = review(claimed.text, ctx, components)
    except Exception as exc:  # a bug in composition must still reach a human, not loop forever
        log.exception("pipeline crashed on job %s", job_id)
        report = _crash_report(ctx, exc)
    with pool.connection() as conn:
        stored = reports.save_report(
            conn, job_id=job_id, version_id=claimed.version_id, subject=claimed.subject,
            pipeline_version=PIPELINE_VERSION, report=report, digest=report_digest(report),
        )
    return report["verdict"] if stored else "duplicate"


def _crash_report(ctx: CopyContext, exc: Exception) -> dict:
    return {
        "verdict": "review", "risk_score": None, "findings": [], "rulesets": {}, "model": None,
        "errors": [{"stage": "pipeline", "reason": f"pipeline raised {type(exc).__name__}"}],
        "language": ctx.language, "classifier": None, "pipeline": PIPELINE_VERSION, "policy": None,
        "route": {"reasons": ["error:pipeline"], "priority": None, "sla_hours": None},
    }
