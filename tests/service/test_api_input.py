"""Bad input to the API gets a 4xx problem+json that names the field, and nothing is stored."""
from __future__ import annotations

import hashlib

import pytest


GOOD = {"text": "謹慎理財 信用至上", "jurisdiction": "TW", "product": "credit_card", "channel": "web"}


def count_submissions(pool) -> int:
    with pool.connection() as conn:
        return conn.execute("SELECT count(*) FROM submission_versions").fetchone()[0]


@pytest.mark.parametrize("body, status, slug, field", [
    ({**GOOD, "text": ""}, 422, "validation-error", "text"),
    ({**GOOD, "text": "   \n"}, 422, "validation-error", "text"),
    ({**GOOD, "text": "字" * 20_001}, 413, "text-too-long", "text"),
    ({**GOOD, "product": "mortgage"}, 422, "validation-error", "product"),
    ({**GOOD, "channel": "billboard"}, 422, "validation-error", "channel"),
    ({**GOOD, "jurisdiction": "FR"}, 422, "validation-error", "jurisdiction"),
    ({**GOOD, "language": "fr"}, 422, "validation-error", "language"),
    ({**GOOD, "colour": "red"}, 422, "validation-error", "colour"),
    ({k: v for k, v in GOOD.items() if k != "text"}, 422, "validation-error", "text"),
    # Canonical JSON, in which metadata is sealed, has no exact form for these (a 500 before).
    ({**GOOD, "metadata": {"crm": {"ids": [2**53]}}}, 422, "validation-error", "metadata"),
    ({**GOOD, "metadata": {"balance": -(2**64)}}, 422, "validation-error", "metadata"),
])
def test_bad_single_submissions_are_refused_with_the_field_named(client, submitter, pool, body, status, slug, field):
    before = count_submissions(pool)
    resp = client.post("/v1/reviews", json=body, headers=submitter)
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    assert problem["type"].endswith("/" + slug)
    assert any(e["field"] == field for e in problem["errors"])
    assert "字字字" not in resp.text  # the input is never echoed back
    assert count_submissions(pool) == before


def test_metadata_at_the_edge_of_exact_json_is_stored(client, submitter):
    body = {**GOOD, "metadata": {"big": 2**53 - 1, "small": -(2**53 - 1), "tiny": 3.9e-277}}
    assert client.post("/v1/reviews", json=body, headers=submitter).status_code == 202
    batch = client.post("/v1/reviews/batch", json={"items": [body, body]}, headers=submitter)
    assert batch.status_code == 202 and batch.json()["count"] == 2


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_finite_numbers_in_metadata_are_a_422_in_single_and_batch_submits(client, submitter, pool, literal):
    """Python's JSON reader takes these literals; the sealed canonical JSON cannot hold them."""
    before = count_submissions(pool)
    item = b'{"text": "x", "jurisdiction": "TW", "product": "fund", "channel": "web", "metadata": {"v": %s}}' % literal
    headers = {**submitter, "content-type": "application/json"}
    single = client.post("/v1/reviews", content=item, headers=headers)
    batch = client.post("/v1/reviews/batch", content=b'{"items": [%s]}' % item, headers=headers)
    assert (single.status_code, batch.status_code) == (422, 422)
    assert any(e["field"] == "metadata" for e in single.json()["errors"])
    assert any(e["field"] == "items[0].metadata" for e in batch.json()["errors"])
    assert count_submissions(pool) == before


def test_a_nul_in_the_query_string_is_a_400_problem(client, submitter):
    """PostgreSQL text cannot hold NUL; the query is refused before any route sees it (a 500 before)."""
    resp = client.get("/v1/reviews", params={"campaign": "spring\x00sale"}, headers=submitter)
    assert resp.status_code == 400 and resp.json()["type"].endswith("/invalid-unicode")


@pytest.mark.parametrize("path, params, field", [
    ("/v1/reviews", {"campaign": "spring", "offset": 2**63}, "offset"),
    ("/v1/audit/checkpoints", {"after": 10**20}, "after"),
])
def test_row_numbers_beyond_bigint_are_a_422_naming_the_parameter(client, api_keys, path, params, field):
    resp = client.get(path, params=params, headers={"Authorization": f"Bearer {api_keys['admin']}"})
    assert resp.status_code == 422 and any(e["field"] == field for e in resp.json()["errors"])


