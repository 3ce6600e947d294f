"""Campaign templates and their variants' slot values.

A template is stored as an ordinary submission (so it is checked, queued and decided like any
copy) plus a ``templates`` row with its spec. Its approval is the decision on version 1 with
outcome approve. Slot values may hold personal data: they are sealed under the submission's data
key, like its text, and only this module reads or writes them.
"""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.campaign.template import TemplateSpec
from workers.campaign.variant import VariantContext
from workers.content import Content, ContentErased, Vault, vault
from workers.store.people import with_names
from workers.store.submissions import NewCopy, Stored, store_copy


class UnknownTemplate(Exception):
    """No template with this id belongs to the caller."""


def register_template(conn: psycopg.Connection, *, submitted_by: str, spec: TemplateSpec, copy: NewCopy,
                      pipeline_version: str, idempotency_key: str | None = None,
                      request_hash: str | None = None) -> Stored:
    """Store the template for review (its text is the copy) with its spec, in the caller's transaction."""
    stored = store_copy(conn, submitted_by=submitted_by, copy=copy, pipeline_version=pipeline_version,
                        idempotency_key=idempotency_key, request_hash=request_hash)
    if stored.created:
        conn.execute("INSERT INTO templates (id, spec, spec_sha256) VALUES (%s, %s, %s)",
                     (stored.submission_id, Jsonb(spec.model_dump(mode="json")), spec.fingerprint))
        append(conn, [NewEvent("template_registered", submitted_by, f"template:{stored.submission_id}", {
            "spec_sha256": spec.fingerprint, "slots": sorted(spec.slots), "disclosures": len(spec.disclosures)})])
    return stored


def get_template(conn: psycopg.Connection, template_id: str) -> dict[str, Any] | None:
    """The template's spec, where it runs, its review status and the approving decision (or None)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT t.id::text AS id, t.spec, t.spec_sha256, t.created_at, s.submitted_by, s.campaign_id,"
            " v.id AS version_id, v.status, v.language, v.jurisdiction, v.product, v.channel"
            " FROM templates t JOIN submissions s ON s.id = t.id"
            " JOIN submission_versions v ON v.submission_id = t.id AND v.version = 1 WHERE t.id = %s",
            (template_id,),
        ).fetchone()
        if row is None:
            return None
        row["approval"] = cur.execute(
            "SELECT id AS decision_id, decided_by, second_approver, created_at AS decided_at FROM decisions"
            " WHERE version_id = %s AND outcome = 'approve' ORDER BY id DESC LIMIT 1",
            (row["version_id"],),
        ).fetchone() if row["status"] == "approved" else None
    return row


def attach_variant(conn: psycopg.Connection, *, version_id: int, template_id: str, submitted_by: str,
                   values: dict[str, str], keys: Vault | None = None) -> None:
    """Record that this version is a variant of the caller's template, with its slot values."""
    owner = conn.execute("SELECT s.submitted_by FROM templates t JOIN submissions s ON s.id = t.id WHERE t.id::text = %s",
                         (template_id,)).fetchone()
    if owner is None or owner[0] != submitted_by:
        raise UnknownTemplate(template_id)
    row = conn.execute("SELECT submission_id::text, version FROM submission_versions WHERE id = %s",
                       (version_id,)).fetchone()
    keys = keys or vault()
    data_key = keys.data_key(conn, row[0])
    if data_key is None:
        raise ContentErased(row[0])
    sealed, _ = keys.seal(data_key, row[0], row[1], Content("", {"slots": values}))
    conn.execute("INSERT INTO variant_slots (version_id, template_id, sealed_values) VALUES (%s, %s, %s)",
                 (version_id, template_id, sealed))


def variant_context(conn: psycopg.Connection, version_id: int, keys: Vault | None = None) -> VariantContext | None:
    """The template and slot values of a variant version; None for copy that is no variant."""
    row = conn.execute("SELECT vs.template_id::text, vs.sealed_values, v.submission_id::text, v.version"
                       " FROM variant_slots vs JOIN submission_versions v ON v.id = vs.version_id"
                       " WHERE vs.version_id = %s", (version_id,)).fetchone()
    if row is None:
        return None
    opened = (keys or vault()).open_or_none(conn, row[2], row[3], blob=row[1], legacy_text=None)
    if opened is None:  # erased with the submission's content: nothing left to verify
        return None
    template = get_template(conn, row[0])
    approval = template["approval"]
    approved_rules: frozenset[str] = frozenset()
    if approval is not None:
        approval = {**approval, "decided_at": approval["decided_at"].isoformat()}
        approved_rules = _approved_rules(conn, template["version_id"])
    return VariantContext(
        template_id=template["id"], spec=TemplateSpec.model_validate(template["spec"]),
        spec_sha256=template["spec_sha256"].strip(), jurisdiction=template["jurisdiction"],
        product=template["product"], channel=template["channel"], values=dict(opened.metadata["slots"]),
        approval=approval, approved_rules=approved_rules,
    )


def _approved_rules(conn: psycopg.Connection, version_id: int) -> frozenset[str]:
    """The rule ids on the template report the officer approved."""
    row = conn.execute("SELECT report FROM reports WHERE version_id = %s ORDER BY id DESC LIMIT 1",
                       (version_id,)).fetchone()
    return frozenset(f["rule_id"] for f in row[0].get("findings", []) if f.get("source") == "rule") if row else frozenset()


def variant_template_id(conn: psycopg.Connection, version_id: int) -> str | None:
    row = conn.execute("SELECT template_id::text FROM variant_slots WHERE version_id = %s", (version_id,)).fetchone()
    return row[0] if row else None


def desk_panel(conn: psycopg.Connection, *, submission_id: str, version_id: int) -> dict[str, Any] | None:
    """What the review page shows about templates: a template's spec for the officer approving it,
    or, for a variant, which template it claims to follow."""
    template = get_template(conn, submission_id)
    if template is not None:
        return {"kind": "template", "template": template}
    template_id = variant_template_id(conn, version_id)
    if template_id is not None:
        template = get_template(conn, template_id)
        if template is not None and template["approval"] is not None:
            with_names(conn, [template["approval"]], "decided_by", "second_approver")
        return {"kind": "variant", "template": template}
    return None
