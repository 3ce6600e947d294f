"""Submission ids as they arrive in paths: anything that is not a UUID names no submission."""
from __future__ import annotations

import uuid

from service.problems import Problem


def canonical_uuid(value: str) -> str | None:
    """The UUID in canonical form, or None when ``value`` is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def submission_id_or_404(value: str, title: str = "No such submission") -> str:
    found = canonical_uuid(value)
    if found is None:
        raise Problem(404, "not-found", title)
    return found
