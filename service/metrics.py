"""Prometheus metrics. Labels never carry copy text or personal data."""
from prometheus_client import Counter

SUBMISSIONS = Counter("finreview_submissions_total", "Copies accepted for review")
CHECKS = Counter("finreview_checks_total", "Synchronous checks", ["verdict"])
