"""`finreview audit ...`: keys, checkpoints, verification (database or offline bundle) and export."""
from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli import fail

audit_app = typer.Typer(help="The audit trail: checkpoints, verification and export.", no_args_is_help=True)


class EventsFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def _verifier_from(text_or_path: str):
    from audit.note import NoteError, parse_verifier

    path = Path(text_or_path)
    text = path.read_text() if path.is_file() else text_or_path
    try:
        return parse_verifier(text.strip())
    except NoteError as exc:
        fail(f"--pubkey is not a verifier key (NAME+KEYID+BASE64) or a file holding one: {exc}")


def _configured_verifier(settings):
    """The configured key's public half, or None where no key exists yet (then nothing was signed
    with one here, and any checkpoint found is reported). Never generates a key to verify with."""
    from workers.keys import KeyConfigError, audit_signer

    if settings.audit_key is None and settings.audit_key_file is None \
            and not (settings.keys_dir / "audit-signing.key").exists():
        return None
    try:
        return audit_signer(settings).verifier
    except KeyConfigError as exc:
        fail(str(exc))


def _report(verdict) -> None:
    if verdict.ok:
        typer.echo(verdict.summary())
        return
    typer.echo(verdict.summary(), err=True)
    ranked = verdict.ranked()
    for problem in ranked[:20]:
        typer.echo(f"  {problem.place}: {problem.reason}", err=True)
    if len(ranked) > 20:
        typer.echo(f"  ... and {len(ranked) - 20} more", err=True)
    raise typer.Exit(1)


@audit_app.command("verify")
def audit_verify(
    bundle: Annotated[Optional[Path], typer.Argument(help="An exported bundle (.zip) to verify offline.")] = None,
    pubkey: Annotated[Optional[str], typer.Option(help="The log's public key (NAME+KEYID+BASE64) or a file with it.")] = None,
) -> None:
    """Recompute the chain and Merkle roots, check every checkpoint signature and name the first bad event.

    With BUNDLE: offline, with only --pubkey (no database, no server). Without: the database plus the
    checkpoint directory, against --pubkey or the configured key. Exit 0 = verified, 1 = tampering found
    (a checkpoint that fails under the key is named first), 2 = usage error (no key, not a bundle)."""
    if bundle is not None:
        from audit.bundle import NotABundle
        from audit.bundle_verify import verify_bundle_file

        if pubkey is None:
            fail("verifying a bundle needs --pubkey: the key you obtained from the firm, not the bundle's copy")
        if not bundle.is_file():
            fail(f"no bundle at {bundle}")
        verifier = _verifier_from(pubkey)
        try:
            verdict = verify_bundle_file(bundle, verifier)
        except NotABundle as exc:
            fail(str(exc))
        _report(verdict)
        return
    import psycopg

    from service.processes import prepare_database
    from workers.audit_trail import verify

    settings, _ = prepare_database()
    verifier = _verifier_from(pubkey) if pubkey else _configured_verifier(settings)
    with psycopg.connect(settings.database_url) as conn:
        verdict = verify(conn, settings, verifier)
    if verifier is None:
        if any(p.reason.startswith("no public key") for p in verdict.problems):
            fail("checkpoints exist but no audit key is configured here: pass --pubkey KEY "
                 "(or set FINREVIEW_AUDIT_KEY[_FILE])")
        typer.echo("note: no audit key is configured and nothing has been signed yet; chain and roots only", err=True)
    _report(verdict)


@audit_app.command("keygen")
def audit_keygen(
    out: Annotated[Path, typer.Option(help="Where to write the private signing key (mode 0600).")],
    origin: Annotated[Optional[str], typer.Option(help="The log's name (default FINREVIEW_AUDIT_ORIGIN).")] = None,
) -> None:
    """Create an Ed25519 checkpoint signing key; prints the public key to hand to auditors."""
    from audit.note import NoteError, generate
    from workers.config import RuntimeConfig

    name = origin or RuntimeConfig().audit_origin
    try:
        signer = generate(name)
    except NoteError as exc:
        fail(str(exc))
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"{out} exists; a signing key is never overwritten")
    except OSError as exc:
        fail(f"cannot create {out}: {exc.strerror}")
    with os.fdopen(fd, "w") as fh:
        fh.write(signer.encode() + "\n")
    public = signer.verifier.encode()
    Path(f"{out}.pub").write_text(public + "\n")
    typer.echo(f"signing key written to {out} (set FINREVIEW_AUDIT_KEY_FILE={out})")
    typer.echo(f"public key (also in {out}.pub; give it to auditors out of band):\n{public}")


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign a checkpoint of the log now (also done every N events or T seconds by the reconciler)."""
    import psycopg

    from service.processes import prepare_database
    from workers.audit_trail import checkpoint_now
    from workers.keys import KeyConfigError

    settings, _ = prepare_database()
    with psycopg.connect(settings.database_url) as conn:
        try:
            made = checkpoint_now(conn, settings)
        except KeyConfigError as exc:
            fail(str(exc))
    if made is None:
        typer.echo("nothing new to sign")
    else:
        typer.echo(f"checkpoint signed: tree size {made.size}, root {made.root.hex()}; "
                   f"kept in {settings.checkpoints_path}")


def parse_bound(value: str, option: str, *, end: bool) -> datetime:
    """A date (a whole day; --to includes it) or an ISO date-time; naive values are UTC."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day + timedelta(days=1) if end else day, time(), timezone.utc)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date (2026-01-31) or an ISO date-time (got {value!r})")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@audit_app.command("export")
def audit_export(
    from_: Annotated[str, typer.Option("--from", help="First day (or ISO date-time) to include.")],
    to: Annotated[str, typer.Option("--to", help="Last day to include (or an exclusive ISO date-time).")],
    out: Annotated[Path, typer.Option(help="The bundle to write (.zip).")],
    campaign: Annotated[Optional[str], typer.Option(help="Only this campaign's submissions.")] = None,
    fmt: Annotated[EventsFormat, typer.Option("--format", help="How the events are written.")] = EventsFormat.jsonl,
) -> None:
    """Export events with checkpoints, inclusion proofs, decisions CSV, public key and VERIFY.md."""
    import psycopg

    from service.processes import prepare_database
    from workers.audit_trail import count_in_range, run_export
    from workers.keys import KeyConfigError

    start, end = parse_bound(from_, "--from", end=False), parse_bound(to, "--to", end=True)
    if end <= start:
        fail("--to must not be before --from")
    if out.exists():
        fail(f"{out} exists; choose a new file")
    if not out.parent.is_dir():
        fail(f"no directory {out.parent}")
    settings, _ = prepare_database()
    with psycopg.connect(settings.database_url) as conn:
        total = count_in_range(conn, start, end)
        conn.rollback()
        try:
            # A bar only where someone watches a long export; scripts and short runs stay quiet.
            with typer.progressbar(length=total, label="exporting", file=None if total >= 10_000 else open(os.devnull, "w")) as bar:
                result = run_export(conn, settings, start=start, end=end, campaign=campaign, events_format=fmt.value,
                                    out=out, progress=bar.update)
        except KeyConfigError as exc:
            fail(str(exc))
    typer.echo(f"exported {result.events} events ({result.decisions} decisions) covered by checkpoints "
               f"{', '.join(map(str, result.checkpoints)) or '-'} to {out}")
