"""Helpers for the desk tests: officers with passwords, logged-in HTTP clients, routed items.

Items are stored and routed through the real store functions (store_copy, jobs.claim, save_report)
with a report written by the test, so each test controls verdict, findings and risk exactly."""
from __future__ import annotations

import re
import secrets

import httpx
import psycopg

from service.identity import create_user, issue_key
from service.sessions import set_password
from workers.store import jobs, reports
from workers.store.submissions import NewCopy, store_copy

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_user(database_url: str, role: str, *, password: str = PASSWORD) -> tuple[str, str, int]:
    """(name, api key, user id) of a new user of ``role`` with a desk password."""
    name = f"{role}-{secrets.token_hex(3)}"
    with psycopg.connect(database_url) as conn:
        user_id = create_user(conn, name=name, role=role)
        set_password(conn, user_id=user_id, password=password)
        key = issue_key(conn, user_id=user_id)
    return name, key, user_id


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(base: str, name: str, password: str = PASSWORD, *,
          headers: dict[str, str] | None = None) -> tuple[httpx.Client, httpx.Response]:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False, headers=headers)
    page = client.get("/ui/login")
    resp = client.post("/ui/login", data={"username": name, "password": password, "csrf_token": csrf_of(page.text),
                                          "next": "/ui/queue"})
    return client, resp


def logged_in(base: str, database_url: str, role: str) -> tuple[httpx.Client, str | None, str]:
    """A client with a live session for a new user of ``role``, its session CSRF token (read off the
    queue page, or the 403 page that roles without the desk get) and its actor id."""
    name, _, user_id = make_user(database_url, role)
    client, resp = login(base, name)
    assert resp.status_code == 303, resp.text
    queue = client.get("/ui/queue")
    return client, csrf_of(queue.text), f"user:{user_id}"  # the 403 page still carries the logout form


def routed_item(pool, *, verdict: str = "review", risk: float = 0.2, findings: list[dict] | None = None,
                text: str = "【極光卡】保證獲利！立即申辦。", product: str = "credit_card", channel: str = "web",
                campaign: str | None = None, resubmission_of: str | None = None,
                submitted_by: str = "user:desk-tests", callback_url: str | None = None) -> str:
    copy = NewCopy(text=text, language="zh-TW", jurisdiction="TW", product=product, channel=channel,
                   campaign_id=campaign)
    with pool.connection() as conn:
        stored = store_copy(conn, submitted_by=submitted_by, copy=copy, pipeline_version="t",
                            resubmission_of=resubmission_of, callback_url=callback_url)
        claimed = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
        report = {"verdict": verdict, "risk_score": risk, "rulesets": {"tw.credit_card": "f" * 64}, "model": "m@1",
                  "errors": [], "policy": "p" * 64, "route": {"reasons": []}, "language": "zh-TW",
                  "findings": findings if findings is not None else []}
        reports.save_report(conn, job_id=stored.job_id, version_id=stored.version_id, subject=claimed.subject,
                            pipeline_version="t", report=report, digest=secrets.token_hex(32))
    return stored.submission_id


def guarantee_finding(text: str, severity: str = "blocker") -> dict:
    start = text.index("保證獲利")
    return {"id": secrets.token_hex(8), "source": "rule", "rule_id": "tw.fsc.no-guarantee-wording",
            "severity": severity, "start": start, "end": start + 4, "excerpt": "保證獲利",
            "message": {"zh-TW": "不得使用保證獲利等用語", "en": "Do not promise profit"},
            "citation": "金融消費者保護法 §8", "suggestion": "刪除「保證獲利」"}
