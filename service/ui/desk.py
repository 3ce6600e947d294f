"""The queue, the review page, claims, decisions and unmasking: thin handlers over workers.store."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.deps import PoolDep, SettingsDep
from service.ids import canonical_uuid
from service.ui import render as view
from service.ui.web import OfficerForm, OfficerSession, WebError, language_of, render
from workers.campaign.deviations import deviation_message
from workers.consistency.precedent import CLOSE_SIMILARITY
from workers.content import ContentErased
from workers.store import claims
from workers.store.decisions import (ClaimedByOther, NeedsSeniorReviewer, NotClaimed, NotDecidable, SameApprover,
                                     needs_four_eyes)
from workers.store.precedents import ContradictsPrecedents, decide as decide_with_precedents
from workers.store.privacy import ERASED_STATUS
from workers.store.desk import FILTERS, get_item, list_queue, similar_decisions
from workers.store.templates import desk_panel
from workers.store.unmask import NotPersonalData, reveal

router = APIRouter(prefix="/ui", include_in_schema=False)
STATIC_DIR = Path(__file__).parent / "static"


def _uuid(value: str) -> str:
    found = canonical_uuid(value)
    if found is None:
        raise WebError(404, "not-found", "not-found")
    return found


@router.get("/queue")
def queue(request: Request, session: OfficerSession, pool: PoolDep) -> Response:
    filters = {name: request.query_params.get(name) or None for name in FILTERS}
    if filters["assignee"] == "me":
        filters["assignee"] = session.principal.actor
    with pool.connection() as conn:
        items, counters = list_queue(conn, policy=request.app.state.policy, filters=filters)
    return render(request, "queue.html", session=session, items=items, counters=counters,
                  filters={k: request.query_params.get(k, "") for k in FILTERS})


@router.get("/items/{submission_id}")
def item_page(submission_id: str, request: Request, session: OfficerSession, pool: PoolDep,
              settings: SettingsDep) -> Response:
    return _item(request, session, pool, settings, _uuid(submission_id))


def _item(request, session, pool, settings, submission_id: str, *, revealed: dict[str, str] | None = None,
          error: str | None = None, status: int = 200) -> Response:
    language = language_of(request)
    with pool.connection() as conn:
        item = get_item(conn, submission_id)
        if item is None:
            raise WebError(404, "not-found", "not-found")
        report = item["report"] or {"findings": [], "errors": []}
        findings = report.get("findings", [])
        erased = item["text"] is None  # the submission's data key was destroyed: nothing to show
        similar = [] if erased else similar_decisions(conn, version_id=item["version_id"], text=item["text"],
                                                      rule_ids=sorted({f["rule_id"] for f in findings}))
        campaign = desk_panel(conn, submission_id=submission_id, version_id=item["version_id"])
    shown = "" if erased else view.masked_text(item["text"], findings, frozenset(revealed or {}))
    previous = item["previous"]
    diff = None
    if previous is not None and not erased and previous["text"] is not None:
        old = view.masked_text(previous["text"], (previous["report"] or {}).get("findings", []))
        diff = view.diff(old, shown)
    policy = request.app.state.policy
    return render(
        request, "item.html", status=status, session=session, item=item, report=report, findings=findings,
        runs=view.runs_by_kind(view.segments(shown, findings, report.get("segments"))),
        message_in=view.message_in, diff=diff, previous=previous,
        similar=similar, revealed=revealed or {}, error=error, erased=erased,
        campaign=campaign, deviation_message=deviation_message, close_similarity=CLOSE_SIMILARITY,
        reason_codes=request.app.state.reason_codes, language=language,
        can_unmask=session.principal.role in settings.unmask_role_set,
        mine=item["claimed_by"] == session.principal.actor,
        four_eyes=needs_four_eyes(status=item["status"], report=report, risk_threshold=policy.risk_threshold),
        open=item["status"] in claims.OPEN_STATUSES,
        category_names=category_names(language),
    )


def category_names(language: str) -> dict[str, str]:
    """Data-category ids in the reader's language, from the vocabulary itself."""
    from rulesets.purpose import load_categories

    return {key: (c.zh_tw if language == "zh-TW" else c.en) for key, c in load_categories().items()}


