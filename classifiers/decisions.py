"""Officers' decisions -> labelled training items (pure; the SQL lives in service/cli_classifier.py).

An officer's outcome and reason code say what was wrong with a copy, which is exactly a label:
- `approve` -> ["none"] (an officer cleared it as compliant);
- `reject` / `request_changes` -> the labels its reason code maps to. A reason code with no
  mapping (e.g. a missing APR, which the rule packs cover, or a free-text code) gives no item:
  a violation of unknown kind would teach the model nothing true.
Reason codes are normalised (lower case, '_' and ' ' -> '-') before lookup.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from classifiers.dataset import LANGUAGES
from classifiers.labels import LABELS, NONE

REASON_LABELS: dict[str, tuple[str, ...]] = {
    "guarantee-wording": ("guarantee_or_promissory",),
    "guarantee": ("guarantee_or_promissory",),
    "promissory": ("guarantee_or_promissory",),
    "no-risk-claim": ("guarantee_or_promissory",),
    "misleading-performance": ("misleading_performance",),
    "past-performance": ("misleading_performance",),
    "projection": ("misleading_performance",),
    "missing-risk-warning": ("missing_risk_warning",),
    "risk-warning": ("missing_risk_warning",),
    "unbalanced": ("unbalanced_or_exaggerated",),
    "exaggerated": ("unbalanced_or_exaggerated",),
    "unbalanced-or-exaggerated": ("unbalanced_or_exaggerated",),
    "pressure-tactics": ("pressure_tactics",),
    "urgency": ("pressure_tactics",),
    "unsubstantiated-comparison": ("unsubstantiated_comparison",),
    "comparison": ("unsubstantiated_comparison",),
    "superlative": ("unsubstantiated_comparison",),
}
# Every label name is also accepted as its own reason code.
REASON_LABELS.update({label.replace("_", "-"): (label,) for label in LABELS})
APPROVE, REJECTING = "approve", frozenset({"reject", "request_changes"})


def normalise_code(code: str) -> str:
    return "-".join(code.strip().lower().replace("_", "-").split())


def labels_for(outcome: str, reason_code: str, mapping: Mapping[str, Iterable[str]] | None = None) -> list[str] | None:
    """The training labels a decision implies, or None when it implies nothing usable."""
    if outcome == APPROVE:
        return [NONE]
    if outcome not in REJECTING:
        return None
    found = set((mapping or REASON_LABELS).get(normalise_code(reason_code), ()))
    return [label for label in LABELS if label in found] or None


def decision_items(rows: Iterable[Mapping], mapping: Mapping[str, Iterable[str]] | None = None) -> list[dict]:
    """Rows with version_id, text, language, product, channel, outcome, reason_code -> corpus items.

    Rows should be in decision order; for a version decided twice the last decision wins. The id
    is derived from the version id so the split and a rerun are stable.
    """
    return sort_decisions(rows, mapping)[0]


def sort_decisions(rows: Iterable[Mapping], mapping: Mapping[str, Iterable[str]] | None = None
                   ) -> tuple[list[dict], Counter[str]]:
    """``decision_items`` plus how many versions gave no item, by reason, so an export can say
    what it left out."""
    latest: dict = {}
    for row in rows:
        latest[row["version_id"]] = row
    items: list[dict] = []
    skipped: Counter[str] = Counter()
    for version_id, row in latest.items():
        labels = labels_for(row["outcome"], row["reason_code"], mapping)
        if labels is None:
            skipped["reason code maps to no label" if row["outcome"] in REJECTING else f"outcome {row['outcome']}"] += 1
            continue
        if row["language"] not in LANGUAGES:
            skipped[f"language {row['language'] or 'unknown'} is not {' or '.join(sorted(LANGUAGES))}"] += 1
            continue
        digest = hashlib.sha256(str(version_id).encode()).hexdigest()[:12]
        items.append({"id": f"decision-{version_id}-{digest}", "text": row["text"], "language": row["language"],
                      "product": row["product"], "channel": row["channel"], "labels": labels})
    return items, skipped
