"""Officers are named by their user names wherever a person reads who did what at the desk: the
claim holder in the queue and on the item page, the first approver a four-eyes item waits on, and
who approved the template a variant follows. The audit trail keeps their ids."""
from __future__ import annotations

import secrets

import pytest

from tests.service.campaign_client import api, bearer, check_all, desk_login  # noqa: F401 (fixture)
from tests.service.desk import PASSWORD, make_user, routed_item
from tests.workers.campaign_samples import DISCLOSURES, GOOD, SLOTS, TEXT, fill

pytestmark = pytest.mark.services
WHERE = {"jurisdiction": "TW", "product": "credit_card", "channel": "sms", "language": "zh-TW"}


def test_the_queue_and_the_item_page_name_the_claim_holder_and_the_first_approver(api, pool, database_url):
    """A four-eyes item approved once by one senior reviewer and claimed by another shows both by
    user name, in the queue row and on the item page, and never as user:<id>."""
    first_name, first_key, first_id = make_user(database_url, "senior_reviewer")
    holder_name, holder_key, holder_id = make_user(database_url, "senior_reviewer")
    campaign = f"names-{secrets.token_hex(3)}"
    item = routed_item(pool, risk=0.95, campaign=campaign)
    approved = api.post(f"/v1/reviews/{item}/decision", headers=bearer(first_key),
                        json={"outcome": "approve", "reason_code": "false-positive", "reason": "ok"})
    assert approved.status_code == 202, approved.text
    assert api.post(f"/v1/reviews/{item}/claim", headers=bearer(holder_key)).status_code < 300
    desk_login(api, make_user(database_url, "reviewer")[0], PASSWORD)
    queue = api.get("/ui/queue", params={"campaign": campaign}).text
    row = queue.split(f'data-submission="{item}"')[1].split("</tr>")[0]
    assert holder_name in row and f"user:{holder_id}" not in row
    page = api.get(f"/ui/items/{item}").text
    four_eyes = page.split('id="four-eyes"')[1].split("</p>")[0]
    assert first_name in four_eyes and f"user:{first_id}" not in four_eyes
    decision = page.split('id="decide-h"')[1]
    assert holder_name in decision and f"user:{holder_id}" not in page


def test_a_variant_names_the_officer_who_approved_its_template(api, api_keys, pool, components, database_url):
    """The template panel of a variant's page says who approved the template by user name."""
    submitter = bearer(api_keys["submitter"])
    template = api.post("/v1/templates", headers=submitter, json={
        "text": TEXT, "slots": SLOTS, "disclosures": DISCLOSURES, "max_segments": 1, **WHERE, "campaign_id": "names"})
    assert template.status_code == 202, template.text
    template_id = template.json()["id"]
    assert check_all(pool, components, template_id) == ["review"]
    name, key, user_id = make_user(database_url, "reviewer")
    assert api.post(f"/v1/reviews/{template_id}/decision", headers=bearer(key), json={
        "outcome": "approve", "reason_code": "disclosures-complete", "reason": "ok"}).status_code == 201
    values = {**GOOD, "tier": "鑽石"}  # a value the slot does not allow: the variant goes to an officer
    variant = api.post("/v1/reviews", headers=submitter, json={
        "text": fill(values), "template_id": template_id, "slots": values, **WHERE, "campaign_id": "names"})
    assert variant.status_code == 202, variant.text
    assert check_all(pool, components, variant.json()["id"]) == ["review"]
    desk_login(api, make_user(database_url, "reviewer")[0], PASSWORD)
    panel = api.get(f"/ui/items/{variant.json()['id']}").text.split('id="template-variant"')[1].split("</p>")[0]
    assert name in panel and f"user:{user_id}" not in panel
