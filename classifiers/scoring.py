"""Texts in, per-label probabilities out: the one forward path for training and serving.

Sharing it means the dev metrics in metadata.json were computed exactly the way
RiskModel.predict computes scores in production.
"""

from __future__ import annotations

import torch

BATCH_SIZE = 32
DECIMALS = 6


def probabilities(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    """Sigmoid probabilities per text and label, rounded so repeated calls compare equal."""
    rows: list[list[float]] = []
    with torch.inference_mode():
        for start in range(0, len(texts), BATCH_SIZE):
            batch = tokenizer(texts[start:start + BATCH_SIZE], padding=True, truncation=True,
                              max_length=max_length, return_tensors="pt")
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            probs = torch.sigmoid(logits.float()).tolist()
            rows.extend([round(p, DECIMALS) for p in row] for row in probs)
    return rows


def risk_score(probs: list[float]) -> float:
    """artifact.RISK_SCORE: the most likely violation decides how risky the copy is."""
    return max(probs) if probs else 0.0
