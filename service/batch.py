"""`finreview check --batch`: JSONL in, one report per line out, in input order. A bad line gets
an error object and the run goes on."""
from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError

from service.schemas import Channel, Jurisdiction, Language, Product


class BatchLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | int
    text: str
    jurisdiction: Jurisdiction
    product: Product
    channel: Channel
    language: Language = "auto"


@dataclass(frozen=True)
class Defaults:
    jurisdiction: str | None
    product: str | None
    channel: str | None
    language: str


def _error(line_no: int, item_id: Any, kind: str, message: str) -> dict[str, Any]:
    return {"id": item_id, "error": {"type": kind, "line": line_no, "message": message}}


def parse_line(line_no: int, raw: bytes, defaults: Defaults) -> BatchLine | dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _error(line_no, None, "invalid-utf8", f"line {line_no} is not UTF-8 (byte offset {exc.start})")
    try:
        data = json.loads(text)
    except ValueError as exc:
        return _error(line_no, None, "invalid-json", f"line {line_no} is not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(data, dict):
        return _error(line_no, None, "invalid-line", f"line {line_no} is not a JSON object")
    for key in ("jurisdiction", "product", "channel"):
        if data.get(key) is None and getattr(defaults, key) is not None:
            data[key] = getattr(defaults, key)
    data.setdefault("language", defaults.language)
    try:
        item = BatchLine.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error(line_no, data.get("id"), "invalid-item", f"line {line_no}: {fields}")
    if not item.text.strip():
        return _error(line_no, item.id, "invalid-item", f"line {line_no}: text is empty")
    try:
        item.text.encode("utf-8")
        str(item.id).encode("utf-8")
    except UnicodeEncodeError:  # a "\ud800" escape: JSON allows it, UTF-8 output and hashing do not
        return _error(line_no, None, "invalid-unicode", f"line {line_no} holds an unpaired surrogate escape")
    return item


def parse_lines(lines: Iterable[bytes], defaults: Defaults) -> Iterator[BatchLine | dict[str, Any]]:
    """Each non-blank line as an item to review, or as its error object, in input order."""
    for line_no, raw in enumerate(lines, start=1):
        if raw.strip():
            yield parse_line(line_no, raw.rstrip(b"\r\n"), defaults)


def result_for(parsed: BatchLine | dict[str, Any], review_one: Callable[[BatchLine], dict[str, Any]]) -> dict[str, Any]:
    return parsed if isinstance(parsed, dict) else {"id": parsed.id, **review_one(parsed)}


# Items per chunk, and chunks started before the oldest one is finished. A chunk's classifier scores
# are computed on the pool's threads while this thread runs the rules and PII of the chunks behind it;
# with several small chunks in flight the pool never runs dry mid-batch, and what is left to score
# once the last chunk is started is one small chunk (measured: 64-item chunks, one in flight, left
# this thread waiting for a quarter of the run).
CHUNK = 16
AHEAD = 4
# How long this thread may hold the GIL while a pool thread waits for it (Python's default: 5 ms).
# A pool thread needs the GIL for a moment after each forward pass; at the default it waited up to
# a forward pass's own length each time, and the pool scored at half its speed. Measured on the
# 291 bench copies: 590 -> 678 copies/s at 1 ms.
SWITCH_INTERVAL = 0.001


class Handback:
    """Work handed to the pool that this thread may take back and do itself, if no pool thread has
    begun it yet: the batch's thread does so rather than sit waiting for a chunk to be scored.
    Without a pool the work is done at once, here. ``done``, ``take_back`` and ``result`` are what
    `run_batch` uses; forked_pool.Call offers the same for work sent to a forked process."""

    def __init__(self, pool: ThreadPoolExecutor | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._call = partial(fn, *args, **kwargs)
        self._pooled = pool.submit(self._call) if pool is not None else None
        self._here: Future | None = None
        if pool is None:
            self._do_here()

    @property
    def future(self) -> Future:
        """Where the work's result (or error) is, whichever thread did it."""
        return self._here or self._pooled

    def take_back(self) -> bool:
        """Does the work on this thread if the pool has not begun it; True when it did. (A cancelled
        future's cancel() answers True again: work already taken back is not done twice.)"""
        if self._here is not None or self._pooled is None or not self._pooled.cancel():
            return False
        self._do_here()
        return True

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> Any:
        """The work's result (raising its error), waiting for the pool thread doing it."""
        return self.future.result()

    def _do_here(self) -> None:
        self._here = Future()
        try:
            self._here.set_result(self._call())
        except Exception as exc:  # kept for whoever reads the result, as the pool would keep it
            self._here.set_exception(exc)


def run_batch(lines: Iterable[bytes], defaults: Defaults,
              start: Callable[[list[BatchLine], ThreadPoolExecutor | None], Any],
              finish: Callable[[Any], list[dict[str, Any]]],
              threads: int = 1, handbacks: Callable[[Any], Sequence[Handback]] | None = None,
              ahead: int | None = None) -> Iterator[dict[str, Any]]:
    """Results in input order. Items are read a chunk at a time. ``start`` begins a chunk's valid
    items (and gets a pool of ``threads`` threads when threads > 1); ``finish`` takes what it
    returned and gives their reports in order. With a pool, up to AHEAD chunks are started before
    the oldest is finished: whatever ``start`` hands to the pool (the model's forward pass, which
    releases the GIL) runs while this thread starts the chunks behind it. ``handbacks`` gives a
    started chunk's pool work: before this thread waits for the oldest chunk, it takes back work
    the pool has not begun, the newest chunk's first (the pool takes the oldest first), so that it
    scores instead of idling once its own stages are ahead (measured on the 291 bench copies,
    in-process, 12 paired rounds: 659 -> 714 copies/s). ``ahead`` overrides AHEAD (and applies
    without a pool too: where ``start`` hands its work to a forked process)."""
    pool = ThreadPoolExecutor(threads) if threads > 1 else None
    if ahead is None:
        ahead = AHEAD if pool is not None else 0
    pending: deque[tuple[list[Any], Any]] = deque()
    switch_interval = sys.getswitchinterval()
    if pool is not None:
        sys.setswitchinterval(min(switch_interval, SWITCH_INTERVAL))
    try:
        for chunk in _chunks(parse_lines(lines, defaults), CHUNK):
            valid = [item for item in chunk if not isinstance(item, dict)]
            pending.append((chunk, start(valid, pool) if valid else None))
            while len(pending) > ahead:
                _help_with(pending, handbacks)
                yield from _in_order(*pending.popleft(), finish)
        while pending:
            _help_with(pending, handbacks)
            yield from _in_order(*pending.popleft(), finish)
    finally:
        if pool is not None:
            pool.shutdown()
            sys.setswitchinterval(switch_interval)


def _help_with(pending: deque[tuple[list[Any], Any]], handbacks: Callable[[Any], Sequence[Handback]] | None) -> None:
    """Until the oldest chunk's pool work is done, does work the pool has not begun: the oldest
    chunk's own, else the newest chunk's. Returns when there is none left to take."""
    if handbacks is None or not pending or pending[0][1] is None:
        return
    oldest = handbacks(pending[0][1])
    while not all(h.done() for h in oldest):
        candidates = [*oldest, *(h for _, begun in reversed(pending) if begun is not None for h in handbacks(begun))]
        if not any(h.take_back() for h in candidates):
            return


def _in_order(chunk: list[Any], begun: Any, finish: Callable[[Any], list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    reports = iter(finish(begun) if begun is not None else [])
    for parsed in chunk:
        yield parsed if isinstance(parsed, dict) else {"id": parsed.id, **next(reports)}


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
