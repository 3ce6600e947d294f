"""Officers' decisions through the API (the web desk uses the same domain function)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from service.deps import PoolDep, require
from service.identity import Principal
from service.problems import Problem
from service.schemas import DecisionIn
from workers.store.decisions import NeedsSeniorReviewer, NotDecidable, record_decision

router = APIRouter(prefix="/v1/reviews", tags=["decisions"])
Officer = Annotated[Principal, Depends(require("reviewer", "senior_reviewer"))]


@router.post("/{submission_id}/decision", status_code=201)
def decide(submission_id: str, body: DecisionIn, principal: Officer, pool: PoolDep) -> dict[str, Any]:
    try:
        with pool.connection() as conn:
            decision = record_decision(
                conn, submission_id=_uuid(submission_id), decided_by=principal.actor, role=principal.role,
                outcome=body.outcome, reason_code=body.reason_code, reason=body.reason,
            )
    except LookupError:
        raise Problem(404, "not-found", "No such submission")
    except NotDecidable as exc:
        raise Problem(409, "not-decidable", f"The latest version is '{exc.status}' and cannot be decided now",
                      status_now=exc.status)
    except NeedsSeniorReviewer:
        raise Problem(403, "needs-senior-reviewer", "Approving blocked copy overrides a blocker: a senior reviewer must do it")
    return {"id": submission_id, "version": decision.version, "status": decision.status, "decision_id": decision.decision_id}


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Problem(404, "not-found", "No such submission")
