"""What the governance page and /metrics read to monitor the rules and the model."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.governance.policy import GovernancePolicy
from workers.oversight.monitoring import rule_and_model_rates, weekly_drift

_REPORTS = """
SELECT r.report->>'model' AS model,
       coalesce(array_agg(DISTINCT f.rule_id) FILTER (WHERE f.source = 'rule'), '{}') AS rules,
       coalesce(bool_or(f.source = 'classifier'), false) AS classifier,
       (SELECT outcome FROM decisions d WHERE d.version_id = r.version_id ORDER BY d.id DESC LIMIT 1) AS outcome
FROM reports r LEFT JOIN findings f ON f.report_id = r.id
WHERE r.created_at >= now() - make_interval(days => %(days)s)
GROUP BY r.id
"""

_WEEKS = """
SELECT date_trunc('week', created_at)::date AS week, count(risk_score) AS n, avg(risk_score) AS mean,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY risk_score) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY risk_score) AS p90
FROM reports WHERE risk_score IS NOT NULL AND created_at >= date_trunc('week', now()) - make_interval(weeks => %(weeks)s)
GROUP BY 1 ORDER BY 1
"""


def monitoring_report(conn: psycopg.Connection, policy: GovernancePolicy, routing=None) -> dict[str, Any]:
    """Per rule and per model rates (in the policy's window), weekly risk-score drift, and the
    number of overdue items (with ``routing``, the routing policy that sets the SLAs)."""
    m = policy.monitoring
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_REPORTS, {"days": m.window_days}).fetchall()
        weeks = cur.execute(_WEEKS, {"weeks": m.drift_weeks - 1}).fetchall()
    rules, models = rule_and_model_rates(rows, threshold=m.override_revision_threshold, min_decided=m.min_decided)
    for week in weeks:
        for key in ("mean", "p50", "p90"):
            week[key] = None if week[key] is None else round(float(week[key]), 4)
    overdue = None
    if routing is not None:
        from workers.store.desk import list_queue

        overdue = list_queue(conn, policy=routing, filters={})[1].overdue
    return {"rules": rules, "models": models, "weeks": weekly_drift(weeks), "overdue": overdue,
            "threshold": m.override_revision_threshold, "min_decided": m.min_decided, "window_days": m.window_days}
