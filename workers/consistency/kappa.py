"""Cohen's kappa between two raters over the items both rated. Pure."""
from __future__ import annotations

from collections import Counter


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Agreement beyond chance for (rater A's label, rater B's label) pairs.

    None when it is undefined: no pairs, or both raters always gave one and the same label
    (chance agreement is then 1, and kappa is 0/0)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)
