"""Distillation: a smaller student trained to reproduce a trained model's scores (issue 20).

The student starts as a copy of the teacher with some of its encoder layers kept (every other
one, as DistilBERT does), so it begins with the teacher's vocabulary, embeddings and head. Each
step it reads the same texts as the teacher, sentence order shuffled as in `fit.py`, and learns
the teacher's logits (mean squared error) plus, with a smaller weight, the gold labels. Matching
logits rather than thresholded labels keeps the student's scores close on the copy the teacher is
unsure about, which is where a verdict can change.

Any text helps the student, labelled or not, since the teacher supplies the targets: the
hand-written documents (classifiers/data/documents.py) join the corpus's train split here, so the
student sees whole formal disclosures and product pages that no template assembled.

Kept whole (every layer), the same loop is an anchored retrain: the shipped model learns the
documents' gold labels (``document_weight``; the teacher is not asked about them, since its
false alarms on formal disclosures are what they correct) while its own logits hold it in place on
the template corpus, so what it already catches there is not traded away for the new register.
"""

from __future__ import annotations

import copy

import torch

from classifiers.dataset import label_vector
from classifiers.fit import run_epochs

# Default weight of the gold labels beside the teacher's logits (TrainConfig.hard_weight).
HARD_LABEL_WEIGHT = 0.3


def hard_weight_of(config) -> float:
    """The gold labels' weight a run uses (``config.hard_weight``, else the default)."""
    return HARD_LABEL_WEIGHT if getattr(config, "hard_weight", None) is None else config.hard_weight


def student_from(teacher: torch.nn.Module, keep: tuple[int, ...]) -> torch.nn.Module:
    """A copy of ``teacher`` (a BertForSequenceClassification) with only the encoder layers ``keep``."""
    layers = teacher.bert.encoder.layer
    if not keep or any(i < 0 or i >= len(layers) for i in keep) or list(keep) != sorted(set(keep)):
        raise ValueError(f"keep must be increasing layer numbers below {len(layers)}, got {keep}")
    student = copy.deepcopy(teacher)
    student.bert.encoder.layer = torch.nn.ModuleList(copy.deepcopy(layers[i]) for i in keep)
    student.config.num_hidden_layers = len(keep)
    return student


def prune_ffn(model: torch.nn.Module, keep: int, tokenizer, texts: list[str], max_length: int) -> None:
    """Keeps, in each encoder layer of ``model`` (a BertForSequenceClassification), only the ``keep``
    feed-forward units that matter most on ``texts``: mean |activation| times the norm of the unit's
    output weights. The feed-forward block is two thirds of a layer's arithmetic, and a unit that
    is rarely active or writes little back costs as much as one that decides the score."""
    layers = model.bert.encoder.layer
    width = layers[0].intermediate.dense.out_features
    if not 0 < keep <= width:
        raise ValueError(f"keep must be between 1 and {width} feed-forward units, got {keep}")
    activity = [torch.zeros(width) for _ in layers]
    hooks = [layer.intermediate.register_forward_hook(
        lambda _m, _i, out, i=i: activity[i].add_(out.detach().abs().sum(dim=(0, 1)))) for i, layer in enumerate(layers)]
    model.eval()
    try:
        with torch.no_grad():
            for start in range(0, len(texts), 32):
                batch = tokenizer(texts[start:start + 32], truncation=True, max_length=max_length, padding=True,
                                  return_tensors="pt")
                model(**batch)
    finally:
        for hook in hooks:
            hook.remove()
    for layer, seen in zip(layers, activity):
        inner, outer = layer.intermediate.dense, layer.output.dense
        units = torch.argsort(seen * outer.weight.norm(dim=0), descending=True)[:keep].sort().values
        narrow_in = torch.nn.Linear(inner.in_features, keep)
        narrow_in.weight.data, narrow_in.bias.data = inner.weight.data[units].clone(), inner.bias.data[units].clone()
        narrow_out = torch.nn.Linear(keep, outer.out_features)
        narrow_out.weight.data, narrow_out.bias.data = outer.weight.data[:, units].clone(), outer.bias.data.clone()
        layer.intermediate.dense, layer.output.dense = narrow_in, narrow_out
    model.config.intermediate_size = keep


