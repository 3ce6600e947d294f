"""`finreview check`: one copy or a JSONL batch, synchronously, no database."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from service.batch import BatchLine, Defaults, run_batch
from service.report_format import as_sarif, as_text
from workers.components import Components, load_components
from workers.config import RuntimeConfig
from workers.pipeline import CopyContext, review


def _components() -> Components:
    return load_components(RuntimeConfig())


def _read_text(source: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {source}: {exc.strerror}", err=True)
        raise typer.Exit(2)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        typer.echo(f"error: {source} is not valid UTF-8 (bad byte at offset {exc.start})", err=True)
        raise typer.Exit(2)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        typer.echo(f"error: {source} holds no text", err=True)
        raise typer.Exit(2)
    return text


def check_one(source: str, *, jurisdiction: str, product: str, channel: str, lang: str, fmt: str) -> int:
    text = _read_text(source)
    report = review(text, CopyContext(jurisdiction, product, channel, lang), _components())
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        typer.echo(json.dumps(as_sarif(report, uri=source if source != "-" else "stdin"), ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(report))
    return 0 if report["verdict"] == "pass" else 1


def check_batch(path: Path, out: Path | None, *, jurisdiction: str | None, product: str | None,
                channel: str | None, lang: str) -> int:
    try:
        handle = sys.stdin.buffer if str(path) == "-" else path.open("rb")
    except OSError as exc:
        typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
        return 2
    components = _components()

    def review_one(item: BatchLine) -> dict:
        return review(item.text, CopyContext(item.jurisdiction, item.product, item.channel, item.language), components)

    counts: dict[str, int] = {}
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        with handle:
            for result in run_batch(handle, Defaults(jurisdiction, product, channel, lang), review_one):
                key = "error" if "error" in result else result["verdict"]
                counts[key] = counts.get(key, 0) + 1
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if out:
            sink.close()
    total = sum(counts.values())
    summary = ", ".join(f"{k} {counts[k]}" for k in ("pass", "review", "block", "error") if k in counts)
    typer.echo(f"checked {total} item(s): {summary or 'none'}", err=True)
    return 0
