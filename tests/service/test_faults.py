"""Nothing accepted is lost: real API, worker, broker and PostgreSQL processes, with faults injected.

The stack here has a PostgreSQL server (pgserver) and a Redis server of its own, so stopping them
disturbs no other test. After every fault, each accepted submission has exactly one report and one
set of pipeline events. Leases are short (5 s) so the reconciler's recovery shows within seconds."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.conftest import ROOT, Proc, free_port, start_api, wait_for
from tests.samples import COMPLIANT_CARD_AD, VIOLATING_CARD_AD

pytestmark = pytest.mark.slow
REDIS = shutil.which("redis-server")
PIPELINE_EVENTS = ["submitted", "queued", "checked", "routed"]


class Redis:
    """A throwaway redis-server on its own port, stoppable and restartable on the same port."""

    def __init__(self, workdir: Path):
        self.port, self.workdir, self.popen = free_port(), workdir, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.popen = subprocess.Popen([REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(self.workdir)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, timeout=20, what="redis-server to start")

    def stop(self) -> None:
        self.popen.kill()
        self.popen.wait()

    def _answers(self) -> bool:
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Postgres:
    """A PostgreSQL server of this module's own (pgserver), stopped and started with pg_ctl."""

    def __init__(self, workdir: Path):
        import pgserver

        workdir.chmod(0o755)  # pgserver runs the server as its own system user when we are root
        self.pgdata = workdir / "pgdata"
        self.server = pgserver.get_server(self.pgdata, cleanup_mode="delete")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user)

    def start(self) -> None:
        with self.server._lock:
            self.server.ensure_postgres_running()


def worker(env: dict[str, str], log: Path) -> Proc:
    return Proc(["worker", "--concurrency", "1"], env, log, group=True)


@pytest.fixture(scope="module")
def faults(service_env):
    if REDIS is None:
        if os.environ.get("FINREVIEW_TEST_BROKER_URL"):
            pytest.fail("redis-server is not installed but FINREVIEW_TEST_BROKER_URL says this machine has Redis")
        pytest.skip("redis-server is not installed (CI has it; the fault tests need a broker they may stop)")
    from service.identity import create_user, issue_key
    from service.migrations import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="finreview-faults-"))
    pg, redis = Postgres(workdir), Redis(workdir)
    redis.start()
    upgrade(pg.url)
    with psycopg.connect(pg.url) as conn:
        key = issue_key(conn, user_id=create_user(conn, name="fault-submitter", role="submitter"))
    env = dict(service_env, DATABASE_URL=pg.url, CELERY_BROKER_URL=redis.url, FINREVIEW_LEASE_SECONDS="5",
               FINREVIEW_REQUEUE_AFTER_SECONDS="3", FINREVIEW_RECONCILE_INTERVAL="1",
               FINREVIEW_HOME=str(workdir / "home"))
    api, base = start_api(env, workdir / "api.log", "--no-worker")
    stack = {"pg": pg, "redis": redis, "env": env, "base": base, "key": key, "workdir": workdir,
             "worker": worker(env, workdir / "worker.log")}
    yield stack
    stack["worker"].stop()
    api.stop()
    redis.stop()
    pg.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def _submit(stack, text: str = COMPLIANT_CARD_AD, timeout: float = 30) -> httpx.Response:
    return httpx.post(f"{stack['base']}/v1/reviews", headers={"Authorization": f"Bearer {stack['key']}"},
                      timeout=timeout, json={"text": text, "jurisdiction": "TW", "product": "credit_card",
                                             "channel": "web", "campaign_id": "faults"})


def _outcomes(stack, ids: list[str]) -> dict[str, tuple[int, list[str]]]:
    """submission id -> (number of reports, pipeline event types in order) for version 1."""
    out = {}
    with psycopg.connect(stack["pg"].url) as conn:
        for sub_id in ids:
            reports = conn.execute("SELECT count(*) FROM reports r JOIN submission_versions v ON v.id = r.version_id"
                                   " WHERE v.submission_id = %s", (sub_id,)).fetchone()[0]
            events = [r[0] for r in conn.execute(
                "SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq", (f"submission:{sub_id}/v1",))]
            out[sub_id] = (reports, events)
    return out


def _all_reported(stack, ids: list[str], timeout: float = 240) -> dict[str, tuple[int, list[str]]]:
    def done():
        if stack["worker"].popen.poll() is not None:
            raise AssertionError(f"worker died:\n{stack['worker'].output()[-3000:]}")
        found = _outcomes(stack, ids)
        return found if all(n >= 1 for n, _ in found.values()) else None

    return wait_for(done, timeout=timeout, interval=0.5, what=f"reports for {len(ids)} submission(s)")


