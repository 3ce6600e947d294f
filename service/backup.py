"""`finreview backup DIR` and `finreview restore DIR`: a consistent copy of what the audit trail
rests on, and loading it into an empty database without losing the trail's guarantees.

A backup holds the database (pg_dump, custom format, taken from one snapshot), the checkpoint
files that snapshot's events cover, the audit public key, and a manifest with every file's SHA-256
(written last: a backup without it is incomplete). Restoring an older backup over a checkpoint
directory that has signed more events than the backup holds would silently drop those events; it
is refused as a rollback, naming the first missing sequence number, unless the operator accepts
it, and then `audit verify` keeps reporting it (the checkpoint directory is write-once)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psycopg

from audit import checkpoint_dir

MANIFEST = "manifest.json"
DUMP = "database.dump"
CHECKPOINTS = "checkpoints"
PUBLIC_KEY = "audit-public.key"
FORMAT = 1


class BackupError(Exception):
    """The backup or its target cannot be used (a usage or input error)."""


@dataclass(frozen=True)
class Rollback(Exception):
    """Restoring would lose events a checkpoint already signed."""
    held: int  # events in the backup
    signed: int  # the newest checkpoint's tree size in the checkpoint directory

    @property
    def first_missing(self) -> int:
        return self.held + 1

    def __str__(self) -> str:
        return (f"rollback: the checkpoint directory holds a checkpoint signed over {self.signed} events, "
                f"but this backup holds {self.held}; events {self.first_missing}..{self.signed} are not in it "
                f"(first missing: seq {self.first_missing})")


def pg_tool(name: str, server_version_num: int) -> str:
    """The pg_dump/pg_restore to use: the one shipped with pgserver (a PyPI dependency, so it is
    always there) unless the machine's own matches the server's major version exactly."""
    import pgserver

    bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    system = shutil.which(name)
    if system:
        found = subprocess.run([system, "--version"], capture_output=True, text=True).stdout
        major = next((int(w.split(".")[0]) for w in found.split() if w[:1].isdigit()), 0)
        if major == server_version_num // 10000:
            return system
    return str(bundled)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:  # the tool's own message; it never holds the connection's password
        raise BackupError(f"{what} failed: {done.stderr.strip()[-800:]}")


def backup(database_url: str, out: Path, *, checkpoints: Path, public_key: str | None) -> dict:
    """Write a backup into ``out`` (new or empty). Returns the manifest."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} exists and is not an empty directory; a backup never overwrites one")
    out.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(database_url) as conn:
        # One snapshot for the dump and for the event count the checkpoint files are cut at.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        events = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_events").fetchone()[0]
        migrations = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])
        _run([pg_tool("pg_dump", version), "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={out / DUMP}", f"--dbname={database_url}"], "pg_dump")
        conn.rollback()
    sizes = checkpoint_dir.copy_in(checkpoints, out / CHECKPOINTS, up_to=events)
    if public_key:
        (out / PUBLIC_KEY).write_text(public_key + "\n", encoding="utf-8")
    files = sorted(p for p in out.rglob("*") if p.is_file())
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(), "events": events,
                "checkpoints": sorted(sizes), "migrations": migrations, "server_version_num": version,
                "public_key": public_key,
                "files": {str(p.relative_to(out)): _sha256(p) for p in files}}
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return manifest


def read_manifest(source: Path) -> dict:
    """The backup's manifest, after checking every file it lists against its digest."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a finreview backup (no {MANIFEST}; an interrupted backup has none)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    for name, digest in manifest["files"].items():
        file = source / name
        if not file.is_file():
            raise BackupError(f"backup damaged: {name} is missing")
        if _sha256(file) != digest:
            raise BackupError(f"backup damaged: {name} differs from its manifest")
    return manifest


def rollback_against(manifest: dict, checkpoints: Path) -> Rollback | None:
    """Whether the checkpoint directory has signed more events than the backup holds."""
    signed = max(checkpoint_dir.files(checkpoints), default=0)
    return Rollback(held=manifest["events"], signed=signed) if signed > manifest["events"] else None


def restore(source: Path, database_url: str, *, checkpoints: Path, allow_rollback: bool = False) -> dict:
    """Load the backup in ``source`` into the empty database at ``database_url`` and put its
    checkpoint files into ``checkpoints``. Raises Rollback (nothing restored) when the directory
    has signed events the backup lacks, unless ``allow_rollback``."""
    manifest = read_manifest(source)
    with psycopg.connect(database_url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
                              "'information_schema')").fetchone()[0]
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])
    if tables:
        raise BackupError(f"the target database is not empty ({tables} tables); restore loads into an empty one")
    rollback = rollback_against(manifest, checkpoints)
    if rollback is not None and not allow_rollback:
        raise rollback
    for size, paths in checkpoint_dir.files(source / CHECKPOINTS).items():
        for path in paths:  # a checkpoint of the same size that differs is a fork, not a backup of this log
            mine = checkpoints / path.name
            if mine.exists() and mine.read_bytes() != path.read_bytes():
                raise BackupError(f"checkpoint {size} in the backup differs from the one in {checkpoints}: "
                                  "the backup is of another log, or one of them was altered")
    _run([pg_tool("pg_restore", version), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={database_url}", str(source / DUMP)], "pg_restore")
    checkpoint_dir.copy_in(source / CHECKPOINTS, checkpoints)
    return manifest
