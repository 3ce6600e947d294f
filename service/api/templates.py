"""Campaign templates: submit one for review, read its state and the approval its variants cite."""
from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response

from service import metrics
from service.deps import PoolDep, require
from service.identity import Principal
from service.ids import submission_id_or_404
from service.problems import Problem
from service.schemas import Accepted, TemplateIn
from workers.campaign.limits import load_limits
from workers.pipeline import PIPELINE_VERSION
from workers.queue import enqueue
from workers.store.submissions import IdempotencyConflict, NewCopy
from workers.store.templates import get_template, register_template

router = APIRouter(prefix="/v1/templates", tags=["templates"])
Submitter = Annotated[Principal, Depends(require("submitter"))]
Reader = Annotated[Principal, Depends(require("submitter", "reviewer", "senior_reviewer", "auditor"))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.post("", status_code=202, response_model=Accepted)
def submit_template(body: TemplateIn, request: Request, response: Response, principal: Submitter, pool: PoolDep,
                    idempotency_key: IdempotencyKey = None) -> Accepted:
    _within_policy(body)
    spec = body.spec()
    copy = NewCopy(text=spec.text, language=body.language, jurisdiction=body.jurisdiction, product=body.product,
                   channel=body.channel, campaign_id=body.campaign_id, metadata={"kind": "template"})
    digest = hashlib.sha256(json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()
    try:
        with pool.connection() as conn:
            stored = register_template(conn, submitted_by=principal.actor, spec=spec, copy=copy,
                                       pipeline_version=PIPELINE_VERSION, idempotency_key=idempotency_key,
                                       request_hash=digest)
    except IdempotencyConflict:
        raise Problem(409, "idempotency-key-reused", "This Idempotency-Key was used for a different request")
    if stored.created:
        enqueue(pool, [stored.job_id])
        metrics.SUBMISSIONS.inc()
    response.headers["Location"] = f"/v1/templates/{stored.submission_id}"
    return Accepted(id=stored.submission_id, version=stored.version, duplicate=not stored.created,
                    status_url=str(request.url_for("get_template_state", template_id=stored.submission_id)))


def _within_policy(body: TemplateIn) -> None:
    """A template may ask for fewer SMS segments than the channel policy allows, never more:
    verification applies the policy's limit anyway, so a looser one would be stored and shown but
    never hold."""
    limit = load_limits().sms.max_segments
    if body.max_segments is not None and body.max_segments > limit:
        message = f"max_segments may not exceed the channel policy's {limit}"
        raise Problem(422, "validation-error", "The request is invalid", detail=f"max_segments: {message}",
                      errors=[{"field": "max_segments", "reason": "looser_than_policy", "message": message,
                               "limit": limit}])


@router.get("/{template_id}", name="get_template_state")
def template_state(template_id: str, principal: Reader, pool: PoolDep) -> dict[str, Any]:
    with pool.connection() as conn:
        found = get_template(conn, submission_id_or_404(template_id, "No such template"))
    if found is None or (principal.role == "submitter" and found["submitted_by"] != principal.actor):
        raise Problem(404, "not-found", "No such template")
    return {"id": found["id"], "status": found["status"], "approved": found["approval"] is not None,
            "approval": found["approval"], "spec": found["spec"], "spec_sha256": found["spec_sha256"].strip(),
            "jurisdiction": found["jurisdiction"], "product": found["product"], "channel": found["channel"],
            "campaign_id": found["campaign_id"], "review_url": f"/v1/reviews/{found['id']}"}
