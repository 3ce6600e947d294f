"""`finreview rules ...`: listing, testing, linting, explaining and replaying rule packs."""
from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Optional

import typer

from service.cli import fail

rules_app = typer.Typer(help="Rule packs.", no_args_is_help=True)


def _packs():
    from rulesets.packs import load_packs
    from workers.config import RuntimeConfig

    try:
        return load_packs(RuntimeConfig().rules_dir)
    except Exception as exc:  # a broken pack names its file and field; show that, not a traceback
        fail(str(exc))


@rules_app.command("list")
def rules_list(
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="TW, US or UK")] = None,
    product: Annotated[Optional[str], typer.Option(help="Only rules in scope for this product.")] = None,
    channel: Annotated[Optional[str], typer.Option(help="Only rules in scope for this channel.")] = None,
) -> None:
    """List the rule packs and their rules."""
    for pack in _packs():
        if jurisdiction and pack.jurisdiction != jurisdiction.upper():
            continue
        rules = [r for r in pack.rules if _in_scope(r.scope.products, product) and _in_scope(r.scope.channels, channel)]
        if not rules:
            continue
        typer.echo(f"{pack.name}  {pack.fingerprint[:16]}  ({len(rules)} rules)")
        for rule in rules:
            typer.echo(f"  {rule.id:50} {rule.severity:8} {rule.check.type:13} {rule.title}")


def _in_scope(allowed: list[str], value: str | None) -> bool:
    return value is None or "*" in allowed or value in allowed


@rules_app.command("explain")
def rules_explain(rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. tw.fsc.card.slogan-required")]) -> None:
    """Show a rule: what it checks, its citation, its scope and its examples."""
    for pack in _packs():
        for rule in pack.rules:
            if rule.id == rule_id:
                typer.echo(_explain(pack.name, rule))
                return
    fail(f"no rule {rule_id!r} (see `finreview rules list`)")


def _explain(pack: str, rule) -> str:
    c = rule.citation
    lines = [f"{rule.id}  [{rule.severity}]  pack {pack}", rule.title, "",
             f"zh-TW: {rule.message.zh_tw}", f"en:    {rule.message.en}", "",
             f"citation: {c.instrument} {c.article}" + (f" <{c.link}>" if c.link else ""),
             f"effective: {rule.effective.from_}" + (f" to {rule.effective.to}" if rule.effective.to else ""),
             f"scope: products {', '.join(rule.scope.products)}; channels {', '.join(rule.scope.channels)}",
             f"check: {json.dumps(rule.check.model_dump(mode='json', exclude_none=True), ensure_ascii=False)}"]
    if rule.suggestion:
        lines.append(f"suggestion: {rule.suggestion.zh_tw or ''} {rule.suggestion.en or ''}".rstrip())
    lines += ["", "fires on:"] + [f"  + {t}" for t in rule.examples.flag]
    lines += ["stays quiet on:"] + [f"  - {t}" for t in rule.examples.pass_]
    return "\n".join(lines)


@rules_app.command("test")
def rules_test() -> None:
    """Run every rule's flag/pass examples and report per rule."""
    from rulesets.testing import run_examples

    results = run_examples(_packs())
    per_rule: dict[str, list] = {}
    for r in results:
        per_rule.setdefault(r.rule_id, []).append(r)
    failed = 0
    for rule_id, rs in sorted(per_rule.items()):
        bad = [r for r in rs if not r.ok]
        failed += len(bad)
        typer.echo(f"{'FAIL' if bad else 'ok  '} {rule_id:50} {len(rs) - len(bad)}/{len(rs)}")
        for r in bad:
            typer.echo(f"       {r.kind} example misbehaves: {r.text}", err=True)
    typer.echo(f"{len(results) - failed}/{len(results)} examples behave as declared in {len(per_rule)} rules")
    raise typer.Exit(1 if failed else 0)


@rules_app.command("lint")
def rules_lint() -> None:
    """Check rule files: duplicate ids, empty messages, missing citations, too few examples."""
    from rulesets.testing import lint

    problems = lint(_packs())
    for p in problems:
        typer.echo(p, err=True)
    typer.echo(f"{len(problems)} problem(s)")
    raise typer.Exit(1 if problems else 0)


@rules_app.command("replay")
def rules_replay(
    since: Annotated[str, typer.Option(help="First submission date to replay (YYYY-MM-DD).")],
    limit: Annotated[int, typer.Option(help="Most versions to replay.")] = 10_000,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Re-run stored copy against the working packs; list the past verdicts that would change."""
    from service.processes import prepare_database
    from workers.components import load_components
    from workers.db import open_pool
    from workers.replay import replay

    try:
        start = date.fromisoformat(since)
    except ValueError:
        fail(f"--since must be a date like 2026-01-31 (got {since!r})")
    settings, _ = prepare_database()
    pool = open_pool(settings.require_database_url(), max_size=2, name="finreview-replay")
    try:
        changes, total = replay(pool, since=start, components=load_components(settings), limit=limit)
    finally:
        pool.close()
    for change in changes:
        if fmt == "json":
            typer.echo(json.dumps(change, ensure_ascii=False, default=str))
        else:
            typer.echo(_change_line(change))
    if not changes and fmt != "json":
        typer.echo("no change")
    typer.echo(f"replayed {total} version(s) since {start}: {len(changes)} would change", err=True)


def _change_line(change: dict) -> str:
    decided = f" (decided: {change['decision']})" if change["decision"] else ""
    added, removed = change["rules_added"], change["rules_removed"]
    if added or removed:
        rules = "; ".join(part for part in (
            f"rules added: {', '.join(added)}" if added else "",
            f"rules removed: {', '.join(removed)}" if removed else "") if part)
    else:
        rules = "same rules fire (the classifier or routing changed the verdict)"
    return (f"{change['submission_id']} v{change['version']}: {change['old_verdict']} -> "
            f"{change['new_verdict']}{decided}; {rules}")
