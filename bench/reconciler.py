"""What the reconciler costs the broker when a worker is killed mid-batch (issue 19).

    .venv/bin/python bench/reconciler.py [--items 300] [--root PATH]

Runs `finreview serve --no-worker` and a worker with 2 processes on real PostgreSQL and Redis,
submits one batch, kills the worker's whole process group with SIGKILL once part of the batch is
routed, starts a fresh worker (which loads its model for longer than the re-send delay) and waits
until every item is routed. Prints, per item: the jobs sent to the broker (the first send plus the
reconciler's re-sends, read from the processes' logs), the deliveries the workers ran and those
that came back as duplicates and were skipped; and checks that every item has exactly one report.

`--root` runs another checkout of finreview (a `git worktree` of an older commit) with this
machine's virtual environment, so a change is measured against its baseline on the same services.

Needs FINREVIEW_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres; a fresh
database is created and dropped) and FINREVIEW_BENCH_BROKER_URL (default redis://127.0.0.1:6379/13,
flushed first). The re-send delay is 4 s (shorter than the new worker's model loading, as in the
fault tests), leases 10 s, a reconciler round every second.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.load import copy, free_port, routed_count, wait_ready  # noqa: E402

LEASE = 10


def start(root: Path, args: list[str], env: dict, log: Path) -> subprocess.Popen:
    # Its own session, so the kill reaches the pool processes too, as a host dying would.
    return subprocess.Popen([sys.executable, "-m", "service", *args], cwd=root, env=env, start_new_session=True,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def log_counts(logs: list[Path]) -> dict[str, int]:
    """Jobs re-sent by any reconciler, and job deliveries run (all, and skipped as duplicates)."""
    out = {"resent": 0, "deliveries": 0, "skipped": 0}
    for path in logs:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            event = str(entry.get("event", ""))
            if event.startswith("reconciler re-sending "):
                out["resent"] += int(event.split()[2])
            elif event == "job finished":
                out["deliveries"] += 1
                out["skipped"] += entry.get("outcome") == "skipped"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--root", type=Path, default=ROOT, help="the finreview checkout to run")
    parser.add_argument("--kill-after", type=int, default=40, help="items routed before the kill")
    parser.add_argument("--requeue-after", type=int, default=4,
                        help="FINREVIEW_REQUEUE_AFTER_SECONDS: shorter than a worker's model loading")
    args = parser.parse_args()
    root = args.root.resolve()

    from service.identity import create_user, issue_key

    admin = os.environ.get("FINREVIEW_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    broker = os.environ.get("FINREVIEW_BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    import redis

    redis.Redis.from_url(broker).flushdb()
    name = f"finreview_bench_{secrets.token_hex(3)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    home = Path(tempfile.mkdtemp(prefix="finreview-reconciler-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINREVIEW_")}
    env.update(DATABASE_URL=url, CELERY_BROKER_URL=broker, FINREVIEW_HOME=str(home), PYTHONPATH=str(root),
               FINREVIEW_RATE_LIMIT_PER_SECOND="0", FINREVIEW_LOG_LEVEL="INFO",
               FINREVIEW_REQUEUE_AFTER_SECONDS=str(args.requeue_after), FINREVIEW_LEASE_SECONDS=str(LEASE),
               FINREVIEW_RECONCILE_INTERVAL="1")
    procs: list[subprocess.Popen] = []
    try:
        subprocess.run([sys.executable, "-m", "service", "db", "upgrade"], cwd=root, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        with psycopg.connect(url) as conn:
            key = issue_key(conn, user_id=create_user(conn, name="reconciler-bench", role="submitter"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logs = [home / "api.log", home / "worker-1.log", home / "worker-2.log"]
        procs.append(start(root, ["serve", "--no-worker", "--port", str(port)], env, logs[0]))
        procs.append(start(root, ["worker", "--concurrency", "2"], env, logs[1]))
        wait_ready(base)
        time.sleep(20)  # the first worker's processes load their parts

        started = time.perf_counter()
        resp = httpx.post(f"{base}/v1/reviews/batch", headers={"Authorization": f"Bearer {key}"},
                          json={"items": [copy(i) for i in range(args.items)]}, timeout=300)
        resp.raise_for_status()
        ids = [item["id"] for item in resp.json()["items"]]
        while (done := routed_count(url, ids)) < args.kill_after:
            time.sleep(0.05)
        os.killpg(procs[1].pid, signal.SIGKILL)
        procs[1].wait()
        print(f"killed the worker (SIGKILL to its process group) with {done} of {len(ids)} items routed")
        procs.append(start(root, ["worker", "--concurrency", "2"], env, logs[2]))
        while routed_count(url, ids) < len(ids):
            if procs[-1].poll() is not None:
                sys.exit(f"the new worker exited; see {logs[2]}")
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        time.sleep(args.requeue_after + 3)  # late re-sends and their deliveries land in the logs
        with psycopg.connect(url) as conn:
            reports = conn.execute(
                "SELECT count(*), count(DISTINCT r.version_id) FROM reports r JOIN submission_versions v"
                " ON v.id = r.version_id WHERE v.submission_id = ANY(%s::uuid[])", (ids,)).fetchone()
        counts = log_counts(logs)
        n = len(ids)
        print(f"checkout: {root} ({_revision(root)})")
        print(f"{n} items, all routed {elapsed:.1f} s after submit; reports {reports[0]} for {reports[1]} items"
              f" ({'exactly one each' if reports[0] == reports[1] == n else 'NOT one each'})")
        print(f"jobs sent to the broker: {n + counts['resent']} ({(n + counts['resent']) / n:.2f} per item;"
              f" {counts['resent']} re-sent by the reconciler)")
        print(f"deliveries run: {counts['deliveries']} ({counts['deliveries'] / n:.2f} per item);"
              f" skipped as duplicates: {counts['skipped']}")
    finally:
        for popen in procs:
            if popen.poll() is None:
                popen.terminate()
        for popen in procs:
            try:
                popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(popen.pid, signal.SIGKILL)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _revision(root: Path) -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
