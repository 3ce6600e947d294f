"""Revealing masked personal data to a role allowed to see it; every reveal is audited."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from service.deps import PoolDep, SettingsDep, require
from service.identity import Principal
from service.ids import submission_id_or_404
from service.problems import Problem
from workers.content import ContentErased
from workers.store.unmask import NotPersonalData, reveal

router = APIRouter(prefix="/v1/reviews", tags=["personal data"])
# Who may ask at all; whether the role may see clear values is the configurable policy below.
Officer = Annotated[Principal, Depends(require("reviewer", "senior_reviewer", "auditor"))]


class UnmaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    finding_id: str = Field(min_length=1, max_length=200)


@router.post("/{submission_id}/versions/{version}/unmask")
def unmask(submission_id: str, version: int, body: UnmaskIn, principal: Officer, pool: PoolDep,
           settings: SettingsDep, response: Response) -> dict[str, Any]:
    if principal.role not in settings.unmask_role_set:
        raise Problem(403, "unmask-not-allowed", f"The role '{principal.role}' may not see personal data in clear",
                      allowed_roles=sorted(settings.unmask_role_set))
    try:
        with pool.connection() as conn:
            revealed = reveal(conn, submission_id=submission_id_or_404(submission_id, "No such submission version, report or finding"), version=version,
                              finding_id=body.finding_id, actor=principal.actor)
    except LookupError:
        raise Problem(404, "not-found", "No such submission version, report or finding")
    except ContentErased:
        raise Problem(410, "content-erased", "This submission's personal data was erased")
    except NotPersonalData:
        raise Problem(422, "not-personal-data", "That finding is not personal data; its excerpt is not masked")
    response.headers["Cache-Control"] = "no-store"  # keep clear personal data out of caches
    return {"finding_id": revealed.finding_id, "entity_type": revealed.entity_type,
            "start": revealed.start, "end": revealed.end, "value": revealed.value}
