"""Adversarial tests on real PostgreSQL: a superuser who disables the append-only triggers edits,
deletes, forges, reorders, truncates and rebuilds, or re-signs with a key of their own. Every
attack is detected, and verification names the first bad event (or the checkpoint at fault)."""
from __future__ import annotations

import json

import psycopg
import pytest

from audit.chain import seal
from audit.checkpoint import Checkpoint, sign_checkpoint
from audit.checkpoints import CheckpointPolicy, make_checkpoint
from audit.db_verify import verify_database_log
from audit.log import NewEvent, append
from audit.merkle import CompactRange, leaf_hash
from audit.note import generate

ORIGIN = "finreview.test/audit"
SIGNER = generate(ORIGIN)


def _event(i: int) -> NewEvent:
    return NewEvent("decided", f"user:{i % 3}", f"submission:s{i}/v1", {
        "outcome": "reject" if i % 2 else "approve", "reason_code": "guarantee-wording", "reason": f"case {i}",
        "report_sha256": f"{i:064x}", "rulesets": {"tw.general": "ab" * 32}, "model": "finreview-risk@0.2.0",
        "findings": ["tw.general.no-guarantee-wording"]})


@pytest.fixture
def log(fresh_db, tmp_path):
    """12 events with signed checkpoints at 4, 8 and 12, kept in the database and in a directory."""
    policy = CheckpointPolicy(ORIGIN, every_events=4, every_seconds=3600, directory=tmp_path / "checkpoints")
    with psycopg.connect(fresh_db) as conn:
        for start in (1, 5, 9):
            append(conn, [_event(i) for i in range(start, start + 4)])
            conn.commit()
            make_checkpoint(conn, SIGNER, policy)
    return fresh_db, policy


def _verify(url, policy, *, key=SIGNER.verifier, with_directory=True):
    with psycopg.connect(url) as conn:
        return verify_database_log(conn, key, origin=ORIGIN, directory=policy.directory if with_directory else None)


def _superuser(url):
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("SET session_replication_role = replica")  # triggers off for this session
    return conn


def _rechain_from(conn, seq):
    """What a careful attacker does after a change: recompute every hash from ``seq`` on."""
    prev = conn.execute("SELECT hash FROM audit_events WHERE seq = %s", (seq - 1,)).fetchone()
    prev_hash = prev[0] if prev else "0" * 64
    for s, body in conn.execute("SELECT seq, body FROM audit_events WHERE seq >= %s ORDER BY seq", (seq,)).fetchall():
        b = json.loads(body)
        raw, digest = seal(seq=s, event_type=b["type"], actor=b["actor"], subject=b["subject"], time=b["time"],
                           payload=b["payload"], prev_hash=prev_hash)
        conn.execute("UPDATE audit_events SET body = %s, prev_hash = %s, hash = %s, leaf_hash = %s WHERE seq = %s",
                     (raw, prev_hash, digest, leaf_hash(raw.encode()), s))
        prev_hash = digest


def test_an_untouched_log_verifies_against_the_database_and_the_directory(log):
    """Honest log: chain, three signed roots and the kept leaves all agree."""
    verdict = _verify(*log)
    assert verdict.ok, verdict.problems
    assert verdict.events == 12 and verdict.checkpoints_verified == 3


def test_an_edited_payload_is_located(log):
    """Editing seq 6 in place breaks its hash; verify names seq 6."""
    url, policy = log
    with _superuser(url) as su:
        su.execute("UPDATE audit_events SET body = replace(body, 'case 6', 'case 9') WHERE seq = 6")
    verdict = _verify(url, policy)
    assert not verdict.ok and verdict.first_bad_seq == 6


def test_an_edit_with_a_recomputed_chain_is_located_by_the_signed_leaves(log):
    """Edit seq 6 and re-chain everything after it: the chain is consistent again, but the signed
    roots at 8 and 12 differ and the kept leaves name seq 6 exactly."""
    url, policy = log
    with _superuser(url) as su:
        su.execute("UPDATE audit_events SET body = replace(body, 'reject', 'approve') WHERE seq = 7")
        _rechain_from(su, 7)
    verdict = _verify(url, policy)
    assert verdict.first_bad_seq == 7
    assert any(p.checkpoint == 8 and "root" in p.reason for p in verdict.problems)
    # Without the directory the signed roots still catch it, bounded by the checkpoints around it.
    bare = _verify(url, policy, with_directory=False)
    assert not bare.ok and bare.first_bad_seq == 5 and "5..8" in bare.problems[0].reason


def test_a_deleted_event_is_located(log):
    """Deleting seq 6 leaves a gap at 6."""
    url, policy = log
    with _superuser(url) as su:
        su.execute("DELETE FROM audit_events WHERE seq = 6")
    assert _verify(url, policy).first_bad_seq == 6


def test_a_forged_event_inserted_into_the_middle_is_located(log):
    """The attacker shifts seq 7.. up by one and inserts a well-chained forged event as seq 7."""
    url, policy = log
    with _superuser(url) as su:
        su.execute("UPDATE audit_events SET seq = seq + 100 WHERE seq >= 7")
        su.execute("UPDATE audit_events SET seq = seq - 99 WHERE seq >= 107")
        prev = su.execute("SELECT hash FROM audit_events WHERE seq = 6").fetchone()[0]
        raw, digest = seal(seq=7, event_type="decided", actor="user:forger", subject="submission:x/v1",
                           time="2026-01-01T00:00:00.000000Z", payload={"outcome": "approve"}, prev_hash=prev)
        su.execute("INSERT INTO audit_events (seq, event_type, actor, subject, occurred_at, body, prev_hash, hash,"
                   " leaf_hash) VALUES (7, 'decided', 'user:forger', 'submission:x/v1', now(), %s, %s, %s, %s)",
                   (raw, prev, digest, leaf_hash(raw.encode())))
    verdict = _verify(url, policy)
    assert verdict.first_bad_seq == 7


