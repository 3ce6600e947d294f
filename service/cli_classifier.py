"""`finreview classifier ...`: training and inspecting the risk model."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli import fail

classifier_app = typer.Typer(help="The risk classifier.", no_args_is_help=True)


@classifier_app.command("train")
def classifier_train(
    data: Annotated[Path, typer.Option(help="Labelled JSONL.")] = Path("classifiers/data/seed.jsonl"),
    out: Annotated[Path, typer.Option(help="Artifact directory to write.")] = Path("classifiers/models/finreview-risk"),
    base: Annotated[Optional[Path], typer.Option(help="A local Hugging Face checkpoint to fine-tune.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    epochs: Annotated[Optional[int], typer.Option(help="Training epochs.")] = None,
) -> None:
    """Train the classifier reproducibly and write the artifact with metadata and model card."""
    from classifiers.train import TrainConfig, train

    if not data.is_file():
        fail(f"cannot read {data}")
    extra = {"epochs": epochs} if epochs else {}
    path = train(TrainConfig(data=data, out=out, base=base, seed=seed, **extra))
    typer.echo(f"model written to {path}")


@classifier_app.command("card")
def classifier_card(
    model: Annotated[Optional[Path], typer.Option(help="Artifact directory (default: the configured model).")] = None,
) -> None:
    """Print the model card of the configured (or given) model."""
    from classifiers.model import RiskModel

    loaded = RiskModel.load(model)
    typer.echo((Path(loaded.path) / "MODEL_CARD.md").read_text(encoding="utf-8"))
