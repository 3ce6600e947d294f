"""Work on a stream of items in processes forked from this one, results in input order.

Forked (not spawned) so the children share what the parent loaded (the model, Presidio, the
packs) instead of loading it again. Each child gets one chunk at a time and the next only after
it has answered, so neither end can block on a full pipe while the other does too. A child that
dies (kill -9, out of memory) ends the run with ChildDied: multiprocessing.Pool would wait forever
for its chunk, and ProcessPoolExecutor on Python 3.11 left the other child running and the parent
waiting on it.

`Helper` is the other shape: one forked child that works beside the parent (the scoring process
of `check --batch`), with calls the parent can still take back. It holds up to ``depth`` calls at
once; the answers are small (scores, a few phrases), so the parent's socket never fills while it
is blocked sending the next call.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any


class ChildDied(RuntimeError):
    """A worker process ended before returning its results."""


class ChildRaised(RuntimeError):
    """A call raised in the child; ``kind`` is its exception's type name (only the name crosses
    over: an exception's message may quote the input)."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(f"the {name} raised {kind}")
        self.kind = kind


def _serve(conn: Connection, work: Callable[[list[Any]], list[Any]], warm_up: Callable[[], Any] | None = None) -> None:
    if warm_up is not None:
        try:
            warm_up()
        except Exception as exc:  # the parent decides what a child that cannot warm up is worth
            conn.send(f"{type(exc).__name__}")
            return
        conn.send(None)
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone: nobody is left to answer
            return
        if message is None:
            return
        index, chunk = message
        try:
            conn.send((index, work(chunk), None))
        except Exception as exc:  # sent back, raised in the parent: a child never dies quietly
            conn.send((index, None, f"{type(exc).__name__}"))


def _fork(work: Callable[[Any], Any], warm_up: Callable[[], Any] | None = None
          ) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    """A child serving ``work`` (see _serve), and this end of its connection."""
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(child_end, work, warm_up), daemon=True)
    process.start()
    child_end.close()
    return process, parent_end


def _ask_to_end(conn: Connection) -> None:
    """Tells a child to return, and closes this end (a dead child's socket may refuse the word)."""
    try:
        conn.send(None)
    except OSError:
        pass
    conn.close()


def _reap(process: multiprocessing.process.BaseProcess) -> None:
    """Waits for a child told to end; kills one that has not within 5 s."""
    process.join(timeout=5)
    if process.is_alive():
        process.kill()
        process.join()


def in_processes(items: Iterable[Any], work: Callable[[list[Any]], list[Any]], processes: int,
                 chunk: int = 8) -> Iterator[Any]:
    """``work`` applied to ``items`` in chunks of ``chunk`` by ``processes`` forked children;
    yields each item's result in input order."""
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    source = iter(items)
    try:
        for _ in range(processes):
            children.append(_fork(work))
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
        for _, conn in children:
            _ask_to_end(conn)
        for process, _ in children:
            _reap(process)


class Helper:
    """One process forked from this one that runs ``work(*args)`` for each call submitted to it, in
    order, while this process goes on with other work. A call not yet sent to it can be taken back
    and run here instead (``Call.take_back``), so this process never sits waiting while work is
    queued. At most ``depth`` calls are owed by the child at a time: it always has the next one
    ready, and the rest stay here where they can still be taken back.

    Nothing runs in the background of this process: answers are collected, and the next calls
    sent, whenever a call is submitted or asked whether it is done (``pump``). A child that dies
    fails only the calls it owed; calls still here run here when asked for."""

    def __init__(self, work: Callable[..., Any], depth: int = 2, warm_up: Callable[[], Any] | None = None,
                 name: str = "helper process") -> None:
        self.name = name  # how messages call the child
        self._process, self._conn = _fork(lambda args: work(*args), warm_up)
        if warm_up is not None:
            self._ready()
        self._work, self._depth = work, depth
        self._unsent: deque[Call] = deque()
        self._owed: deque[Call] = deque()
        self._lost: str | None = None  # why the child can take no more calls
        self._count = 0

    def _ready(self) -> None:
        """Waits for the child's ``warm_up`` to end; raises ChildDied if it failed or the child died."""
        try:
            failed = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise ChildDied(f"the {self.name} ended while warming up") from exc
        if failed is not None:
            self.close()
            raise ChildDied(f"the {self.name} could not warm up ({failed})")

    def submit(self, *args: Any) -> Call:
        call = Call(self, self._count, args)
        self._count += 1
        self._unsent.append(call)
        self.pump()
        return call

    def pump(self, block: bool = False) -> None:
        """Collects the answers that have arrived (with ``block``, waits for one if any is owed), then
        sends queued calls until ``depth`` are owed."""
        try:
            while self._owed and (self._conn.poll() or block):
                if block and not self._conn.poll():
                    ready = wait([self._conn, self._process.sentinel])
                    if self._conn not in ready:
                        raise ChildDied(f"the {self.name} ended (exit code {self._process.exitcode})")
                block = False
                index, result, error = self._conn.recv()
                call = self._owed.popleft()
                if index != call.index:
                    raise ChildDied(f"the {self.name} answered out of order")
                call._settle(result, ChildRaised(self.name, error) if error else None)
            while self._unsent and len(self._owed) < self._depth and self._lost is None:
                call = self._unsent.popleft()
                self._conn.send((call.index, call.args))
                self._owed.append(call)
        except (ChildDied, EOFError, OSError) as exc:
            self._lose(str(exc) if isinstance(exc, ChildDied) else f"the {self.name} ended before answering")

    @property
    def lost(self) -> str | None:
        """Why the child takes no more calls (it died), or None while it serves."""
        return self._lost

    def _lose(self, why: str) -> None:
        self._lost = why
        while self._owed:
            self._owed.popleft()._settle(None, ChildDied(why))

    def _take(self, call: Call) -> bool:
        try:
            self._unsent.remove(call)
        except ValueError:
            return False
        return True

    def close(self) -> None:
        """Ends the child (answers still owed are dropped; their calls stay unsettled)."""
        _ask_to_end(self._conn)
        _reap(self._process)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Call:
    """One call submitted to a Helper: where its result will be, whichever process runs it."""

    def __init__(self, helper: Helper, index: int, args: tuple) -> None:
        self._helper, self.index, self.args = helper, index, args
        self._settled = False
        self._result: Any = None
        self._error: BaseException | None = None

    def _settle(self, result: Any, error: BaseException | None) -> None:
        self._settled, self._result, self._error = True, result, error

    def done(self) -> bool:
        if not self._settled:
            self._helper.pump()
        return self._settled

    def take_back(self) -> bool:
        """Runs the call here if it has not been sent to the child; True when it did."""
        if self._settled or not self._helper._take(self):
            return False
        try:
            self._settle(self._helper._work(*self.args), None)
        except Exception as exc:  # kept for whoever asks for the result, as the child's would be
            self._settle(None, exc)
        return True

    def result(self) -> Any:
        """The call's result (raising its error), waiting for the child or running it here."""
        while not self._settled and not self.take_back():
            self._helper.pump(block=True)
        if self._error is not None:
            raise self._error
        return self._result
