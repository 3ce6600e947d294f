"""Train the risk classifier and write a versioned artifact directory.

    python -m classifiers.train --data classifiers/data/seed.jsonl \
        --out classifiers/models/finreview-risk [--base PATH] [--seed N] [--epochs N]

Without --base, a small BERT is trained from scratch on a character vocabulary built
from the training split (no pretrained checkpoint with enough CJK coverage ships on
PyPI; see ARCHITECTURE "Known pitfalls"). With --base, any local Hugging Face
directory is fine-tuned with our label map (its head is replaced).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no hub here; fail fast instead of retrying
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic algorithms on CUDA

import torch  # noqa: E402
import transformers  # noqa: E402

from classifiers.artifact import CARD_FILE, METADATA_FILE  # noqa: E402
from classifiers.card import render_model_card  # noqa: E402
from classifiers.dataset import load_items, split3  # noqa: E402
from classifiers.fit import fit  # noqa: E402
from classifiers.labels import ID2LABEL, LABEL2ID, LABELS  # noqa: E402
from classifiers.metadata import build_metadata, write_json  # noqa: E402
from classifiers.vocab import build_vocab, write_vocab  # noqa: E402


@dataclass(frozen=True)
class TrainConfig:
    data: Path
    out: Path
    base: Path | None = None
    seed: int = 13
    # Defaults measured on the seed set within a 5-minute, 2-core budget (see fit.py):
    # hidden 128 reached the same dev F1 as 64 at twice the cost; dropout slowed convergence.
    epochs: int = 50
    batch_size: int = 8
    learning_rate: float | None = None  # None: 1e-3 from scratch, 5e-5 for a pretrained base
    max_length: int = 128
    hidden_size: int = 64
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 256
    dropout: float = 0.0
    shuffle: float = 0.8  # probability of shuffling an item's sentence order each epoch
    unk: float = 0.0  # probability of replacing each token by [UNK] each epoch (robustness to unseen characters)
    threads: int = 2  # the build machine has 2 shared cores
    limit: int | None = None  # keep every k-th item up to this many (smoke tests)
    model_id: str = "finreview-risk"
    version: str = "0.1.0"
    include_decisions: Path | None = None  # JSONL from `finreview classifier export-decisions`, added to train
    target_recall: float | None = None  # None: every threshold 0.5; else per-label thresholds from dev
    device: str = "cpu"  # "cuda" for quick comparisons; the committed artifact is trained on CPU
    comparison: Path | None = None  # comparison.json from classifiers.compare_bases, recorded in metadata and card
    # Distillation (classifiers/distill.py): the trained artifact to imitate, the teacher's encoder
    # layers the student keeps ("1,3"), and whether the hand-written documents join the train split.
    teacher: Path | None = None
    keep_layers: str | None = None
    keep_ffn: int | None = None  # feed-forward units the student keeps per layer (distill.prune_ffn)
    documents: bool = False
    hard_weight: float | None = None  # None: distill.HARD_LABEL_WEIGHT
    document_weight: float | None = None  # set: documents learn their gold labels only, at this weight (anchored retrain)
    unlabelled: int = 0  # generated texts (pretrain.unlabelled_text) the student learns on, teacher targets only
    fee_lines: int = 0  # fee-completeness items per language (build_corpus.fee_items), train only, taught like the documents

    @property
    def lr(self) -> float:
        return self.learning_rate or (5e-5 if self.base or self.teacher else 1e-3)


def _seed_everything(seed: int, threads: int) -> None:
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads)
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def train(config: TrainConfig) -> Path:
    """Train, evaluate on the fixed dev split, and write the artifact to config.out."""
    # Thread count and determinism are process-wide; give the caller's settings back.
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    try:
        return _train(config)
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def _scratch(config: TrainConfig, texts: list[str], staging: Path):
    vocab_path = staging / "vocab.txt"
    write_vocab(build_vocab(texts), vocab_path)
    tokenizer = transformers.BertTokenizer(vocab=str(vocab_path), do_lower_case=True, tokenize_chinese_chars=True,
                                           strip_accents=None, model_max_length=config.max_length)
    bert = transformers.BertConfig(
        vocab_size=len(tokenizer), hidden_size=config.hidden_size, num_hidden_layers=config.num_layers,
        num_attention_heads=config.num_heads, intermediate_size=config.intermediate_size,
        hidden_dropout_prob=config.dropout, attention_probs_dropout_prob=config.dropout,
        max_position_embeddings=config.max_length, num_labels=len(LABELS), id2label=ID2LABEL,
        label2id=LABEL2ID, problem_type="multi_label_classification")
    return tokenizer, transformers.BertForSequenceClassification(bert)


def _from_base(config: TrainConfig, staging: Path):
    base = str(config.base)
    tokenizer = transformers.AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID,
        problem_type="multi_label_classification", ignore_mismatched_sizes=True, dtype=torch.float32)
    if (Path(base) / "vocab.txt").is_file():
        shutil.copyfile(Path(base) / "vocab.txt", staging / "vocab.txt")
    return tokenizer, model


def _train(config: TrainConfig) -> Path:
    _seed_everything(config.seed, config.threads)
    items = load_items(config.data)
    if config.limit:
        items = items[:: max(1, len(items) // config.limit)][: config.limit]
    train_items, dev_items, test_items = split3(items)
    if config.documents:
        # Whole documents only ever train (in every split they would change what dev/test measure).
        from classifiers.data.documents import documents

        train_items = train_items + documents()
    if config.fee_lines:
        # Like the documents: train only, and under a teacher taught by their gold labels alone.
        from classifiers.data.build_corpus import fee_items

        train_items = train_items + fee_items(config.fee_lines)
    if config.include_decisions:
        # Officers' decisions only ever train: they are real copy, and dev/test must stay comparable.
        decisions = load_items(config.include_decisions)
        train_items = train_items + decisions
    out = Path(config.out)
    # Build beside the target and swap at the end: a reader never sees half an artifact.
    staging = out.with_name(f".{out.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    teacher = None
    if config.teacher:
        if config.base or not config.keep_layers:
            raise ValueError("distillation takes --teacher and --keep-layers, and no --base")
        from classifiers.distill import parse_layers, student_from

        tokenizer, teacher = _from_base(replace(config, base=config.teacher), staging)
        model = student_from(teacher, parse_layers(config.keep_layers))
        if config.keep_ffn:
            from classifiers.distill import prune_ffn

            prune_ffn(model, config.keep_ffn, tokenizer, [item["text"] for item in train_items], config.max_length)
    elif config.base:
        tokenizer, model = _from_base(config, staging)
    else:
        tokenizer, model = _scratch(config, [item["text"] for item in train_items], staging)
    model.to(config.device)
    started = time.perf_counter()
    if teacher is not None:
        from classifiers.distill import fit_distilled, unlabelled_items

        final_loss = fit_distilled(config, model, teacher, tokenizer,
                                   train_items + unlabelled_items(config.unlabelled, config.seed))
    else:
        final_loss = fit(config, model, tokenizer, train_items)
    seconds = time.perf_counter() - started
    model.to("cpu")
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    for path in staging.iterdir():
        path.chmod(0o644)  # save_pretrained writes weights 0600; the artifact is shared, read-only data
    thresholds = None
    if teacher is not None:
        from classifiers.distill import is_document

        # Documents (and fee lines) taught by their gold labels are where the student is meant to part
        # from the teacher, so only the corpus sets the thresholds then.
        extra = ([item for item in train_items if is_document(item)]
                 if config.documents and config.document_weight is None else [])
        thresholds = _thresholds_like_teacher(config, teacher, model, tokenizer, items + extra)
    meta = build_metadata(config, model, tokenizer, items, train_items, dev_items, final_loss,
                          rebuild_command(config), test_items=test_items, seconds=seconds, thresholds=thresholds)
    write_json(staging / METADATA_FILE, meta)
    if meta["metrics"]["dev"].get("n"):
        from classifiers.plot import reliability_png

        reliability_png(meta["metrics"]["dev"]["calibration"]["labels"]["bins"], staging / "reliability-dev.png")
    (staging / CARD_FILE).write_text(render_model_card(meta), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    print(f"trained {len(train_items)} items x {config.epochs} epochs in {seconds:.1f}s "
          f"({len(train_items) * config.epochs / seconds:.0f} items/s); dev micro-F1 "
          f"{meta['metrics']['dev']['micro']['f1']}, any-violation F1 {meta['metrics']['dev']['any_violation']['f1']}")
    return out


def _thresholds_like_teacher(config: TrainConfig, teacher, student, tokenizer, pool: list[dict]) -> dict[str, float]:
    """A distilled student's thresholds: matched to the teacher's decisions on every corpus text
    (and the documents it trained on), see distill.matched_thresholds."""
    from classifiers.distill import matched_thresholds
    from classifiers.scoring import probabilities

    texts = [item["text"] for item in pool]
    teacher_meta = json.loads((Path(config.teacher) / METADATA_FILE).read_text(encoding="utf-8"))
    return matched_thresholds(probabilities(teacher, tokenizer, texts, config.max_length),
                              probabilities(student, tokenizer, texts, config.max_length),
                              teacher_meta["thresholds"], LABELS)


# CLI flag -> TrainConfig field; rebuild_command() writes the same flags back out.
FLAGS = {"--base": "base", "--seed": "seed", "--epochs": "epochs", "--batch-size": "batch_size",
         "--lr": "learning_rate", "--max-length": "max_length", "--hidden": "hidden_size",
         "--layers": "num_layers", "--heads": "num_heads", "--intermediate": "intermediate_size",
         "--dropout": "dropout", "--shuffle": "shuffle", "--unk": "unk",
         "--threads": "threads", "--limit": "limit", "--model-id": "model_id", "--version": "version",
         "--include-decisions": "include_decisions", "--target-recall": "target_recall", "--device": "device",
         "--comparison": "comparison", "--teacher": "teacher", "--keep-layers": "keep_layers",
         "--documents": "documents", "--hard-weight": "hard_weight", "--document-weight": "document_weight",
         "--unlabelled": "unlabelled", "--keep-ffn": "keep_ffn", "--fee-lines": "fee_lines"}
ALWAYS = ("seed", "epochs")


def rebuild_command(config: TrainConfig) -> str:
    """The exact command for this run: data/out, seed, epochs and every non-default flag."""
    default = TrainConfig(data=config.data, out=config.out)
    parts = ["python -m classifiers.train", f"--data {config.data}", f"--out {config.out}"]
    for flag, field in FLAGS.items():
        value = getattr(config, field)
        if value is not None and (field in ALWAYS or value != getattr(default, field)):
            parts.append(f"{flag} {value}")
    return " ".join(parts)


def _flag(value: str) -> bool:
    if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"expected true or false, got {value!r}")
    return value.lower() in ("true", "1", "yes")


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Train the finreview risk classifier.")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    types = {"base": Path, "include_decisions": Path, "comparison": Path, "target_recall": float, "device": str, "learning_rate": float, "dropout": float, "shuffle": float, "unk": float, "model_id": str, "version": str,
             "teacher": Path, "keep_layers": str, "documents": _flag, "hard_weight": float,
             "document_weight": float}
    for flag, field in FLAGS.items():
        parser.add_argument(flag, dest=field, type=types.get(field, int), default=None)
    args = vars(parser.parse_args(argv))
    train(TrainConfig(**{k: v for k, v in args.items() if v is not None}))


if __name__ == "__main__":
    main()
