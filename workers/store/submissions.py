"""Storing submissions, their versions and their jobs (one transaction per call, the caller's)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.content import Content, Vault, vault as default_vault


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used for a different request body."""


class UnknownSubmission(Exception):
    pass


@dataclass(frozen=True)
class NewCopy:
    text: str
    language: str
    jurisdiction: str
    product: str
    channel: str
    campaign_id: str | None = None
    template_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # service/schemas.Provenance as JSON, or None when the submitter declared none.
    provenance: dict[str, Any] | None = None


def submitted_body(copy: NewCopy, content_sha256: str, resubmission: bool) -> dict[str, Any]:
    """The `submitted` event's body. Provenance is sealed into it when declared, and absent
    otherwise, so copy without it leaves the same events as before provenance existed."""
    body = {"campaign_id": copy.campaign_id, "jurisdiction": copy.jurisdiction, "product": copy.product,
            "channel": copy.channel, "language": copy.language, "content_sha256": content_sha256,
            "resubmission": resubmission}
    if copy.provenance is not None:
        body["provenance"] = copy.provenance
    return body


@dataclass(frozen=True)
class Stored:
    submission_id: str
    version: int
    version_id: int
    job_id: int
    created: bool


def store_copy(
    conn: psycopg.Connection, *, submitted_by: str, copy: NewCopy, pipeline_version: str,
    idempotency_key: str | None = None, request_hash: str | None = None, resubmission_of: str | None = None,
    callback_url: str | None = None, vault: Vault | None = None,
) -> Stored:
    """Insert a submission (or a new version of one), its queued job and their audit events.

    ``callback_url`` is where the outcome is posted once decided; a resubmission that names one
    replaces the earlier address, one that names none keeps it. The copy and its metadata are
    stored encrypted under the submission's data key (``vault``: this process's configured one);
    a submission whose content was erased takes no new version (ContentErased)."""
    vault = vault or default_vault()
    if idempotency_key is not None:
        existing = _by_idempotency_key(conn, submitted_by, idempotency_key)
        if existing is not None:
            if existing["request_hash"] != request_hash:
                raise IdempotencyConflict(idempotency_key)
            return _latest(conn, existing["id"], created=False)
    if resubmission_of is None:
        submission_id = str(uuid.uuid4())
        row = conn.execute(
            "INSERT INTO submissions (id, submitted_by, campaign_id, template_id, idempotency_key, request_hash,"
            " callback_url) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (submitted_by, idempotency_key) DO NOTHING RETURNING id",
            (submission_id, submitted_by, copy.campaign_id, copy.template_id, idempotency_key, request_hash,
             callback_url),
        ).fetchone()
        if row is None:  # a concurrent request with the same key won the race
            return store_copy(conn, submitted_by=submitted_by, copy=copy, pipeline_version=pipeline_version,
                              idempotency_key=idempotency_key, request_hash=request_hash, callback_url=callback_url,
                              vault=vault)
        version = 1
        data_key = vault.create_key(conn, submission_id)
    else:
        submission_id = resubmission_of
        owner = conn.execute("SELECT submitted_by FROM submissions WHERE id = %s FOR UPDATE", (submission_id,)).fetchone()
        if owner is None or owner[0] != submitted_by:
            raise UnknownSubmission(submission_id)
        if callback_url is not None:
            conn.execute("UPDATE submissions SET callback_url = %s WHERE id = %s", (callback_url, submission_id))
        version = conn.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM submission_versions WHERE submission_id = %s", (submission_id,)
        ).fetchone()[0]
        data_key = vault.data_key(conn, submission_id) or vault.create_key(conn, submission_id)
    blob, content_sha256 = vault.seal(data_key, submission_id, version, Content(copy.text, copy.metadata))
    version_id = conn.execute(
        "INSERT INTO submission_versions (submission_id, version, text, language, jurisdiction, product, channel,"
        " metadata, content, provenance) VALUES (%s, %s, NULL, %s, %s, %s, %s, '{}', %s, %s) RETURNING id",
        (submission_id, version, copy.language, copy.jurisdiction, copy.product, copy.channel, blob,
         Jsonb(copy.provenance) if copy.provenance is not None else None),
    ).fetchone()[0]
    job_id = conn.execute(
        "INSERT INTO jobs (version_id, pipeline_version) VALUES (%s, %s) RETURNING id", (version_id, pipeline_version)
    ).fetchone()[0]
    subject = f"submission:{submission_id}/v{version}"
    append(conn, [
        NewEvent("submitted", submitted_by, subject, submitted_body(copy, content_sha256, resubmission_of is not None)),
        NewEvent("queued", submitted_by, subject, {"job_id": job_id, "pipeline": pipeline_version}),
    ])
    return Stored(submission_id, version, version_id, job_id, created=True)


@dataclass(frozen=True)
class BatchEntry:
    copy: NewCopy
    idempotency_key: str | None = None
    request_hash: str | None = None
    callback_url: str | None = None


