"""Texts in, per-label probabilities out: the one forward path for training and serving.

Sharing it means the dev metrics in metadata.json were computed exactly the way
RiskModel.predict computes scores in production.

Each copy is scored alone (batch of one, no padding). Measured: scoring the seed
texts in padded batches of 32 changed low-order bits in 196 of 200 rows (max
4e-7, even with fixed-length padding), which flips 6th-decimal rounding now and
then. A report must not depend on which other copy shared its batch, so we pay
~2-5x throughput for byte-identical scores.
"""

from __future__ import annotations

import torch

DECIMALS = 6


def _forward(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    with torch.inference_mode():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    return [[round(p, DECIMALS) for p in row] for row in torch.sigmoid(logits.float()).tolist()]


def probabilities(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    """Sigmoid probabilities per text and label, each text scored on its own (model in eval mode)."""
    return [_forward(model, tokenizer, [text], max_length)[0] for text in texts]


def probabilities_together(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    """One padded batch; only for sets that are always scored together (a text's own occlusions)."""
    return _forward(model, tokenizer, texts, max_length) if texts else []


def risk_score(probs: list[float]) -> float:
    """artifact.RISK_SCORE: the most likely violation decides how risky the copy is."""
    return max(probs) if probs else 0.0
