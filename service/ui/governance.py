"""The governance page: the register of models, rule packs and policies in force, changes waiting
in the files, proposals with their replay report, and four-eyes approval. Thin handlers over
workers.governance and workers.store.register."""
from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from service.deps import PoolDep, get_components
from service.sessions import Session
from service.ui.web import SessionForm, WebError, render, role_required
from workers.governance.in_force import governed_parts
from workers.governance.policy import load_governance
from workers.governance.proposals import find_pending, impact, pending, with_change
from workers.store.monitoring import monitoring_report
from workers.store.register import RegisterError, decide, in_force, propose, register_rows

router = APIRouter(prefix="/ui", include_in_schema=False)
Reader = Annotated[Session, Depends(role_required("reviewer", "senior_reviewer", "auditor"))]
Senior = Annotated[Session, Depends(role_required("senior_reviewer"))]


@router.get("/governance")
def page(request: Request, session: Reader, pool: PoolDep, error: str | None = None) -> Response:
    working = get_components(request)
    with pool.connection() as conn:
        approved = in_force(conn)
        rows = register_rows(conn)
        monitoring = monitoring_report(conn, load_governance(), request.app.state.policy)
    return render(request, "governance.html", session=session, rows=rows, error=error, monitoring=monitoring,
                  waiting=pending(working, approved),
                  proposed={(r["kind"], r["name"], r["fingerprint"]) for r in rows if r["state"] == "proposed"},
                  can_decide=session.principal.role in ("senior_reviewer", "admin"))


@router.post("/governance/proposals")
async def propose_change(request: Request, session: Senior, form: SessionForm, pool: PoolDep) -> Response:
    kind, name = str(form.get("kind", "")), str(form.get("name", ""))
    working = get_components(request)

    def run() -> int | None:
        policy = load_governance()
        with pool.connection() as conn:
            approved = in_force(conn)
        artifact = find_pending(working, approved, kind, name)
        if artifact is None:
            return None
        # Replayed before anyone can approve: the report travels with the proposal.
        view = dataclasses.replace(working, **governed_parts(working, approved))
        report = impact(pool, with_change(view, working, artifact), policy)
        with pool.connection() as conn:
            return propose(conn, artifact, actor=session.principal.actor, policy=policy, replay=report)

    try:
        proposal = await run_in_threadpool(run)
    except RegisterError as exc:
        return RedirectResponse(f"/ui/governance?error={exc.slug}", status_code=303)
    if proposal is None:
        raise WebError(404, "not-found", "not-found")
    return RedirectResponse(f"/ui/governance#proposal-{proposal}", status_code=303)


@router.post("/governance/proposals/{proposal}/decision")
def decide_change(proposal: int, session: Senior, form: SessionForm, pool: PoolDep) -> Response:
    outcome, reason = str(form.get("outcome", "")), str(form.get("reason", "")).strip()
    if outcome not in ("approve", "reject") or not reason:
        return RedirectResponse("/ui/governance?error=reason-required", status_code=303)
    try:
        with pool.connection() as conn:
            decide(conn, proposal, actor=session.principal.actor, approve=outcome == "approve", reason=reason[:2000])
    except RegisterError as exc:
        return RedirectResponse(f"/ui/governance?error={exc.slug}", status_code=303)
    return RedirectResponse(f"/ui/governance#proposal-{proposal}", status_code=303)