def store_copies(conn: psycopg.Connection, *, submitted_by: str, entries: Sequence[BatchEntry],
                 pipeline_version: str, vault: Vault | None = None) -> list[Stored]:
    """`store_copy` for many new submissions in the caller's transaction: the same rows and audit
    events in the same order, in a few statements per table instead of about nine round trips per
    copy (a 10,000-item batch spent most of its accept time waiting on them).

    An entry whose Idempotency-Key was already used, or is taken by a concurrent request while this
    runs, goes through `store_copy` and so answers exactly as a single submit would."""
    vault = vault or default_vault()
    used = _used_keys(conn, submitted_by, [e.idempotency_key for e in entries if e.idempotency_key is not None])
    fresh = [i for i, e in enumerate(entries) if e.idempotency_key not in used]
    stored = _insert_fresh(conn, submitted_by, entries, fresh, pipeline_version, vault) if fresh else {}
    return [stored[i] if i in stored else store_copy(
        conn, submitted_by=submitted_by, copy=e.copy, pipeline_version=pipeline_version,
        idempotency_key=e.idempotency_key, request_hash=e.request_hash, callback_url=e.callback_url, vault=vault)
        for i, e in enumerate(entries)]


def _insert_fresh(conn: psycopg.Connection, submitted_by: str, entries: Sequence[BatchEntry], fresh: list[int],
                  pipeline_version: str, vault: Vault) -> dict[int, Stored]:
    ids = {i: str(uuid.uuid4()) for i in fresh}
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO submissions (id, submitted_by, campaign_id, template_id, idempotency_key, request_hash,"
            " callback_url) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (submitted_by, idempotency_key) DO NOTHING RETURNING id",
            [(ids[i], submitted_by, entries[i].copy.campaign_id, entries[i].copy.template_id,
              entries[i].idempotency_key, entries[i].request_hash, entries[i].callback_url) for i in fresh],
            returning=True)
        fresh = [i for i, row in zip(fresh, _returned(cur)) if row is not None]  # the rest lost a race for their key
        if not fresh:
            return {}
        keys = {i: vault.new_wrapped_key(ids[i]) for i in fresh}
        sealed = {i: vault.seal(keys[i][0], ids[i], 1, Content(entries[i].copy.text, entries[i].copy.metadata))
                  for i in fresh}
        cur.executemany("INSERT INTO data_keys (submission_id, wrapped_key) VALUES (%s, %s)",
                        [(ids[i], keys[i][1]) for i in fresh])
        cur.executemany(
            "INSERT INTO submission_versions (submission_id, version, text, language, jurisdiction, product,"
            " channel, metadata, content, provenance) VALUES (%s, 1, NULL, %s, %s, %s, %s, '{}', %s, %s) RETURNING id",
            [(ids[i], c.language, c.jurisdiction, c.product, c.channel, sealed[i][0],
              Jsonb(c.provenance) if c.provenance is not None else None)
             for i in fresh for c in [entries[i].copy]], returning=True)
        version_ids = [row[0] for row in _returned(cur)]
        cur.executemany("INSERT INTO jobs (version_id, pipeline_version) VALUES (%s, %s) RETURNING id",
                        [(v, pipeline_version) for v in version_ids], returning=True)
        job_ids = [row[0] for row in _returned(cur)]
    stored = {i: Stored(ids[i], 1, v, j, created=True) for i, v, j in zip(fresh, version_ids, job_ids)}
    events = []
    for i in fresh:
        copy, subject = entries[i].copy, f"submission:{ids[i]}/v1"
        events += [
            NewEvent("submitted", submitted_by, subject, submitted_body(copy, sealed[i][1], False)),
            NewEvent("queued", submitted_by, subject, {"job_id": stored[i].job_id, "pipeline": pipeline_version}),
        ]
    append(conn, events)
    return stored


def _used_keys(conn: psycopg.Connection, submitted_by: str, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    rows = conn.execute("SELECT idempotency_key FROM submissions WHERE submitted_by = %s AND idempotency_key = ANY(%s)",
                        (submitted_by, keys)).fetchall()
    return {row[0] for row in rows}


def _returned(cur: psycopg.Cursor) -> list[tuple | None]:
    """One row (or None) per statement of an executemany(returning=True)."""
    rows = []
    while True:
        rows.append(cur.fetchone())
        if not cur.nextset():
            return rows


def _by_idempotency_key(conn: psycopg.Connection, submitted_by: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, request_hash FROM submissions WHERE submitted_by = %s AND idempotency_key = %s",
        (submitted_by, key),
    ).fetchone()
    return {"id": str(row[0]), "request_hash": row[1]} if row else None


def _latest(conn: psycopg.Connection, submission_id: str, *, created: bool) -> Stored:
    row = conn.execute(
        "SELECT v.version, v.id, j.id FROM submission_versions v JOIN jobs j ON j.version_id = v.id"
        " WHERE v.submission_id = %s ORDER BY v.version DESC, j.id DESC LIMIT 1",
        (submission_id,),
    ).fetchone()
    return Stored(submission_id, row[0], row[1], row[2], created=created)