def test_invalid_json_is_a_400_problem(client, submitter, pool):
    before = count_submissions(pool)
    resp = client.post("/v1/reviews", content=b'{"text": "x", ', headers={**submitter, "content-type": "application/json"})
    assert resp.status_code == 400 and resp.json()["type"].endswith("/invalid-json")
    assert count_submissions(pool) == before


def test_a_batch_over_the_limit_is_refused_whole(client, submitter, pool, settings):
    before = count_submissions(pool)
    items = [GOOD] * (settings.max_batch_items + 1)
    resp = client.post("/v1/reviews/batch", json={"items": items}, headers=submitter)
    assert resp.status_code == 413 and resp.json()["errors"][0]["field"] == "items"
    assert count_submissions(pool) == before


def test_one_bad_item_refuses_the_batch_and_names_its_index(client, submitter, pool):
    before = count_submissions(pool)
    resp = client.post("/v1/reviews/batch", json={"items": [GOOD, {**GOOD, "product": "x"}]}, headers=submitter)
    assert resp.status_code == 422
    assert any(e["field"] == "items[1].product" for e in resp.json()["errors"])
    assert count_submissions(pool) == before


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"Authorization": "Bearer frk_nope_nope"}, 401),
    ({"Authorization": "Bearer garbage"}, 401),
])
def test_submitting_needs_a_valid_key(client, headers, status):
    resp = client.post("/v1/reviews", json=GOOD, headers=headers)
    assert resp.status_code == status and resp.json()["type"].endswith("/unauthenticated")


@pytest.mark.parametrize("role, path, body, allowed", [
    ("auditor", "/v1/reviews", GOOD, False),
    ("reviewer", "/v1/reviews", GOOD, False),
    ("submitter", "/v1/reviews/00000000-0000-0000-0000-000000000000/decision",
     {"outcome": "approve", "reason_code": "ok", "reason": "ok"}, False),
    ("auditor", "/v1/check", GOOD, False),
])
def test_roles_are_enforced(client, api_keys, role, path, body, allowed):
    resp = client.post(path, json=body, headers={"Authorization": f"Bearer {api_keys[role]}"})
    assert (resp.status_code == 403) is not allowed


