"""The per-generator page: a chart of how each AI system's copy was routed, with its top rules and
override rate; a thin handler over workers.store.generators."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.deps import PoolDep
from service.downloads import csv_download
from service.ui.web import OfficerSession, render
from workers.oversight.generators import to_csv
from workers.store.generators import generator_figures

router = APIRouter(prefix="/ui", include_in_schema=False)


@router.get("/generators")
def page(request: Request, session: OfficerSession, pool: PoolDep) -> Response:
    with pool.connection() as conn:
        figures = generator_figures(conn)
    return render(request, "generators.html", session=session, figures=figures)


@router.get("/generators.csv")
def csv_table(session: OfficerSession, pool: PoolDep) -> Response:
    with pool.connection() as conn:
        return csv_download(to_csv(generator_figures(conn)), "generators.csv")


@router.get("/generators.json")
def json_table(session: OfficerSession, pool: PoolDep) -> dict:
    with pool.connection() as conn:
        return {"generators": [f.as_dict() for f in generator_figures(conn)]}
