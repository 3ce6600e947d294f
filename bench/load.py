"""Load test: `finreview serve` plus a worker with 2 processes on loopback, driven by async httpx.

    .venv/bin/python bench/load.py [--batch 10000] [--rate 50] [--seconds 20] [--check-seconds 15]

Needs PostgreSQL and a broker: FINREVIEW_BENCH_DATABASE_URL (default the machine's
postgresql://postgres@127.0.0.1:5432/postgres; a fresh database is created and dropped) and
FINREVIEW_BENCH_BROKER_URL (default redis://127.0.0.1:6379/14). The per-key rate limit is turned off
for the run. Prints (targets from the issue):
- a 10,000-item batch, submit to all routed (<= 120 s on this 2-core machine);
- single-submit latency p50/p95/p99 at 50 requests/s (p95 <= 100 ms);
- POST /v1/check throughput;
- peak RSS of the API and worker process trees.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXTS = [  # written for the benchmark; a third violate, the rest are ordinary card copy
    "【極光卡】保證獲利！刷卡分期零負擔，循環利息超低，立即申辦。",
    "極光卡新戶核卡後30天內消費滿新臺幣3,000元，可享加油金200元，每戶限領一次。循環信用利率：年利率6.75%~15%。謹慎理財 信用至上",
    "極光卡國內一般消費享1%現金回饋，每月回饋上限500元，活動至2027年3月31日止。循環信用利率年利率6.75%~15%。謹慎理財 信用至上",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PeakRss(threading.Thread):
    """Samples the summed RSS of each process tree twice a second and keeps the peak."""

    def __init__(self, procs: dict[str, subprocess.Popen]):
        super().__init__(daemon=True)
        self.procs, self.peak, self.stop = procs, dict.fromkeys(procs, 0), threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            for name, popen in self.procs.items():
                try:
                    root = psutil.Process(popen.pid)
                    total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                except psutil.Error:
                    continue
                self.peak[name] = max(self.peak[name], total)


def is_ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).json().get("status") == "ready"
    except (httpx.HTTPError, ValueError):
        return False


def wait_ready(base: str, timeout: float = 120) -> None:
    """Until the API answers /readyz as ready (or ``timeout`` passes: the next request then says why)."""
    deadline = time.monotonic() + timeout
    while not is_ready(base) and time.monotonic() < deadline:
        time.sleep(0.5)


def copy(i: int) -> dict:
    return {"text": f"{TEXTS[i % 3]}（{i}）", "jurisdiction": "TW", "product": "credit_card", "channel": "web"}


def routed_count(url: str, ids: list[str]) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM reports r JOIN submission_versions v ON v.id = r.version_id"
                            " WHERE v.submission_id = ANY(%s::uuid[])", (ids,)).fetchone()[0]


async def paced_submits(base: str, key: str, rate: float, seconds: float) -> list[float]:
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
        async def one(i: int) -> None:
            started = time.perf_counter()
            resp = await client.post("/v1/reviews", json=copy(i))
            if resp.status_code == 202:
                latencies.append((time.perf_counter() - started) * 1000)

        tasks, start = [], time.perf_counter()
        for i in range(int(rate * seconds)):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(100_000 + i)))
        await asyncio.gather(*tasks)
    return latencies


async def check_throughput(base: str, key: str, seconds: float, concurrency: int = 4) -> float:
    done = 0
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
        async def loop(offset: int) -> None:
            nonlocal done
            i = offset
            while time.perf_counter() < deadline:
                resp = await client.post("/v1/check", json=copy(i))
                done += resp.status_code == 200
                i += concurrency
        started = time.perf_counter()
        await asyncio.gather(*(loop(k) for k in range(concurrency)))
    return done / (time.perf_counter() - started)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--check-seconds", type=float, default=15.0)
    args = parser.parse_args()

    from service.identity import create_user, issue_key
    from service.migrations import upgrade

    admin = os.environ.get("FINREVIEW_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    broker = os.environ.get("FINREVIEW_BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
    name = f"finreview_bench_{secrets.token_hex(3)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    home = Path(tempfile.mkdtemp(prefix="finreview-load-"))
    procs: dict[str, subprocess.Popen] = {}
    try:
        upgrade(url)
        with psycopg.connect(url) as conn:
            key = issue_key(conn, user_id=create_user(conn, name="load-submitter", role="submitter"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("FINREVIEW_")}
        env.update(DATABASE_URL=url, CELERY_BROKER_URL=broker, FINREVIEW_HOME=str(home),
                   FINREVIEW_RATE_LIMIT_PER_SECOND="0", FINREVIEW_LOG_LEVEL="WARNING")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logs = {n: (home / f"{n}.log").open("wb") for n in ("api", "worker")}
        procs["api"] = subprocess.Popen([sys.executable, "-m", "service", "serve", "--no-worker", "--port", str(port)],
                                        cwd=ROOT, env=env, stdout=logs["api"], stderr=subprocess.STDOUT)
        procs["worker"] = subprocess.Popen([sys.executable, "-m", "service", "worker", "--concurrency", "2"],
                                           cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT)
        rss = PeakRss(procs)
        rss.start()
        wait_ready(base)
        time.sleep(5)  # let the worker processes load their pipeline parts

        started = time.perf_counter()
        resp = httpx.post(f"{base}/v1/reviews/batch", headers={"Authorization": f"Bearer {key}"},
                          json={"items": [copy(i) for i in range(args.batch)]}, timeout=300)
        resp.raise_for_status()
        accepted = time.perf_counter() - started
        ids = [item["id"] for item in resp.json()["items"]]
        while routed_count(url, ids) < len(ids):
            if procs["worker"].poll() is not None:
                sys.exit(f"worker exited; see {home / 'worker.log'}")
            time.sleep(1)
        batch_s = time.perf_counter() - started
        print(f"batch of {len(ids)}: accepted in {accepted:.1f}s, all routed in {batch_s:.1f}s "
              f"({len(ids) / batch_s:.0f} copies/s)   (target <= 120 s)")

        latencies = asyncio.run(paced_submits(base, key, args.rate, args.seconds))
        print(f"single submit at {args.rate:.0f}/s for {args.seconds:.0f}s ({len(latencies)} accepted): "
              f"p50 {statistics.median(latencies):.1f} ms, p95 {pct(latencies, 0.95):.1f} ms, "
              f"p99 {pct(latencies, 0.99):.1f} ms   (target p95 <= 100 ms)")
        print(f"POST /v1/check, 4 concurrent clients: {asyncio.run(check_throughput(base, key, args.check_seconds)):.1f}"
              " checks/s")
        rss.stop.set()
        print(f"peak RSS: API {rss.peak['api'] / 2**20:.0f} MB, worker (2 processes + parent) "
              f"{rss.peak['worker'] / 2**20:.0f} MB")
    finally:
        for popen in procs.values():
            popen.terminate()
        for popen in procs.values():
            try:
                popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                popen.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
