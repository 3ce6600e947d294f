"""The desk in a real browser: Playwright drives Debian's Chromium against a real `finreview serve`
process; the items were checked by the real pipeline. A reviewer requests changes on a blocked
zh-TW item, two senior reviewers complete a four-eyes approval, and the audit chain verifies."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT
from tests.samples import VIOLATING_CARD_AD
from tests.service.desk import PASSWORD, make_user

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
# The flags the machine's env entry gives: no sandbox as root, and no background networking on a closed network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is installed by `make install` (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield b
        b.close()


def _blocked_item(pool, components, campaign: str, text: str = VIOLATING_CARD_AD, product: str = "credit_card") -> str:
    from workers.pipeline import PIPELINE_VERSION
    from workers.runner import run_job
    from workers.store.submissions import NewCopy, store_copy

    with pool.connection() as conn:
        stored = store_copy(conn, submitted_by="user:browser-test", pipeline_version=PIPELINE_VERSION, copy=NewCopy(
            text=text, language="auto", jurisdiction="TW", product=product, channel="web",
            campaign_id=campaign))
    run_job(pool, stored.job_id, components=components, lease_seconds=60)
    return stored.submission_id


def _login(browser, base: str, name: str):
    page = browser.new_context(locale="zh-TW").new_page()
    page.goto(f"{base}/ui/login")
    page.get_by_label("使用者名稱").fill(name)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/ui/queue")
    return page


def _decide(page, outcome_key: str, code: str, reason: str) -> None:
    page.get_by_role("button", name="領取").click()
    page.locator("body").press(outcome_key)  # keyboard shortcut picks the outcome and focuses the reason code
    page.locator("#reason_code").select_option(code)
    page.get_by_label("理由", exact=True).fill(reason)
    page.get_by_role("button", name="送出決定").click()
    page.wait_for_url("**/ui/queue")


def _status(database_url: str, submission_id: str) -> str:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT status FROM submission_versions WHERE submission_id = %s",
                            (submission_id,)).fetchone()[0]


def test_reviewer_requests_changes_then_two_seniors_approve_and_the_chain_verifies(
        desk_api, browser, pool, components, database_url, service_env):
    changes_item = _blocked_item(pool, components, "browser-1")
    approve_item = _blocked_item(pool, components, "browser-2")
    reviewer = _login(browser, desk_api, make_user(database_url, "reviewer")[0])

    reviewer.goto(f"{desk_api}/ui/queue?campaign=browser-1")
    assert "阻擋" in reviewer.locator(f'tr[data-submission="{changes_item}"]').inner_text()
    reviewer.locator(f'tr[data-submission="{changes_item}"] a').click()
    blocker = reviewer.locator("#copy mark.sev-blocker", has_text="保證獲利")
    assert blocker.count() >= 1 and blocker.first.is_visible()
    finding = reviewer.locator('li.finding[data-rule="tw.fsc.no-guarantee-wording"]')
    assert "阻擋級" in finding.inner_text() and finding.locator(".citation cite").inner_text().strip()
    _decide(reviewer, "c", "guarantee-wording", "請刪除「保證獲利」並加註警語。")
    assert _status(database_url, changes_item) == "changes_requested"

    first = _login(browser, desk_api, make_user(database_url, "senior_reviewer")[0])
    first.goto(f"{desk_api}/ui/items/{approve_item}")
    assert first.locator("#four-eyes").is_visible()
    _decide(first, "a", "false-positive", "引用的是警語原文，非保證。")
    assert _status(database_url, approve_item) == "block"  # one approval is not enough

    second = _login(browser, desk_api, make_user(database_url, "senior_reviewer")[0])
    second.goto(f"{desk_api}/ui/items/{approve_item}")
    assert "第一位核准人" in second.locator("#four-eyes").inner_text()
    _decide(second, "a", "false-positive", "同意第一位核准人的判斷。")
    assert _status(database_url, approve_item) == "approved"

    verify = subprocess.run([sys.executable, "-m", "service", "audit", "verify"], cwd=ROOT, env=service_env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and verify.stdout.startswith("ok:"), verify.stdout + verify.stderr


def test_english_is_selectable(desk_api, browser, database_url):
    page = _login(browser, desk_api, make_user(database_url, "reviewer")[0])
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Review queue").is_visible()


def test_an_approval_against_close_precedents_asks_for_a_reason_and_lands_in_the_consistency_report(
        desk_api, browser, pool, database_url):
    import secrets

    from tests.service.desk import routed_item
    from tests.service.test_precedents import TEXT, decide_over_http, rule_finding

    rule = f"tw.test.browser-precedent-{secrets.token_hex(3)}"
    senior = make_user(database_url, "senior_reviewer")[1]
    for gift in ("咖啡機", "行李箱"):
        decide_over_http(desk_api, senior, routed_item(pool, text=TEXT.format(gift), findings=[rule_finding(rule, TEXT)]),
                         "reject", "首刷禮價值過高")
    item = routed_item(pool, text=TEXT.format("吹風機"), findings=[rule_finding(rule, TEXT)])
    page = _login(browser, desk_api, make_user(database_url, "reviewer")[0])
    page.goto(f"{desk_api}/ui/items/{item}")
    assert page.locator("#similar li.close-precedent").count() == 2
    assert "首刷禮價值過高" in page.locator("#similar").inner_text()
    page.get_by_role("button", name="領取").click()
    page.locator("body").press("a")
    page.locator("#reason_code").select_option("false-positive")
    page.get_by_label("理由", exact=True).fill("贈品價值在上限內。")
    page.get_by_role("button", name="送出決定").click()
    assert page.locator("#decision-error").is_visible() and "先例" in page.locator("#decision-error").inner_text()
    assert _status(database_url, item) == "review"  # nothing recorded yet
    reason = page.locator("#precedent_reason")
    assert reason.get_attribute("required") is not None
    page.locator("body").press("a")
    page.locator("#reason_code").select_option("false-positive")
    page.get_by_label("理由", exact=True).fill("贈品價值在上限內。")
    reason.fill("2026 年起首刷禮上限已調高。")
    page.get_by_role("button", name="送出決定").click()
    page.wait_for_url("**/ui/queue")
    assert _status(database_url, item) == "approved"
    page.get_by_role("link", name="一致性").click()
    assert "2026 年起首刷禮上限已調高。" in page.locator("#disagreements").inner_text()


FUND_WARNING = ("本基金經金融監督管理委員會核准或同意生效，惟不表示本基金絕無風險。基金經理公司以往之經理績效不保證本基金之最低投資"
                "收益，投資人申購前應詳閱本基金公開說明書。")


def test_the_review_page_sets_disclosures_as_small_print_apart_from_the_claims(desk_api, browser, pool, components,
                                                                                database_url):
    """The officer reads the claim at full size and the mandated warning as small print; the
    guarantee stays highlighted in the claim, outside the small print."""
    claim = "星光全球科技基金保證獲利！"
    item = _blocked_item(pool, components, "browser-small-print", text=claim + FUND_WARNING, product="fund")
    page = _login(browser, desk_api, make_user(database_url, "reviewer")[0])
    page.goto(f"{desk_api}/ui/items/{item}")
    small = page.locator("#copy small.small-print")
    assert small.count() == 1 and small.inner_text() == FUND_WARNING
    assert page.locator("#copy small.small-print mark").count() == 0
    guarantee = page.locator("#copy > mark.sev-blocker", has_text="保證獲利")
    assert guarantee.count() >= 1 and guarantee.first.is_visible()
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert small.evaluate(size) < page.locator("#copy").evaluate(size)