@router.post("/items/{submission_id}/claim")
def claim(submission_id: str, session: OfficerSession, form: OfficerForm, pool: PoolDep,
          settings: SettingsDep) -> Response:
    submission_id = _uuid(submission_id)
    try:
        with pool.connection() as conn:
            claims.claim(conn, submission_id=submission_id, actor=session.principal.actor,
                         seconds=settings.claim_seconds)
    except LookupError:
        raise WebError(404, "not-found", "not-found")
    except claims.ClaimedByOther:
        raise WebError(409, "claimed-by-other", "claimed-by-other")
    except claims.NotOpen as exc:
        slug = "erased" if str(exc) == ERASED_STATUS else "not-open"
        raise WebError(409, slug, slug)
    return RedirectResponse(f"/ui/items/{submission_id}", status_code=303)


@router.post("/items/{submission_id}/release")
def release(submission_id: str, session: OfficerSession, form: OfficerForm, pool: PoolDep) -> Response:
    with pool.connection() as conn:
        claims.release(conn, submission_id=_uuid(submission_id), actor=session.principal.actor)
    return RedirectResponse("/ui/queue", status_code=303)


@router.post("/items/{submission_id}/decision")
def decide(submission_id: str, request: Request, session: OfficerSession, form: OfficerForm, pool: PoolDep,
           settings: SettingsDep) -> Response:
    submission_id = _uuid(submission_id)
    outcome, code = str(form.get("outcome", "")), str(form.get("reason_code", ""))
    reason = str(form.get("reason", "")).strip()
    if outcome not in ("approve", "reject", "request_changes") or not reason \
            or not request.app.state.reason_codes.allows(code, outcome):
        return _item(request, session, pool, settings, submission_id, error="reason-required", status=422)
    try:
        with pool.connection() as conn:
            decide_with_precedents(conn, submission_id=submission_id, decided_by=session.principal.actor,
                                   role=session.principal.role, outcome=outcome, reason_code=code, reason=reason,
                                   precedent_reason=str(form.get("precedent_reason", "")).strip() or None,
                                   risk_threshold=request.app.state.policy.risk_threshold, require_claim=True)
    except ContradictsPrecedents:
        return _item(request, session, pool, settings, submission_id, error="against-precedents", status=422)
    except LookupError:
        raise WebError(404, "not-found", "not-found")
    except (NotClaimed, ClaimedByOther):
        return _item(request, session, pool, settings, submission_id, error="claim-first", status=409)
    except NotDecidable as exc:
        return _item(request, session, pool, settings, submission_id,
                     error="erased" if exc.status == ERASED_STATUS else "not-open", status=409)
    except NeedsSeniorReviewer:
        return _item(request, session, pool, settings, submission_id, error="needs-senior", status=403)
    except SameApprover:
        return _item(request, session, pool, settings, submission_id, error="same-approver", status=409)
    return RedirectResponse("/ui/queue", status_code=303)


@router.post("/items/{submission_id}/unmask")
def unmask(submission_id: str, request: Request, session: OfficerSession, form: OfficerForm, pool: PoolDep,
           settings: SettingsDep) -> Response:
    submission_id = _uuid(submission_id)
    if session.principal.role not in settings.unmask_role_set:
        raise WebError(403, "forbidden", "forbidden")
    try:
        with pool.connection() as conn:
            version = conn.execute("SELECT max(version) FROM submission_versions WHERE submission_id = %s",
                                   (submission_id,)).fetchone()[0]
            revealed = reveal(conn, submission_id=submission_id, version=version or 0,
                              finding_id=str(form.get("finding_id", "")), actor=session.principal.actor)
    except (LookupError, NotPersonalData, ContentErased):
        raise WebError(404, "not-found", "not-found")
    return _item(request, session, pool, settings, submission_id, revealed={revealed.finding_id: revealed.value})
