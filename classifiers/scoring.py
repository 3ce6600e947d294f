"""Texts in, per-label probabilities out: the one forward path for training and serving.

Sharing it means the dev metrics in metadata.json were computed exactly the way
RiskModel.predict computes scores in production. `model` is either a PyTorch module
(training, evaluation) or a runtime.Forward (serving; see runtime.py).

Each copy is scored alone (batch of one, no padding). Measured: scoring the seed
texts in padded batches of 32 changed low-order bits in 196 of 200 rows (max
4e-7, even with fixed-length padding), which flips 6th-decimal rounding now and
then. A report must not depend on which other copy shared its batch, so we pay
for byte-identical scores with throughput.
"""

from __future__ import annotations

import numpy as np
import tokenizers
import torch

DECIMALS = 6


def fixed_encoder(tokenizer, max_length: int) -> tokenizers.Tokenizer:
    """The fast tokenizer's Rust backend, copied, with truncation and padding set once.

    The transformers wrapper re-applies both settings to its shared backend on every call; serving
    copies from several threads at once needs an encoder nobody mutates. Its ids and masks equal the
    wrapper's (checked in tests/classifiers)."""
    encoder = tokenizers.Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
    encoder.enable_truncation(max_length)
    encoder.enable_padding(pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)
    return encoder


def tokenize(tokenizer, texts: list[str], max_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask, padded to the longest text; `tokenizer` is a transformers
    tokenizer or a `fixed_encoder` (which already holds max_length)."""
    if isinstance(tokenizer, tokenizers.Tokenizer):
        encoded = tokenizer.encode_batch(texts)
        return (np.array([e.ids for e in encoded], dtype=np.int64),
                np.array([e.attention_mask for e in encoded], dtype=np.int64))
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")
    return batch["input_ids"].astype(np.int64), batch["attention_mask"].astype(np.int64)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    # float64 keeps the 6th decimal stable whichever runtime produced the float32 logits.
    return 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))


def _forward(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    return rows_of(model, *tokenize(tokenizer, texts, max_length))


def rows_of(model, ids: np.ndarray, mask: np.ndarray) -> list[list[float]]:
    """Rounded probabilities for already-tokenised input (one row per sequence)."""
    if isinstance(model, torch.nn.Module):
        from classifiers.runtime import torch_forward
        model = torch_forward(model)
    return [[round(float(p), DECIMALS) for p in row] for row in sigmoid(model(ids, mask))]


def probabilities(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    """Sigmoid probabilities per text and label, each text scored on its own (model in eval mode)."""
    return [_forward(model, tokenizer, [text], max_length)[0] for text in texts]


def probabilities_together(model, tokenizer, texts: list[str], max_length: int) -> list[list[float]]:
    """One padded batch; only for sets that are always scored together (a text's own occlusions)."""
    return _forward(model, tokenizer, texts, max_length) if texts else []


def risk_score(probs: list[float]) -> float:
    """artifact.RISK_SCORE: the most likely violation decides how risky the copy is."""
    return max(probs) if probs else 0.0
