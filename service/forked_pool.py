"""Work on a stream of items in processes forked from this one, results in input order.

Forked (not spawned) so the children share what the parent loaded (the model, Presidio, the
packs) instead of loading it again. Each child gets one chunk at a time and the next only after
it has answered, so neither end can block on a full pipe while the other does too. A child that
dies (kill -9, out of memory) ends the run with ChildDied: multiprocessing.Pool would wait forever
for its chunk, and ProcessPoolExecutor on Python 3.11 left the other child running and the parent
waiting on it.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any


class ChildDied(RuntimeError):
    """A worker process ended before returning its results."""


def _serve(conn: Connection, work: Callable[[list[Any]], list[Any]]) -> None:
    while True:
        message = conn.recv()
        if message is None:
            return
        index, chunk = message
        try:
            conn.send((index, work(chunk), None))
        except Exception as exc:  # sent back, raised in the parent: a child never dies quietly
            conn.send((index, None, f"{type(exc).__name__}"))


def in_processes(items: Iterable[Any], work: Callable[[list[Any]], list[Any]], processes: int,
                 chunk: int = 8) -> Iterator[Any]:
    """``work`` applied to ``items`` in chunks of ``chunk`` by ``processes`` forked children;
    yields each item's result in input order."""
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    source = iter(items)
    try:
        for _ in range(processes):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_serve, args=(child_end, work), daemon=True)
            process.start()
            child_end.close()
            children.append((process, parent_end))
        sent = 0
        busy: dict[Connection, int] = {}

        def feed(conn: Connection) -> None:
            nonlocal sent
            part = list(islice(source, chunk))
            if part:
                conn.send((sent, part))
                busy[conn] = sent
                sent += 1

        for _, conn in children:
            feed(conn)
        finished: dict[int, list[Any]] = {}
        next_out = 0
        by_sentinel = {process.sentinel: process for process, _ in children}
        while busy:
            for ready in wait([*busy, *by_sentinel]):
                if ready in by_sentinel:
                    raise ChildDied(f"a review process ended (exit code {by_sentinel[ready].exitcode}) "
                                    "before returning its results")
                try:
                    index, results, error = ready.recv()
                except (EOFError, OSError) as exc:
                    # A child killed with a chunk still unread in its socket resets it (ECONNRESET), and
                    # one killed mid-answer leaves a truncated message: both are the same lost child.
                    raise ChildDied("a review process ended before returning its results") from exc
                if error is not None:
                    raise RuntimeError(f"a review process raised {error}")
                finished[index] = results
                del busy[ready]
                feed(ready)
            while next_out in finished:
                yield from finished.pop(next_out)
                next_out += 1
    finally:
        for process, conn in children:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for process, _ in children:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
