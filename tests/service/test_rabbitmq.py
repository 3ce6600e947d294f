"""RabbitMQ as the broker, end to end: the API publishes to it, a worker consumes from it, and a
worker killed mid-batch loses nothing (RabbitMQ hands a dead consumer's unacknowledged messages to
the next one at once). A vhost of this module's own keeps the run apart from anything else on the
server; the database is one of its own too."""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from tests.conftest import Proc, start_api, wait_for
from tests.samples import COMPLIANT_CARD_AD, VIOLATING_CARD_AD

pytestmark = pytest.mark.slow
DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672"


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def amqp_url():
    """A vhost of its own on the machine's RabbitMQ (made with rabbitmqctl, removed afterwards)."""
    required = os.environ.get("FINREVIEW_TEST_RABBITMQ_URL")
    base = (required or DEFAULT_URL).rstrip("/")
    if not _reachable(base):
        if required:
            pytest.fail(f"FINREVIEW_TEST_RABBITMQ_URL is set but nothing answers at {urlsplit(base).netloc}")
        pytest.skip("no RabbitMQ on this machine (CI has one)")
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.skip("rabbitmqctl is needed to make a vhost of the test's own")
    vhost = f"finreview-test-{secrets.token_hex(4)}"
    user = urlsplit(base).username or "guest"
    subprocess.run([ctl, "add_vhost", vhost], check=True, capture_output=True, timeout=60)
    subprocess.run([ctl, "set_permissions", "-p", vhost, user, ".*", ".*", ".*"], check=True, capture_output=True,
                   timeout=60)
    yield f"{base}/{vhost}", vhost
    subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def stack(amqp_url, service_env, tmp_path_factory, database_url):
    from tests.conftest import _migrated_database, _with_database

    url, vhost = amqp_url
    workdir = tmp_path_factory.mktemp("rabbitmq")
    with _migrated_database(_with_database(database_url, "postgres"), "finreview_rabbit") as db:
        from service.identity import create_user, issue_key

        with psycopg.connect(db) as conn:
            key = issue_key(conn, user_id=create_user(conn, name="rabbit-submitter", role="submitter"))
        env = dict(service_env, DATABASE_URL=db, CELERY_BROKER_URL=url, FINREVIEW_HOME=str(workdir / "home"),
                   FINREVIEW_LEASE_SECONDS="5", FINREVIEW_REQUEUE_AFTER_SECONDS="3", FINREVIEW_RECONCILE_INTERVAL="1")
        api, base = start_api(env, workdir / "api.log", "--no-worker")
        out = {"env": env, "base": base, "key": key, "db": db, "vhost": vhost, "workdir": workdir,
               "worker": Proc(["worker", "--concurrency", "1"], env, workdir / "worker.log", group=True)}
        yield out
        out["worker"].stop()
        api.stop()


def _reports(db: str, ids: list[str]) -> dict[str, int]:
    with psycopg.connect(db) as conn:
        return dict(conn.execute(
            "SELECT v.submission_id::text, count(r.id) FROM submission_versions v LEFT JOIN reports r"
            " ON r.version_id = v.id WHERE v.submission_id = ANY(%s::uuid[]) GROUP BY 1", (ids,)).fetchall())


def _batch(stack, texts: list[str]) -> list[str]:
    items = [{"text": t, "jurisdiction": "TW", "product": "credit_card", "channel": "web"} for t in texts]
    resp = httpx.post(f"{stack['base']}/v1/reviews/batch", headers={"Authorization": f"Bearer {stack['key']}"},
                      json={"items": items}, timeout=60)
    assert resp.status_code == 202, resp.text
    return [item["id"] for item in resp.json()["items"]]


def test_copy_goes_through_rabbitmq_and_each_item_gets_one_report(stack):
    """A single submission and a batch, published to RabbitMQ by the API and consumed by a worker:
    every item is reported once, and the queue lives on this module's vhost."""
    single = httpx.post(f"{stack['base']}/v1/reviews", headers={"Authorization": f"Bearer {stack['key']}"},
                        json={"text": COMPLIANT_CARD_AD, "jurisdiction": "TW", "product": "credit_card",
                              "channel": "web"}, timeout=30)
    assert single.status_code == 202
    ids = [single.json()["id"], *_batch(stack, [f"{COMPLIANT_CARD_AD} ({i})" for i in range(12)])]
    found = wait_for(lambda: (r := _reports(stack["db"], ids)) and all(n >= 1 for n in r.values()) and r,
                     timeout=240, interval=0.5, what="reports through RabbitMQ")
    assert set(found.values()) == {1}
    queues = subprocess.run(["rabbitmqctl", "list_queues", "-p", stack["vhost"], "name"], capture_output=True,
                            text=True, timeout=60).stdout.split()
    assert "finreview" in queues
    assert "amqp://" in stack["worker"].output()  # the worker's own banner names its transport


def test_a_worker_killed_mid_batch_on_rabbitmq_loses_nothing(stack):
    """kill -9 of the worker's whole process group mid-batch: RabbitMQ returns the messages it held,
    a fresh worker finishes the batch, and every item has exactly one report."""
    ids = _batch(stack, [f"{VIOLATING_CARD_AD} #{i}" for i in range(24)])
    wait_for(lambda: 0 < sum(_reports(stack["db"], ids).values()) < len(ids), timeout=240, interval=0.1,
             what="the worker to be part-way through the batch")
    stack["worker"].kill9()
    stack["worker"] = Proc(["worker", "--concurrency", "1"], stack["env"], stack["workdir"] / "worker-2.log",
                           group=True)
    found = wait_for(lambda: (r := _reports(stack["db"], ids)) and all(n >= 1 for n in r.values()) and r,
                     timeout=240, interval=0.5, what="the batch to finish after the kill")
    assert set(found.values()) == {1}
