"""How `check --batch` schedules its chunks (service.batch.run_batch): reports come out in input
order whatever finishes first, bad lines keep their place, no more than AHEAD chunks are in flight
before the oldest is finished, and the interpreter's GIL switch interval is put back afterwards."""
from __future__ import annotations

import json
import random
import sys
import threading
import time

from service.batch import AHEAD, CHUNK, Defaults, run_batch

DEFAULTS = Defaults(jurisdiction="TW", product="credit_card", channel="web", language="auto")


def _lines(count: int, bad_every: int = 0) -> list[bytes]:
    out = []
    for i in range(count):
        if bad_every and i % bad_every == 0:
            out.append(b"{not json")
        else:
            out.append(json.dumps({"id": i, "text": f"copy {i}"}).encode())
    return out


def test_reports_keep_input_order_when_the_pool_finishes_out_of_order():
    """Pool tasks that finish in random order still give one result per line, in input order, with
    the error object of each bad line in its own place."""
    rng = random.Random(7)

    def start(items, pool):
        assert pool is not None
        return pool.submit(lambda: (time.sleep(rng.random() / 200), [{"echo": item.text} for item in items])[1])

    results = list(run_batch(_lines(CHUNK * 9 + 5, bad_every=11), DEFAULTS, start, lambda f: f.result(), threads=2))
    assert len(results) == CHUNK * 9 + 5
    for i, result in enumerate(results):
        if i % 11 == 0:
            assert result["error"]["type"] == "invalid-json" and result["error"]["line"] == i + 1
        else:
            assert result == {"id": i, "echo": f"copy {i}"}


def test_at_most_AHEAD_chunks_are_started_before_the_oldest_is_finished():
    """The look-ahead is bounded (memory stays flat on a large batch), and a pool is kept busy by
    more than one chunk at a time."""
    in_flight, most = [0], [0]
    lock = threading.Lock()

    def start(items, pool):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        return items

    def finish(items):
        with lock:
            in_flight[0] -= 1
        return [{"n": item.id} for item in items]

    results = list(run_batch(_lines(CHUNK * 20), DEFAULTS, start, finish, threads=2))
    assert [r["n"] for r in results] == list(range(CHUNK * 20))
    assert most[0] == AHEAD + 1


def test_switch_interval_is_restored_even_when_a_chunk_fails():
    """The shorter GIL switch interval lasts only while a batch runs, also when it ends in an error."""
    before = sys.getswitchinterval()
    seen = []

    def start(items, pool):
        seen.append(sys.getswitchinterval())
        raise RuntimeError("stage broke")

    try:
        list(run_batch(_lines(CHUNK), DEFAULTS, start, lambda b: b, threads=2))
    except RuntimeError:
        pass
    else:
        raise AssertionError("the error should reach the caller")
    assert seen and seen[0] < before
    assert sys.getswitchinterval() == before


def test_the_batch_thread_does_pool_work_itself_rather_than_wait():
    """When the pool falls behind, the batch's own thread takes back chunks' work that no pool
    thread has begun (the newest first) and does it, and every chunk's result still lands in order."""
    from service.batch import Handback

    main = threading.get_ident()
    ran_on: dict[int, int] = {}

    def score(first_id):
        time.sleep(0.03)  # the pool's two threads cannot keep up with a thread that only hands out work
        ran_on[first_id] = threading.get_ident()
        return first_id

    def start(items, pool):
        return items, [Handback(pool, score, items[0].id)]

    def finish(begun):
        items, handbacks = begun
        assert all(h.future.result(timeout=5) == items[0].id for h in handbacks)
        return [{"n": item.id} for item in items]

    results = list(run_batch(_lines(CHUNK * 12), DEFAULTS, start, finish, threads=2, handbacks=lambda b: b[1]))
    assert [r["n"] for r in results] == list(range(CHUNK * 12))
    assert len(ran_on) == 12
    here = sorted(first for first, thread in ran_on.items() if thread == main)
    assert here, "the batch's thread took back none of the pool's work"
    assert len(here) < 12, "the pool did none of the work"


def test_work_taken_back_keeps_its_error_for_the_reader():
    """A Handback done on this thread keeps its result or error in its future, as the pool would;
    it is done once however often it is asked back; once a pool thread has begun the work, it
    cannot be taken back."""
    from concurrent.futures import ThreadPoolExecutor

    from service.batch import Handback

    with ThreadPoolExecutor(1) as pool:
        gate = threading.Event()
        blocker = Handback(pool, gate.wait, 5)  # holds the only pool thread
        while not blocker.future.running():
            time.sleep(0.001)

        def broken():
            raise ValueError("stage broke")

        failing = Handback(pool, broken)
        calls = []
        working = Handback(pool, lambda: calls.append(1) or 42)
        assert failing.take_back() and working.take_back()
        assert working.future.result() == 42
        assert not working.take_back() and calls == [1], "work taken back is done once"
        try:
            failing.future.result()
        except ValueError as exc:
            assert str(exc) == "stage broke"
        else:
            raise AssertionError("the error was lost")
        assert not blocker.take_back()
        gate.set()
        assert blocker.future.result(timeout=5) is True
