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


def calibration(predictions: Sequence[Mapping[str, float]], gold: Sequence[Iterable[str]],
                labels: Sequence[str], bins: int = 10) -> dict:
    """Expected calibration error over every (item, label) probability, with the reliability table.

    Bin b holds probabilities in [b/bins, (b+1)/bins) (the last bin includes 1.0). ECE is the
    count-weighted mean |accuracy - confidence| over non-empty bins, where accuracy is the share
    of the bin's (item, label) pairs whose label is true. `any_violation` does the same for the
    risk score (the max over labels) against "has any label".
    """
    def table(pairs: list[tuple[float, bool]]) -> dict:
        rows = [{"lower": b / bins, "upper": (b + 1) / bins, "count": 0, "confidence": 0.0, "accuracy": 0.0}
                for b in range(bins)]
        for p, truth in pairs:
            row = rows[min(int(p * bins), bins - 1)]
            row["count"] += 1
            row["confidence"] += p
            row["accuracy"] += truth
        total = sum(row["count"] for row in rows)
        ece = 0.0
        for row in rows:
            if row["count"]:
                row["confidence"] /= row["count"]
                row["accuracy"] /= row["count"]
                ece += row["count"] / total * abs(row["accuracy"] - row["confidence"])
        return {"ece": ece, "n": total, "bins": rows}

    truths = [set(g) for g in gold]
    per_pair = [(probs[label], label in truth) for probs, truth in zip(predictions, truths) for label in labels]
    risk = [(max((probs[label] for label in labels), default=0.0), bool(truth & set(labels)))
            for probs, truth in zip(predictions, truths)]
    return {"labels": table(per_pair), "any_violation": table(risk)}


def thresholds_for_recall(predictions: Sequence[Mapping[str, float]], gold: Sequence[Iterable[str]],
                          labels: Sequence[str], target_recall: float, *, floor: float = 0.05,
                          ceiling: float = 0.95) -> dict[str, float]:
    """Per label, the highest threshold whose recall on these items is >= target_recall.

    Taking the highest such cut-off keeps precision as high as the recall target allows. A label
    with no positives keeps `ceiling`; the result is clipped to [floor, ceiling] and rounded down
    to 3 decimals so that the recall target still holds after rounding.
    """
    out = {}
    for label in labels:
        scores = sorted((probs[label] for probs, truth in zip(predictions, gold) if label in set(truth)),
                        reverse=True)
        if not scores:
            out[label] = ceiling
            continue
        needed = max(1, -(-int(round(target_recall * len(scores) * 1e6)) // 1_000_000))  # ceil, float-safe
        cut = scores[min(needed, len(scores)) - 1]
        cut = int(cut * 1000) / 1000  # round down: scores >= cut stay above it
        out[label] = min(ceiling, max(floor, cut))
    return out


def risk_threshold_for_recall(predictions: Sequence[Mapping[str, float]], gold: Sequence[Iterable[str]],
                              labels: Sequence[str], target_recall: float) -> float:
    """The highest cut-off on the risk score (max over labels) that flags >= target_recall of violating items."""
    scores = sorted((max(probs[label] for label in labels) for probs, truth in zip(predictions, gold)
                     if set(truth) & set(labels)), reverse=True)
    if not scores:
        return 0.5
    needed = max(1, -(-int(round(target_recall * len(scores) * 1e6)) // 1_000_000))
    return int(scores[min(needed, len(scores)) - 1] * 1000) / 1000


def report(predictions: Sequence[Mapping[str, float]], gold: Sequence[Iterable[str]],
           thresholds: Mapping[str, float], target_recall: float | None = None) -> dict:
    """evaluate() + calibration + (optionally) the thresholds that reach target_recall: the one
    pure function behind `finreview classifier evaluate`, the training metadata and the model card."""
    labels = list(thresholds)
    out = evaluate(predictions, gold, thresholds)
    out["calibration"] = calibration(predictions, gold, labels)
    if target_recall is not None:
        out["target_recall"] = target_recall
        out["thresholds_for_target_recall"] = thresholds_for_recall(predictions, gold, labels, target_recall)
        out["risk_threshold_for_target_recall"] = risk_threshold_for_recall(predictions, gold, labels, target_recall)
    return out
