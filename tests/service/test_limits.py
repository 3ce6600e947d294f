"""Request limits: body size, JSON depth and the per-key rate, each a 4xx problem with a stable slug,
and nothing refused is stored."""
from __future__ import annotations

import json

import pytest

from service.limits import RateLimiter, json_depth
from tests.service.inproc import in_process_api

GOOD = {"text": "謹慎理財 信用至上", "jurisdiction": "TW", "product": "credit_card", "channel": "web"}


@pytest.fixture(scope="module")
def client(settings, components, service_env):
    tight = settings.model_copy(update={"max_body_bytes": 64 * 1024, "max_json_depth": 8,
                                        "rate_limit_per_second": 0.5, "rate_limit_burst": 40})
    with in_process_api(tight, components, service_env) as c:
        yield c


def stored(pool) -> int:
    with pool.connection() as conn:
        return conn.execute("SELECT count(*) FROM submission_versions").fetchone()[0]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_body_over_the_limit_is_a_413_before_parsing(client, api_keys, pool):
    """Declared (Content-Length) and streamed (chunked) bodies over the limit are both refused."""
    before = stored(pool)
    big = json.dumps({**GOOD, "text": "字" * 40_000})
    resp = client.post("/v1/reviews", content=big, headers={**bearer(api_keys["submitter"]),
                                                            "Content-Type": "application/json"})
    assert resp.status_code == 413 and resp.json()["type"].endswith("/body-too-large")
    assert resp.headers["content-type"].startswith("application/problem+json")
    chunks = (big[i:i + 4096].encode() for i in range(0, len(big), 4096))
    streamed = client.post("/v1/reviews", content=chunks, headers={**bearer(api_keys["submitter"]),
                                                                  "Content-Type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["type"].endswith("/body-too-large")
    assert stored(pool) == before


def test_deeply_nested_json_is_a_400_and_brackets_inside_strings_do_not_count(client, api_keys, pool):
    before = stored(pool)
    deep = '{"text": "x", "metadata": ' + "[" * 5000 + "]" * 5000 + "}"
    resp = client.post("/v1/reviews", content=deep, headers={**bearer(api_keys["submitter"]),
                                                             "Content-Type": "application/json"})
    assert resp.status_code == 400 and resp.json()["type"].endswith("/json-too-deep")
    assert stored(pool) == before
    # A copy full of brackets is text, not nesting: accepted.
    ok = client.post("/v1/reviews", json={**GOOD, "text": "【優惠】[[[{{{ 謹慎理財 信用至上 }}}]]]"},
                     headers=bearer(api_keys["submitter"]))
    assert ok.status_code == 202, ok.text


def test_json_depth_counts_structure_only():
    assert json_depth(b'{"a": [1, {"b": []}]}', 10) == 4
    assert json_depth(b'{"a": "[[[[\\"]]]]"}', 10) == 1
    assert json_depth(b"[" * 100, 5) == 6  # stops counting once over the limit


def test_a_key_over_its_rate_gets_429_with_retry_after_and_other_keys_do_not(client, api_keys):
    """The auditor's key spends its burst; the next request is refused with Retry-After, while the
    reviewer's key is still served."""
    auditor = bearer(api_keys["auditor"])
    codes = [client.get("/v1/reviews?campaign_id=limits", headers=auditor).status_code for _ in range(41)]
    assert 429 not in codes[:40] and codes[40] == 429
    refused = client.get("/v1/reviews?campaign_id=limits", headers=auditor)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["type"].endswith("/rate-limited")
    assert client.get("/v1/reviews?campaign_id=none", headers=bearer(api_keys["reviewer"])).status_code != 429


def test_token_bucket_refills_at_the_configured_rate():
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=2, clock=lambda: now[0])
    assert [limiter.take("k"), limiter.take("k")] == [0.0, 0.0]
    assert limiter.take("k") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.take("k") == 0.0
    assert limiter.take("other") == 0.0


def test_waiting_on_a_bucket_reports_without_using_a_token():
    """The login throttle asks before an attempt and takes a token only when the attempt fails."""
    now = [0.0]
    limiter = RateLimiter(rate=1.0, burst=1, clock=lambda: now[0])
    assert [limiter.wait("k"), limiter.wait("k")] == [0.0, 0.0]
    assert limiter.take("k") == 0.0
    assert limiter.wait("k") == pytest.approx(1.0)
    now[0] += 0.25
    assert limiter.wait("k") == pytest.approx(0.75)


def test_lone_surrogate_escapes_are_found_and_pairs_or_escaped_backslashes_are_not():
    from service.limits import has_lone_surrogate

    assert has_lone_surrogate(b'{"t": "\\ud800"}') and has_lone_surrogate(b'{"t": "x\\uDFFFy"}')
    assert has_lone_surrogate(b'{"t": "\\udfff\\ud800"}')  # the wrong order is two lone halves
    assert not has_lone_surrogate(b'{"t": "\\ud83d\\ude00"}')  # a valid pair (an emoji)
    assert not has_lone_surrogate(b'{"t": "\\\\ud800"}')  # a literal backslash followed by text
    assert not has_lone_surrogate('{"t": "保證 😀"}'.encode())
    assert has_lone_surrogate(b'{"t": "a\\u0000b"}')  # NUL, which PostgreSQL text cannot hold
