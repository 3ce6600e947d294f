"""Officers' decisions through the API (the web desk uses the same domain function)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from service.deps import PoolDep, require
from service.identity import Principal
from service.ids import submission_id_or_404
from service.problems import Problem
from service.schemas import DecisionIn
from workers.store.decisions import ClaimedByOther, NeedsSeniorReviewer, NotDecidable, SameApprover
from workers.store.precedents import ContradictsPrecedents, decide as decide_with_precedents
from workers.store.privacy import ERASED_STATUS

router = APIRouter(prefix="/v1/reviews", tags=["decisions"])
Officer = Annotated[Principal, Depends(require("reviewer", "senior_reviewer"))]


@router.post("/{submission_id}/decision", status_code=201)
def decide(submission_id: str, body: DecisionIn, principal: Officer, pool: PoolDep, request: Request,
           response: Response) -> dict[str, Any]:
    if not request.app.state.reason_codes.allows(body.reason_code, body.outcome):
        allowed = [c.code for c in request.app.state.reason_codes.for_outcome(body.outcome)]
        raise Problem(422, "unknown-reason-code", f"reason_code is not in the configured list for '{body.outcome}'",
                      errors=[{"field": "reason_code", "reason": "unknown", "allowed": allowed}])
    try:
        with pool.connection() as conn:
            decision = decide_with_precedents(
                conn, submission_id=submission_id_or_404(submission_id), decided_by=principal.actor, role=principal.role,
                outcome=body.outcome, reason_code=body.reason_code, reason=body.reason,
                precedent_reason=body.precedent_reason, risk_threshold=request.app.state.policy.risk_threshold,
            )
    except ContradictsPrecedents as exc:
        raise Problem(422, "contradicts-precedents",
                      "This decision goes against most of its close precedents; give precedent_reason",
                      errors=[{"field": "precedent_reason", "reason": "required"}],
                      precedents=[{"id": p["submission_id"], "version": p["version"], "outcome": p["outcome"],
                                   "similarity": p["similarity"]} for p in exc.precedents])
    except LookupError:
        raise Problem(404, "not-found", "No such submission")
    except NotDecidable as exc:
        if exc.status == ERASED_STATUS:
            raise Problem(409, "erased", "This submission's personal data was erased and the item closed",
                          status_now=exc.status)
        raise Problem(409, "not-decidable", f"The latest version is '{exc.status}' and cannot be decided now",
                      status_now=exc.status)
    except NeedsSeniorReviewer:
        raise Problem(403, "needs-senior-reviewer",
                      "Overriding a blocker, or confirming a four-eyes approval, needs a senior reviewer")
    except SameApprover:
        raise Problem(409, "same-approver", "Four eyes: the second approver must be a different senior reviewer")
    except ClaimedByOther as exc:
        raise Problem(409, "claimed-by-other", "Another officer holds this item", claimed_by=exc.holder)
    if decision.awaiting_second:
        response.status_code = 202
        return {"id": submission_id, "version": decision.version, "status": decision.status,
                "awaiting_second_approval": True}
    return {"id": submission_id, "version": decision.version, "status": decision.status, "decision_id": decision.decision_id}
