"""`finreview check --batch`: JSONL in, one report per line out, in input order. A bad line gets
an error object and the run goes on."""
from __future__ import annotations

import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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


def run_batch(lines: Iterable[bytes], defaults: Defaults, review_one: Callable[[BatchLine], dict[str, Any]],
              threads: int = 1) -> Iterator[dict[str, Any]]:
    """Results in input order. With threads > 1 the items are reviewed concurrently (the model's
    forward pass releases the GIL), reading at most a few items per thread ahead of the output."""
    if threads <= 1:
        for parsed in parse_lines(lines, defaults):
            yield result_for(parsed, review_one)
        return
    with ThreadPoolExecutor(threads) as pool:
        pending: deque[Future] = deque()
        for parsed in parse_lines(lines, defaults):
            pending.append(pool.submit(result_for, parsed, review_one))
            if len(pending) >= 4 * threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
