"""The label set every artifact must carry, in output-column order."""

LABELS: tuple[str, ...] = (
    "guarantee_or_promissory",
    "misleading_performance",
    "missing_risk_warning",
    "unbalanced_or_exaggerated",
    "pressure_tactics",
    "unsubstantiated_comparison",
)
# `none` marks compliant copy in the data; it is the absence of every label,
# not a model output, so the risk score needs no special case for it.
NONE = "none"

ID2LABEL: dict[int, str] = dict(enumerate(LABELS))
LABEL2ID: dict[str, int] = {name: i for i, name in ID2LABEL.items()}
