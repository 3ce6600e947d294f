"""Verifying a whole log: the hash chain, the Merkle roots at every checkpoint, each checkpoint's
signature, and -- where the checkpoint directory kept them -- each leaf against the leaves that
were signed. Pure: events and checkpoints in, a verdict naming the first bad event out.

The chain alone cannot see a log that was truncated and rebuilt consistently; the signed roots
can, and the signed leaves say exactly which event stopped matching.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

from audit.chain import GENESIS_HASH
from audit.checkpoint import Checkpoint, CheckpointError, open_checkpoint, peek
from audit.merkle import CompactRange, leaf_hash
from audit.note import Verifier
from audit.verify import check_body, link_problem


@dataclass(frozen=True)
class Problem:
    seq: int | None  # the first event it implicates; None when only a checkpoint is at fault
    reason: str
    checkpoint: int | None = None  # the tree size of the checkpoint involved
    where: str | None = None  # the part of a bundle at fault when it is neither an event nor a checkpoint
    # A checkpoint whose signature fails under the given key leaves everything it signs unproven, so
    # it is named before the events it could not vouch for (a wrong key is otherwise read as tampering).
    signature: bool = False

    @property
    def place(self) -> str:
        if self.signature or (self.seq is None and self.checkpoint is not None):
            return f"checkpoint {self.checkpoint if self.checkpoint is not None else '(size unreadable)'}"
        if self.seq is not None:
            return f"seq {self.seq}"
        return self.where or "bundle"


@dataclass
class LogVerdict:
    events: int = 0
    head_hash: str = GENESIS_HASH
    root: bytes = b""
    root_size: int | None = None  # the tree size ``root`` is of, where it is a signed checkpoint's
    checkpoints_verified: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_seq(self) -> int | None:
        seqs = [p.seq for p in self.problems if p.seq is not None]
        return min(seqs) if seqs else None

    def ranked(self) -> list[Problem]:
        """Problems cause first: checkpoints that fail their signature, then events by seq, then the rest."""
        def rank(p: Problem) -> tuple[int, int, int]:
            kind = 0 if p.signature else 1 if p.seq is not None else 2 if p.checkpoint is not None else 3
            return kind, p.seq or 0, p.checkpoint or 0
        return sorted(self.problems, key=rank)

    def summary(self) -> str:
        if self.ok:
            root = f", root {self.root.hex()}" if self.root else ""
            at = f" at tree size {self.root_size}" if self.root and self.root_size is not None else ""
            return (f"ok: {self.events} events, {self.checkpoints_verified} signed checkpoints verified; "
                    f"head {self.head_hash}{root}{at}")
        first = self.ranked()[0]
        where = f"first bad event: seq {first.seq}" if first.seq is not None and not first.signature else first.place
        return f"{where}: {first.reason} ({len(self.problems)} problem(s))"


def open_checkpoints(notes: Iterable[str], verifier: Verifier | None, origin: str | None,
                     verdict: LogVerdict) -> dict[int, Checkpoint]:
    """Signed checkpoints by size; bad signatures and forks become problems (as does any
    checkpoint at all when there is no key to check it with)."""
    good: dict[int, Checkpoint] = {}
    for note in notes:
        if verifier is None:
            verdict.problems.append(Problem(None, "no public key was given to check this checkpoint", _claimed_size(note)))
            continue
        try:
            checkpoint = open_checkpoint(note, verifier, origin=origin)
        except CheckpointError as exc:
            size = _claimed_size(note)
            verdict.problems.append(Problem(None, f"signature does not verify with key {key_name(verifier)}: {exc}",
                                            size, signature=True))
            continue
        seen = good.get(checkpoint.size)
        if seen is not None and seen.root != checkpoint.root:
            verdict.problems.append(Problem(None, "two signed checkpoints of one size disagree (a fork)",
                                            checkpoint.size))
        good[checkpoint.size] = checkpoint
    verdict.checkpoints_verified = len(good)
    return good


def key_name(verifier: Verifier) -> str:
    """NAME+KEYID, enough to tell two keys of one log apart without printing the key."""
    return f"{verifier.name}+{verifier.key_id.hex()}"


def _claimed_size(note: str) -> int | None:
    try:
        return peek(note).size
    except CheckpointError:
        return None


def trusted_leaf_list(checkpoints: Mapping[int, Checkpoint], leaves: Mapping[int, bytes],
                      verdict: LogVerdict) -> list[bytes]:
    """The leaves kept beside the checkpoints, as far as they reproduce each signed root."""
    trusted: list[bytes] = []
    compact = CompactRange()
    for size in sorted(checkpoints):
        blob = leaves.get(size)
        if blob is None or len(blob) != 32 * (size - compact.size):
            break
        batch = [blob[i:i + 32] for i in range(0, len(blob), 32)]
        compact.extend(batch)
        if compact.root() != checkpoints[size].root:
            verdict.problems.append(Problem(None, "the leaves kept with this checkpoint do not give its signed root",
                                            size))
            break
        trusted.extend(batch)
    return trusted


ROW_FIELDS = ("seq", "event_type", "actor", "subject", "body", "prev_hash", "hash", "leaf_hash")
CHUNK = 5000


def check_chunk(rows: list[tuple]) -> list[tuple]:
    """Per row, what it shows on its own: (body problem, column problem, body prev_hash, leaf, leaf problem)."""
    out = []
    for seq, event_type, actor, subject, body, _, stored_hash, stored_leaf in rows:
        raw = body.encode("utf-8")
        body_problem, column_problem, body_prev = check_body(body, stored_hash, (seq, event_type, actor, subject), raw)
        leaf = leaf_hash(raw)
        leaf_problem = None if stored_leaf is None or bytes(stored_leaf) == leaf else "stored leaf_hash differs from the body"
        out.append((body_problem, column_problem, body_prev, leaf, leaf_problem))
    return out


def _chunks(rows: Iterable[Mapping[str, Any] | tuple]) -> Iterator[list[tuple]]:
    """Rows as tuples in ROW_FIELDS order (mappings are converted; tuples pass through)."""
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row if isinstance(row, tuple) else tuple(row.get(f) for f in ROW_FIELDS))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _checked(rows: Iterable[Mapping[str, Any]], workers: int) -> Iterator[tuple[tuple, tuple]]:
    """Rows with their own checks, in order; with workers > 1 the checks run in other processes
    (hashing and JSON parsing are most of the cost; the chain link itself stays here)."""
    if workers <= 1:
        for chunk in _chunks(rows):
            yield from zip(chunk, check_chunk(chunk))
        return
    window: deque = deque()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for chunk in _chunks(rows):
            window.append((chunk, pool.submit(check_chunk, chunk)))
            if len(window) > 2 * workers:  # bounded read-ahead: a million rows never sit in memory
                done, future = window.popleft()
                yield from zip(done, future.result())
        while window:
            done, future = window.popleft()
            yield from zip(done, future.result())


def verify_log(rows: Iterable[Mapping[str, Any] | tuple], notes: Sequence[str], verifier: Verifier | None, *,
               origin: str | None = None, kept_leaves: Mapping[int, bytes] | None = None,
               workers: int = 1) -> LogVerdict:
    """Verify events (in seq order) against signed checkpoints; ``kept_leaves`` maps a checkpoint's
    size to the leaf hashes it added, as the checkpoint directory stores them."""
    verdict = LogVerdict()
    checkpoints = open_checkpoints(notes, verifier, origin, verdict)
    trusted = trusted_leaf_list(checkpoints, kept_leaves or {}, verdict)
    compact, prev_hash, last_good_size, chain_ok = CompactRange(), GENESIS_HASH, 0, True
    located: int | None = None  # the first event a row-level check pinned down exactly
    for row, (body_problem, column_problem, body_prev, leaf, leaf_problem) in _checked(rows, workers):
        seq = compact.size + 1
        if chain_ok:
            problem = (f"expected seq {seq}, found {row[0]} (gap, deletion or reordering)" if row[0] != seq else
                       body_problem or link_problem(body_prev, row[5], prev_hash) or column_problem or leaf_problem)
            if problem:
                verdict.problems.append(Problem(seq, problem))
                chain_ok = False  # later links are meaningless, but the roots still say what was signed
        if seq <= len(trusted) and trusted[seq - 1] != leaf:
            verdict.problems.append(Problem(seq, "event differs from the leaf signed in the checkpoint directory"))
            trusted = trusted[:seq - 1]  # one report is enough; the rest is after the first bad event
        compact.append(leaf)
        prev_hash = str(row[6])
        checkpoint = checkpoints.get(compact.size)
        if checkpoint is not None:
            if compact.root() == checkpoint.root:
                last_good_size = compact.size
            else:
                located = located or next((p.seq for p in verdict.problems if p.seq), None)
                # Without an exact culprit the signed roots still bound it: after the last matching one.
                first = located if located is not None and located <= compact.size else last_good_size + 1
                verdict.problems.append(Problem(first, f"root of the first {compact.size} events differs from the "
                                                f"signed checkpoint (the change lies in seq {first}..{compact.size})",
                                                compact.size))
    verdict.events, verdict.head_hash, verdict.root = compact.size, prev_hash, compact.root()
    beyond = [size for size in checkpoints if size > compact.size]
    if beyond:
        located = next((p.seq for p in verdict.problems if p.seq), None)
        verdict.problems.append(Problem(located or min(last_good_size, compact.size) + 1,
                                        f"rollback: a checkpoint signed {max(beyond)} events "
                                        f"but the log holds {compact.size}", max(beyond)))
    return verdict
