"""Precedents and consistency on real PostgreSQL: the review page lists the most similar past
decisions (same rules hit, similar text) with outcome, reviewer and reason; a decision against
most of its close precedents needs an explicit reason and is flagged; the consistency report
(page and CSV) shows rule overrides, officer-pair kappa and the disagreements."""
from __future__ import annotations

import csv
import io
import secrets

import psycopg
import pytest

from tests.service.campaign_client import api, bearer, desk_login  # noqa: F401 (fixture)
from tests.service.desk import PASSWORD, make_user, routed_item
from workers.store.desk import similar_decisions

pytestmark = pytest.mark.services
TEXT = "【極光卡】年費全免，首刷禮{}，循環信用利率最高15%，謹慎理財 信用至上"


def rule_finding(rule_id: str, text: str) -> dict:
    return {"id": secrets.token_hex(8), "source": "rule", "rule_id": rule_id, "severity": "major", "start": 0,
            "end": 5, "excerpt": text[:5], "message": {"zh-TW": "測試規則", "en": "test rule"}, "citation": "c",
            "suggestion": None}


def decide(api, key: str, item: str, outcome: str, reason: str, **extra):
    code = {"approve": "false-positive", "reject": "guarantee-wording", "request_changes": "guarantee-wording"}[outcome]
    return api.post(f"/v1/reviews/{item}/decision", headers=bearer(key),
                    json={"outcome": outcome, "reason_code": code, "reason": reason, **extra})


def decide_over_http(base: str, key: str, item: str, outcome: str, reason: str):
    """The same decision through a running API process (the browser tests' server)."""
    import httpx

    code = {"approve": "false-positive", "reject": "guarantee-wording"}[outcome]
    resp = httpx.post(f"{base}/v1/reviews/{item}/decision", headers=bearer(key), timeout=30,
                      json={"outcome": outcome, "reason_code": code, "reason": reason})
    assert resp.status_code == 201, resp.text


@pytest.fixture
def rule():
    return f"tw.test.precedent-{secrets.token_hex(3)}"


def test_the_closest_past_decisions_with_the_same_rules_are_found_ranked_with_reviewer_and_reason(api, pool, database_url, rule):
    name, key, user_id = make_user(database_url, "senior_reviewer")
    near = [routed_item(pool, text=TEXT.format(gift), findings=[rule_finding(rule, TEXT)]) for gift in ("咖啡機", "行李箱")]
    far = routed_item(pool, text="完全不同的一段文字，只是碰巧也觸發了同一條規則。", findings=[rule_finding(rule, TEXT)])
    other_rule = routed_item(pool, text=TEXT.format("咖啡機"), findings=[rule_finding(rule + "-other", TEXT)])
    for item, why in zip([*near, far, other_rule], ["首刷禮價值過高", "贈品違規", "不相關", "另一規則"]):
        assert decide(api, key, item, "reject", why).status_code == 201
    current = routed_item(pool, text=TEXT.format("吹風機"), findings=[rule_finding(rule, TEXT)])
    with pool.connection() as conn:
        version_id = conn.execute("SELECT id FROM submission_versions WHERE submission_id = %s", (current,)).fetchone()[0]
        found = similar_decisions(conn, version_id=version_id, text=TEXT.format("吹風機"), rule_ids=[rule])
    assert [f["submission_id"] for f in found][:2] == near[::-1] or [f["submission_id"] for f in found][:2] == near
    assert found[-1]["submission_id"] == far and other_rule not in {f["submission_id"] for f in found}
    assert found[0]["similarity"] > found[-1]["similarity"]
    assert {f["decided_by"] for f in found} == {f"user:{user_id}"} and {f["outcome"] for f in found} == {"reject"}
    desk_login(api, *make_user(database_url, "reviewer")[:1], PASSWORD)
    page = api.get(f"/ui/items/{current}").text.split('id="similar"')[1].split("</ul>")[0]
    assert "首刷禮價值過高" in page and name in page and 'class="close-precedent"' in page
    assert f"user:{user_id}" not in page  # the officer is named, not numbered


