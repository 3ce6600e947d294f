"""Exporting a time range (optionally only some subjects) of the log as an auditor's bundle, with
the names and roles of the users its events name.

Only events covered by a signed checkpoint are exported (callers checkpoint first), each with an
inclusion proof against the smallest checkpoint that covers it."""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

import psycopg

from audit import decisions_csv
from audit.bundle import BundleWriter
from audit.merkle import Tree
from audit.note import Verifier


@dataclass(frozen=True)
class ExportRequest:
    start: datetime
    end: datetime
    subject_prefixes: frozenset[str] | None = None  # e.g. {"submission:<id>"}; None: every subject
    label: dict | None = None  # shown in the manifest (the campaign asked for, ...)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    events: int
    decisions: int
    checkpoints: list[int]


class NothingSigned(Exception):
    """No signed checkpoint exists yet, so nothing could be proven."""


def _wanted(subject: str, prefixes: frozenset[str] | None) -> bool:
    return prefixes is None or subject.split("/", 1)[0] in prefixes


People = Callable[[set[str]], Mapping[str, Mapping[str, str]]]


def export(conn: psycopg.Connection, request: ExportRequest, out: Path, *, verifier: Verifier, origin: str,
           events_format: str = "jsonl", progress: Callable[[int], None] | None = None,
           people: People | None = None) -> ExportResult:
    """``people`` looks up the actors the exported events name (actor -> {"name", "role"}); the
    audit trail holds ids only, and the caller knows where users live."""
    with conn.transaction():
        notes = dict(conn.execute("SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size").fetchall())
        if not notes:
            raise NothingSigned()
        sizes = sorted(notes)
        selected, actors = [], set()
        for seq, subject, actor, body in conn.execute(
                "SELECT seq, subject, actor, body FROM audit_events WHERE occurred_at >= %s AND occurred_at < %s"
                " AND seq <= %s ORDER BY seq", (request.start, request.end, sizes[-1])):
            if _wanted(subject, request.subject_prefixes):
                selected.append((seq, body))
                actors.add(actor)
        covering = {seq: sizes[bisect.bisect_left(sizes, seq)] for seq, _ in selected}
        used = sorted(set(covering.values()))
        tree_size = used[-1] if used else 0
        leaves = [bytes(r[0]) for r in conn.execute(
            "SELECT leaf_hash FROM audit_events WHERE seq <= %s ORDER BY seq", (tree_size,))]
    tree = Tree(leaves)
    writer = BundleWriter(out, events_format=events_format)
    try:
        decided = []
        for i, (seq, body) in enumerate(selected):
            writer.add_event(seq, body, covering[seq], tree.inclusion_proof(seq - 1, covering[seq]))
            if '"type":"decided"' in body:
                decided.append((seq, json.loads(body)))
            if progress is not None and i % 1000 == 999:
                progress(1000)
        consistency = [(a, b, tree.consistency_proof(a, b)) for a, b in zip(used, used[1:])]
        manifest = {"origin": origin, "from": request.start.isoformat(), "to": request.end.isoformat(),
                    **(request.label or {}), "filtered": request.subject_prefixes is not None, "tree_sizes": used,
                    "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        users = {a: {"name": w["name"], "role": w["role"]}
                 for a, w in (people(actors | decisions_csv.officers(decided)) if people else {}).items()}
        writer.finish(manifest=manifest, checkpoints={s: notes[s] for s in used}, consistency=consistency,
                      decisions_csv=decisions_csv.render(decided, users), pubkey=verifier.encode(), users=users)
    except BaseException:
        writer.abort()
        raise
    if progress is not None:
        progress(len(selected) % 1000)
    return ExportResult(out, len(selected), len(decided), used)