def _exactly_once(found: dict[str, tuple[int, list[str]]]) -> None:
    for sub_id, (reports, events) in found.items():
        assert reports == 1, (sub_id, reports)
        assert events == PIPELINE_EVENTS, (sub_id, events)


def test_submit_answers_202_while_the_broker_is_down_and_the_jobs_run_once_it_is_back(faults):
    """The job row is the outbox: with Redis stopped the API still accepts (quickly), and after Redis
    returns the reconciler sends the jobs and each submission gets exactly one report."""
    assert _submit(faults).status_code == 202  # the stack works before the fault
    faults["redis"].stop()
    try:
        started = time.monotonic()
        answers = [_submit(faults, timeout=30) for _ in range(3)]
        assert [r.status_code for r in answers] == [202, 202, 202], [r.text for r in answers]
        assert time.monotonic() - started < 60  # bounded publish retries, not a hang
    finally:
        faults["redis"].start()
    _exactly_once(_all_reported(faults, [r.json()["id"] for r in answers]))


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(faults):
    """kill -9 of the worker (and its pool children) while a batch runs: a fresh worker and the
    reconciler finish the batch, the interrupted job included, with one report and one event set each.
    The batch is large enough, and progress read cheaply enough, that a fast worker is still caught
    part-way (with 24 items, one poll could see none done and the next all of them)."""
    items = [{"text": f"{VIOLATING_CARD_AD} #{i}", "jurisdiction": "TW", "product": "credit_card", "channel": "web"}
             for i in range(96)]
    resp = httpx.post(f"{faults['base']}/v1/reviews/batch", headers={"Authorization": f"Bearer {faults['key']}"},
                      json={"items": items}, timeout=60)
    assert resp.status_code == 202, resp.text
    ids = [item["id"] for item in resp.json()["items"]]

    def some_but_not_all():
        with psycopg.connect(faults["pg"].url) as conn:
            done = conn.execute("SELECT count(*) FROM reports r JOIN submission_versions v ON v.id = r.version_id"
                                " WHERE v.submission_id::text = ANY(%s)", (ids,)).fetchone()[0]
        return 0 < done < len(ids)

    wait_for(some_but_not_all, timeout=240, interval=0.05, what="the worker to be part-way through the batch")
    faults["worker"].kill9()
    faults["worker"] = worker(faults["env"], faults["workdir"] / "worker-after-kill.log")
    _exactly_once(_all_reported(faults, ids))


def test_the_same_job_delivered_twice_gives_one_report(faults):
    """A duplicate broker delivery (the same job id published twice) is absorbed: one report, one
    event set."""
    resp = _submit(faults, text=f"{COMPLIANT_CARD_AD} (dup)")
    assert resp.status_code == 202
    sub_id = resp.json()["id"]
    with psycopg.connect(faults["pg"].url) as conn:
        job_id = conn.execute("SELECT j.id FROM jobs j JOIN submission_versions v ON v.id = j.version_id"
                              " WHERE v.submission_id = %s", (sub_id,)).fetchone()[0]
    publish = ("import sys; from workers.celery_app import configure; from workers.config import RuntimeConfig; "
               "from workers.celery_app import REVIEW_TASK; app = configure(RuntimeConfig()); "
               "[app.send_task(REVIEW_TASK, args=[int(sys.argv[1])]) for _ in range(2)]")
    subprocess.run([sys.executable, "-c", publish, str(job_id)], env=faults["env"], cwd=ROOT, check=True,
                   timeout=60)
    _exactly_once(_all_reported(faults, [sub_id]))
    time.sleep(3)  # the second delivery has had time to run; it must not have added anything
    _exactly_once(_outcomes(faults, [sub_id]))


def test_a_job_held_by_a_vanished_worker_is_rerun_after_its_lease(faults):
    """A job claimed by a worker that then disappeared (its lease taken, no report written) is
    re-queued by the reconciler once the lease runs out, and reaches its report."""
    from workers.pipeline import PIPELINE_VERSION
    from workers.store import jobs
    from workers.store.submissions import NewCopy, store_copy

    with psycopg.connect(faults["pg"].url) as conn:
        stored = store_copy(conn, submitted_by="user:vanished-worker", pipeline_version=PIPELINE_VERSION,
                            copy=NewCopy(text=VIOLATING_CARD_AD, language="auto", jurisdiction="TW",
                                         product="credit_card", channel="web"))
        assert jobs.claim(conn, job_id=stored.job_id, lease_seconds=5) is not None  # the worker that vanished
    _exactly_once(_all_reported(faults, [stored.submission_id]))


