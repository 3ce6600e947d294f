"""`finreview backup` and `finreview restore` through the CLI, on real PostgreSQL databases of
their own: a restored trail verifies; restoring an older backup over a checkpoint directory that has
signed more is refused as a rollback naming the first missing sequence number (and, when accepted,
`audit verify` keeps reporting it); damaged backups and non-empty targets are usage errors."""
from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import AUDIT_KEY, ROOT
from workers.store.submissions import NewCopy, store_copy


def finreview(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def submit(url: str, n: int) -> list[str]:
    """``n`` submissions stored as the API stores them (each appends its audit events)."""
    copy = NewCopy(text="星光卡回饋1%。謹慎理財 信用至上", language="zh-TW", jurisdiction="TW", product="credit_card",
                   channel="web", campaign_id="camp-backup")
    with psycopg.connect(url) as conn:
        ids = [str(store_copy(conn, submitted_by=f"user:backup-{secrets.token_hex(3)}", copy=copy,
                              pipeline_version="t").submission_id) for _ in range(n)]
        conn.commit()
    return ids


def events(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT coalesce(max(seq), 0) FROM audit_events").fetchone()[0]


def tables(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


@pytest.fixture
def env(service_env, fresh_db, tmp_path):
    """The source deployment: a database of its own, a FINREVIEW_HOME (and so a checkpoint
    directory) of its own, and the session's audit key."""
    return dict(service_env, DATABASE_URL=fresh_db, FINREVIEW_HOME=str(tmp_path / "home"), FINREVIEW_AUDIT_KEY=AUDIT_KEY)


def test_a_backup_restores_into_an_empty_database_and_its_trail_verifies(env, empty_db, tmp_path):
    """Backup of a signed trail, restored on a new host (its own checkpoint directory): the same
    submissions and events, the checkpoint files with them, and `audit verify` passes there."""
    submitted = submit(env["DATABASE_URL"], 3)
    assert finreview("audit", "checkpoint", env=env).returncode == 0
    submit(env["DATABASE_URL"], 1)  # events after the last checkpoint are in the backup too
    backup = finreview("backup", str(tmp_path / "b1"), env=env)
    assert backup.returncode == 0, backup.stderr
    manifest = json.loads((tmp_path / "b1" / "manifest.json").read_text())
    assert manifest["events"] == events(env["DATABASE_URL"]) and len(manifest["checkpoints"]) == 1
    assert manifest["public_key"] and (tmp_path / "b1" / "audit-public.key").is_file()

    target = dict(env, DATABASE_URL=empty_db, FINREVIEW_HOME=str(tmp_path / "new-host"))
    restored = finreview("restore", str(tmp_path / "b1"), env=target)
    assert restored.returncode == 0, restored.stderr
    assert "signed checkpoints verified" in restored.stdout
    assert events(empty_db) == manifest["events"]
    with psycopg.connect(empty_db) as conn:
        found = {r[0] for r in conn.execute("SELECT id::text FROM submissions WHERE campaign_id = 'camp-backup'")}
    assert set(submitted) <= found
    assert len(list((tmp_path / "new-host" / "checkpoints").glob("*.checkpoint"))) == 1
    verify = finreview("audit", "verify", env=target)
    assert verify.returncode == 0, verify.stderr


def test_restoring_an_older_backup_over_newer_checkpoints_is_a_rollback_naming_the_first_missing_seq(env, empty_db,
                                                                                                       tmp_path):
    """The database is lost and an old backup is all there is, while the checkpoint directory has
    since signed more events: restore refuses and names the first event the backup lacks, leaving
    the target empty; with --allow-rollback it restores, and `audit verify` reports the rollback."""
    submit(env["DATABASE_URL"], 2)
    assert finreview("audit", "checkpoint", env=env).returncode == 0
    assert finreview("backup", str(tmp_path / "old"), env=env).returncode == 0
    held = events(env["DATABASE_URL"])
    submit(env["DATABASE_URL"], 2)
    assert finreview("audit", "checkpoint", env=env).returncode == 0
    signed = events(env["DATABASE_URL"])
    assert signed > held

    target = dict(env, DATABASE_URL=empty_db)  # same host: same checkpoint directory
    refused = finreview("restore", str(tmp_path / "old"), env=target)
    assert refused.returncode == 1
    assert f"first missing: seq {held + 1}" in refused.stderr and f"{signed} events" in refused.stderr
    assert tables(empty_db) == 0  # nothing restored

    forced = finreview("restore", "--allow-rollback", str(tmp_path / "old"), env=target)
    assert forced.returncode == 1
    assert f"seq {held + 1}" in forced.stderr and "rollback" in forced.stderr
    verify = finreview("audit", "verify", env=target)
    assert verify.returncode == 1 and "rollback" in verify.stderr and f"seq {held + 1}" in verify.stderr


def test_bad_backups_and_bad_targets_are_usage_errors_that_change_nothing(env, empty_db, tmp_path):
    """Not a backup, a damaged dump, a target database that is not empty, an output directory
    that is not empty: exit 2 with the reason, and nothing overwritten."""
    submit(env["DATABASE_URL"], 1)
    good = tmp_path / "good"
    assert finreview("backup", str(good), env=env).returncode == 0

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    again = finreview("backup", str(busy), env=env)
    assert again.returncode == 2 and "not an empty directory" in again.stderr
    assert (busy / "keep.txt").read_text() == "mine"

    target = dict(env, DATABASE_URL=empty_db, FINREVIEW_HOME=str(tmp_path / "new-host"))
    not_backup = finreview("restore", str(busy), env=target)
    assert not_backup.returncode == 2 and "not a finreview backup" in not_backup.stderr

    into_live = finreview("restore", str(good), env=dict(target, DATABASE_URL=env["DATABASE_URL"]))
    assert into_live.returncode == 2 and "not empty" in into_live.stderr

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for path in good.iterdir():
        (damaged / path.name).write_bytes(path.read_bytes())
    dump = damaged / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-64] + b"\0" * 64)
    broken = finreview("restore", str(damaged), env=target)
    assert broken.returncode == 2 and "database.dump differs from its manifest" in broken.stderr
    assert tables(empty_db) == 0


def test_a_checkpoint_over_events_the_snapshot_lacks_stays_out_of_the_backup(env, tmp_path):
    """The backup's checkpoint files are cut at the events its database snapshot holds: a checkpoint
    signed after the snapshot (here, files of a bigger tree placed in the directory) is left out,
    so a backup never reports a rollback of itself when restored."""
    submit(env["DATABASE_URL"], 1)
    assert finreview("audit", "checkpoint", env=env).returncode == 0
    held = events(env["DATABASE_URL"])
    checkpoints = Path(env["FINREVIEW_HOME"]) / "checkpoints"
    later = held + 5
    for suffix in (".leaves", ".checkpoint"):
        (checkpoints / f"{later:020d}{suffix}").write_bytes(b"signed after the snapshot")
    assert finreview("backup", str(tmp_path / "b"), env=env).returncode == 0
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["checkpoints"] == [held]
    assert sorted(p.name for p in (tmp_path / "b" / "checkpoints").iterdir()) == [
        f"{held:020d}.checkpoint", f"{held:020d}.leaves"]
