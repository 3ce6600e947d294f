"""Demo data for personalised campaigns: an approved SMS template with variants (most cleared,
two deviating), and near-duplicate template-free copy to group at /ui/clusters."""
from __future__ import annotations

from psycopg_pool import ConnectionPool

from workers.campaign.template import TemplateSpec
from workers.components import Components
from workers.pipeline import PIPELINE_VERSION
from workers.runner import run_job
from workers.store.decisions import record_decision
from workers.store.submissions import NewCopy, store_copy
from workers.store.templates import attach_variant, register_template

CAMPAIGN = "demo-2026-card-sms"
TEMPLATE = TemplateSpec(
    text="【星河銀行】{{name}}您好，{{tier}}卡友限時專屬分期利率{{rate}}%起，詳洽{{branch}}分行，拒收回R。"
         "循環信用利率最高15%，謹慎理財 信用至上",
    slots={"name": {"pii": True, "max_length": 4}, "tier": {"allowed": ["白金", "御璽", "無限"]},
           "rate": {"min": 2.88, "max": 15}, "branch": {"pattern": "[\u4e00-\u9fff]{2,12}"}},
    disclosures=["循環信用利率最高15%", "謹慎理財 信用至上"], max_segments=1)
# The last two deviate: a rate below the approved range, and a branch name long enough to push
# the slogan past the one SMS segment the template allows.
VARIANTS = ({"name": "陳志明", "tier": "白金", "rate": "3.5", "branch": "信義"},
            {"name": "林淑芬", "tier": "御璽", "rate": "5.88", "branch": "板橋"},
            {"name": "黃家豪", "tier": "無限", "rate": "2.99", "branch": "台中"},
            {"name": "張怡君", "tier": "白金", "rate": "1.99", "branch": "高雄"},
            {"name": "王建宏", "tier": "白金", "rate": "3.5", "branch": "台北市信義區松仁路旗艦"})
NEAR_DUPLICATES = tuple(f"{name}您好，星河卡新戶首刷享5%回饋，立即申辦！" for name in ("陳先生", "林小姐", "黃先生"))


def load_campaign_demo(pool: ConnectionPool, components: Components, *, submitter: str, reviewer: str,
                       lease_seconds: int) -> None:
    where = {"language": "zh-TW", "jurisdiction": "TW", "product": "credit_card", "channel": "sms", "campaign_id": CAMPAIGN}
    with pool.connection() as conn:
        template = register_template(conn, submitted_by=submitter, spec=TEMPLATE, pipeline_version=PIPELINE_VERSION,
                                     copy=NewCopy(text=TEMPLATE.text, metadata={"kind": "template"}, **where),
                                     idempotency_key="demo-template")
    run_job(pool, template.job_id, components=components, lease_seconds=lease_seconds)
    with pool.connection() as conn:
        record_decision(conn, submission_id=template.submission_id, decided_by=reviewer, role="reviewer",
                        outcome="approve", reason_code="disclosures-complete",
                        reason="Slot constraints and both disclosures approved for the winter SMS campaign.")
    jobs = []
    with pool.connection() as conn:
        for values in VARIANTS:
            text = TEMPLATE.text
            for slot, value in values.items():
                text = text.replace("{{" + slot + "}}", value)
            stored = store_copy(conn, submitted_by=submitter, pipeline_version=PIPELINE_VERSION,
                                copy=NewCopy(text=text, template_id=template.submission_id, **where))
            attach_variant(conn, version_id=stored.version_id, template_id=template.submission_id,
                           submitted_by=submitter, values=values)
            jobs.append(stored.job_id)
        for text in NEAR_DUPLICATES:
            jobs.append(store_copy(conn, submitted_by=submitter, pipeline_version=PIPELINE_VERSION,
                                   copy=NewCopy(text=text, **{**where, "campaign_id": "demo-2026-card-greetings"})).job_id)
    for job_id in jobs:
        run_job(pool, job_id, components=components, lease_seconds=lease_seconds)
