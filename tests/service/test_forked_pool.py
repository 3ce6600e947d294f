"""The forked review pool: results in input order, and a child that dies ends the run with ChildDied
however its socket was left, never with a raw socket error or a hang. The forked Helper (the
scoring process of `check --batch`): calls run in the child in order, a call not yet sent can be
taken back and run here, and a child that dies fails only what it owed."""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import time

import pytest

from service.forked_pool import ChildDied, Helper, in_processes


def _double(chunk: list[int]) -> list[int]:
    return [item * 2 for item in chunk]


def test_results_come_back_in_input_order_from_several_children():
    """Chunks finish in whatever order the children manage; the caller still sees input order."""
    assert list(in_processes(range(100), _double, processes=3, chunk=7)) == [item * 2 for item in range(100)]


def _die_on_minus_one(chunk: list[int]) -> list[int]:
    if -1 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)
    return chunk


def test_a_child_killed_while_working_ends_the_run_with_child_died():
    """kill -9 in the middle of a chunk: ChildDied, not a wait for the lost chunk."""
    with pytest.raises(ChildDied):
        list(in_processes([1, 2, -1, 3, 4], _die_on_minus_one, processes=1, chunk=1))


def _answer_then_die_with_the_next_chunk_unread(chunk: list[int]) -> list[int]:
    if chunk != [0]:
        return chunk
    # Reproduces the race seen in CI: a child killed after answering, once the parent has already
    # sent it the next chunk. The serving loop's connection is the caller's local; the answer is sent
    # here so the process can die before the loop reads again, leaving that chunk in its socket.
    conn = sys._getframe(1).f_locals["conn"]
    index = sys._getframe(1).f_locals["index"]
    conn.send((index, chunk, None))
    select.select([conn.fileno()], [], [], 10)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def test_a_child_killed_with_a_chunk_unread_ends_the_run_with_child_died():
    """The dead child's socket is reset, not closed, when it held unread data: still ChildDied,
    after the results it did return."""
    results = in_processes(range(5), _answer_then_die_with_the_next_chunk_unread, processes=1, chunk=1)
    assert next(results) == 0
    with pytest.raises(ChildDied):
        list(results)


def _where(value: int, gate=None) -> tuple[int, int]:
    """(value, pid of the process that ran it); with ``gate`` (inherited by the fork: an Event cannot
    travel in a message), first waits until it is set."""
    if gate is not None:
        assert gate.wait(10), "the test never opened the gate"
    if value < 0:
        raise KeyError(value)
    return value, os.getpid()


def test_helper_calls_run_in_the_child_in_order_and_unsent_ones_can_be_taken_back():
    """With one call owed at a time, the child runs the calls it was sent (its pid in the answer) and
    the one still queued here is taken back and run in this process, once only."""
    gate = multiprocessing.get_context("fork").Event()
    with Helper(lambda value, wait=False: _where(value, gate if wait else None), depth=1) as helper:
        first = helper.submit(1, True)  # sent; the child waits at the gate
        second = helper.submit(2)  # queued here: one call owed at a time
        assert second.take_back() and second.result() == (2, os.getpid())
        assert not second.take_back(), "a call taken back is not run again"
        assert not first.take_back(), "a call the child was sent is its to answer"
        gate.set()
        value, pid = first.result()
        assert value == 1 and pid != os.getpid()
        rest = [helper.submit(n) for n in range(3, 9)]
        assert [call.result()[0] for call in rest] == list(range(3, 9))
        assert all(call.result()[1] == pid for call in rest)


def test_helper_passes_a_childs_error_to_whoever_asks_for_the_result():
    """A call that raises in the child raises there for its caller, naming the error's type; the
    child goes on with the next call."""
    with Helper(_where) as helper:
        failing, working = helper.submit(-1), helper.submit(5)
        with pytest.raises(RuntimeError, match="KeyError"):
            failing.result()
        assert working.result()[0] == 5


def test_a_helper_that_dies_fails_only_what_it_owed_and_the_rest_runs_here():
    """kill -9 of the child: the calls it had been sent end in ChildDied (their caller does the work
    itself); the calls still queued, and any submitted later, run in this process."""
    gate = multiprocessing.get_context("fork").Event()
    with Helper(lambda value, wait=False: _where(value, gate if wait else None), depth=1) as helper:
        owed = helper.submit(1, True)
        queued = helper.submit(2)
        os.kill(helper._process.pid, signal.SIGKILL)
        helper._process.join(10)
        with pytest.raises(ChildDied):
            owed.result()
        assert queued.result() == (2, os.getpid())
        later = helper.submit(3)
        deadline = time.monotonic() + 10
        assert later.result() == (3, os.getpid()) and time.monotonic() < deadline


def test_a_helper_that_cannot_warm_up_is_refused_at_once():
    """A child whose warm-up fails ends, and the constructor says why (the batch then scores on
    threads instead); one that warms up serves calls afterwards."""
    with pytest.raises(ChildDied, match="could not warm up .ZeroDivisionError"):
        Helper(_where, warm_up=lambda: 1 / 0, name="scoring process")
    with Helper(_where, warm_up=lambda: None) as helper:
        assert helper.submit(4).result()[0] == 4 and helper.lost is None
