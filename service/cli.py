"""The `finreview` command line (Typer). Commands are thin: they call domain functions."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.schemas import Channel, Jurisdiction, Language, Product  # noqa: F401  (documented choices)

app = typer.Typer(help="finreview: compliance review of financial marketing copy.", no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  add_completion=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Users, roles and API keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")


class Fmt(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


JURISDICTIONS = ("TW", "US", "UK")
PRODUCTS = ("credit_card", "deposit", "loan", "fund", "securities", "insurance", "crypto", "other")
CHANNELS = ("web", "email", "sms", "social", "print", "video", "push", "other")
LANGS = ("auto", "zh-TW", "en")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        fail(f"{option} must be one of {', '.join(allowed)} (got {value!r})")
    return value


@app.command()
def check(
    file: Annotated[Optional[str], typer.Argument(help="File with the copy, or - for standard input.")] = None,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="TW, US or UK")] = None,
    product: Annotated[Optional[str], typer.Option(help=", ".join(PRODUCTS))] = None,
    channel: Annotated[Optional[str], typer.Option(help=", ".join(CHANNELS))] = None,
    lang: Annotated[str, typer.Option("--lang", help="auto, zh-TW or en")] = "auto",
    fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.text,
    batch: Annotated[Optional[Path], typer.Option(help="JSONL input: one {id, text, ...} per line.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Where --batch writes its JSONL (default: stdout).")] = None,
    jobs: Annotated[int, typer.Option(min=1, max=64, help="Processes reviewing a --batch (output order is kept).")] = 1,
    explain: Annotated[Optional[bool], typer.Option(
        "--explain/--no-explain", help="Classifier evidence for copy sent to an officer (default: on for one copy, "
                                       "off for --batch).")] = None,
) -> None:
    """Check copy synchronously with the same pipeline as the workers. No database needed.

    Exit 0 = pass, 1 = review or block, 2 = usage or input error. With --batch, exit 0 once the run completes."""
    from service import check_cmd

    _choice(jurisdiction, JURISDICTIONS, "--jurisdiction")
    _choice(product, PRODUCTS, "--product")
    _choice(channel, CHANNELS, "--channel")
    _choice(lang, LANGS, "--lang")
    if batch is not None:
        if file is not None:
            fail("give either FILE or --batch, not both")
        code = check_cmd.check_batch(batch, out, jurisdiction=jurisdiction, product=product, channel=channel, lang=lang,
                                     jobs=jobs, explain=bool(explain))
    else:
        missing = [name for name, value in (("--jurisdiction", jurisdiction), ("--product", product),
                                             ("--channel", channel)) if value is None]
        if missing:
            fail(f"missing {', '.join(missing)}")
        code = check_cmd.check_one(file or "-", jurisdiction=jurisdiction, product=product, channel=channel,
                                   lang=lang, fmt=fmt.value, explain=explain is not False)
    raise typer.Exit(code)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Load sample copy, users and decisions.")] = False,
    worker: Annotated[Optional[bool], typer.Option("--worker/--no-worker",
                      help="Also run a worker (default: yes in embedded mode, i.e. without DATABASE_URL).")] = None,
) -> None:
    """Run the API and the reconciler (and, in embedded mode, a worker)."""
    from service.processes import serve as run

    run(host=host, port=port, demo=demo, with_worker=worker)


@app.command()
def worker(
    concurrency: Annotated[Optional[int], typer.Option(help="Worker processes (default FINREVIEW_WORKER_CONCURRENCY).")] = None,
    reconciler: Annotated[bool, typer.Option("--reconciler/--no-reconciler", help="Also run the reconciler loop.")] = True,
) -> None:
    """Run a Celery worker (and the reconciler that re-sends lost jobs)."""
    from service.processes import run_worker

    run_worker(concurrency=concurrency, reconciler=reconciler)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations."""
    from service.processes import prepare_database

    _, applied = prepare_database()
    typer.echo(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))


