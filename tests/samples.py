"""Sample copy written by the team for tests (never taken from the evaluation set)."""

# Promises profit, has no mandated slogan and mentions revolving interest without the rate.
VIOLATING_CARD_AD = "【極光卡】保證獲利！刷卡分期零負擔，循環利息超低，立即申辦。"

# Carries the slogan and the revolving-rate disclosure; no guarantee wording.
COMPLIANT_CARD_AD = (
    "極光卡新戶核卡後30天內消費滿新臺幣3,000元，可享加油金200元，每戶限領一次，活動期間至2027年3月31日。"
    "循環信用利率：年利率6.75%~15%，依本行信用評分而定；預借現金手續費為預借金額×3%+新臺幣150元。"
    "謹慎理財 信用至上"
)