def test_two_reordered_events_are_located(log):
    """Swapping the bodies of seq 5 and 6 is caught at 5."""
    url, policy = log
    with _superuser(url) as su:
        su.execute("UPDATE audit_events SET seq = 1000 WHERE seq = 5")
        su.execute("UPDATE audit_events SET seq = 5 WHERE seq = 6")
        su.execute("UPDATE audit_events SET seq = 6 WHERE seq = 1000")
    assert _verify(url, policy).first_bad_seq == 5


def test_truncate_and_rebuild_a_shorter_consistent_log_is_caught_as_a_rollback(log):
    """TRUNCATE both tables, replay events 1..5 and append two new ones through the real append:
    the chain is self-consistent and shorter than the last checkpoint. The directory's signed
    checkpoints expose the rollback and its leaves name seq 6."""
    url, policy = log
    with _superuser(url) as su:
        kept = su.execute("SELECT seq, event_type, actor, subject, occurred_at, body, prev_hash, hash, leaf_hash"
                          " FROM audit_events WHERE seq <= 5 ORDER BY seq").fetchall()
        su.execute("TRUNCATE audit_events, audit_checkpoints")
        with su.cursor() as cur:
            cur.executemany("INSERT INTO audit_events (seq, event_type, actor, subject, occurred_at, body, prev_hash,"
                            " hash, leaf_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", kept)
    with psycopg.connect(url) as conn:
        append(conn, [_event(60), _event(70)])
        conn.commit()
    verdict = _verify(url, policy)
    assert verdict.events == 7
    assert verdict.first_bad_seq == 6
    assert any("rollback" in p.reason and p.checkpoint == 12 for p in verdict.problems)


def test_checkpoints_re_signed_with_another_key_are_refused(log):
    """The attacker rewrites seq 3, re-chains, deletes the checkpoints and signs new ones with a key
    of the same name. The trusted key rejects every forged checkpoint; the directory names seq 3."""
    url, policy = log
    forger = generate(ORIGIN)
    with _superuser(url) as su:
        su.execute("UPDATE audit_events SET body = replace(body, 'case 3', 'case 0') WHERE seq = 3")
        _rechain_from(su, 3)
        su.execute("DELETE FROM audit_checkpoints")
        leaves = [bytes(r[0]) for r in su.execute("SELECT leaf_hash FROM audit_events ORDER BY seq").fetchall()]
        for size in (4, 8, 12):
            compact = CompactRange()
            compact.extend(leaves[:size])
            note = sign_checkpoint(Checkpoint(ORIGIN, size, compact.root()), forger)
            su.execute("INSERT INTO audit_checkpoints (tree_size, root_hash, note, frontier) VALUES (%s, %s, %s, '')",
                       (size, compact.root(), note))
    bare = _verify(url, policy, with_directory=False)
    assert not bare.ok
    assert sorted(p.checkpoint for p in bare.problems if "does not verify" in p.reason) == [4, 8, 12]
    assert _verify(url, policy).first_bad_seq == 3
    # With the forger's key everything "verifies": the key an auditor trusts is what matters.
    assert _verify(url, policy, key=forger.verifier, with_directory=False).ok


def test_the_writer_role_may_insert_and_select_but_not_change_the_trail(fresh_db):
    """finreview_audit_writer has INSERT and SELECT only: even with the triggers disabled for the
    session, UPDATE, DELETE and TRUNCATE are refused by privileges."""
    import secrets

    login = f"finreview_app_{secrets.token_hex(3)}"
    with psycopg.connect(fresh_db, autocommit=True) as su:
        su.execute(f"CREATE ROLE {login} LOGIN IN ROLE finreview_audit_writer")
    try:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(fresh_db)
        url = urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.username or "postgres", login, 1)))
        with psycopg.connect(url) as conn:
            assert append(conn, [_event(1)]) == [1]
            conn.commit()
            for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events",
                              "TRUNCATE audit_events", "DELETE FROM audit_checkpoints"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                    conn.execute(statement)
                conn.rollback()
    finally:
        with psycopg.connect(fresh_db, autocommit=True) as su:
            su.execute(f"DROP OWNED BY {login}")
            su.execute(f"DROP ROLE {login}")


def test_trigger_functions_are_security_definer_with_a_pinned_search_path(fresh_db):
    """Every trigger function guarding the trail runs as its owner with search_path = pg_catalog."""
    with psycopg.connect(fresh_db) as conn:
        rows = conn.execute("SELECT proname, prosecdef, proconfig FROM pg_proc"
                            " WHERE proname IN ('audit_events_refuse_change', 'audit_refuse_change')").fetchall()
    assert len(rows) == 2
    assert all(secdef and config == ["search_path=pg_catalog"] for _, secdef, config in rows)


@pytest.mark.parametrize("statement", ["UPDATE audit_checkpoints SET note = ''", "DELETE FROM audit_checkpoints",
                                       "TRUNCATE audit_checkpoints"])
def test_the_checkpoint_table_refuses_changes(log, statement):
    """Signed checkpoints are append-only like the events."""
    url, _ = log
    with psycopg.connect(url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            conn.execute(statement)
