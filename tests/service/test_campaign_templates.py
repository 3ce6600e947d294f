"""Campaign templates through the API on real PostgreSQL, checked by the worker code: a template
is reviewed and approved once; its variants are cleared with the approval as evidence or, when
they deviate, routed to an officer whose page highlights the deviation."""
from __future__ import annotations

import json

import pytest

from tests.service.campaign_client import api, bearer, check_all, desk_login  # noqa: F401 (fixture)
from tests.service.desk import PASSWORD, make_user
from tests.workers.campaign_samples import DISCLOSURES, GOOD, SLOTS, TEXT, fill
from workers.campaign.limits import load_limits

pytestmark = pytest.mark.services
WHERE = {"jurisdiction": "TW", "product": "credit_card", "channel": "sms", "language": "zh-TW"}


def template_body(**extra):
    return {"text": TEXT, "slots": SLOTS, "disclosures": DISCLOSURES, "max_segments": 1, **WHERE,
            "campaign_id": "tpl-test", **extra}


def variant(template_id: str, values: dict[str, str], text: str | None = None) -> dict:
    return {"text": text or fill(values), "template_id": template_id, "slots": values, **WHERE, "campaign_id": "tpl-test"}


@pytest.fixture(scope="module")
def approved(api, api_keys, pool, components, database_url):
    """A template submitted, held for an officer by the worker, then approved through the API."""
    submitter = bearer(api_keys["submitter"])
    resp = api.post("/v1/templates", json=template_body(), headers=submitter)
    assert resp.status_code == 202, resp.text
    template_id = resp.json()["id"]
    assert check_all(pool, components, template_id) == ["review"]  # the text passes, but a template waits for a person
    before = api.get(f"/v1/templates/{template_id}", headers=submitter).json()
    officer = bearer(make_user(database_url, "reviewer")[1])
    decided = api.post(f"/v1/reviews/{template_id}/decision", headers=officer, json={
        "outcome": "approve", "reason_code": "disclosures-complete", "reason": "Slots and disclosures approved."})
    assert decided.status_code == 201, decided.text
    return template_id, before, decided.json()["decision_id"]


def test_a_template_waits_for_an_officer_and_its_approval_is_recorded_with_its_spec(api, api_keys, approved):
    template_id, before, decision_id = approved
    assert before["approved"] is False and before["status"] == "review"
    state = api.get(f"/v1/templates/{template_id}", headers=bearer(api_keys["submitter"])).json()
    assert state["approved"] is True and state["approval"]["decision_id"] == decision_id
    assert state["spec"]["slots"]["tier"]["allowed"] == ["白金", "御璽", "無限"] and len(state["spec_sha256"]) == 64


def test_a_passing_variant_is_cleared_citing_the_template_approval(api, api_keys, pool, components, approved):
    template_id, _, decision_id = approved
    submitter = bearer(api_keys["submitter"])
    sub = api.post("/v1/reviews", json=variant(template_id, GOOD), headers=submitter).json()["id"]
    assert check_all(pool, components, sub) == ["pass"]
    report = api.get(f"/v1/reviews/{sub}", headers=submitter).json()["versions"][0]["report"]
    assert report["template"]["approval"]["decision_id"] == decision_id
    assert report["template"]["id"] == template_id and report["findings"] == []


def test_a_deviating_variant_goes_to_the_queue_with_the_deviation_highlighted(api, api_keys, pool, components, approved,
                                                                              database_url):
    template_id, _, _ = approved
    values = {**GOOD, "tier": "鑽石"}
    batch = api.post("/v1/reviews/batch", headers=bearer(api_keys["submitter"]),
                     json={"items": [variant(template_id, GOOD), variant(template_id, values)]})
    assert batch.status_code == 202, batch.text
    good, bad = (item["id"] for item in batch.json()["items"])
    assert check_all(pool, components, good) == ["pass"] and check_all(pool, components, bad) == ["review"]
    name, _, _ = make_user(database_url, "reviewer")
    desk_login(api, name, PASSWORD)
    page = api.get(f"/ui/items/{bad}").text
    deviation = page.split('id="deviations"')[1].split("</ol>")[0]
    assert 'data-kind="slot-not-allowed"' in deviation and "{{tier}}" in deviation
    assert 'data-severity="major"' in page and ">鑽石<sup>" in page  # the slot value is highlighted in the copy
    assert f'href="/ui/items/{template_id}"' in page
    template_page = api.get(f"/ui/items/{template_id}").text
    assert 'data-slot="rate"' in template_page and "2.88 – 15.0" in template_page