def test_idempotency_key_returns_the_same_submission_and_refuses_a_changed_body(client, submitter, pool):
    headers = {**submitter, "Idempotency-Key": "retry-me-1"}
    first = client.post("/v1/reviews", json=GOOD, headers=headers)
    again = client.post("/v1/reviews", json=GOOD, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and again.json()["duplicate"] is True
    changed = client.post("/v1/reviews", json={**GOOD, "text": "另一段文案"}, headers=headers)
    assert changed.status_code == 409 and changed.json()["type"].endswith("/idempotency-key-reused")


def test_check_answers_synchronously_with_the_report_contract(client, submitter):
    resp = client.post("/v1/check", json={**GOOD, "text": "保證獲利的信用卡，快來辦！"}, headers=submitter)
    assert resp.status_code == 200
    report = resp.json()
    assert set(report) >= {"verdict", "risk_score", "findings", "rulesets", "model", "errors"}
    assert report["verdict"] == "block"
    assert report["model"].startswith("finreview-risk@")


def test_unknown_submission_is_a_404_problem(client, submitter):
    resp = client.get("/v1/reviews/not-a-uuid", headers=submitter)
    assert resp.status_code == 404 and resp.json()["type"].endswith("/not-found")


def test_decision_needs_a_reason(client, api_keys):
    resp = client.post("/v1/reviews/00000000-0000-0000-0000-000000000000/decision",
                       json={"outcome": "approve", "reason_code": "ok", "reason": ""},
                       headers={"Authorization": f"Bearer {api_keys['reviewer']}"})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "reason"


def test_a_retried_batch_returns_the_same_submissions_and_stores_nothing_new(client, submitter, pool):
    """The batch path stores many copies in a few statements; a retry with the same Idempotency-Key
    still answers per item as duplicates, and a changed item is refused."""
    headers = {**submitter, "Idempotency-Key": "batch-retry-1"}
    items = [{**GOOD, "text": f"謹慎理財 信用至上（{i}）"} for i in range(5)]
    first = client.post("/v1/reviews/batch", json={"items": items}, headers=headers)
    before = count_submissions(pool)
    again = client.post("/v1/reviews/batch", json={"items": items}, headers=headers)
    assert first.status_code == again.status_code == 202
    assert [i["id"] for i in again.json()["items"]] == [i["id"] for i in first.json()["items"]]
    assert all(i["duplicate"] for i in again.json()["items"])
    assert not any(i["duplicate"] for i in first.json()["items"])
    assert count_submissions(pool) == before
    changed = client.post("/v1/reviews/batch", json={"items": [*items[:4], {**GOOD, "text": "另一段文案"}]},
                          headers=headers)
    assert changed.status_code == 409 and count_submissions(pool) == before


def test_a_batch_stores_each_copy_with_its_own_job_key_and_audit_events(client, submitter, pool):
    """Every item of a batch reads back as its own submission: a queued job, a data key, and a
    submitted + queued audit pair naming that job."""
    items = [{**GOOD, "text": f"極光卡回饋活動（{i}）", "product": p}
             for i, p in enumerate(["credit_card", "deposit", "loan"])]
    resp = client.post("/v1/reviews/batch", json={"items": items}, headers=submitter)
    assert resp.status_code == 202
    ids = [i["id"] for i in resp.json()["items"]]
    with pool.connection() as conn:
        for sid, item in zip(ids, items):
            product, job_id = conn.execute(
                "SELECT v.product, j.id FROM submission_versions v JOIN jobs j ON j.version_id = v.id"
                " WHERE v.submission_id = %s", (sid,)).fetchone()
            assert product == item["product"]
            assert conn.execute("SELECT count(*) FROM data_keys WHERE submission_id = %s", (sid,)).fetchone()[0] == 1
            events = conn.execute("SELECT event_type, body FROM audit_events WHERE subject = %s ORDER BY seq",
                                  (f"submission:{sid}/v1",)).fetchall()
            assert [e[0] for e in events][:2] == ["submitted", "queued"]
            assert f'"job_id":{job_id}' in events[1][1]
            blob = conn.execute("SELECT content FROM submission_versions WHERE submission_id = %s", (sid,)).fetchone()[0]
            assert f'"content_sha256":"{hashlib.sha256(blob).hexdigest()}"' in events[0][1]


def test_the_check_api_passes_disclosure_only_fund_copy_and_reports_its_segments(client, submitter):
    """Through the API as through the CLI: a dividend warning alone is no claim, and the report
    shows each segment's kind with offsets into the text sent."""
    text = "※本基金配息可能由基金的收益或本金支付。配息率不代表報酬率，且過去配息率不代表未來配息率。"
    resp = client.post("/v1/check", headers=submitter, json={
        "text": text, "jurisdiction": "TW", "product": "fund", "channel": "web", "language": "zh-TW"})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["verdict"] == "pass", report["findings"]
    assert [s["kind"] for s in report["segments"]] == ["disclosure"] * len(report["segments"])
    assert "".join(text[s["start"]:s["end"]] for s in report["segments"]) == text


API_FUND_WARNING = ("本基金經金融監督管理委員會核准或同意生效，惟不表示本基金絕無風險。基金經理公司以往之經理績效不保證本基金之最低"
                    "投資收益，投資人申購前應詳閱本基金公開說明書。")


def _check_tw_fund(client, submitter, text: str) -> dict:
    resp = client.post("/v1/check", headers=submitter, json={
        "text": text, "jurisdiction": "TW", "product": "fund", "channel": "web", "language": "zh-TW"})
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_the_check_api_passes_a_claim_with_its_warning_and_flags_it_without(client, submitter):
    """The fund warning cures the claim it follows; without it the same claim is blocked by the
    rule that demands it, and every finding names the kind of segment it stands in."""
    claim = "星光全球科技基金，長期布局AI產業。"
    cured = _check_tw_fund(client, submitter, claim + API_FUND_WARNING)
    assert cured["verdict"] == "pass", cured["findings"]
    bare = _check_tw_fund(client, submitter, claim)
    assert bare["verdict"] == "block"
    assert "tw.sitca.fund.risk-warning" in {f["rule_id"] for f in bare["findings"]}
    assert all(f["explanation"].get("segment") in ("claim", "disclosure", "whole-copy") for f in bare["findings"])


def test_the_check_api_blocks_a_guarantee_in_a_claim_though_a_warning_follows(client, submitter):
    report = _check_tw_fund(client, submitter, "星光全球科技基金保證獲利！" + API_FUND_WARNING)
    guarantee = [f for f in report["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording"]
    assert report["verdict"] == "block"
    assert guarantee and guarantee[0]["explanation"]["segment"] == "claim"
