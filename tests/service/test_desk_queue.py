"""The queue, claims and decisions on a real API process and PostgreSQL: priority order, SLA and
counters, two officers racing for one item, four eyes, reason codes and the audit events."""
from __future__ import annotations

import threading

import httpx
import psycopg
import pytest

from audit.log import verify_database
from tests.service.desk import guarantee_finding, logged_in, make_user, routed_item

pytestmark = pytest.mark.slow
TEXT = "【極光卡】保證獲利！立即申辦。"


def _order(html: str, ids: list[str]) -> list[str]:
    return sorted(ids, key=html.index)


def test_the_queue_orders_block_then_pii_then_risk_then_age_and_filters(desk_api, database_url, pool):
    campaign = "order-test"
    old_low = routed_item(pool, risk=0.1, campaign=campaign)
    high = routed_item(pool, risk=0.9, campaign=campaign)
    pii = routed_item(pool, risk=0.2, campaign=campaign, findings=[{
        "id": "p1", "source": "pii", "rule_id": "pii.TW_NATIONAL_ID", "severity": "major", "start": 0, "end": 3,
        "excerpt": "***", "message": {"zh-TW": "個資", "en": "PII"}, "citation": None, "suggestion": None}])
    blocked = routed_item(pool, verdict="block", risk=0.1, campaign=campaign, findings=[guarantee_finding(TEXT)])
    client, _, _ = logged_in(desk_api, database_url, "reviewer")
    page = client.get("/ui/queue", params={"campaign": campaign})
    assert page.status_code == 200
    assert _order(page.text, [old_low, high, pii, blocked]) == [blocked, pii, high, old_low]
    only_blocked = client.get("/ui/queue", params={"campaign": campaign, "verdict": "block"}).text
    assert blocked in only_blocked and high not in only_blocked


def test_sla_deadline_depends_on_product_and_overdue_items_are_marked_and_counted(desk_api, database_url, pool):
    crypto = routed_item(pool, product="crypto", campaign="sla-test")
    with psycopg.connect(database_url) as conn:  # a version that arrived 9 hours ago (crypto's review SLA is 8 h)
        conn.execute("UPDATE submission_versions SET created_at = now() - interval '9 hours' WHERE submission_id = %s",
                     (crypto,))
    fresh = routed_item(pool, campaign="sla-test")
    client, _, _ = logged_in(desk_api, database_url, "reviewer")
    html = client.get("/ui/queue", params={"campaign": "sla-test"}).text
    rows = {sid: html[html.index(f'data-submission="{sid}"'):][:1500] for sid in (crypto, fresh)}
    assert 'class="overdue"' in html[html.index(crypto) - 200:html.index(crypto)]
    assert "Overdue" in rows[crypto] or "逾期" in rows[crypto]
    assert "逾期" not in rows[fresh].split("</tr>")[0]
    assert 'id="count-overdue">逾期: <strong>1</strong>' in html


def test_two_officers_racing_to_claim_one_item_never_both_win(desk_api, database_url, pool):
    keys = [make_user(database_url, "reviewer")[1] for _ in range(6)]
    for _ in range(3):  # several rounds: a race that passes once by luck would fail a later round
        item = routed_item(pool)
        barrier, results = threading.Barrier(len(keys)), []

        def race(key: str) -> None:
            barrier.wait()
            resp = httpx.post(f"{desk_api}/v1/reviews/{item}/claim", headers={"Authorization": f"Bearer {key}"},
                              timeout=30)
            results.append(resp.status_code)

        threads = [threading.Thread(target=race, args=(k,)) for k in keys]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert sorted(results) == [200] + [409] * (len(keys) - 1)
        with psycopg.connect(database_url) as conn:
            claimed = conn.execute("SELECT count(*) FROM audit_events WHERE event_type = 'claimed' AND subject = %s",
                                   (f"submission:{item}/v1",)).fetchone()[0]
        assert claimed == 1


