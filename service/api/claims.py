"""Claiming and releasing an item through the API (the desk's pages use the same functions)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from service.deps import PoolDep, SettingsDep, require
from service.identity import Principal
from service.ids import submission_id_or_404
from service.problems import Problem
from workers.store.claims import ClaimedByOther, NotOpen, claim, release
from workers.store.privacy import ERASED_STATUS

router = APIRouter(prefix="/v1/reviews", tags=["decisions"])
Officer = Annotated[Principal, Depends(require("reviewer", "senior_reviewer"))]


@router.post("/{submission_id}/claim")
def claim_item(submission_id: str, principal: Officer, pool: PoolDep, settings: SettingsDep) -> dict[str, Any]:
    try:
        with pool.connection() as conn:
            held = claim(conn, submission_id=submission_id_or_404(submission_id), actor=principal.actor, seconds=settings.claim_seconds)
    except LookupError:
        raise Problem(404, "not-found", "No such submission")
    except NotOpen as exc:
        if str(exc) == ERASED_STATUS:
            raise Problem(409, "erased", "This submission's personal data was erased and the item closed")
        raise Problem(409, "not-open", f"The latest version is '{exc}' and is not waiting for an officer")
    except ClaimedByOther as exc:
        raise Problem(409, "claimed-by-other", "Another officer holds this item", claimed_by=exc.holder,
                      expires_at=exc.expires_at.isoformat())
    return {"id": submission_id, "version": held.version, "claimed_by": held.claimed_by,
            "expires_at": held.expires_at.isoformat()}


@router.post("/{submission_id}/release")
def release_item(submission_id: str, principal: Officer, pool: PoolDep) -> dict[str, Any]:
    with pool.connection() as conn:
        released = release(conn, submission_id=submission_id_or_404(submission_id), actor=principal.actor)
    if not released:
        raise Problem(409, "not-claimed", "You hold no claim on this item")
    return {"id": submission_id, "released": True}
