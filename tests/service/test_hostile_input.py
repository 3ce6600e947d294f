"""Hostile input through the API and the desk: no crash, no 5xx, nothing rendered unescaped."""
from __future__ import annotations

import json

import pytest

from tests.service.desk import logged_in, routed_item

BASE = {"jurisdiction": "TW", "product": "credit_card", "channel": "web"}
HOSTILE = {
    "html": '<script>alert(1)</script><img src=x onerror=alert(2)>保證獲利',
    "zero_width": "保\u200b證\u200c獲\u200d利" + "\u200b" * 5000,
    "rtl_override": "\u202e利獲證保\u202c Guaranteed \u2066returns\u2069",
    "mixed_scripts": "Gυaranteed рrofit 保證獲利 ﾃｽﾄ 𝐆𝐮𝐚𝐫𝐚𝐧𝐭𝐞𝐞𝐝",
    "control_chars": "保證\x00獲利\x07\x1b[31m",
    "one_char_flood": "利" * 19_999,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_accepted_or_refused_cleanly_by_check_and_submit(client, submitter, name):
    """Every payload gets a report from /v1/check and a 202 (or a 4xx problem) from submit."""
    body = {**BASE, "text": HOSTILE[name]}
    checked = client.post("/v1/check", json=body, headers=submitter)
    assert checked.status_code < 500, checked.text
    if checked.status_code == 200:
        assert checked.json()["verdict"] in ("pass", "review", "block")
    else:
        assert checked.headers["content-type"].startswith("application/problem+json")
    submitted = client.post("/v1/reviews", json=body, headers=submitter)
    assert submitted.status_code in (202, 400, 413, 422), submitted.text


def test_ten_megabytes_of_one_character_is_a_413_problem(client, submitter):
    resp = client.post("/v1/reviews", json={**BASE, "text": "a" * 10_000_000}, headers=submitter)
    assert resp.status_code == 413 and resp.headers["content-type"].startswith("application/problem+json")


def test_lone_surrogates_are_a_4xx_problem_not_a_crash(client, submitter):
    """JSON may carry \\ud800 escapes that are not valid Unicode; they cannot be stored or checked."""
    raw = '{"text": "\\ud800 保證獲利 \\udfff", "jurisdiction": "TW", "product": "credit_card", "channel": "web"}'
    for path in ("/v1/reviews", "/v1/check"):
        resp = client.post(path, content=raw, headers={**submitter, "Content-Type": "application/json"})
        assert 400 <= resp.status_code < 500, (path, resp.status_code, resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json")


def test_the_desk_renders_hostile_copy_escaped_with_security_headers(client, database_url, pool):
    """A script in submitted copy shows as text on the item page; the page forbids framing and sniffing."""
    text = HOSTILE["html"]
    sub_id = routed_item(pool, text=text)
    session, _, _ = _desk_session(client, database_url)
    page = session.get(f"/ui/items/{sub_id}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "&lt;img src=x onerror" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_api_answers_carry_nosniff_and_no_framing(client, submitter):
    resp = client.get("/v1/reviews/00000000-0000-0000-0000-000000000000", headers=submitter)
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]


def _desk_session(client, database_url):
    from tests.service.desk import PASSWORD, csrf_of, make_user

    name, _, user_id = make_user(database_url, "reviewer")
    page = client.get("/ui/login")
    resp = client.post("/ui/login", data={"username": name, "password": PASSWORD, "csrf_token": csrf_of(page.text),
                                          "next": "/ui/queue"}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return client, None, user_id
