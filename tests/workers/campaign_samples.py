"""A card-offer SMS template used by the campaign tests: four slots, two disclosures."""
from __future__ import annotations

from workers.campaign.template import TemplateSpec

TEXT = "【星光銀行】{{name}}您好，{{tier}}卡友限時專屬分期利率{{rate}}%起，詳洽{{branch}}分行，拒收回R。循環信用利率最高15%，謹慎理財 信用至上"
SLOTS = {
    "name": {"pii": True, "max_length": 4},
    "tier": {"allowed": ["白金", "御璽", "無限"]},
    "rate": {"min": 2.88, "max": 15, "pattern": r"\d{1,2}(\.\d{1,2})?"},
    "branch": {"pattern": r"[\u4e00-\u9fff]{2,12}"},
}
DISCLOSURES = ["循環信用利率最高15%", "謹慎理財 信用至上"]
SPEC = TemplateSpec(text=TEXT, slots=SLOTS, disclosures=DISCLOSURES, max_segments=1)
GOOD = {"name": "王小明", "tier": "白金", "rate": "3.5", "branch": "信義"}


def fill(values: dict[str, str], text: str = TEXT) -> str:
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text
