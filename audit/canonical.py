"""RFC 8785 (JSON Canonicalization Scheme) encoding of audit event bodies.

The hash chain covers these exact bytes, so any two writers -- or an auditor's own tool --
that agree on the event content agree on its hash.
"""
from __future__ import annotations

from typing import Any

import rfc8785


def encode(obj: Any) -> bytes:
    return rfc8785.dumps(obj)