def test_a_claim_expires_and_can_then_be_taken_over(desk_api, database_url, pool):
    item = routed_item(pool)
    first, second = (make_user(database_url, "reviewer")[1] for _ in range(2))
    url = f"{desk_api}/v1/reviews/{item}/claim"
    assert httpx.post(url, headers={"Authorization": f"Bearer {first}"}).status_code == 200
    assert httpx.post(url, headers={"Authorization": f"Bearer {second}"}).status_code == 409
    with psycopg.connect(database_url) as conn:
        conn.execute("UPDATE claims SET expires_at = now() - interval '1 second'")
    assert httpx.post(url, headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_the_desk_decides_only_claimed_items_and_needs_a_listed_reason(desk_api, database_url, pool):
    item = routed_item(pool)
    client, token, actor = logged_in(desk_api, database_url, "reviewer")
    decision = {"csrf_token": token, "outcome": "reject", "reason_code": "guarantee-wording", "reason": "保證獲利"}
    assert client.post(f"/ui/items/{item}/decision", data=decision).status_code == 409  # not claimed yet
    assert client.post(f"/ui/items/{item}/claim", data={"csrf_token": token}).status_code == 303
    bad = client.post(f"/ui/items/{item}/decision", data={**decision, "reason_code": "disclosures-complete"})
    assert bad.status_code == 422  # an approval code cannot explain a rejection
    assert client.post(f"/ui/items/{item}/decision", data={**decision, "reason": "  "}).status_code == 422
    assert client.post(f"/ui/items/{item}/decision", data=decision).status_code == 303
    with psycopg.connect(database_url) as conn:
        types = [r[0] for r in conn.execute("SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq",
                                            (f"submission:{item}/v1",))]
        status = conn.execute("SELECT status FROM submission_versions WHERE submission_id = %s", (item,)).fetchone()[0]
    assert types[-2:] == ["claimed", "decided"] and status == "rejected"


def test_four_eyes_a_blocker_needs_two_different_senior_reviewers(desk_api, database_url, pool):
    item = routed_item(pool, verdict="block", findings=[guarantee_finding(TEXT)])
    reviewer, r_token, _ = logged_in(desk_api, database_url, "reviewer")
    senior, s_token, s_actor = logged_in(desk_api, database_url, "senior_reviewer")
    other, o_token, o_actor = logged_in(desk_api, database_url, "senior_reviewer")
    approve = {"outcome": "approve", "reason_code": "false-positive", "reason": "The guarantee is quoted from a warning."}

    reviewer.post(f"/ui/items/{item}/claim", data={"csrf_token": r_token})
    assert reviewer.post(f"/ui/items/{item}/decision", data={**approve, "csrf_token": r_token}).status_code == 403
    reviewer.post(f"/ui/items/{item}/release", data={"csrf_token": r_token})

    senior.post(f"/ui/items/{item}/claim", data={"csrf_token": s_token})
    assert senior.post(f"/ui/items/{item}/decision", data={**approve, "csrf_token": s_token}).status_code == 303
    senior.post(f"/ui/items/{item}/claim", data={"csrf_token": s_token})
    again = senior.post(f"/ui/items/{item}/decision", data={**approve, "csrf_token": s_token})
    assert again.status_code == 409  # the same person cannot be both pairs of eyes
    senior.post(f"/ui/items/{item}/release", data={"csrf_token": s_token})

    page = other.get(f"/ui/items/{item}").text
    with psycopg.connect(database_url) as conn:
        s_name = conn.execute("SELECT name FROM users WHERE id = %s",
                              (int(s_actor.removeprefix("user:")),)).fetchone()[0]
    assert s_name in page and s_actor not in page  # the second approver sees who approved first, by name
    other.post(f"/ui/items/{item}/claim", data={"csrf_token": o_token})
    assert other.post(f"/ui/items/{item}/decision", data={**approve, "csrf_token": o_token}).status_code == 303
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT d.decided_by, d.second_approver, v.status FROM decisions d"
                           " JOIN submission_versions v ON v.id = d.version_id WHERE v.submission_id = %s",
                           (item,)).fetchone()
        assert row == (s_actor, o_actor, "approved")
        assert verify_database(conn).ok


def test_high_risk_without_blocker_also_needs_four_eyes_through_the_api(desk_api, database_url, pool):
    item = routed_item(pool, risk=0.95)
    first, second = (make_user(database_url, "senior_reviewer")[1] for _ in range(2))
    body = {"outcome": "approve", "reason_code": "disclosures-complete", "reason": "Balanced and complete."}
    url = f"{desk_api}/v1/reviews/{item}/decision"
    one = httpx.post(url, json=body, headers={"Authorization": f"Bearer {first}"})
    assert one.status_code == 202 and one.json()["awaiting_second_approval"] is True
    assert httpx.post(url, json=body, headers={"Authorization": f"Bearer {first}"}).status_code == 409
    two = httpx.post(url, json=body, headers={"Authorization": f"Bearer {second}"})
    assert two.status_code == 201 and two.json()["status"] == "approved"
    bad = httpx.post(url, json={**body, "reason_code": "not-a-code"}, headers={"Authorization": f"Bearer {first}"})
    assert bad.status_code == 422 and bad.json()["type"].endswith("/unknown-reason-code")


def test_a_resubmission_shows_the_diff_the_previous_decision_and_similar_past_decisions(desk_api, database_url, pool):
    who = "user:resubmitter"
    v1 = routed_item(pool, submitted_by=who, findings=[guarantee_finding(TEXT, "major")])
    senior = make_user(database_url, "senior_reviewer")[1]
    httpx.post(f"{desk_api}/v1/reviews/{v1}/decision", headers={"Authorization": f"Bearer {senior}"},
               json={"outcome": "request_changes", "reason_code": "guarantee-wording", "reason": "刪除保證獲利"})
    new_text = "【極光卡】保證獲利！謹慎理財 信用至上"
    routed_item(pool, submitted_by=who, resubmission_of=v1, text=new_text,
                findings=[guarantee_finding(new_text, "major")])
    client, _, _ = logged_in(desk_api, database_url, "reviewer")
    page = client.get(f"/ui/items/{v1}").text
    assert "<ins>" in page and "謹慎理財" in page.split('id="diff"')[1].split("</p>")[0]
    assert "刪除保證獲利" in page.split('id="previous-decision"')[1].split("</p>")[0]
    assert f"{v1[:8]} v1" in page.split('id="similar"')[1].split("</ul>")[0]