def test_postgres_restart_gives_503_with_retry_after_then_recovers_without_restarting(faults):
    """While PostgreSQL is down the API answers 503 problem+json with Retry-After (never a hang or a
    500); after it returns the same API process accepts again, and copy accepted before the outage
    reaches its report."""
    before = _submit(faults, text=f"{VIOLATING_CARD_AD} (before outage)")
    assert before.status_code == 202
    faults["pg"].stop()
    try:
        during = _submit(faults, timeout=60)
        assert during.status_code == 503, during.text
        assert during.headers["content-type"].startswith("application/problem+json")
        assert int(during.headers["Retry-After"]) > 0
        ready = httpx.get(f"{faults['base']}/readyz", timeout=30)
        assert ready.status_code == 503 and ready.json()["parts"]["database"] != "ok"
    finally:
        faults["pg"].start()
    after = wait_for(lambda: (r := _submit(faults)).status_code == 202 and r, timeout=90, interval=1,
                     what="the API to accept again")
    _exactly_once(_all_reported(faults, [before.json()["id"], after.json()["id"]]))


def _queue_jobs(stack) -> list[list[int]]:
    """The job ids of each message waiting in the real broker's queue, oldest first (kombu pushes
    on the left and the worker pops on the right)."""
    import base64
    import json

    import redis

    client = redis.Redis.from_url(stack["redis"].url)
    out = []
    for raw in reversed(client.lrange("finreview", 0, -1)):
        args = json.loads(base64.b64decode(json.loads(raw)["body"]))[0]
        out.append(args[0] if isinstance(args[0], list) else [args[0]])
    return out


def _sends(stack, ids: list[str]) -> dict[str, tuple[int, int]]:
    """submission id -> (how many times its job was sent to the broker, how many times it was taken)."""
    with psycopg.connect(stack["pg"].url) as conn:
        return {sub_id: (sends, attempts) for sub_id, sends, attempts in conn.execute(
            "SELECT v.submission_id::text, j.sends, j.attempts FROM jobs j JOIN submission_versions v"
            " ON v.id = j.version_id WHERE v.submission_id = ANY(%s::uuid[])", (ids,))}


def test_the_reconciler_re_sends_only_the_stranded_message_and_leaves_the_waiting_ones_alone(faults):
    """A batch waits in Redis while no worker runs; one of its three messages is lost (popped off the
    queue). Neither the wait nor a new worker's model loading (longer than the re-send delay) makes
    the reconciler re-send anything; once the worker has taken the later messages, the lost
    message's jobs, and only they, are sent again. Each job is taken once and reported once."""
    import redis

    with psycopg.connect(faults["pg"].url, autocommit=True) as conn:
        live = wait_for(lambda: [n for (n,) in conn.execute(
            "SELECT name FROM worker_heartbeats WHERE seen_at > now() - interval '3 seconds'")],
            timeout=60, interval=0.2, what="the running worker to say it is ready")
        faults["worker"].stop()
        # A clean exit signs off at once (the row of the worker killed earlier only ages out).
        assert conn.execute("SELECT count(*) FROM worker_heartbeats WHERE name = ANY(%s)", (live,)).fetchone()[0] == 0
    items = [{"text": f"{COMPLIANT_CARD_AD} (line {i})", "jurisdiction": "TW", "product": "credit_card",
              "channel": "web"} for i in range(24)]
    resp = httpx.post(f"{faults['base']}/v1/reviews/batch", headers={"Authorization": f"Bearer {faults['key']}"},
                      json={"items": items}, timeout=60)
    assert resp.status_code == 202, resp.text
    ids = [item["id"] for item in resp.json()["items"]]
    messages = _queue_jobs(faults)
    assert [len(m) for m in messages] == [8, 8, 8]
    redis.Redis.from_url(faults["redis"].url).rpop("finreview")  # the oldest message is lost
    with psycopg.connect(faults["pg"].url) as conn:
        lost = {sub_id for (sub_id,) in conn.execute(
            "SELECT v.submission_id::text FROM jobs j JOIN submission_versions v ON v.id = j.version_id"
            " WHERE j.id = ANY(%s)", (messages[0],))}
    time.sleep(6)  # two re-send delays with no worker at all: nothing is re-sent
    assert len(_queue_jobs(faults)) == 2
    assert {s for s, _ in _sends(faults, ids).values()} == {1}
    faults["worker"] = worker(faults["env"], faults["workdir"] / "worker-reconciler.log")
    _exactly_once(_all_reported(faults, ids))
    sends = _sends(faults, ids)
    assert {sub_id: s for sub_id, (s, _) in sends.items() if s != 1} == {sub_id: 2 for sub_id in lost}
    assert {taken for _, taken in sends.values()} == {1}
