"""Prometheus metrics. Labels never carry copy text or personal data.

Two sources make up /metrics:
- counters and histograms recorded in-process (here and in workers/metrics.py). Under
  `finreview serve|worker`, PROMETHEUS_MULTIPROC_DIR is set before prometheus_client is imported
  (see service/cli.py), so the API reports the worker processes' figures as well;
- gauges read from PostgreSQL at scrape time (queue depth, oldest job, verdicts, auto-clear and
  override rates): the database is the record, so these survive restarts and agree across processes.
"""
from __future__ import annotations

import os
import threading
import time

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily

SUBMISSIONS = Counter("finreview_submissions_total", "Copies accepted for review")
CHECKS = Counter("finreview_checks_total", "Synchronous checks", ["verdict"])

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

QUEUE_SQL = ("SELECT state, count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)"
             " FROM jobs WHERE state <> 'done' GROUP BY state")
VERDICTS_SQL = ("SELECT r.verdict, v.product, v.jurisdiction, count(*) FROM reports r"
                " JOIN submission_versions v ON v.id = r.version_id GROUP BY 1, 2, 3")
# An override: an officer approved copy the pipeline blocked, or rejected copy it would have cleared.
DECISIONS_SQL = ("SELECT count(*), count(*) FILTER (WHERE (d.outcome = 'approve' AND r.verdict = 'block')"
                 " OR (d.outcome <> 'approve' AND r.verdict = 'pass'))"
                 " FROM decisions d JOIN reports r ON r.version_id = d.version_id")


class _Remembered:
    """The last oversight report per database and routing policy, with when it was computed: its
    query reads every report of the monitoring window (90 days by default), too much to run on each
    scrape of a busy system, while its figures move over days."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[tuple, tuple[float, dict]] = {}

    def get(self, key: tuple, max_age: float, compute) -> dict:
        now = time.monotonic()
        with self._lock:
            found = self._last.get(key)
        if max_age > 0 and found is not None and now - found[0] < max_age:
            return found[1]
        report = compute()
        with self._lock:
            self._last[key] = (now, report)
        return report


_OVERSIGHT = _Remembered()


class DatabaseCollector:
    """Collects the database-backed gauges with one short query each, on the given connection; the
    oversight figures are reused for up to ``oversight_max_age`` seconds (0: computed each time)."""

    def __init__(self, conn, routing=None, oversight_max_age: float = 0.0):
        self.conn, self.routing, self.oversight_max_age = conn, routing, oversight_max_age

    def collect(self):
        depth = GaugeMetricFamily("finreview_queue_depth", "Jobs not yet finished, by state", labels=["state"])
        oldest = GaugeMetricFamily("finreview_queue_oldest_job_age_seconds", "Age of the oldest unfinished job")
        ages = [0.0]
        states = {"queued": 0, "running": 0}
        for state, count, age in self.conn.execute(QUEUE_SQL).fetchall():
            states[state] = count
            ages.append(float(age))
        for state, count in sorted(states.items()):
            depth.add_metric([state], count)
        oldest.add_metric([], max(ages))
        verdicts = GaugeMetricFamily("finreview_reports", "Reports by verdict, product and jurisdiction",
                                     labels=["verdict", "product", "jurisdiction"])
        total = cleared = 0
        for verdict, product, jurisdiction, count in self.conn.execute(VERDICTS_SQL).fetchall():
            verdicts.add_metric([verdict, product, jurisdiction], count)
            total += count
            cleared += count if verdict == "pass" else 0
        auto = GaugeMetricFamily("finreview_auto_clear_ratio", "Share of reports cleared without a human")
        auto.add_metric([], cleared / total if total else 0.0)
        decided, overridden = self.conn.execute(DECISIONS_SQL).fetchone()
        override = GaugeMetricFamily("finreview_officer_override_ratio",
                                     "Share of officers' decisions that went against the pipeline's route")
        override.add_metric([], overridden / decided if decided else 0.0)
        yield from (depth, oldest, verdicts, auto, override)
        yield from self._oversight()

    def _oversight(self):
        """Issue 21's monitoring: per rule and per model hit and override rates (marked for revision
        above the governance policy's threshold), this week's risk-score mean and drift, overdue items."""
        from workers.governance.policy import load_governance
        from workers.store.monitoring import monitoring_report

        policy = load_governance()
        info = self.conn.info
        key = (info.host, info.port, info.dbname, getattr(self.routing, "fingerprint", None), policy.model_dump_json())
        report = _OVERSIGHT.get(key, self.oversight_max_age,
                                lambda: monitoring_report(self.conn, policy, self.routing))
        families = []
        for kind, rates in (("rule", report["rules"]), ("model", report["models"])):
            hit = GaugeMetricFamily(f"finreview_{kind}_hit_ratio", f"Share of reports each {kind} fired on",
                                    labels=[kind])
            over = GaugeMetricFamily(f"finreview_{kind}_override_ratio",
                                     f"Share of decided items a {kind} fired on that officers approved", labels=[kind])
            marked = GaugeMetricFamily(f"finreview_{kind}_marked_for_revision",
                                       f"1 when the {kind}'s override rate passes the policy's threshold", labels=[kind])
            for r in rates:
                hit.add_metric([r.name], r.hit_rate)
                if r.override_rate is not None:
                    over.add_metric([r.name], r.override_rate)
                marked.add_metric([r.name], 1.0 if r.marked else 0.0)
            families += [hit, over, marked]
        mean = GaugeMetricFamily("finreview_risk_score_weekly_mean", "Mean risk score of this week's reports")
        drift = GaugeMetricFamily("finreview_risk_score_weekly_drift", "This week's mean risk score minus last week's")
        if report["weeks"]:
            latest = report["weeks"][-1]
            mean.add_metric([], latest["mean"] or 0.0)
            drift.add_metric([], latest["drift"] or 0.0)
        families += [mean, drift]
        if report["overdue"] is not None:
            overdue = GaugeMetricFamily("finreview_overdue_items", "Open items past their SLA deadline")
            overdue.add_metric([], report["overdue"])
            families.append(overdue)
        yield from families


def exposition(conn, routing=None, oversight_max_age: float = 0.0) -> bytes:
    """The /metrics body: in-process (or all processes') metrics, then the database gauges (the
    oversight ones as recent as ``oversight_max_age`` seconds)."""
    from prometheus_client import REGISTRY

    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    if conn is not None:
        db = CollectorRegistry()
        db.register(DatabaseCollector(conn, routing, oversight_max_age))
        body += generate_latest(db)
    return body
