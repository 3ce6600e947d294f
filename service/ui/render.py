"""Pure helpers that turn a report into what the review page shows: masked text, highlighted
segments and a diff. No I/O."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

SEVERITY_RANK = {"blocker": 3, "major": 2, "minor": 1}


def masked_text(text: str, findings: list[dict[str, Any]], revealed: frozenset[str] = frozenset()) -> str:
    """The text with every personal-data span replaced by its masked excerpt (same length, so
    every other finding's offsets still hold), except the findings in ``revealed``."""
    out = list(text)
    for f in findings:
        if f.get("source") != "pii" or f["id"] in revealed:
            continue
        start, end = f["start"], f["end"]
        mask = f.get("excerpt") or ""
        if len(mask) != end - start or mask == text[start:end]:
            mask = "*" * (end - start)
        out[start:end] = list(mask)
    return "".join(out)


@dataclass
class Segment:
    text: str
    severity: str | None = None
    numbers: list[int] = field(default_factory=list)  # 1-based positions in the findings list
    kind: str = "claim"  # or "disclosure": the report's copy structure


def segments(text: str, findings: list[dict[str, Any]], structure: list[dict[str, Any]] | None = None) -> list[Segment]:
    """Cut the text at every finding boundary and every claim/disclosure boundary of the report's
    ``structure``; each piece carries the worst severity covering it and the kind it lies in."""
    bounds = [p for f in findings for p in (f["start"], f["end"])]
    bounds += [p for s in structure or () for p in (s["start"], s["end"])]
    cuts = sorted({0, len(text), *(max(0, min(len(text), p)) for p in bounds)})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [i for i, f in enumerate(findings, 1) if f["start"] <= lo and f["end"] >= hi and f["end"] > f["start"]]
        severity = max((findings[i - 1]["severity"] for i in covering), key=SEVERITY_RANK.get, default=None)
        kind = next((s["kind"] for s in structure or () if s["start"] <= lo and hi <= s["end"]), "claim")
        out.append(Segment(text[lo:hi], severity, covering, kind))
    return out


def runs_by_kind(pieces: list[Segment]) -> list[tuple[str, list[Segment]]]:
    """Consecutive pieces of one kind, so the page can set each disclosure run as small print."""
    return [(kind, list(run)) for kind, run in groupby(pieces, key=attrgetter("kind"))]


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces: 'same', 'added' or 'removed', character by character (CJK has no words)."""
    out: list[tuple[str, str]] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", new[b0:b1]))
            continue
        if a1 > a0:
            out.append(("removed", old[a0:a1]))
        if b1 > b0:
            out.append(("added", new[b0:b1]))
    return out


def message_in(finding: dict[str, Any], language: str) -> str:
    message = finding.get("message") or {}
    return message.get(language) or message.get("en") or message.get("zh-TW") or ""