def test_deciding_against_most_close_precedents_needs_a_reason_and_is_flagged_in_the_report(api, pool, database_url, rule):
    _, senior, _ = make_user(database_url, "senior_reviewer")
    for gift in ("咖啡機", "行李箱", "電鍋"):
        assert decide(api, senior, routed_item(pool, text=TEXT.format(gift), findings=[rule_finding(rule, TEXT)]),
                      "reject", "首刷禮價值過高").status_code == 201
    item = routed_item(pool, text=TEXT.format("吹風機"), findings=[rule_finding(rule, TEXT)])
    officer_name, officer, officer_id = make_user(database_url, "reviewer")
    refused = decide(api, officer, item, "approve", "Gift is within the cap.")
    assert refused.status_code == 422 and refused.json()["type"].endswith("/contradicts-precedents")
    assert len(refused.json()["precedents"]) == 3 and {p["outcome"] for p in refused.json()["precedents"]} == {"reject"}
    assert decide(api, officer, item, "approve", "Gift is within the cap.",
                  precedent_reason="The 2026 cap on sign-up gifts was raised.").status_code == 201
    assert decide(api, officer, routed_item(pool, text=TEXT.format("電扇"), findings=[rule_finding(rule, TEXT)]),
                  "reject", "首刷禮價值過高").status_code == 201  # agreeing with precedent needs nothing more
    with psycopg.connect(database_url) as conn:
        events = [r[0] for r in conn.execute("SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq",
                                             (f"submission:{item}/v1",))]
    assert events[-2:] == ["decided", "decided_against_precedents"]
    desk_login(api, *make_user(database_url, "reviewer")[:1], PASSWORD)
    page = api.get("/ui/consistency").text
    flagged = page.split('id="disagreements"')[1].split("</ul>")[0]
    assert item[:8] in flagged and "The 2026 cap on sign-up gifts was raised." in flagged
    assert officer_name in flagged and f"user:{officer_id}" not in flagged
    rules = list(csv.DictReader(io.StringIO(api.get("/ui/consistency.csv", params={"part": "rules"}).text)))
    mine = next(r for r in rules if r["rule_id"] == rule)
    assert (mine["decided"], mine["overridden"], mine["override_rate"]) == ("5", "1", "0.200")
    rows = list(csv.DictReader(io.StringIO(api.get("/ui/consistency.csv", params={"part": "disagreements"}).text)))
    assert any(r["item"] == f"{item} v1" and r["kind"] == "against-precedents"
               and r["judgments"] == f"{officer_name}=approve" for r in rows)


def test_officer_pairs_get_kappa_from_the_items_both_judged(api, pool, database_url):
    first_name, first, first_id = make_user(database_url, "senior_reviewer")
    second_name, second, second_id = make_user(database_url, "senior_reviewer")
    # Four eyes gives two judgments per item: confirmed approvals agree, a rejection after a first approval disagrees.
    for outcome in ("approve", "approve", "reject", "reject"):
        item = routed_item(pool, risk=0.95, text=f"高風險文案 {secrets.token_hex(4)}")
        assert decide(api, first, item, "approve", "ok").status_code == 202
        assert decide(api, second, item, outcome, "second look").status_code == 201
    item = routed_item(pool, risk=0.95, text=f"高風險文案 {secrets.token_hex(4)}")
    assert decide(api, second, item, "approve", "ok").status_code == 202
    assert decide(api, first, item, "approve", "ok").status_code == 201
    desk_login(api, *make_user(database_url, "reviewer")[:1], PASSWORD)
    pairs = list(csv.DictReader(io.StringIO(api.get("/ui/consistency.csv", params={"part": "pairs"}).text)))
    a, b = (name for _, name in sorted([(f"user:{first_id}", first_name), (f"user:{second_id}", second_name)]))
    [row] = [r for r in pairs if (r["officer_a"], r["officer_b"]) == (a, b)]  # named, not user:<id>
    table = api.get("/ui/consistency").text.split('id="officer-pairs"')[1].split("</table>")[0]
    assert f"{a} / {b}" in table and f"user:{first_id}" not in table
    # 5 items: 3 agreed approvals, 2 disagreements; each officer approved 5 or 3 of 5 -> po 0.6, pe 0.6 -> kappa 0.
    assert (row["items"], row["agreed"], row["kappa"]) == ("5", "3", "0.000")