def _users_db():
    import psycopg

    from service.processes import prepare_database

    settings, _ = prepare_database()
    return psycopg.connect(settings.database_url)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="A unique user name.")],
    role: Annotated[str, typer.Option(help="submitter, reviewer, senior_reviewer, auditor or admin")],
    password: Annotated[bool, typer.Option("--password", help="Also set a password for the web desk (prompted).")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")] = False,
) -> None:
    """Create a user, print a new API key (shown once) and optionally set a desk password."""
    from service.identity import ROLES, UserExists, create_user, issue_key
    from service.sessions import WeakPassword, set_password

    _choice(role, ROLES, "--role")
    wants_password = password_stdin or password
    secret = _read_password(password_stdin) if wants_password else None
    with _users_db() as conn:
        try:
            user_id = create_user(conn, name=name, role=role)
            if secret is not None:
                set_password(conn, user_id=user_id, password=secret)
        except UserExists:
            fail(f"user {name!r} already exists")
        except WeakPassword as exc:
            fail(str(exc))
        key = issue_key(conn, user_id=user_id)
    typer.echo(f"user {name} ({role}) created; API key (shown once):\n{key}")


@users_app.command("list")
def users_list() -> None:
    """List users with their role, state, password and number of active API keys (never the keys)."""
    from service.identity import list_users

    with _users_db() as conn:
        rows = list_users(conn)
    typer.echo(f"{'id':>4}  {'name':24} {'role':16} {'state':9} {'password':9} active_keys")
    for r in rows:
        typer.echo(f"{r['id']:>4}  {r['name']:24} {r['role']:16} {'disabled' if r['disabled'] else 'active':9} "
                   f"{'yes' if r['has_password'] else 'no':9} {r['active_keys']}")


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument(help="The user to disable.")]) -> None:
    """Disable a user: their API keys are revoked and their sessions end at once."""
    from service.identity import disable_user

    with _users_db() as conn:
        if not disable_user(conn, name=name):
            fail(f"no user {name!r}", 1)
    typer.echo(f"user {name} disabled; keys revoked, sessions ended")


@users_app.command("reset-key")
def users_reset_key(name: Annotated[str, typer.Argument(help="The user whose keys to replace.")]) -> None:
    """Revoke every API key of the user and print one new key (shown once)."""
    from service.identity import find_user, reset_key

    with _users_db() as conn:
        found = find_user(conn, name=name)
        if found is None:
            fail(f"no user {name!r}", 1)
        key = reset_key(conn, user_id=found[0])
    typer.echo(f"old keys of {name} revoked; new API key (shown once):\n{key}")


@users_app.command("set-password")
def users_set_password(
    name: Annotated[str, typer.Argument(help="The user.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")] = False,
) -> None:
    """Set a desk password (Argon2id); this also lifts a lockout and ends the user's sessions."""
    from service.identity import find_user
    from service.sessions import WeakPassword, set_password

    secret = _read_password(password_stdin)
    with _users_db() as conn:
        found = find_user(conn, name=name)
        if found is None:
            fail(f"no user {name!r}", 1)
        try:
            set_password(conn, user_id=found[0], password=secret)
        except WeakPassword as exc:
            fail(str(exc))
    typer.echo(f"password of {name} set")


def _share_metrics_between_processes() -> None:
    """`serve` and `worker` processes record metrics in one directory under FINREVIEW_HOME, so the
    API's /metrics adds up the worker's too. prometheus_client reads the setting when it is first
    imported, hence this runs before anything else; an operator's own PROMETHEUS_MULTIPROC_DIR wins."""
    import os

    if len(sys.argv) > 1 and sys.argv[1] in ("serve", "worker") and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        target = Path(os.environ.get("FINREVIEW_HOME") or ".finreview").resolve() / "metrics"
        target.mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(target)


def _check_settings() -> None:
    """A bad value of one of our variables stops every command with a line naming it (exit 2),
    not a traceback from whichever command reads it first."""
    from pydantic import ValidationError

    from service.settings import Settings
    from workers.config import settings_problems

    try:
        Settings()
    except ValidationError as exc:
        for line in settings_problems(exc):
            typer.echo(f"error: {line}", err=True)
        raise SystemExit(2) from None


def main() -> None:
    _share_metrics_between_processes()
    from service.cli_audit import audit_app
    from service.cli_classifier import classifier_app
    from service.cli_privacy import privacy_app
    from service.cli_rules import rules_app

    app.add_typer(rules_app, name="rules")
    app.add_typer(classifier_app, name="classifier")
    app.add_typer(audit_app, name="audit")
    app.add_typer(privacy_app, name="privacy")
    from service.cli_backup import backup_command, restore_command

    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    import psycopg

    _check_settings()
    try:
        app()
    except psycopg.OperationalError:
        # The driver's text can name hosts and users; the operator needs only what to check.
        typer.echo("error: cannot reach the database; check DATABASE_URL (or unset it to use the embedded "
                   "server) and that PostgreSQL is running", err=True)
        raise SystemExit(3) from None


if __name__ == "__main__":
    main()
