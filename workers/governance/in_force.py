"""Running what the register approved: the loaded components, with each rule pack and policy
replaced by its approved version where the files differ, and a model whose fingerprint nobody
approved held back (its copy goes to an officer, fail closed)."""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from typing import Any

from workers.components import FAIL_CLOSED_POLICY, Components
from workers.governance.inventory import RETIRED, inventory, model_fingerprint
from workers.governance.policy import GovernancePolicy, load_governance

log = logging.getLogger(__name__)


def pack_from(name: str, content: dict[str, Any]):
    from rulesets.packs import make_pack
    from rulesets.schema import Rule

    return make_pack(name, content["jurisdiction"], [Rule.model_validate(r) for r in content["rules"]])


def governed_parts(components: Components, approved: dict) -> dict[str, Any]:
    """The fields of ``components`` that the register decides (see module doc). ``approved``:
    (kind, name) -> InForce. A pack in the files that was never approved is not in force."""
    errors = dict(components.load_errors)
    working = {p.name: p for p in components.packs or ()}
    packs = []
    for (kind, name), row in sorted(approved.items()):
        if kind == "rule_pack" and row.fingerprint != RETIRED:
            here = working.get(name)
            if here is not None and here.fingerprint == row.fingerprint:
                packs.append(here)
                continue
            try:
                packs.append(pack_from(name, row.content))
            except Exception as exc:  # an approved version this code cannot read: fail closed, never skip quietly
                errors["rules"] = f"approved rule pack {name} cannot be loaded ({type(exc).__name__})"
    policy = components.policy
    routing = approved.get(("routing_policy", "routing"))
    if routing is None:
        policy, errors["policy"] = FAIL_CLOSED_POLICY, "no routing policy is approved in the register"
    elif "policy" in errors or policy.fingerprint != routing.fingerprint:
        from workers.routing import RoutingPolicy

        try:
            policy = RoutingPolicy.model_validate(routing.content)
            errors.pop("policy", None)
        except Exception as exc:
            policy, errors["policy"] = FAIL_CLOSED_POLICY, f"approved routing policy cannot be loaded ({type(exc).__name__})"
    purpose = dict(components.purpose or {})
    for (kind, name), row in approved.items():
        if kind == "purpose_policy":
            jurisdiction = name.split(".", 1)[1].upper()
            if row.fingerprint == RETIRED:
                purpose.pop(jurisdiction, None)
                continue
            if jurisdiction not in purpose or purpose[jurisdiction].fingerprint != row.fingerprint:
                from rulesets.purpose import PurposePolicy

                try:
                    purpose[jurisdiction] = PurposePolicy.model_validate(row.content)
                except Exception as exc:
                    purpose.pop(jurisdiction, None)
                    errors["purpose"] = f"approved purpose policy {name} cannot be loaded ({type(exc).__name__})"
    purpose = {j: p for j, p in purpose.items()
               if approved.get(("purpose_policy", f"purpose.{j.lower()}")) is not None}
    model = components.model
    if model is not None:
        row = approved.get(("model", model.id))
        if row is None or row.fingerprint != model_fingerprint(model):
            errors["classifier"] = (f"model {model.id}@{model.version} ({model_fingerprint(model)}) is not approved "
                                    "in the governance register")
            model = None
    return {"packs": sorted(packs, key=lambda p: p.name), "policy": policy, "purpose": purpose, "model": model,
            "load_errors": errors}


class Governor:
    """The in-force view for one process, re-read from the register every ``refresh_seconds``.
    A register that holds nothing yet is started with what this process loaded."""

    def __init__(self, policy: GovernancePolicy | None = None):
        self.policy = policy or load_governance()
        self._lock = threading.Lock()
        self._base: Components | None = None
        self._signature: tuple | None = None
        self._parts: dict[str, Any] | None = None
        self._expires = 0.0

    def view(self, pool, components: Components) -> Components:
        now = time.monotonic()
        with self._lock:
            if self._parts is None or self._base is not components or now >= self._expires:
                self._refresh(pool, components)
                self._expires = now + self.policy.monitoring.refresh_seconds
            return dataclasses.replace(components, **self._parts)

    def _refresh(self, pool, components: Components) -> None:
        try:
            self._read(pool, components)
        except Exception:
            if self._parts is None or self._base is not components:
                raise  # nothing approved is known yet: the job fails and is retried, never run ungoverned
            log.warning("governance register unreadable; keeping the last approved set", exc_info=True)

    def _read(self, pool, components: Components) -> None:
        from workers.store.register import bootstrap, in_force, in_force_signature

        with pool.connection() as conn:
            signature = in_force_signature(conn)
            if not signature and bootstrap(conn, inventory(components), self.policy):
                log.info("governance register started with the installed set")
                signature = in_force_signature(conn)
            if signature == self._signature and self._base is components:
                return
            approved = in_force(conn)
        self._parts = governed_parts(components, approved)
        self._signature = tuple(sorted((key, row.fingerprint) for key, row in approved.items()))
        self._base = components


_governor: Governor | None = None
_governor_lock = threading.Lock()


def in_force_view(pool, components: Components) -> Components:
    """This process's Governor's view (one per process)."""
    global _governor
    with _governor_lock:
        if _governor is None:
            _governor = Governor()
    return _governor.view(pool, components)
