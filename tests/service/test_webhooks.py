"""Telling the submitter the outcome: callback_url on submit, the outbox row written with the final
decision, signed delivery to a real HTTP receiver with retries and a kept failure, and the four-eyes
state on GET /v1/reviews/{id}. Real PostgreSQL, a real API process (desk_api) and a real receiver."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.service.desk import guarantee_finding, make_user, routed_item
from workers.config import RuntimeConfig
from workers.store.decisions import record_decision
from workers.webhooks import deliver_due

pytestmark = pytest.mark.slow

SECRET = "test-webhook-secret"
TEXT = "【極光卡】保證獲利！立即申辦。"


class Receiver:
    """An HTTP endpoint on 127.0.0.1 that records each POST and answers the queued status codes
    (then 200)."""

    def __init__(self, statuses: list[int] | None = None):
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses or [])
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/finreview"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(statuses: list[int] | None = None) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


def config(**overrides) -> RuntimeConfig:
    values = {"FINREVIEW_WEBHOOK_SECRET": SECRET, "FINREVIEW_WEBHOOK_BACKOFF_SECONDS": 10,
              "FINREVIEW_WEBHOOK_BACKOFF_CAP_SECONDS": 600, "FINREVIEW_WEBHOOK_MAX_ATTEMPTS": 5}
    return RuntimeConfig(**{**values, **overrides})


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def deliveries(pool, submission_id: str) -> list[dict]:
    with pool.connection() as conn:
        cur = conn.execute(
            "SELECT id, version, event, attempts, next_attempt_at, delivered_at, failed_at, last_status, payload"
            " FROM webhook_deliveries WHERE submission_id = %s ORDER BY id", (submission_id,))
        names = [c.name for c in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def reject(pool, submission_id: str) -> None:
    with pool.connection() as conn:
        record_decision(conn, submission_id=submission_id, decided_by="user:webhook-tests", role="reviewer",
                        outcome="reject", reason_code="guarantee-wording", reason="Remove the guarantee.")


def test_a_decided_submission_gets_one_signed_post_without_the_copy_text(desk_api, pool, api_keys, receiver):
    """Deciding through the API writes one outbox row; deliver_due posts it once, signed with
    HMAC-SHA256 over the exact body, carrying only id/version/status/outcome/reason_code/decided_at;
    a second round sends nothing more."""
    hook = receiver()
    sub_id = routed_item(pool, text=TEXT, callback_url=hook.url)
    resp = httpx.post(f"{desk_api}/v1/reviews/{sub_id}/decision", headers=auth(api_keys["reviewer"]), timeout=30,
                      json={"outcome": "reject", "reason_code": "guarantee-wording", "reason": "Remove 保證獲利."})
    assert resp.status_code == 201, resp.text

    assert deliver_due(pool, config()) >= 1
    deliver_due(pool, config())
    assert len(hook.requests) == 1
    headers, body = hook.requests[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-finreview-signature"], expected)
    [row] = deliveries(pool, sub_id)
    assert headers["x-finreview-delivery"] == str(row["id"]) and headers["content-type"] == "application/json"
    payload = json.loads(body)
    assert set(payload) == {"id", "version", "status", "outcome", "reason_code", "decided_at"}
    assert payload["id"] == sub_id and payload["version"] == 1 and payload["status"] == "rejected"
    assert payload["outcome"] == "reject" and payload["reason_code"] == "guarantee-wording"
    assert "保證獲利" not in body.decode() and "Remove" not in body.decode()
    assert row["delivered_at"] is not None and row["attempts"] == 1 and row["last_status"] == 200


def test_a_failing_receiver_is_retried_after_the_backoff_and_then_delivered(pool, receiver):
    """A 500 schedules the next attempt base seconds later; before then nothing is sent, after it the
    same delivery (same id, same signed body) is posted again and marked delivered."""
    hook = receiver([500])
    sub_id = routed_item(pool, text=TEXT, callback_url=hook.url)
    reject(pool, sub_id)
    t0 = datetime.now(timezone.utc) + timedelta(seconds=1)

    deliver_due(pool, config(), now=t0)
    [row] = deliveries(pool, sub_id)
    assert row["attempts"] == 1 and row["last_status"] == 500 and row["delivered_at"] is None
    assert row["next_attempt_at"] == t0 + timedelta(seconds=10)

    deliver_due(pool, config(), now=t0 + timedelta(seconds=5))
    assert len(hook.requests) == 1  # not due yet

    deliver_due(pool, config(), now=t0 + timedelta(seconds=11))
    assert len(hook.requests) == 2
    assert hook.requests[0] == hook.requests[1]
    [row] = deliveries(pool, sub_id)
    assert row["delivered_at"] is not None and row["attempts"] == 2 and row["failed_at"] is None


def test_after_the_last_attempt_the_delivery_is_marked_failed_and_kept(pool, receiver):
    """With max attempts 3 and a receiver that always fails, the waits double (2 s, 4 s), the third
    failure sets failed_at, the row stays in the outbox, and no further attempt is made."""
    hook = receiver([500] * 10)
    sub_id = routed_item(pool, text=TEXT, callback_url=hook.url)
    reject(pool, sub_id)
    cfg = config(FINREVIEW_WEBHOOK_MAX_ATTEMPTS=3, FINREVIEW_WEBHOOK_BACKOFF_SECONDS=2)
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    waits = []
    for _ in range(3):
        deliver_due(pool, cfg, now=now)
        [row] = deliveries(pool, sub_id)
        waits.append((row["next_attempt_at"] - now).total_seconds())
        now += timedelta(seconds=60)
    assert waits[:2] == [2.0, 4.0]
    deliver_due(pool, cfg, now=now + timedelta(days=1))
    [row] = deliveries(pool, sub_id)
    assert row["failed_at"] is not None and row["delivered_at"] is None and row["attempts"] == 3
    assert row["last_status"] == 500 and len(hook.requests) == 3


def test_without_a_secret_nothing_is_sent_and_the_delivery_stays_pending(pool, receiver):
    """Unsigned callbacks could be forged, so with no FINREVIEW_WEBHOOK_SECRET nothing is posted and
    the row waits for a secret."""
    hook = receiver()
    sub_id = routed_item(pool, text=TEXT, callback_url=hook.url)
    reject(pool, sub_id)
    assert deliver_due(pool, config(FINREVIEW_WEBHOOK_SECRET=None)) == 0
    [row] = deliveries(pool, sub_id)
    assert hook.requests == [] and row["attempts"] == 0 and row["delivered_at"] is None


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "not a url", "javascript:alert(1)",
                                 "https://example.com/" + "a" * 2000])
def test_an_invalid_callback_url_is_refused_with_422(desk_api, api_keys, url):
    """callback_url must be an http(s) URL of at most 2000 characters; else 422 naming the field."""
    base = {"text": TEXT, "jurisdiction": "TW", "product": "credit_card", "channel": "web"}
    for path, body in (("/v1/reviews", {**base, "callback_url": url}),
                       ("/v1/reviews/batch", {"items": [{**base, "callback_url": url}]})):
        resp = httpx.post(f"{desk_api}{path}", headers=auth(api_keys["submitter"]), json=body, timeout=30)
        assert resp.status_code == 422, resp.text
        fields = [e["field"] for e in resp.json()["errors"]]
        assert fields and all(f.endswith("callback_url") for f in fields), fields


def test_a_valid_callback_url_is_stored_and_shown_to_the_submitter(desk_api, api_keys):
    """An accepted callback_url is kept on the submission and read back by GET."""
    key = api_keys["submitter"]
    resp = httpx.post(f"{desk_api}/v1/reviews", headers=auth(key), timeout=30, json={
        "text": TEXT, "jurisdiction": "TW", "product": "credit_card", "channel": "web",
        "callback_url": "https://hooks.example.com/finreview?x=1"})
    assert resp.status_code == 202, resp.text
    got = httpx.get(f"{desk_api}/v1/reviews/{resp.json()['id']}", headers=auth(key), timeout=30).json()
    assert got["callback_url"] == "https://hooks.example.com/finreview?x=1"


def test_get_shows_a_waiting_first_approval_and_then_the_second_approver(desk_api, database_url, pool, receiver):
    """Four eyes over the API: after the first senior approval GET shows awaiting_second_approval with
    the first approver and no webhook is queued; after a different senior's approval the decision names
    both approvers and exactly one delivery is queued."""
    hook = receiver()
    _, key_a, id_a = make_user(database_url, "senior_reviewer")
    _, key_b, id_b = make_user(database_url, "senior_reviewer")
    sub_id = routed_item(pool, verdict="block", risk=0.9, findings=[guarantee_finding(TEXT)], text=TEXT,
                         callback_url=hook.url)
    approve = {"outcome": "approve", "reason_code": "override-justified", "reason": "Wording is a quote."}

    first = httpx.post(f"{desk_api}/v1/reviews/{sub_id}/decision", headers=auth(key_a), json=approve, timeout=30)
    assert first.status_code == 202, first.text
    got = httpx.get(f"{desk_api}/v1/reviews/{sub_id}", headers=auth(key_b), timeout=30).json()
    latest = got["versions"][-1]
    assert got["awaiting_second_approval"] is True and latest["awaiting_second_approval"] is True
    assert latest["first_approver"] == f"user:{id_a}" and latest["decision"] is None and got["status"] == "block"
    assert deliveries(pool, sub_id) == []

    second = httpx.post(f"{desk_api}/v1/reviews/{sub_id}/decision", headers=auth(key_b), json=approve, timeout=30)
    assert second.status_code == 201, second.text
    got = httpx.get(f"{desk_api}/v1/reviews/{sub_id}", headers=auth(key_a), timeout=30).json()
    latest = got["versions"][-1]
    assert got["status"] == "approved" and got["awaiting_second_approval"] is False
    assert "first_approver" not in latest
    assert latest["decision"]["decided_by"] == f"user:{id_a}"
    assert latest["decision"]["second_approver"] == f"user:{id_b}"
    [row] = deliveries(pool, sub_id)
    assert row["payload"]["status"] == "approved" and row["payload"]["reason_code"] == "override-justified"
