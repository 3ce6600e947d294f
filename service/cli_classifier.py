"""`finreview classifier ...`: training, evaluating and inspecting the risk model, and feeding it
officers' decisions."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli import fail

classifier_app = typer.Typer(help="The risk classifier.", no_args_is_help=True)

CORPUS = Path("classifiers/data/corpus.jsonl")
SPLITS = ("train", "dev", "test", "all")

@classifier_app.command("train")
def classifier_train(
    data: Annotated[Path, typer.Option(help="Labelled JSONL.")] = CORPUS,
    out: Annotated[Path, typer.Option(help="Artifact directory to write.")] = Path("classifiers/models/finreview-risk"),
    base: Annotated[Optional[Path], typer.Option(help="A local Hugging Face checkpoint to fine-tune.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    epochs: Annotated[Optional[int], typer.Option(help="Training epochs.")] = None,
    lr: Annotated[Optional[float], typer.Option(help="Learning rate.")] = None,
    target_recall: Annotated[Optional[float], typer.Option(help="Choose per-label thresholds on dev for this recall.")] = None,
    include_decisions: Annotated[Optional[Path], typer.Option(
        help="JSONL from `finreview classifier export-decisions`, added to the training split.")] = None,
    version: Annotated[Optional[str], typer.Option(help="Model version to record.")] = None,
) -> None:
    """Train the classifier reproducibly and write the artifact with metadata and model card."""
    from classifiers.train import TrainConfig, train

    if not data.is_file():
        fail(f"cannot read {data}")
    if include_decisions and not include_decisions.is_file():
        fail(f"cannot read {include_decisions}")
    extra = {k: v for k, v in {"epochs": epochs, "learning_rate": lr, "target_recall": target_recall,
                               "include_decisions": include_decisions, "version": version}.items() if v}
    path = train(TrainConfig(data=data, out=out, base=base, seed=seed, **extra))
    typer.echo(f"model written to {path}")


@classifier_app.command("evaluate")
def classifier_evaluate(
    model: Annotated[Optional[Path], typer.Option(help="Artifact directory (default: the configured model).")] = None,
    data: Annotated[Path, typer.Option(help="Labelled JSONL.")] = CORPUS,
    split: Annotated[str, typer.Option(help="train, dev, test or all.")] = "test",
    target_recall: Annotated[float, typer.Option(help="Recall the suggested thresholds must reach.")] = 0.9,
    plot: Annotated[Path, typer.Option(help="Reliability diagram (PNG) to write.")] = Path("reliability.png"),
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the full result as JSON here.")] = None,
) -> None:
    """Per-label precision/recall/F1, calibration (ECE + reliability PNG) and thresholds for a target recall."""
    from classifiers.dataset import gold_labels, load_items, split3
    from classifiers.evaluate import report
    from classifiers.labels import LABELS
    from classifiers.model import RiskModel
    from classifiers.plot import reliability_png

    if split not in SPLITS:
        fail(f"--split must be one of {', '.join(SPLITS)}")
    if not data.is_file():
        fail(f"cannot read {data}")
    loaded = RiskModel.load(model)
    items = load_items(data)
    if split != "all":
        items = dict(zip(("train", "dev", "test"), split3(items)))[split]
    if not items:
        fail(f"no items in the {split} split of {data}")
    rows = loaded.label_scores([item["text"] for item in items])
    result = report(rows, [gold_labels(item) for item in items], loaded.thresholds, target_recall)
    reliability_png(result["calibration"]["labels"]["bins"], plot)
    typer.echo(f"{loaded.id}@{loaded.version} on {data} [{split}], n = {result['n']}")
    typer.echo(f"{'label':28} {'thr':>6} {'P':>6} {'R':>6} {'F1':>6} {'supp':>5} {'thr@R':>6}")
    for label in LABELS:
        m = result["per_label"][label]
        typer.echo(f"{label:28} {loaded.thresholds[label]:>6.3f} {m['precision']:>6.3f} {m['recall']:>6.3f} "
                   f"{m['f1']:>6.3f} {m['support']:>5} {result['thresholds_for_target_recall'][label]:>6.3f}")
    for name in ("micro", "macro", "any_violation"):
        m = result[name]
        typer.echo(f"{name:28} {'':>6} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}")
    cal = result["calibration"]
    typer.echo(f"ECE (labels) {cal['labels']['ece']:.4f}; ECE (risk score) {cal['any_violation']['ece']:.4f}; "
               f"reliability plot: {plot}")
    typer.echo(f"risk-score threshold for recall {target_recall}: {result['risk_threshold_for_target_recall']}")
    if json_out:
        json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


@classifier_app.command("export-decisions")
def classifier_export_decisions(
    out: Annotated[Path, typer.Option(help="Labelled JSONL to write (input of `train --include-decisions`).")],
) -> None:
    """Turn officers' decisions (outcome + reason code) into labelled training items."""
    import psycopg

    from classifiers.decisions import sort_decisions
    from service.processes import prepare_database
    from workers.store.decided_copies import decided_copies

    settings, _ = prepare_database()
    with psycopg.connect(settings.database_url) as conn:
        rows = decided_copies(conn)  # decrypted; erased copy is left out
    items, skipped = sort_decisions(rows)
    out.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    typer.echo(f"{len(items)} labelled item(s) from {len(rows)} decision(s) written to {out}")
    for reason, count in sorted(skipped.items()):
        typer.echo(f"skipped {count} decided version(s): {reason}", err=True)


@classifier_app.command("card")
def classifier_card(
    model: Annotated[Optional[Path], typer.Option(help="Artifact directory (default: the configured model).")] = None,
) -> None:
    """Print the model card of the configured (or given) model."""
    from classifiers.model import RiskModel

    loaded = RiskModel.load(model)
    typer.echo((Path(loaded.path) / "MODEL_CARD.md").read_text(encoding="utf-8"))
