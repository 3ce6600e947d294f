"""`finreview serve --demo`: sample users, copy and decisions, written by the team for the demo."""
from __future__ import annotations

import psycopg

import secrets

from service.demo_campaign import load_campaign_demo
from service.identity import create_user, find_user, issue_key
from service.sessions import set_password
from service.settings import Settings
from workers.components import shared_components
from workers.db import open_pool
from workers.pipeline import PIPELINE_VERSION
from workers.runner import run_job
from workers.store.decisions import record_decision
from workers.store.submissions import NewCopy, store_copy

USERS = (("demo-submitter", "submitter"), ("demo-reviewer", "reviewer"), ("demo-senior", "senior_reviewer"),
         ("demo-senior-2", "senior_reviewer"), ("demo-auditor", "auditor"), ("demo-admin", "admin"))
# Roles that log in to the desk; each gets a fresh random password at every --demo start.
DESK_ROLES = ("reviewer", "senior_reviewer", "auditor", "admin")

SAMPLES = (
    ("TW", "credit_card", "web",
     "【星河卡】新戶首刷滿3,000元享5%現金回饋，回饋上限每月300元，活動期間2026/12/01至2027/02/28。"
     "循環信用利率：年利率6.75%~15%，依本行評等而定；預借現金手續費為預借金額×3%+150元。謹慎理財 信用至上"),
    ("TW", "credit_card", "social",
     "辦星河卡保證獲利！刷卡分期零負擔，循環利息超低，快來申辦，名額有限！"),
    ("TW", "credit_card", "sms",
     "親愛的卡友，本月海外消費享3%回饋，詳情請見官網活動辦法。謹慎理財 信用無價"),
    ("TW", "fund", "web",
     "全球科技基金，掌握AI長期趨勢。基金投資有賺有賠，申購前應詳閱公開說明書；本基金經金管會核准，惟不表示絕無風險。"),
    ("US", "deposit", "email",
     "Open a Harbor Savings account and earn 4.10% APY on balances of $1,000 or more. Rate may change after account opening. Member FDIC."),
    ("UK", "crypto", "social",
     "Bitcoin only goes up. Put your savings in today and retire early - there has never been a safer time!"),
)


def load_demo(settings: Settings) -> None:
    url = settings.require_database_url()
    keys: list[tuple[str, str, str]] = []
    passwords: list[tuple[str, str]] = []
    with psycopg.connect(url) as conn:
        first_time = find_user(conn, name=USERS[0][0]) is None
        for name, role in USERS:
            found = find_user(conn, name=name)
            user_id = found[0] if found else create_user(conn, name=name, role=role)
            keys.append((name, role, issue_key(conn, user_id=user_id)))
            if role in DESK_ROLES:
                password = secrets.token_urlsafe(9)
                set_password(conn, user_id=user_id, password=password)
                passwords.append((name, password))
    if first_time:
        _load_samples(settings)
    print("demo users (API keys are shown once; new keys are issued at every --demo start):", flush=True)
    for name, role, key in keys:
        print(f"  {name:16} {role:16} {key}", flush=True)
    print("demo desk logins at /ui/login (new passwords at every --demo start):", flush=True)
    for name, password in passwords:
        print(f"  {name:16} {password}", flush=True)


def _load_samples(settings: Settings) -> None:
    pool = open_pool(settings.require_database_url(), max_size=2, name="finreview-demo")
    try:
        with pool.connection() as conn:
            submitter = f"user:{find_user(conn, name='demo-submitter')[0]}"
            reviewer = f"user:{find_user(conn, name='demo-reviewer')[0]}"
        stored = []
        for i, (jurisdiction, product, channel, text) in enumerate(SAMPLES):
            copy = NewCopy(text=text, language="auto", jurisdiction=jurisdiction, product=product, channel=channel,
                           campaign_id="demo-2026-winter")
            with pool.connection() as conn:
                stored.append(store_copy(conn, submitted_by=submitter, copy=copy, pipeline_version=PIPELINE_VERSION,
                                         idempotency_key=f"demo-{i}"))
        # Checked here rather than queued, so the demo starts with decisions already on record.
        components = shared_components(settings)
        for s in stored:
            run_job(pool, s.job_id, components=components, lease_seconds=settings.lease_seconds)
        with pool.connection() as conn:
            record_decision(conn, submission_id=stored[1].submission_id, decided_by=reviewer, role="reviewer",
                            outcome="reject", reason_code="guarantee-wording",
                            reason="Promises profit on a credit card; remove the guarantee and add the rate disclosure.")
            record_decision(conn, submission_id=stored[3].submission_id, decided_by=reviewer, role="reviewer",
                            outcome="approve", reason_code="disclosures-complete",
                            reason="Risk warning and prospectus notice are present and prominent.")
        load_campaign_demo(pool, components, submitter=submitter, reviewer=reviewer, lease_seconds=settings.lease_seconds)
    finally:
        pool.close()
