"""The auditors' endpoints: signed checkpoints and exported bundles."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, PlainTextResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from service.deps import PoolDep, RowNumber, SettingsDep, require
from service.identity import Principal
from service.problems import Problem
from workers.audit_trail import run_export
from workers.keys import KeyConfigError, audit_verifier

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditor = Annotated[Principal, Depends(require("auditor"))]
EXPORT_ID = re.compile(r"^[0-9a-f]{32}$")


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: AwareDatetime = Field(alias="from")
    end: AwareDatetime = Field(alias="to")
    campaign: str | None = Field(None, min_length=1, max_length=200)
    format: Literal["jsonl", "csv"] = "jsonl"


def _key(settings):
    try:
        return audit_verifier(settings)
    except KeyConfigError:  # the reason names files; the caller only needs to know it is not set up
        raise Problem(503, "audit-key-unavailable", "The audit signing key is not configured correctly")


@router.get("/checkpoints")
def list_checkpoints(principal: Auditor, pool: PoolDep, settings: SettingsDep,
                     after: RowNumber = 0,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Signed checkpoints (C2SP tlog-checkpoint notes) after a tree size, oldest first."""
    with pool.connection() as conn:
        rows = conn.execute("SELECT tree_size, root_hash, note, created_at FROM audit_checkpoints"
                            " WHERE tree_size > %s ORDER BY tree_size LIMIT %s", (after, limit)).fetchall()
    return {"origin": settings.audit_origin, "public_key": _key(settings).encode(),
            "checkpoints": [{"tree_size": size, "root_hash": bytes(root).hex(), "note": note,
                             "created_at": created.isoformat()} for size, root, note, created in rows]}


@router.get("/checkpoints/latest", response_class=PlainTextResponse)
def latest_checkpoint(principal: Auditor, pool: PoolDep) -> PlainTextResponse:
    """The newest signed checkpoint as the bare note, as transparency-log tools fetch it."""
    with pool.connection() as conn:
        row = conn.execute("SELECT note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1").fetchone()
    if row is None:
        raise Problem(404, "no-checkpoint", "No checkpoint has been signed yet")
    return PlainTextResponse(row[0], media_type="text/plain; charset=utf-8")


@router.post("/exports", status_code=201)
async def create_export(body: ExportIn, principal: Auditor, pool: PoolDep, settings: SettingsDep) -> dict[str, Any]:
    """Write a bundle (events, decisions CSV, checkpoints, inclusion proofs, public key, VERIFY.md)."""
    if body.end <= body.start:
        raise Problem(422, "invalid-range", "'to' must be after 'from'",
                      errors=[{"field": "to", "reason": "before_from"}])
    _key(settings)
    export_id = uuid.uuid4().hex
    folder = settings.home / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{export_id}.zip"

    def work():
        with pool.connection() as conn:
            return run_export(conn, settings, start=body.start.astimezone(timezone.utc),
                              end=body.end.astimezone(timezone.utc), campaign=body.campaign,
                              events_format=body.format, out=path)

    result = await run_in_threadpool(work)
    return {"id": export_id, "events": result.events, "decisions": result.decisions,
            "checkpoints": result.checkpoints, "requested_by": principal.actor,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "download_url": f"/v1/audit/exports/{export_id}"}


@router.get("/exports/{export_id}")
def download_export(export_id: str, principal: Auditor, settings: SettingsDep) -> FileResponse:
    path = settings.home / "exports" / f"{export_id}.zip"
    if not EXPORT_ID.match(export_id) or not path.is_file():
        raise Problem(404, "not-found", "No such export")
    return FileResponse(path, media_type="application/zip", filename=f"finreview-audit-{export_id}.zip")
