"""The review API for marketing tools: submit, batch submit, read back."""
from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from service import metrics
from service.deps import PoolDep, RowNumber, SettingsDep, require
from service.identity import Principal
from service.ids import canonical_uuid
from service.problems import Problem
from service.schemas import Accepted, BatchAccepted, BatchIn, CopyIn, ReviewIn
from workers.pipeline import PIPELINE_VERSION
from workers.content import ContentErased, vault
from workers.queue import enqueue
from workers.store.reads import get_submission, list_by_campaign
from workers.store.submissions import (BatchEntry, IdempotencyConflict, NewCopy, UnknownSubmission, store_copies,
                                      store_copy)
from workers.store.templates import UnknownTemplate, attach_variant

router = APIRouter(prefix="/v1/reviews", tags=["reviews"])
Submitter = Annotated[Principal, Depends(require("submitter"))]
Reader = Annotated[Principal, Depends(require("submitter", "reviewer", "senior_reviewer", "auditor"))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def check_size(items: list[CopyIn], limit: int, field_prefix: str = "") -> None:
    for i, item in enumerate(items):
        if len(item.text) > limit:
            name = f"{field_prefix}[{i}].text" if field_prefix else "text"
            raise Problem(413, "text-too-long", f"{name} is longer than {limit} characters",
                          errors=[{"field": name, "reason": "too_long", "limit": limit}])


def to_copy(item: CopyIn) -> NewCopy:
    return NewCopy(text=item.text, language=item.language, jurisdiction=item.jurisdiction, product=item.product,
                   channel=item.channel, campaign_id=item.campaign_id, template_id=item.template_id,
                   metadata=item.metadata,
                   provenance=item.provenance.model_dump(mode="json", exclude_none=True) if item.provenance else None)


def _request_hash(item: CopyIn) -> str:
    # A body without the later optional fields hashes as before they existed, so stored Idempotency-Keys still match.
    return _hash(item.model_dump(mode="json", exclude={k for k in ("callback_url", "slots", "provenance") if getattr(item, k) is None}))


def _attach_variant(conn, stored, item: CopyIn, submitted_by: str, field_prefix: str = "", keys=None) -> None:
    """A copy with slots is a variant of the caller's template: record its slot values."""
    if item.slots is None or not stored.created:
        return
    try:
        attach_variant(conn, version_id=stored.version_id, template_id=item.template_id, submitted_by=submitted_by,
                       values=item.slots, keys=keys)
    except UnknownTemplate:
        name = f"{field_prefix}.template_id" if field_prefix else "template_id"
        raise Problem(422, "unknown-template", "template_id names no template of yours",
                      errors=[{"field": name, "reason": "not_found"}])


def _callback(item: CopyIn) -> str | None:
    return str(item.callback_url) if item.callback_url is not None else None


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _accepted(request: Request, stored) -> Accepted:
    return Accepted(id=stored.submission_id, version=stored.version, duplicate=not stored.created,
                    status_url=str(request.url_for("get_review", submission_id=stored.submission_id)))


@router.post("", status_code=202, response_model=Accepted)
def submit(body: ReviewIn, request: Request, response: Response, principal: Submitter, pool: PoolDep,
           settings: SettingsDep, idempotency_key: IdempotencyKey = None) -> Accepted:
    check_size([body], settings.max_text_chars)
    try:
        with pool.connection() as conn:
            stored = store_copy(
                conn, submitted_by=principal.actor, copy=to_copy(body), pipeline_version=PIPELINE_VERSION,
                idempotency_key=idempotency_key, request_hash=_request_hash(body),
                resubmission_of=str(body.resubmission_of) if body.resubmission_of else None,
                callback_url=_callback(body),
            )
            _attach_variant(conn, stored, body, principal.actor)
    except IdempotencyConflict:
        raise Problem(409, "idempotency-key-reused", "This Idempotency-Key was used for a different request")
    except UnknownSubmission:
        raise Problem(404, "unknown-submission", "resubmission_of names no submission of yours",
                      errors=[{"field": "resubmission_of", "reason": "not_found"}])
    except ContentErased:
        raise Problem(409, "content-erased", "That submission's personal data was erased; submit it anew",
                      errors=[{"field": "resubmission_of", "reason": "erased"}])
    if stored.created:  # after commit: the job row exists even if the broker is down
        enqueue(pool, [stored.job_id])
        metrics.SUBMISSIONS.inc()
    response.headers["Location"] = f"/v1/reviews/{stored.submission_id}"
    return _accepted(request, stored)


@router.post("/batch", status_code=202, response_model=BatchAccepted)
def submit_batch(body: BatchIn, request: Request, principal: Submitter, pool: PoolDep, settings: SettingsDep,
                 idempotency_key: IdempotencyKey = None) -> BatchAccepted:
    if len(body.items) > settings.max_batch_items:
        raise Problem(413, "batch-too-large", f"items holds more than {settings.max_batch_items} entries",
                      errors=[{"field": "items", "reason": "too_many", "limit": settings.max_batch_items}])
    check_size(body.items, settings.max_text_chars, "items")
    keys = vault() if any(item.slots is not None for item in body.items) else None
    try:
        with pool.connection() as conn:  # all or nothing: one transaction for the whole batch
            stored_all = store_copies(conn, submitted_by=principal.actor, pipeline_version=PIPELINE_VERSION, entries=[
                BatchEntry(to_copy(item), f"{idempotency_key}#{i}" if idempotency_key else None,
                           _request_hash(item), _callback(item))
                for i, item in enumerate(body.items)])
            for i, (item, stored) in enumerate(zip(body.items, stored_all)):
                _attach_variant(conn, stored, item, principal.actor, f"items[{i}]", keys)
    except IdempotencyConflict:
        raise Problem(409, "idempotency-key-reused", "This Idempotency-Key was used for a different batch")
    new_jobs = [s.job_id for s in stored_all if s.created]
    if new_jobs:
        enqueue(pool, new_jobs)
        metrics.SUBMISSIONS.inc(len(new_jobs))
    return BatchAccepted(count=len(stored_all), items=[_accepted(request, s) for s in stored_all])


@router.get("/{submission_id}", name="get_review")
def get_review(submission_id: str, principal: Reader, pool: PoolDep) -> dict[str, Any]:
    with pool.connection() as conn:
        canonical = canonical_uuid(submission_id)
        found = get_submission(conn, canonical) if canonical else None
    if found is None or (principal.role == "submitter" and found["submitted_by"] != principal.actor):
        raise Problem(404, "not-found", "No such submission")
    latest = found["versions"][-1]
    return {**found, "status": latest["status"], "verdict": (latest["report"] or {}).get("verdict"),
            "awaiting_second_approval": latest["awaiting_second_approval"]}


@router.get("")
def list_reviews(principal: Reader, pool: PoolDep, campaign: Annotated[str, Query(min_length=1, max_length=200)],
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 offset: RowNumber = 0) -> dict[str, Any]:
    with pool.connection() as conn:
        own = principal.actor if principal.role == "submitter" else None
        rows = list_by_campaign(conn, campaign, submitted_by=own, limit=limit, offset=offset)
    return {"campaign": campaign, "items": rows, "limit": limit, "offset": offset}
