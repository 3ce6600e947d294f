"""`finreview backup DIR` and `finreview restore DIR` (service/backup.py does the work)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.cli import fail


def backup_command(
    directory: Annotated[Path, typer.Argument(help="A new (or empty) directory to write the backup into.")],
) -> None:
    """Write a consistent backup: the database (pg_dump, one snapshot), the audit checkpoint files
    that snapshot covers, and the audit public key, with a manifest of SHA-256 digests."""
    from service.backup import BackupError, backup
    from service.cli_audit import _configured_verifier
    from service.processes import prepare_database

    settings, _ = prepare_database()
    verifier = _configured_verifier(settings)
    try:
        manifest = backup(settings.database_url, directory, checkpoints=settings.checkpoints_path,
                          public_key=verifier.encode() if verifier else None)
    except BackupError as exc:
        fail(str(exc))
    key = "the audit public key" if manifest["public_key"] else "no audit public key (none is configured)"
    typer.echo(f"backup written to {directory}: {manifest['events']} audit events, "
               f"{len(manifest['checkpoints'])} checkpoint(s), {key}")


def restore_command(
    directory: Annotated[Path, typer.Argument(help="A directory written by `finreview backup`.")],
    allow_rollback: Annotated[bool, typer.Option(
        "--allow-rollback", help="Restore even if the checkpoint directory signed events this backup lacks "
                                 "(they are then lost, and `audit verify` keeps saying so).")] = False,
) -> None:
    """Load a backup into an empty database, add its checkpoints to the checkpoint directory, bring
    the schema up to date and verify the audit trail.

    Exit 0 = restored and verified, 1 = a rollback was refused or verification failed, 2 = usage or
    input error (not a backup, a damaged one, a database that is not empty)."""
    import psycopg

    from audit.note import parse_verifier
    from service.backup import BackupError, Rollback, restore
    from service.cli_audit import _configured_verifier, _report
    from service.embedded import ensure_database
    from service.migrations import upgrade
    from service.settings import Settings
    from workers.audit_trail import verify

    settings = Settings()
    server = ensure_database(settings)  # held until the command ends; not migrated: it must be empty
    try:
        manifest = restore(directory, settings.database_url, checkpoints=settings.checkpoints_path,
                           allow_rollback=allow_rollback)
    except Rollback as exc:
        fail(f"{exc}. Nothing was restored; --allow-rollback restores it anyway", code=1)
    except BackupError as exc:
        fail(str(exc))
    upgrade(settings.database_url)
    typer.echo(f"restored {manifest['events']} audit events from {directory} (backup of {manifest['created_at']})")
    verifier = _configured_verifier(settings)
    if verifier is None and manifest["public_key"]:
        verifier = parse_verifier(manifest["public_key"])
        typer.echo("note: no audit key is configured here; verifying with the backup's public key", err=True)
    with psycopg.connect(settings.database_url) as conn:
        verdict = verify(conn, settings, verifier)
    del server
    _report(verdict)
