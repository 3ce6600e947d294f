"""`finreview privacy ...`: erasing a submission's personal data, and reading what is left."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from service.cli import fail

privacy_app = typer.Typer(help="Personal data: erasure by key destruction.", no_args_is_help=True)


def _db():
    import psycopg

    from service.processes import prepare_database

    settings, _ = prepare_database()
    return settings, psycopg.connect(settings.database_url)


def _submission(value: str) -> str:
    from service.ids import canonical_uuid

    found = canonical_uuid(value)
    if found is None:
        fail(f"--submission must be a submission id (a UUID), got {value!r}")
    return found


def _admin(conn, name: str) -> str:
    user = conn.execute("SELECT id, role, disabled_at IS NOT NULL FROM users WHERE name = %s", (name,)).fetchone()
    if user is None or user[1] != "admin" or user[2]:
        fail(f"--by must name an active admin user (got {name!r})")
    return f"user:{user[0]}"


@privacy_app.command("erase")
def privacy_erase(
    submission: Annotated[str, typer.Option(help="The submission whose content to erase.")],
    by: Annotated[str, typer.Option(help="The admin user doing it (recorded in the audit trail).")],
    override_reason: Annotated[Optional[str], typer.Option(
        help="Required before the retention period ends: why the copy may go early.")] = None,
) -> None:
    """Destroy the submission's data key and append an `erased` audit event; versions not yet
    decided are closed as `erased` (out of the queue, no claim or decision any more).

    Exit 0 = erased, 1 = refused (retention period not over, already erased, no such submission)."""
    from workers.retention import load_retention
    from workers.store.privacy import AlreadyErased, RetentionNotOver, erase

    submission_id = _submission(submission)
    settings, conn = _db()
    policy = load_retention(settings.retention_file)
    with conn:
        actor = _admin(conn, by)
        try:
            done = erase(conn, submission_id=submission_id, actor=actor, policy=policy,
                         override_reason=override_reason)
        except LookupError:
            fail(f"no submission {submission_id}", 1)
        except AlreadyErased:
            fail(f"submission {submission_id} was already erased", 1)
        except RetentionNotOver as exc:
            fail(f"retention ({exc.rule_id}) runs until {exc.until.isoformat()}; erasing earlier needs "
                 f"--override-reason", 1)
    closed = ", ".join(f"v{n}" for n in done.closed)
    typer.echo(f"erased {done.versions} version(s) of {submission_id}; data key destroyed; audit event seq {done.seq}"
               + (" (retention overridden)" if done.overridden else "")
               + (f"; closed {closed} as erased" if closed else ""))


@privacy_app.command("show")
def privacy_show(submission: Annotated[str, typer.Option(help="The submission to read.")]) -> None:
    """Print each version's copy, or that it was erased (exit 1 when the submission does not exist)."""
    from workers.content import vault

    submission_id = _submission(submission)
    settings, conn = _db()
    with conn:
        rows = conn.execute("SELECT version, text, content FROM submission_versions WHERE submission_id = %s"
                            " ORDER BY version", (submission_id,)).fetchall()
        if not rows:
            fail(f"no submission {submission_id}", 1)
        keys = vault(settings)
        for version, text, blob in rows:
            content = keys.open_or_none(conn, submission_id, version, blob=blob, legacy_text=text)
            typer.echo(f"v{version}: " + ("[erased]" if content is None else content.text))
