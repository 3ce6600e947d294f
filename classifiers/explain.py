"""Occlusion evidence: which phrases, when removed, lower the risk score the most.

Cheap by design: at most `max_segments` variants per text, scored in one batch,
and only for copy already above the evidence threshold (see metadata "evidence").
When the violations are redundant ("Guaranteed profits. You cannot lose."), no
single removal lowers the risk; only then a second batch scores each phrase on its
own, and the phrases that are risky alone are the evidence (weight = their risk).
Spans are Python indices into the text as given, so text[start:end] is the phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CJK punctuation always ends a clause; ASCII only when followed by space or the end,
# so "4.25%" and "1,000" stay whole.
_DELIMITER = re.compile(r"[，。！？；：、\n]|[,.!?;:](?=\s|$)")
# Word-ish units for single-clause copy: ASCII runs, or one CJK/other character.
_UNIT = re.compile(r"[A-Za-z0-9$%'’.,-]+|[^\sA-Za-z0-9]")
_CONTENT = re.compile(r"[A-Za-z0-9\u3400-\u9fff]")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    weight: float  # risk drop when the phrase is removed (or, in the fallback, its risk alone)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in (*_DELIMITER.finditer(text), None):
        end = match.start() if match else len(text)
        piece = text[start:end]
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        if right > left and _CONTENT.search(text, left, right):
            spans.append((left, right))
        start = match.end() if match else end
    return spans


def _group(spans: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """Merge neighbouring spans into `count` contiguous groups of near-equal size."""
    if len(spans) <= count:
        return spans
    bounds = [round(i * len(spans) / count) for i in range(count + 1)]
    return [(spans[a][0], spans[b - 1][1]) for a, b in zip(bounds, bounds[1:])]


def segments(text: str, max_segments: int) -> list[tuple[int, int]]:
    """Clauses; when there is only one, short word/character windows inside it."""
    clauses = _clauses(text)
    if len(clauses) >= 2:
        return _group(clauses, max_segments)
    units = [m.span() for m in _UNIT.finditer(text) if _CONTENT.search(m.group())]
    return _group(units, max_segments) if len(units) >= 2 else clauses


def occlusions(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[:start] + text[end:] for start, end in spans]


def rank(text: str, spans: list[tuple[int, int]], base_risk: float, occluded_risks: list[float],
         top_k: int) -> list[Evidence]:
    """Keep the spans whose removal lowers the risk, largest drop first."""
    found = [Evidence(start, end, text[start:end], round(base_risk - risk, 6))
             for (start, end), risk in zip(spans, occluded_risks) if base_risk - risk > 0]
    found.sort(key=lambda ev: (-ev.weight, ev.start))
    return found[:top_k]


def rank_alone(text: str, spans: list[tuple[int, int]], alone_risks: list[float], min_risk: float,
               top_k: int) -> list[Evidence]:
    """Fallback for redundant evidence: phrases that score as risky on their own."""
    found = [Evidence(start, end, text[start:end], round(risk, 6))
             for (start, end), risk in zip(spans, alone_risks) if risk >= min_risk]
    found.sort(key=lambda ev: (-ev.weight, ev.start))
    return found[:top_k]
