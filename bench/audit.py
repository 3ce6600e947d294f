"""Audit trail figures (issue 7): append throughput with 4 concurrent writers (target >= 2,000
events/s), `verify` of 1,000,000 events (<= 30 s) and an export of 100,000 events (<= 20 s).

    .venv/bin/python bench/audit.py [--events 1000000] [--export 100000] [--append-seconds 10]

Uses DATABASE_URL's server (or an embedded one) and a throw-away database of its own. The
million events are bulk-loaded with COPY (their bodies sealed exactly as `append` seals them,
checked on a sample), then checkpointed every 100,000 like a running system would be.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audit.bundle_verify import verify_bundle_file  # noqa: E402
from audit.chain import GENESIS_HASH, seal  # noqa: E402
from audit.checkpoints import CheckpointPolicy, make_checkpoint  # noqa: E402
from audit.db_verify import verify_database_log  # noqa: E402
from audit.export import ExportRequest, export  # noqa: E402
from audit.log import NewEvent, append  # noqa: E402
from audit.merkle import leaf_hash  # noqa: E402
from audit.note import generate  # noqa: E402
from service.migrations import upgrade  # noqa: E402

ORIGIN = "bench.finreview/audit"


def payload(i: int) -> dict:
    return {"outcome": "reject" if i % 3 else "approve", "reason_code": "guarantee-wording",
            "reason": "保證獲利字樣，須刪除", "report_sha256": f"{i:064x}", "model": "finreview-risk@0.2.0",
            "rulesets": {"tw.general": "ab" * 32, "tw.fund": "cd" * 32}, "previous_status": "review",
            "findings": ["tw.general.no-guarantee-wording", "tw.fund.risk-warning"], "override": False}


def _server() -> tuple[str, object | None]:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url, None
    import pgserver

    server = pgserver.get_server(Path(tempfile.mkdtemp(prefix="finreview-bench-")) / "pgdata", cleanup_mode="delete")
    return server.get_uri(), server


def _on(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def bench_append(url: str, seconds: float, per_tx: int, writers: int = 4) -> float:
    stop, counts = threading.Event(), [0] * writers

    def writer(k: int) -> None:
        with psycopg.connect(url) as conn:
            i = 0
            while not stop.is_set():
                append(conn, [NewEvent("decided", f"user:{k}", f"submission:w{k}-{i}/v1", payload(i))
                              for _ in range(per_tx)])
                conn.commit()
                counts[k] += per_tx
                i += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def bulk_load(conn: psycopg.Connection, total: int, start_seq: int, prev_hash: str, policy, signer) -> None:
    """COPY ``total`` events after ``start_seq``, checkpointing every 100,000."""
    base = datetime.now(timezone.utc) - timedelta(days=30)
    seq = start_seq
    for chunk_start in range(0, total, 100_000):
        with conn.cursor() as cur, cur.copy("COPY audit_events (seq, event_type, actor, subject, occurred_at, body,"
                                            " prev_hash, hash, leaf_hash) FROM STDIN") as copy:
            for i in range(chunk_start, min(total, chunk_start + 100_000)):
                seq += 1
                at = base + timedelta(seconds=i)
                fields = dict(seq=seq, event_type="decided", actor=f"user:{i % 50}", subject=f"submission:s{i}/v1",
                              time=at.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                              payload=payload(i), prev_hash=prev_hash)
                # Sorted compact JSON equals RFC 8785 for these float-free bodies; checked on a sample.
                body = json.dumps({"v": 1, "seq": seq, "type": "decided", "actor": fields["actor"],
                                   "subject": fields["subject"], "time": fields["time"], "payload": fields["payload"],
                                   "prev_hash": prev_hash}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                if i % 50_000 == 0:
                    assert seal(**fields)[0] == body
                raw = body.encode()
                digest = hashlib.sha256(raw).hexdigest()
                copy.write_row((seq, "decided", fields["actor"], fields["subject"], at, body, prev_hash, digest,
                                leaf_hash(raw)))
                prev_hash = digest
        conn.commit()
        make_checkpoint(conn, signer, policy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="log size for the verify figure")
    parser.add_argument("--export", type=int, default=100_000, help="events in the exported range")
    parser.add_argument("--append-seconds", type=float, default=10.0)
    args = parser.parse_args()
    server_url, server = _server()
    name = f"finreview_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _on(server_url, name)
    work = Path(tempfile.mkdtemp(prefix="finreview-bench-"))
    try:
        upgrade(url)
        signer = generate(ORIGIN)
        policy = CheckpointPolicy(ORIGIN, 100_000, 3600, work / "checkpoints")
        print(f"machine: {os.cpu_count()} CPU(s); PostgreSQL at {urlsplit(server_url).hostname or 'a local socket'}")
        for per_tx in (1, 2, 10):
            rate = bench_append(url, args.append_seconds, per_tx)
            print(f"append, 4 concurrent writers, {per_tx:>2} event(s) per transaction: {rate:,.0f} events/s"
                  f"   (target >= 2,000)")
        with psycopg.connect(url) as conn:
            head = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
            start_seq, prev = (head[0], head[1]) if head else (0, GENESIS_HASH)
            make_checkpoint(conn, signer, policy)
            missing = max(0, args.events - start_seq)
            t = time.perf_counter()
            bulk_load(conn, missing, start_seq, prev, policy, signer)
            print(f"(loaded {missing:,} more events with COPY and checkpoints in {time.perf_counter() - t:.1f} s)")
        with psycopg.connect(url) as conn:
            t = time.perf_counter()
            verdict = verify_database_log(conn, signer.verifier, origin=ORIGIN, directory=policy.directory)
            elapsed = time.perf_counter() - t
        assert verdict.ok, verdict.summary()
        print(f"verify {verdict.events:,} events, {verdict.checkpoints_verified} checkpoints: {elapsed:.1f} s"
              f"   (target <= 30 s for 1,000,000)")
        with psycopg.connect(url) as conn:
            # The newest N events by time (the appended ones are newer than the bulk-loaded month).
            start = conn.execute("SELECT occurred_at FROM audit_events ORDER BY occurred_at DESC, seq DESC"
                                 " LIMIT 1 OFFSET %s", (args.export - 1,)).fetchone()[0]
            out = work / "bundle.zip"
            t = time.perf_counter()
            result = export(conn, ExportRequest(start, datetime.now(timezone.utc) + timedelta(days=1)), out,
                            verifier=signer.verifier, origin=ORIGIN)
            elapsed = time.perf_counter() - t
        print(f"export {result.events:,} events ({out.stat().st_size / 1e6:.0f} MB bundle): {elapsed:.1f} s"
              f"   (target <= 20 s for 100,000)")
        t = time.perf_counter()
        offline = verify_bundle_file(out, signer.verifier)
        assert offline.ok, offline.summary()
        print(f"offline verify of that bundle: {time.perf_counter() - t:.1f} s")
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        del server


if __name__ == "__main__":
    main()
