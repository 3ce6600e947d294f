"""`finreview check`: one copy or a JSONL batch, synchronously, no database."""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import typer

from service.batch import BatchLine, Defaults, Handback, parse_lines, result_for, run_batch
from service.forked_pool import Call, ChildDied, ChildRaised, Helper
from service.report_format import as_sarif, as_text
from workers.components import Components, load_components, settle
from workers.config import RuntimeConfig
from workers.claim_spans import claim_spans
from workers.pipeline import CopyContext, assess, complete, review, wants_evidence


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


def check_one(source: str, *, jurisdiction: str, product: str, channel: str, lang: str, fmt: str,
              explain: bool = True) -> int:
    text = _read_text(source)
    report = review(text, CopyContext(jurisdiction, product, channel, lang), _components(), explain=explain)
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        typer.echo(json.dumps(as_sarif(report, uri=source if source != "-" else "stdin"), ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(report))
    return 0 if report["verdict"] == "pass" else 1


# What forked review processes inherit from the parent, which loads the parts once before forking.
_worker_components: Components | None = None
_worker_explain = False


def _review_item(item: BatchLine, components: Components, explain: bool = False) -> dict:
    return review(item.text, CopyContext(item.jurisdiction, item.product, item.channel, item.language), components,
                  explain=explain)


def _in_worker(parsed: BatchLine | dict) -> dict:
    return result_for(parsed, lambda item: _review_item(item, _worker_components, _worker_explain))


def _one_core_each(jobs: int) -> int:
    """Each of ``jobs`` review processes scores on one core (set before the parts load)."""
    from workers.config import share_cores_among

    share_cores_among(jobs)
    return 1


def batch_threads() -> int:
    """Threads reviewing an in-process batch: one per core, each scoring on one core (set before
    the parts load; FINREVIEW_MODEL_THREADS still wins)."""
    from workers.config import share_cores_among, usable_cores

    threads = usable_cores()
    share_cores_among(threads)
    return threads


def _results(handle, defaults: Defaults, jobs: int, components: Components | None = None, threads: int = 1,
             explain: bool = False, helper: Helper | None = None, failures: Counter | None = None):
    """Results in input order; with jobs > 1, reviewed by that many processes forked from this one
    (which has loaded ``components``), else in this process, the classifier scoring in ``helper``
    (a process forked to score, see `scoring_process`) or on `threads` threads while this one runs
    the other stages; ``failures``: see `finish_chunk`."""
    components = components or _components()
    if jobs > 1:
        yield from _results_in_processes(handle, defaults, jobs, components, explain)
        return
    yield from run_batch(handle, defaults,
                         lambda items, pool: start_chunk(items, components, pool, explain, helper),
                         lambda begun: finish_chunk(begun, components, explain, failures),
                         1 if helper is not None else threads,
                         handbacks=lambda begun: [begun.scoring] if begun.scoring is not None else [],
                         ahead=HELPED_AHEAD if helper is not None else None)


# Chunks started before the oldest is finished when a scoring process helps. This thread takes back
# scoring only when it waits for the oldest chunk, so the further it may run ahead with its own
# stages, the more of the scoring is left to the process (the faster scorer of the two) and the
# less this thread does of it; 32 chunks is 512 copies held. Measured on the 291 bench copies, in
# one process, eight interleaved rounds on a busy host: against 32 chunks, 16 took 2.5% longer
# and 4 took 6% longer (median of the per-round ratios).
HELPED_AHEAD = 32


def scoring_process(components: Components, threads: int) -> Helper | None:
    """On two cores, a process forked to score the chunks' copies while this one runs the rules and
    PII stages, which hold this process's GIL: scored on a thread here, each forward pass waited for
    that GIL after it ended and ran beside two other threads on two cores. Measured on the 291 bench
    copies, 12 rounds against the threads: 681 -> 860 copies/s, 0.80x -> 0.99x Presidio's analyzer
    alone (median of the per-round ratios). Only
    where the model runs on one thread (ONNX Runtime then has no thread pool for the fork to lose);
    with more cores, threads score as before (`--jobs` forks whole reviews instead). None where
    there is no model or the fork fails: the pool's threads score then."""
    if components.model is None or threads != 2 or RuntimeConfig().model_threads != 1:
        return None
    model, cache = components.model, components.score_cache
    try:
        return Helper(lambda texts, segments, explain: _score_and_explain(model, texts, segments, explain, cache),
                      warm_up=lambda: model.warm_up(), name="scoring process")
    except (OSError, ChildDied):
        return None


@dataclass
class Begun:
    """A chunk whose rules and PII stages are done and whose classifier scores are on their way."""
    items: list[BatchLine]
    contexts: list[CopyContext]
    reports: list[dict]
    scoring: Handback | Call | None  # the model's rows (and explanations) for the items in `scored`
    scored: list[int]


def start_chunk(items: list[BatchLine], components: Components, pool: ThreadPoolExecutor | None = None,
                explain: bool = False, helper: Helper | None = None) -> Begun:
    """Rules and PII for each copy, here; then the copies that have claims are handed on as one
    task, to be scored (into the score cache too) and, where their report will show it, explained,
    while this thread goes on: to the scoring process (``helper``, whose score cache is its own),
    else to the pool (ONNX Runtime releases the GIL; the pool's threads take the chunks in flight
    in turn). With neither this is done now."""
    contexts = [CopyContext(item.jurisdiction, item.product, item.channel, item.language) for item in items]
    reports = [assess(item.text, ctx, components) for item, ctx in zip(items, contexts)]
    scoring: Handback | Call | None = None
    scored: list[int] = []
    model = components.model
    if model is not None:
        scored = [i for i, (item, report) in enumerate(zip(items, reports))
                  if claim_spans(report.get("segments"), len(item.text))]
        wanted = [items[i].text for i in scored]
        segments = [reports[i].get("segments") for i in scored]
        if wanted and helper is not None:  # a failure is kept in the call; `complete` scores again
            scoring = helper.submit(wanted, segments, explain)
        elif wanted:
            scoring = Handback(pool, _score_and_explain, model, wanted, segments, explain, components.score_cache)
    return Begun(items, contexts, reports, scoring, scored)


def _score_and_explain(model, texts: list[str], segments: list, explain: bool, cache) -> list[tuple]:
    """Each text's row and, where ``wants_evidence`` says its report needs it, its explanation."""
    rows = model.scores_many(texts, cache=cache)
    return [(row, model.explain(text, row) if wants_evidence(model, row, segs, explain) else None)
            for text, row, segs in zip(texts, rows, segments)]


def finish_chunk(begun: Begun, components: Components, explain: bool, failures: Counter | None = None) -> list[dict]:
    """Each copy's classifier findings, from the rows and explanations its chunk's scoring gave, and
    its route. A copy whose scoring failed is scored again by `complete`, and its report names the
    stage's error if that fails too; ``failures`` counts the first failures by exception type (a
    lost scoring process is reported on its own). Each report equals `review`'s."""
    scored: dict[int, tuple] = {}
    if begun.scoring is not None:
        try:
            scored = dict(zip(begun.scored, begun.scoring.result()))
        except Exception as exc:  # noqa: BLE001 - each copy is scored again below, where an error is named
            if failures is not None and not isinstance(exc, ChildDied):
                failures[exc.kind if isinstance(exc, ChildRaised) else type(exc).__name__] += 1
    reports = []
    for i, (item, ctx, report) in enumerate(zip(begun.items, begun.contexts, begun.reports)):
        row, explained = scored.get(i, (None, None))
        reports.append(complete(report, item.text, ctx, components, explain=explain, scores=row, explained=explained))
    return reports


def _results_in_processes(handle, defaults: Defaults, jobs: int, components: Components, explain: bool = False):
    """The forked processes inherit the loaded parts (the model, Presidio, the packs): nothing is
    loaded twice, and `settle` has kept the collector from touching, and so copying, their pages.
    The model was loaded with one thread per process and has no thread pool to fork; PyTorch's
    pool, if any, is never used in a child (scores come from ONNX Runtime)."""
    from service.forked_pool import in_processes

    global _worker_components, _worker_explain
    _worker_components, _worker_explain = components, explain
    yield from in_processes(parse_lines(handle, defaults), lambda chunk: [_in_worker(p) for p in chunk], jobs)


def check_batch(path: Path, out: Path | None, *, jurisdiction: str | None, product: str | None,
                channel: str | None, lang: str, jobs: int = 1, explain: bool = False) -> int:
    try:
        handle = sys.stdin.buffer if str(path) == "-" else path.open("rb")
    except OSError as exc:
        typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
        return 2

    counts: dict[str, int] = {}
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    progress = Progress(_line_count(path), enabled=sys.stderr.isatty())
    threads = batch_threads() if jobs <= 1 else _one_core_each(jobs)
    components = _components()  # loaded, and the scoring process forked, before the clock starts, as a worker's are
    settle()
    helper = scoring_process(components, threads) if jobs <= 1 else None
    failures: Counter = Counter()
    started = time.perf_counter()
    try:
        with handle:
            for result in _results(handle, Defaults(jurisdiction, product, channel, lang), jobs, components, threads,
                                   explain, helper, failures):
                key = "error" if "error" in result else result["verdict"]
                counts[key] = counts.get(key, 0) + 1
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                progress.step()
    except ChildDied as exc:
        typer.echo(f"error: {exc}; the first {sum(counts.values())} item(s) were written, the rest were not "
                   "reviewed: rerun the batch", err=True)
        return 2
    finally:
        progress.close()
        if out:
            sink.close()
        elapsed = time.perf_counter() - started
        if helper is not None:
            if helper.lost:  # nothing was lost with it, but a dying scorer is worth knowing about
                typer.echo(f"warning: {helper.lost}; this process scored the rest of the batch", err=True)
            helper.close()
        if failures:
            typer.echo(scoring_failed_warning(failures), err=True)
    total = sum(counts.values())
    summary = ", ".join(f"{k} {counts[k]}" for k in ("pass", "review", "block", "error") if k in counts)
    typer.echo(f"checked {total} item(s): {summary or 'none'}; {elapsed:.1f}s, "
               f"{total / elapsed if elapsed > 0 else 0.0:.1f} copies/s", err=True)
    return 0


def scoring_failed_warning(failures: Counter) -> str:
    """One stderr line for scoring that raised (chunks, by exception type): the batch's reports are
    whole, since each copy was scored again, but a scorer that raises is a fault to look into."""
    kinds = ", ".join(f"{kind} in {n} chunk(s)" for kind, n in sorted(failures.items()))
    return f"warning: classifier scoring raised {kinds}; this process scored those copies again"


def _line_count(path: Path) -> int | None:
    """Lines in the batch file, for the progress bar's total (unknown for stdin)."""
    if str(path) == "-":
        return None
    try:
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return None


class Progress:
    """A one-line progress bar on stderr, redrawn at most five times a second; only on a terminal,
    so logs and pipes get just the summary line."""

    WIDTH = 30

    def __init__(self, total: int | None, *, enabled: bool):
        self.total, self.enabled, self.done = total, enabled, 0
        self.started = self._drawn = time.perf_counter()

    def step(self) -> None:
        self.done += 1
        now = time.perf_counter()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-9)
        if self.total:
            filled = min(self.WIDTH, self.WIDTH * self.done // max(self.total, 1))
            bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        else:
            bar = f"{self.done} item(s)"
        sys.stderr.write(f"\r{bar}  {rate:.0f} copies/s ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._draw(time.perf_counter())
            sys.stderr.write("\n")
            sys.stderr.flush()
