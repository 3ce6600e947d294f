"""The training loop, with the one augmentation that measurably helps on the seed set.

Sentence-order shuffling: labels in our copy do not depend on sentence order, and
the seed items are compositions of fragments, so shuffling teaches the model the
fragments rather than their positions. Measured on the seed dev split (hidden 64,
2 layers, 50 epochs): micro-F1 0.68 -> 0.76 with p=0.8; masking 10% of tokens and
dropout 0.1 both lowered it within the same CPU budget.
"""

from __future__ import annotations

import random
import re
import time

import torch
import transformers

from classifiers.dataset import label_vector

_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def shuffle_sentences(text: str, rng: random.Random) -> str:
    parts = [part for part in _SENTENCE_END.split(text) if part.strip()]
    rng.shuffle(parts)
    return ("" if _CJK.search(text) else " ").join(parts)


def fit(config, model, tokenizer, items: list[dict]) -> float:
    """Train in place (deterministic for a given seed and thread count); returns the last batch loss."""
    device = next(model.parameters()).device
    targets = torch.tensor([label_vector(item) for item in items]).to(device)
    return run_epochs(config, model, tokenizer, items,
                      lambda rows, ids, mask: model(input_ids=ids, attention_mask=mask, labels=targets[rows]).loss)


def run_epochs(config, model, tokenizer, items: list[dict], loss_of) -> float:
    """The loop every training run shares: AdamW with linear warm-up and decay, sentence-order
    shuffling (and [UNK] replacement when configured) each epoch, batches in a seeded order.
    ``loss_of(rows, input_ids, attention_mask)`` gives a batch's loss; returns the last one."""
    device = next(model.parameters()).device
    steps = config.epochs * -(-len(items) // config.batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    schedule = transformers.get_linear_schedule_with_warmup(optimizer, max(1, steps // 10), steps)
    order_rng = torch.Generator().manual_seed(config.seed)
    text_rng = random.Random(config.seed)
    model.train()
    loss = torch.tensor(0.0)
    started = time.perf_counter()
    for epoch in range(config.epochs):
        texts = [shuffle_sentences(item["text"], text_rng) if text_rng.random() < config.shuffle else item["text"]
                 for item in items]
        encoded = tokenizer(texts, truncation=True, max_length=config.max_length)["input_ids"]
        unk = getattr(config, "unk", 0.0)
        if unk:
            specials = set(tokenizer.all_special_ids)
            encoded = [[tokenizer.unk_token_id if t not in specials and text_rng.random() < unk else t for t in ids]
                       for ids in encoded]
        for batch_ids in torch.randperm(len(items), generator=order_rng).split(config.batch_size):
            rows = batch_ids.tolist()
            batch = tokenizer.pad({"input_ids": [encoded[i] for i in rows]}, return_tensors="pt")
            loss = loss_of(rows, batch["input_ids"].to(device), batch["attention_mask"].to(device))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        print(f"epoch {epoch + 1}/{config.epochs}: last batch loss {float(loss.detach()):.4f}, "
              f"{time.perf_counter() - started:.0f}s", flush=True)
    model.eval()
    return float(loss.detach())
