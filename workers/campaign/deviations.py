"""The ways a variant can leave its approved template, with what an officer reads about each."""
from __future__ import annotations

from dataclasses import dataclass, field

# kind -> (zh-TW, en). Each says what to do, as a rule message does.
MESSAGES: dict[str, tuple[str, str]] = {
    "template-not-approved": ("此範本尚未核准，變體須逐一人工審查。", "The template is not approved yet, so each variant needs a person."),
    "context-differs": ("變體的法域、商品或通路與核准的範本不同。",
                        "The variant's jurisdiction, product or channel differs from the approved template's."),
    "slot-missing": ("缺少範本欄位的值。", "A template slot has no value."),
    "slot-unknown": ("提供了範本沒有的欄位。", "A value was given for a slot the template does not have."),
    "text-edited": ("變體在欄位以外的文字與核准範本不同。", "The variant's text differs from the approved template outside its slots."),
    "disclosure-missing": ("必要揭露文字遭刪除或修改。", "A required disclosure was removed or altered."),
    "slot-not-allowed": ("欄位值不在核准的選項內。", "The slot value is not one of the approved values."),
    "slot-not-numeric": ("欄位應為數字。", "The slot value must be a number."),
    "slot-out-of-range": ("欄位數值超出核准範圍。", "The slot value is outside the approved range."),
    "slot-pattern": ("欄位值不符核准的格式。", "The slot value does not match the approved pattern."),
    "slot-too-long": ("欄位值超過核准長度。", "The slot value is longer than approved."),
    "pii-in-slot": ("此欄位不允許個人資料。", "This slot may not carry personal data."),
    "pii-outside-slots": ("欄位以外出現個人資料。", "Personal data appears outside the template's slots."),
    "sms-disclosure-truncated": ("簡訊分段後，揭露文字超出可傳送的則數而遭截斷。",
                                 "After SMS segmentation the disclosure falls past the segments that are sent."),
    "social-disclosure-hidden": ("社群平台截斷處之後才出現揭露文字，讀者看不到。",
                                 "The disclosure sits after the platform's truncation point, so readers do not see it."),
}


@dataclass(frozen=True)
class Deviation:
    kind: str
    # [start, end) in the variant's text; start == end when the deviation has no place (a missing slot).
    start: int
    end: int
    slot: str | None = None
    # Facts for the officer (limits, counts); never a slot value, which may be personal data.
    detail: dict[str, object] = field(default_factory=dict)

    def message(self) -> dict[str, str]:
        zh, en = MESSAGES[self.kind]
        return {"zh-TW": zh, "en": en}


def deviation_message(kind: str, language: str) -> str:
    zh, en = MESSAGES.get(kind, (kind, kind))
    return zh if language == "zh-TW" else en
