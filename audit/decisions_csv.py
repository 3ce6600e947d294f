"""The decisions of a bundle as one flat CSV a spreadsheet opens: one row per final decision,
derived from the ``decided`` events alone, so an auditor can re-derive it from verified events.

The events name officers by id (``user:3``); the names and roles beside them come from the
bundle's user listing, which the exporter writes from the user table (format 2 onwards)."""
from __future__ import annotations

import csv
import io
from itertools import zip_longest
from typing import Any, Iterable, Mapping

COLUMNS_V1 = ("seq", "time", "submission", "version", "outcome", "reason_code", "reason", "reviewer",
              "first_approver", "second_approver", "rules_hit", "rulesets", "model", "report_sha256")
COLUMNS = ("seq", "time", "submission", "version", "outcome", "reason_code", "reason",
           "reviewer", "reviewer_name", "reviewer_role",
           "first_approver", "first_approver_name", "first_approver_role",
           "second_approver", "second_approver_name", "second_approver_role",
           "rules_hit", "rulesets", "model", "report_sha256")

People = Mapping[str, Mapping[str, str]]  # actor -> {"name", "role"}


def spreadsheet_safe(value: str) -> str:
    """Text an officer typed (a reason, a user name) must not run as a spreadsheet formula when
    someone opens the file."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value



def _who(actor: str, people: People | None) -> list[str]:
    if people is None:
        return [actor]
    known = people.get(actor) or {}
    return [actor, known.get("name", ""), known.get("role", "")]


def _row(seq: int, body: Mapping[str, Any], people: People | None) -> list[str]:
    payload = body.get("payload", {})
    submission, _, version = str(body.get("subject", "")).removeprefix("submission:").partition("/v")
    rulesets = payload.get("rulesets") or {}
    values = [
        str(seq), body.get("time", ""), submission, version, payload.get("outcome", ""),
        payload.get("reason_code", ""), payload.get("reason", ""), *_who(str(body.get("actor", "")), people),
        *_who(str(payload.get("first_approver", "") or ""), people),
        *_who(str(payload.get("second_approver", "") or ""), people),
        ";".join(payload.get("findings") or []),
        ";".join(f"{pack}={fingerprint}" for pack, fingerprint in sorted(rulesets.items())),
        payload.get("model") or "", payload.get("report_sha256") or "",
    ]
    return [spreadsheet_safe(str(v)) for v in values]


def officers(events: Iterable[tuple[int, Mapping[str, Any]]]) -> set[str]:
    """Every actor a row names: who decided, and the first and second approvers."""
    out: set[str] = set()
    for _, body in events:
        if body.get("type") == "decided":
            payload = body.get("payload", {})
            out |= {str(a) for a in (body.get("actor"), payload.get("first_approver"), payload.get("second_approver"))
                    if a}
    return out


def render(events: Iterable[tuple[int, Mapping[str, Any]]], people: People | None = None) -> bytes:
    """CSV bytes (UTF-8 with a byte-order mark, which spreadsheets need to read Chinese correctly).
    Without ``people``: the format-1 columns, ids only, as bundles before the user listing had them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS_V1 if people is None else COLUMNS)
    for seq, body in events:
        if body.get("type") == "decided":
            writer.writerow(_row(seq, body, people))
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
        if len(cells) != len(wanted):
            return line, wanted[0], f"the row has {len(cells)} cells, not {len(wanted)}"
        columns = [name for name, a, b in zip(header, cells, wanted) if a != b]
        if columns:
            listed = [c for c in columns if c.endswith(("_name", "_role"))]
            sealed = [c for c in columns if c not in listed]
            return line, wanted[0], "; ".join(
                f"{', '.join(cols)} {'differs' if len(cols) == 1 else 'differ'} from {source}"
                for cols, source in ((sealed, "the decided event"), (listed, "users.jsonl")) if cols)
    lines = zip_longest(expected.split(b"\n"), actual.split(b"\n"))
    line = next((n for n, (a, b) in enumerate(lines, 1) if a != b), 1)
    return line, None, "the same cells, written differently (line endings or quoting)"
