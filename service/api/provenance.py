"""Provenance for marketing tools and overseers: the data-category vocabulary, and how each AI
system's copy fared (JSON or CSV)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from rulesets.purpose import load_categories
from service.deps import PoolDep, require
from service.downloads import csv_download
from service.identity import Principal
from service.problems import Problem
from workers.oversight.generators import to_csv
from workers.store.generators import generator_figures

router = APIRouter(prefix="/v1", tags=["provenance"])
Reader = Annotated[Principal, Depends(require("submitter", "reviewer", "senior_reviewer", "auditor"))]
Overseer = Annotated[Principal, Depends(require("reviewer", "senior_reviewer", "auditor"))]


@router.get("/provenance/categories")
def categories(principal: Reader) -> dict[str, Any]:
    """The vocabulary `provenance.data_categories` is checked against."""
    return {"categories": [{"id": key, "zh-TW": c.zh_tw, "en": c.en, "special": c.special}
                           for key, c in load_categories().items()]}


@router.get("/reports/generators", response_model=None)
def generators(principal: Overseer, pool: PoolDep,
               since: Annotated[datetime | None, Query(alias="from")] = None,
               until: Annotated[datetime | None, Query(alias="to")] = None,
               format: Literal["json", "csv"] = "json") -> dict[str, Any] | Response:
    """Per generating system: shares passed, reviewed and blocked, the rules its copy trips most,
    and how often officers approved what finreview held back."""
    if since is not None and until is not None and until <= since:
        raise Problem(422, "validation-error", "to must be after from", errors=[{"field": "to", "reason": "before_from"}])
    with pool.connection() as conn:
        figures = generator_figures(conn, since=since, until=until)
    if format == "csv":
        return csv_download(to_csv(figures), "generators.csv")
    return {"from": since, "to": until, "generators": [f.as_dict() for f in figures]}
