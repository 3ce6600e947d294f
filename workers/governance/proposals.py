"""Proposing a change: what differs between the files and the register, and what a change would
do to past copy (a replay of the in-force set with only that one artifact swapped in)."""
from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, timedelta
from typing import Any

from workers.components import Components
from workers.governance.inventory import RETIRABLE, RETIRED, Artifact, inventory, retirement
from workers.governance.policy import GovernancePolicy

REPLAY_SHOWN = 50  # changed items kept in the proposal (all are counted)


def pending(working: Components, approved: dict) -> list[Artifact]:
    """Artifacts loaded from the files whose version is not the one in force, and the retirement
    of each pack or purpose policy in force that the files no longer hold."""
    loaded = inventory(working)
    changed = [a for a in loaded if approved.get(a.key) is None or approved[a.key].fingerprint != a.fingerprint]
    here = {a.key for a in loaded}
    gone = [retirement(kind, name) for (kind, name), row in sorted(approved.items())
            if kind in RETIRABLE and (kind, name) not in here and row.fingerprint != RETIRED]
    return changed + gone


def find_pending(working: Components, approved: dict, kind: str, name: str) -> Artifact | None:
    return next((a for a in pending(working, approved) if a.key == (kind, name)), None)


def with_change(view: Components, working: Components, artifact: Artifact) -> Components:
    """The in-force ``view`` with ``artifact`` as the files hold it, everything else as approved."""
    if artifact.kind == "rule_pack":
        packs = [p for p in view.packs or () if p.name != artifact.name]
        packs += [p for p in working.packs or () if p.name == artifact.name and not artifact.retires]
        return dataclasses.replace(view, packs=sorted(packs, key=lambda p: p.name))
    if artifact.kind == "routing_policy":
        return dataclasses.replace(view, policy=working.policy)
    if artifact.kind == "purpose_policy":
        jurisdiction = artifact.name.split(".", 1)[1].upper()
        purpose = {j: p for j, p in (view.purpose or {}).items() if j != jurisdiction}
        if not artifact.retires:
            purpose[jurisdiction] = working.purpose[jurisdiction]
        return dataclasses.replace(view, purpose=purpose)
    errors = {k: v for k, v in view.load_errors.items() if k != "classifier"}
    return dataclasses.replace(view, model=working.model, load_errors=errors)


def impact(pool, view: Components, policy: GovernancePolicy, *, today: date | None = None) -> dict[str, Any]:
    """Replay the last ``policy.replay.days`` of copy under ``view``: how many verdicts would change."""
    from workers.replay import replay

    since = (today or date.today()) - timedelta(days=policy.replay.days)
    changes, checked = replay(pool, since=since, components=view, limit=policy.replay.limit)
    by_change = Counter(f"{c['old_verdict']}->{c['new_verdict']}" for c in changes)
    return {"since": since.isoformat(), "checked": checked, "changed": len(changes),
            "by_change": dict(sorted(by_change.items())), "changes": changes[:REPLAY_SHOWN]}
