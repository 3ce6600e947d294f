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
