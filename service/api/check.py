"""Synchronous check: the same pipeline as the workers, nothing stored."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from service import metrics
from service.api.reviews import check_size
from service.deps import PoolDep, SettingsDep, require
from service.identity import Principal
from service.schemas import CheckIn
from workers.governance.in_force import in_force_view
from workers.pipeline import CopyContext, review

router = APIRouter(prefix="/v1", tags=["check"])
Caller = Annotated[Principal, Depends(require("submitter", "reviewer", "senior_reviewer"))]


@router.post("/check")
async def check(body: CheckIn, request: Request, principal: Caller, settings: SettingsDep,
                pool: PoolDep) -> dict[str, Any]:
    check_size([body], settings.max_text_chars)
    loaded = await run_in_threadpool(request.app.state.components)
    # The same approved set the workers run (workers/governance/in_force.py).
    components = await run_in_threadpool(in_force_view, pool, loaded)
    ctx = CopyContext(jurisdiction=body.jurisdiction, product=body.product, channel=body.channel, language=body.language)
    report = await run_in_threadpool(review, body.text, ctx, components)
    metrics.CHECKS.labels(verdict=report["verdict"]).inc()
    return report
