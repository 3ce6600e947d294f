"""The decisions of a bundle as one flat CSV a spreadsheet opens: one row per final decision,
derived from the ``decided`` events alone, so an auditor can re-derive it from verified events."""
from __future__ import annotations

import csv
import io
from itertools import zip_longest
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


def _records(data: bytes) -> list[tuple[int, list[str]]]:
    """(first line, cells) per CSV record; a reason may span lines, so records and lines differ."""
    reader = csv.reader(io.StringIO(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace"), newline=""))
    out, line = [], 1
    for cells in reader:
        out.append((line, cells))
        line = reader.line_num + 1
    return out


def first_difference(expected: bytes, actual: bytes) -> tuple[int, str | None, str]:
    """Where ``actual`` first departs from ``expected``: (line, the decision's seq or None, why).
    Only column names are given, never the cells: they can quote what an officer typed."""
    if not actual.startswith(b"\xef\xbb\xbf"):
        return 1, None, "the byte-order mark is missing"
    want, have = _records(expected), _records(actual)
    header = want[0][1] if want else list(COLUMNS)
    for i in range(max(len(want), len(have))):
        if i >= len(have):
            return (have[-1][0] + 1 if have else 1), want[i][1][0], "the row for this decision is missing"
        line, cells = have[i]
        if i >= len(want):
            return line, cells[0] if cells else None, "no decided event matches this extra row"
        wanted = want[i][1]
        if i == 0:
            if cells != wanted:
                return line, None, "the header differs from the one the exporter writes"
            continue
        if cells[:1] != wanted[:1]:
            seqs = {c[0] for _, c in have[1:] if c}
            if wanted[0] not in seqs:
                return line, wanted[0], "the row for this decision is missing"
            return line, cells[0] if cells else None, f"a row stands where decision seq {wanted[0]} belongs"
        columns = [name for name, a, b in zip(header, cells, wanted) if a != b]
        if len(cells) != len(wanted):
            return line, wanted[0], f"the row has {len(cells)} cells, not {len(wanted)}"
        if columns:
            verb = "differs" if len(columns) == 1 else "differ"
            return line, wanted[0], f"{', '.join(columns)} {verb} from the decided event"
    lines = zip_longest(expected.split(b"\n"), actual.split(b"\n"))
    line = next((n for n, (a, b) in enumerate(lines, 1) if a != b), 1)
    return line, None, "the same cells, written differently (line endings or quoting)"
