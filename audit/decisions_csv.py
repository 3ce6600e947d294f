"""The decisions of a bundle as one flat CSV a spreadsheet opens: one row per final decision,
derived from the ``decided`` events alone, so an auditor can re-derive it from verified events."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping

COLUMNS = ("seq", "time", "submission", "version", "outcome", "reason_code", "reason", "reviewer",
           "first_approver", "second_approver", "rules_hit", "rulesets", "model", "report_sha256")


def _cell(value: str) -> str:
    # Text an officer typed must not run as a spreadsheet formula when the auditor opens the file.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _row(seq: int, body: Mapping[str, Any]) -> list[str]:
    payload = body.get("payload", {})
    submission, _, version = str(body.get("subject", "")).removeprefix("submission:").partition("/v")
    rulesets = payload.get("rulesets") or {}
    values = [
        str(seq), body.get("time", ""), submission, version, payload.get("outcome", ""),
        payload.get("reason_code", ""), payload.get("reason", ""), body.get("actor", ""),
        payload.get("first_approver", "") or "", payload.get("second_approver", "") or "",
        ";".join(payload.get("findings") or []),
        ";".join(f"{pack}={fingerprint}" for pack, fingerprint in sorted(rulesets.items())),
        payload.get("model") or "", payload.get("report_sha256") or "",
    ]
    return [_cell(str(v)) for v in values]


def render(events: Iterable[tuple[int, Mapping[str, Any]]]) -> bytes:
    """CSV bytes (UTF-8 with a byte-order mark, which spreadsheets need to read Chinese correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for seq, body in events:
        if body.get("type") == "decided":
            writer.writerow(_row(seq, body))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
