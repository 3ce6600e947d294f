"""Clusters of near-duplicate variants on real PostgreSQL: an officer groups a campaign's open
items, sees how each member differs from the representative, decides once, and the decision is
recorded on each member with its own audit events; a member whose findings differ is split out
and stays in the queue for its own review."""
from __future__ import annotations

import secrets

import psycopg
import pytest

from tests.service.campaign_client import api, desk_login  # noqa: F401 (fixture)
from tests.service.desk import PASSWORD, make_user, routed_item

pytestmark = pytest.mark.services
TEXT = "【星光銀行】{}您好，白金卡友限時專屬分期利率3.5%起，詳洽信義分行。循環信用利率最高15%，謹慎理財 信用至上"


def finding(rule_id: str) -> dict:
    return {"id": secrets.token_hex(8), "source": "rule", "rule_id": rule_id, "severity": "major", "start": 0,
            "end": 6, "excerpt": "【星光銀行】", "message": {"zh-TW": "測試", "en": "test"}, "citation": "c", "suggestion": None}


@pytest.fixture
def campaign(pool):
    name = f"cluster-{secrets.token_hex(3)}"
    rule = f"tw.test.cluster-{secrets.token_hex(3)}"
    same = [routed_item(pool, campaign=name, text=TEXT.format(n), findings=[finding(rule)]) for n in ("陳志明", "林淑芬", "黃家豪")]
    differs = routed_item(pool, campaign=name, text=TEXT.format("張怡君"), findings=[finding(rule), finding(rule + "-extra")])
    unrelated = routed_item(pool, campaign=name, text="保證獲利，穩賺不賠！立即申辦星光卡。", findings=[finding(rule)])
    return name, same, differs, unrelated


def test_a_cluster_is_decided_once_for_its_members_and_a_member_with_other_findings_is_split_out(api, database_url, campaign):
    name, same, differs, unrelated = campaign
    officer, _, officer_id = make_user(database_url, "reviewer")
    token = desk_login(api, officer, PASSWORD)
    assert api.post("/ui/clusters", data={"csrf_token": token, "campaign": name}, follow_redirects=False).status_code == 303
    listing = api.get("/ui/clusters", params={"campaign": name}).text
    [cluster_id] = [int(part.split('"')[0]) for part in listing.split('data-cluster="')[1:]]
    page = api.get(f"/ui/clusters/{cluster_id}").text
    members = page.split('id="members"')[1].split("</ul>")[0]
    assert same[0][:8] in page.split('id="rep-h"')[1].split("</h2>")[0]  # the first submitted leads
    assert all(s[:8] in members for s in same[1:]) and unrelated[:8] not in page
    assert "<ins>" in members and "<del>" in members  # names differ: shown as changes against the representative
    assert f'data-submission="{differs}" class="split"' in members

    decided = api.post(f"/ui/clusters/{cluster_id}/decision", follow_redirects=False, data={
        "csrf_token": token, "outcome": "request_changes", "reason_code": "guarantee-wording", "reason": "同一問題，一次處理"})
    assert decided.status_code == 303
    with psycopg.connect(database_url) as conn:
        status = dict(conn.execute("SELECT submission_id::text, status FROM submission_versions WHERE submission_id = ANY(%s)",
                                   ([*same, differs, unrelated],)).fetchall())
        events = {s: [r[0] for r in conn.execute("SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq",
                                                 (f"submission:{s}/v1",))] for s in same + [differs]}
        actors = {r[0] for r in conn.execute("SELECT actor FROM audit_events WHERE event_type = 'decided_in_cluster'"
                                            " AND subject = ANY(%s)", ([f"submission:{s}/v1" for s in same],))}
    assert [status[s] for s in same] == ["changes_requested"] * 3
    assert status[differs] == "review" and status[unrelated] == "review"
    assert all(events[s][-2:] == ["decided", "decided_in_cluster"] for s in same)
    assert "decided" not in events[differs] and actors == {f"user:{officer_id}"}
    queue = api.get("/ui/queue", params={"campaign": name}).text
    assert differs in queue and all(s not in queue for s in same)


def test_a_member_claimed_by_another_officer_is_split_out_instead_of_decided(api, database_url, campaign):
    name, same, _, _ = campaign
    holder = make_user(database_url, "reviewer")[1]
    assert api.post(f"/v1/reviews/{same[1]}/claim", headers={"Authorization": f"Bearer {holder}"}).status_code == 200
    officer = make_user(database_url, "reviewer")[0]
    token = desk_login(api, officer, PASSWORD)
    api.post("/ui/clusters", data={"csrf_token": token, "campaign": name})
    cluster_id = int(api.get("/ui/clusters", params={"campaign": name}).text.split('data-cluster="')[1].split('"')[0])
    api.post(f"/ui/clusters/{cluster_id}/decision", data={
        "csrf_token": token, "outcome": "reject", "reason_code": "guarantee-wording", "reason": "不符規定"})
    with psycopg.connect(database_url) as conn:
        status = dict(conn.execute("SELECT submission_id::text, status FROM submission_versions WHERE submission_id = ANY(%s)",
                                   (same,)).fetchall())
        split = conn.execute("SELECT split_reason FROM cluster_members m JOIN submission_versions v ON v.id = m.version_id"
                             " WHERE m.cluster_id = %s AND v.submission_id = %s", (cluster_id, same[1])).fetchone()[0]
    assert (status[same[0]], status[same[1]], status[same[2]]) == ("rejected", "review", "rejected")
    assert split == "claimed-by-other"
