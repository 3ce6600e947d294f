"""The consistency report page and its CSV tables: thin handlers over workers.store.consistency."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from service.deps import PoolDep
from service.downloads import csv_download
from service.ui.web import OfficerSession, render
from workers.consistency.report import to_csv
from workers.store.consistency import consistency_report, item_labels

router = APIRouter(prefix="/ui", include_in_schema=False)


@router.get("/consistency")
def page(request: Request, session: OfficerSession, pool: PoolDep) -> Response:
    with pool.connection() as conn:
        report = consistency_report(conn)
    return render(request, "consistency.html", session=session, report=report)


@router.get("/consistency.csv")
def csv_table(session: OfficerSession, pool: PoolDep,
              part: Literal["rules", "pairs", "disagreements"] = Query("rules")) -> Response:
    with pool.connection() as conn:
        report = consistency_report(conn)
    return csv_download(to_csv(part, report[part], item_labels(report), report["names"]), f"consistency-{part}.csv")
