"""Clusters of near-duplicate items: form them for a campaign, review one with the differences
between members highlighted, decide it once. Thin handlers over workers.store.clusters."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.deps import PoolDep
from service.ui import render as view
from service.ui.web import OfficerForm, OfficerSession, WebError, language_of, render
from workers.store.clusters import decide_cluster, form_clusters, get_cluster, list_clusters
from workers.store.precedents import ContradictsPrecedents

router = APIRouter(prefix="/ui", include_in_schema=False)
OUTCOMES = ("approve", "reject", "request_changes")


@router.get("/clusters")
def clusters(request: Request, session: OfficerSession, pool: PoolDep) -> Response:
    campaign = request.query_params.get("campaign") or None
    with pool.connection() as conn:
        found = list_clusters(conn, campaign_id=campaign)
    return render(request, "clusters.html", session=session, clusters=found, campaign=campaign or "")


@router.post("/clusters")
def form(session: OfficerSession, form: OfficerForm, pool: PoolDep) -> Response:
    campaign = str(form.get("campaign", "")).strip()
    if not campaign:
        raise WebError(422, "campaign-required", "campaign-required")
    with pool.connection() as conn:
        form_clusters(conn, campaign_id=campaign, formed_by=session.principal.actor)
    return RedirectResponse(f"/ui/clusters?campaign={quote(campaign)}", status_code=303)


def _cluster_id(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise WebError(404, "not-found", "not-found")
    return int(value)


@router.get("/clusters/{cluster_id}")
def cluster_page(cluster_id: str, request: Request, session: OfficerSession, pool: PoolDep) -> Response:
    return _page(request, session, pool, _cluster_id(cluster_id))


def _page(request, session, pool, cluster_id: int, *, error: str | None = None, status: int = 200) -> Response:
    with pool.connection() as conn:
        cluster = get_cluster(conn, cluster_id)
    if cluster is None or not cluster["members"]:
        raise WebError(404, "not-found", "not-found")
    rep = cluster["members"][0]
    rep_findings = rep["report"].get("findings", [])
    rep_text = view.masked_text(rep["text"], rep_findings)
    members = []
    for m in cluster["members"][1:]:
        # Masked on both sides, so a difference in personal data shows as a difference in its mask.
        shown = view.masked_text(m["text"], m["report"].get("findings", []))
        members.append({**m, "diff": view.diff(rep_text, shown)})
    return render(request, "cluster.html", status=status, session=session, cluster=cluster, rep=rep, members=members,
                  segments=view.segments(rep_text, rep_findings), findings=rep_findings, message_in=view.message_in,
                  reason_codes=request.app.state.reason_codes, language=language_of(request), error=error)


@router.post("/clusters/{cluster_id}/decision")
def decide(cluster_id: str, request: Request, session: OfficerSession, form: OfficerForm, pool: PoolDep) -> Response:
    cid = _cluster_id(cluster_id)
    outcome, code = str(form.get("outcome", "")), str(form.get("reason_code", ""))
    reason = str(form.get("reason", "")).strip()
    if outcome not in OUTCOMES or not reason or not request.app.state.reason_codes.allows(code, outcome):
        return _page(request, session, pool, cid, error="reason-required", status=422)
    try:
        with pool.connection() as conn:
            decide_cluster(conn, cluster_id=cid, decided_by=session.principal.actor, role=session.principal.role,
                           outcome=outcome, reason_code=code, reason=reason,
                           precedent_reason=str(form.get("precedent_reason", "")).strip() or None,
                           risk_threshold=request.app.state.policy.risk_threshold)
    except LookupError:
        raise WebError(409, "not-open", "not-open")
    except ContradictsPrecedents:
        return _page(request, session, pool, cid, error="against-precedents", status=422)
    return RedirectResponse(f"/ui/clusters?campaign={quote(request.query_params.get('campaign', ''))}", status_code=303)