def test_a_variant_of_a_template_before_approval_is_not_cleared(api, api_keys, pool, components):
    submitter = bearer(api_keys["submitter"])
    template_id = api.post("/v1/templates", json=template_body(), headers=submitter).json()["id"]
    sub = api.post("/v1/reviews", json=variant(template_id, GOOD), headers=submitter).json()["id"]
    assert check_all(pool, components, sub) == ["review"]
    findings = api.get(f"/v1/reviews/{sub}", headers=submitter).json()["versions"][0]["report"]["findings"]
    assert "template.template-not-approved" in {f["rule_id"] for f in findings}


OFFER = "【星光銀行】{{name}}您好，{{offer}}。謹慎理財 信用至上"


@pytest.mark.parametrize("body, slug, fields", [
    # Each error names the slot, bound or disclosure at fault, never just `body` (issue 17).
    (template_body(text=OFFER, slots={"name": SLOTS["name"]}, disclosures=["謹慎理財 信用至上"]), "validation-error",
     {"slots.offer"}),
    (template_body(text="{{name}}您好", disclosures=[]), "validation-error", {"slots.tier", "slots.rate", "slots.branch"}),
    (template_body(slots={**SLOTS, "rate": {"min": 9, "max": 1}}), "validation-error", {"slots.rate.max"}),
    (template_body(slots={**SLOTS, "branch": {"pattern": "[\u4e00-"}}), "validation-error", {"slots.branch.pattern"}),
    (template_body(disclosures=[DISCLOSURES[0], "不在範本裡的揭露"]), "validation-error", {"disclosures[1]"}),
    (template_body(disclosures=[" ", *DISCLOSURES]), "validation-error", {"disclosures[0]"}),
    # A bound of NaN or infinity would compare false with every value, or vanish when stored.
    (template_body(slots={**SLOTS, "rate": {"min": float("nan")}}), "validation-error", {"slots.rate.min"}),
    (template_body(slots={**SLOTS, "rate": {"max": float("inf")}}), "validation-error", {"slots.rate.max"}),
])
def test_a_template_whose_spec_does_not_hold_is_refused_with_the_reason(api, api_keys, body, slug, fields):
    """A spec that does not hold is a 422 whose errors name exactly the offending slots, bounds or
    disclosures, and which does not quote the submitted disclosure text back."""
    # Python's encoder writes NaN and Infinity literals, as some clients do; httpx's json= refuses them.
    resp = api.post("/v1/templates", content=json.dumps(body),
                    headers={**bearer(api_keys["submitter"]), "content-type": "application/json"})
    assert resp.status_code == 422 and resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["type"].endswith(slug) and {e["field"] for e in resp.json()["errors"]} == fields
    assert "不在範本裡的揭露" not in resp.text


def test_a_template_asking_for_more_sms_segments_than_the_channel_policy_is_refused(api, api_keys):
    """`max_segments` looser than channel_limits.yaml's would be stored and shown though verification
    applies the policy's: it is a 422 naming the field and the limit; the policy's own count is accepted."""
    limit = load_limits().sms.max_segments
    submitter = bearer(api_keys["submitter"])
    resp = api.post("/v1/templates", json=template_body(max_segments=limit + 6), headers=submitter)
    assert resp.status_code == 422 and resp.json()["type"].endswith("/validation-error")
    [error] = resp.json()["errors"]
    assert (error["field"], error["reason"], error["limit"]) == ("max_segments", "looser_than_policy", limit)
    assert api.post("/v1/templates", json=template_body(max_segments=limit), headers=submitter).status_code == 202


def test_a_variant_naming_a_template_that_is_not_the_callers_is_refused(api, api_keys, database_url, approved):
    other = bearer(make_user(database_url, "submitter")[1])
    resp = api.post("/v1/reviews", json=variant(approved[0], GOOD), headers=other)
    assert resp.status_code == 422 and resp.json()["type"].endswith("/unknown-template")
    assert resp.json()["errors"] == [{"field": "template_id", "reason": "not_found"}]
    missing = api.post("/v1/reviews", json={**variant(approved[0], GOOD), "template_id": None}, headers=other)
    assert missing.status_code == 422 and missing.json()["type"].endswith("/validation-error")
