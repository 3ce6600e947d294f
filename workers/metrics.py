"""Prometheus metrics recorded where the work happens (pipeline stages, the reconciler).

Labels never carry copy text or personal data. The worker and the API are separate processes;
`finreview serve|worker` set PROMETHEUS_MULTIPROC_DIR before prometheus_client is imported, so
the API's /metrics adds up what every process recorded (service/metrics.py)."""
from __future__ import annotations

import time
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

STAGE_SECONDS = Histogram(
    "finreview_stage_seconds", "Time spent in each pipeline stage", ["stage"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))
REQUEUES = Counter("finreview_reconciler_requeues_total", "Jobs the reconciler sent to the broker again")


@contextmanager
def timed(stage: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        STAGE_SECONDS.labels(stage=stage).observe(time.perf_counter() - started)