def parse_layers(value: str) -> tuple[int, ...]:
    """``"1,3"`` -> (1, 3)."""
    try:
        return tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"layers must be comma-separated numbers, got {value!r}") from exc


def unlabelled_items(n: int, seed: int) -> list[dict]:
    """``n`` generated texts (pretrain.unlabelled_text) as items without labels: the teacher's
    logits are their only target, so the student learns the teacher on text no template made."""
    if n <= 0:
        return []
    from classifiers.pretrain import unlabelled_text

    return [{"id": f"unlabelled-{i}", "text": text, "labels": None} for i, text in enumerate(unlabelled_text(n, seed))]


def is_document(item: dict) -> bool:
    """An item taught like the hand-written documents (classifiers/data/documents.py), not a corpus
    item: a document, or a fee-completeness item (build_corpus.fee_items)."""
    return item["id"].startswith(("doc-", "fees-"))


def fit_distilled(config, student, teacher, tokenizer, items: list[dict]) -> float:
    """Train ``student`` in place towards ``teacher``'s logits on ``items`` (the gold labels too,
    weighted by ``config.hard_weight``, where an item has them); returns the last batch loss.
    With ``config.document_weight`` set, documents learn only their gold labels, at that weight."""
    device = next(student.parameters()).device
    teacher.to(device).eval()
    document_weight = getattr(config, "document_weight", None)
    gold_only = torch.tensor([document_weight is not None and is_document(item) for item in items]).to(device)
    labelled = torch.tensor([item["labels"] is not None for item in items]).to(device)
    gold = torch.tensor([label_vector(item) if item["labels"] is not None else [0.0] * len(teacher.config.id2label)
                         for item in items], dtype=torch.float32).to(device)
    mse, bce = torch.nn.MSELoss(), torch.nn.BCEWithLogitsLoss()
    hard_weight = hard_weight_of(config)

    def loss_of(rows, ids, mask):
        logits = student(input_ids=ids, attention_mask=mask).logits
        own = gold_only[rows]
        anchored = ~own
        loss = logits.sum() * 0.0
        if bool(anchored.any()):
            with torch.no_grad():
                target = teacher(input_ids=ids[anchored], attention_mask=mask[anchored]).logits
            # Each part weighs by its share of the batch, so a batch's loss does not depend on its mix.
            share = float(anchored.sum()) / len(rows)
            loss = loss + share * mse(logits[anchored], target)
            known = labelled[rows] & anchored
            if hard_weight and bool(known.any()):
                loss = loss + share * hard_weight * bce(logits[known], gold[rows][known])
        if bool(own.any()):
            loss = loss + float(own.sum()) / len(rows) * document_weight * bce(logits[own], gold[rows][own])
        return loss

    return run_epochs(config, student, tokenizer, items, loss_of)


def matched_thresholds(teacher_rows: list[list[float]], student_rows: list[list[float]],
                       teacher_thresholds: dict[str, float], labels: tuple[str, ...],
                       floor: float = 0.05, ceiling: float = 0.5) -> dict[str, float]:
    """Per label, the student threshold whose decisions agree most often with the teacher's on the
    same texts (ties broken towards catching what the teacher catches). The student's own dev
    recall would pick thresholds for the synthetic dev split; the teacher's decisions are what the
    student replaces. Kept within [floor, ceiling] as the teacher's own thresholds are."""
    import numpy as np

    teacher, student = np.asarray(teacher_rows), np.asarray(student_rows)
    out = {}
    for i, label in enumerate(labels):
        caught = teacher[:, i] >= teacher_thresholds[label]
        best: tuple[float, float] | None = None
        for threshold in np.unique(np.round(student[:, i], 4)):
            if not floor <= threshold <= ceiling:
                continue
            decided = student[:, i] >= threshold
            score = float((decided == caught).sum()) + 0.5 * float((decided & caught).sum()) / max(1, int(caught.sum()))
            if best is None or score > best[0]:
                best = (score, float(threshold))
        out[label] = best[1] if best else teacher_thresholds[label]
    return out
