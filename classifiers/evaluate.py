"""Multi-label metrics: one pure function shared by training, the model card and tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    # Empty denominators score 0.0 (sklearn's zero_division=0): a label never
    # predicted has no precision to claim, and we prefer under- to over-stating.
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
    }


def evaluate(
    predictions: Sequence[Mapping[str, float]],
    gold: Sequence[Iterable[str]],
    thresholds: Mapping[str, float],
) -> dict:
    """Score per-label probabilities against gold label sets.

    predictions[i] maps label -> probability; gold[i] holds the true labels of item i
    ("none" or an empty set for compliant copy). A label is predicted when its
    probability >= its threshold. The labels scored are the keys of `thresholds`.
    Returns per-label P/R/F1 with counts, micro and macro averages, and
    `any_violation`: the binary "flag it at all" task that routing depends on.
    """
    if len(predictions) != len(gold):
        raise ValueError(f"{len(predictions)} predictions for {len(gold)} gold items")
    labels = list(thresholds)
    counts = {label: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for label in labels}
    any_counts = {"tp": 0, "fp": 0, "fn": 0}
    for probs, truth in zip(predictions, gold):
        truth = set(truth)
        predicted = {label for label in labels if probs[label] >= thresholds[label]}
        for label in labels:
            hit, real = label in predicted, label in truth
            counts[label]["tp"] += hit and real
            counts[label]["fp"] += hit and not real
            counts[label]["fn"] += real and not hit
            counts[label]["support"] += real
        real_any = bool(truth & set(labels))
        any_counts["tp"] += bool(predicted) and real_any
        any_counts["fp"] += bool(predicted) and not real_any
        any_counts["fn"] += real_any and not predicted
    per_label = {label: {**_prf(c["tp"], c["fp"], c["fn"]), **c} for label, c in counts.items()}
    micro = _prf(*(sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")))
    macro = {m: sum(per_label[label][m] for label in labels) / len(labels) if labels else 0.0
             for m in ("precision", "recall", "f1")}
    return {"n": len(gold), "per_label": per_label, "micro": micro, "macro": macro,
            "any_violation": _prf(any_counts["tp"], any_counts["fp"], any_counts["fn"])}
