"""Copy structure: the copy split into clauses, each a ``claim`` or a ``disclosure`` (a warning,
terms, a footnote, a fee table, a risk list). Pure; works on normalised text so cues and rule
wordings match as rules do, and maps back to the original text for reports.

Evidence, strongest first: a block opened by a disclosure header (注意事項：, "Important
information:") runs to the next blank line; a line that starts with a footnote marker (※, *, ^);
a clause holding a cue (不保證, "may go down") or a wording a rule in scope requires; a clause that
is a piece of a mandated wording. Chinese sentences are cut at commas too, so 「年配息率6%，配息可能由
本金支出」 keeps its claim apart from its warning; English sentences are not, since their commas
rarely separate a claim from its caveat. Last, a copy whose clauses are disclosures or plain
sentences with no claim signal (cues/*.yaml `claim_signals`) is small print throughout.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from rulesets.chinese import HAN
from rulesets.disclosures import DisclosureKnowledge
from rulesets.normalize import Normalized

Kind = Literal["claim", "disclosure"]
_SENTENCE_END = re.compile(r"[。!?;]+|\.(?=\s|$)")
_CLAUSE_END = re.compile(r"[,、:]")
_CONCESSIVE = re.compile(r"\s*(?:惟|但|然|唯)")
SMALL_PRINT = "small-print"  # the reason given to a plain sentence of a copy with no claim


class Segment(NamedTuple):  # a tuple, not a frozen dataclass: a copy has dozens, built per review
    start: int  # in normalised text
    end: int
    kind: Kind
    why: str | None = None  # what made it a disclosure ("header:注意事項", "cue:不保證", ...)


@dataclass(frozen=True)
class Structure:
    segments: tuple[Segment, ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.segments]

    def kind_at(self, pos: int) -> Kind:
        i = bisect_right(self._starts, pos) - 1
        return self.segments[i].kind if i >= 0 and pos < self.segments[i].end else "claim"

    @property
    def small_print_only(self) -> bool:
        """Whether the copy is all disclosures (a fee table, terms, a risk warning, a legal
        notice): small print alone is not an ad, so no wording is demanded of it. That holds for
        plain sentences read as small print for want of a claim signal too: a fee page's "We must
        hear from you within 60 days" is its terms. Blank copy is not small print."""
        return bool(self.segments) and all(s.kind == "disclosure" for s in self.segments)

    def in_claim(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches a claim (or lies outside every segment)."""
        touched = False
        for s in self.segments[max(0, bisect_right(self._starts, start) - 1):]:
            if s.start >= max(end, start + 1):
                break
            if s.end > start:
                if s.kind == "claim":
                    return True
                touched = True
        return not touched

    def original(self, norm: Normalized) -> list[dict]:
        """The segments as report data, with offsets into the original text."""
        out = []
        for s in self.segments:
            start, end = norm.to_original(s.start, s.end)
            out.append({"start": start, "end": end, "kind": s.kind, "why": s.why})
        return out


def analyse(norm: Normalized, knowledge: DisclosureKnowledge) -> Structure:
    text = norm.text
    scan = _Scan(text, knowledge)
    segments: list[Segment] = []
    in_block: str | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        if line.isspace():
            in_block = None
            continue
        header = scan.header(start, end)
        if header is not None:
            in_block = f"header:{header}"
        if in_block is not None:
            segments.append(Segment(start, end, "disclosure", in_block))
            continue
        marker = scan.footnote(start)
        if marker is not None:
            segments.append(Segment(start, end, "disclosure", f"footnote:{marker}"))
            continue
        segments += _clauses(scan, start, end)
    return Structure(tuple(_small_print(text, segments, knowledge)))


class _Scan:
    """One copy's evidence, and what the whole copy lacks: most copies have no header, no
    footnote marker or no Han character at all, and then no sentence needs testing for one."""

    __slots__ = ("text", "knowledge", "evidence", "may_header", "may_footnote", "han")

    def __init__(self, text: str, knowledge: DisclosureKnowledge) -> None:
        self.text = text
        self.knowledge = knowledge
        self.evidence = knowledge.evidence(text)
        self.may_header = knowledge.header_hint.any_in(text)
        self.may_footnote = any(m in text for m in knowledge.footnote_markers)
        self.han = HAN.search(text) is not None

    def header(self, start: int, end: int) -> str | None:
        if not self.may_header:
            return None
        found = self.knowledge.header_pattern.match(self.text, start, end)
        return found.group(1) if found else None

    def footnote(self, start: int) -> str | None:
        if not self.may_footnote:
            return None
        text, markers = self.text, self.knowledge.footnote_markers
        at = start
        while at < len(text) and text[at].isspace():
            at += 1
        if not text.startswith(markers, at):  # one C-level test for the common case
            return None
        marker = max((m for m in markers if text.startswith(m, at)), key=len)
        # A marker that is a word (註) opens a footnote only on its own: 「註1：」, not 「註冊」.
        if HAN.match(marker[-1]) and HAN.match(text, at + len(marker)):
            return None
        return marker


def _small_print(text: str, segments: list[Segment], knowledge: DisclosureKnowledge) -> list[Segment]:
    """A copy that holds disclosures and whose other clauses make no claim (no offer, rank, return
    or call to act) is small print throughout: a fee page's or a legal notice's plain sentences
    ("We must hear from you within 60 days") are its terms, not claims. One claim signal anywhere
    outside the disclosures keeps every clause as it was."""
    if not any(s.kind == "disclosure" for s in segments) or all(s.kind == "disclosure" for s in segments):
        return segments
    # Clause by clause, stopping at the first signal: in an ad that is usually the first clause.
    if any(s.kind == "claim" and knowledge.has_signal(text[s.start:s.end]) for s in segments):
        return segments
    return [s if s.kind == "disclosure" else s._replace(kind="disclosure", why=SMALL_PRINT) for s in segments]


def _clauses(scan: _Scan, start: int, end: int) -> list[Segment]:
    out: list[Segment] = []
    text = scan.text
    for s_start, s_end in _split(text, start, end, _SENTENCE_END):
        # An inline header ("...立即申辦！注意事項：...") makes the rest of the line a disclosure.
        header = scan.header(s_start, s_end)
        if header is not None:
            out.append(Segment(s_start, end, "disclosure", f"header:{header}"))
            return out
        marker = scan.footnote(s_start)
        if marker is not None:  # a footnote that starts mid-line: 「…立即申購。※配息可能由本金支出。」
            out.append(Segment(s_start, s_end, "disclosure", f"footnote:{marker}"))
            continue
        han = scan.han and HAN.search(text, s_start, s_end) is not None
        pieces = _split(text, s_start, s_end, _CLAUSE_END) if han else [(s_start, s_end)]
        out += _label_clauses(text, pieces, scan.knowledge, scan.evidence)
    return out


def _label_clauses(text: str, pieces: list[tuple[int, int]], knowledge: DisclosureKnowledge,
                   evidence: list) -> list[Segment]:
    """Label one sentence's clauses (「投資人因不同時間進場，將有不同之投資績效，…」 is a warning
    throughout). A clause that a concessive 惟/但 turns into a disclaimer takes the clause before
    it along (「本基金經核准，惟不表示絕無風險」)."""
    whys = knowledge.reasons(text, pieces, evidence)
    if not any(whys):
        return [Segment(a, b, "claim") for a, b in pieces]
    first = next(why for why in whys if why)
    # A sentence that opens as a warning, or is mostly one, is a warning throughout; a sentence of
    # one claim and one warning (「年配息率6%，配息可能由本金支出」) keeps its claim.
    if whys and (whys[0] or 2 * sum(map(bool, whys)) > len(whys)):
        whys = [why or first for why in whys]
    for i in range(1, len(pieces)):
        if whys[i] and not whys[i - 1] and _CONCESSIVE.match(text, pieces[i][0]):
            whys[i - 1] = whys[i]
    # A label cut off at its colon is read with what it labels (「循環信用利率：年利率6.75%~15%」).
    for i in range(len(pieces) - 2, -1, -1):
        if whys[i + 1] and not whys[i] and text[pieces[i][0]:pieces[i][1]].rstrip().endswith(":"):
            whys[i] = whys[i + 1]
    return [Segment(a, b, "disclosure" if why else "claim", why) for (a, b), why in zip(pieces, whys)]


def _split(text: str, start: int, end: int, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """``[start, end)`` cut after each break; pieces keep their punctuation, a blank tail is dropped
    (every other piece holds its break, which is punctuation, so none is blank)."""
    ends = [m.end() for m in breaks.finditer(text, start, end)]
    out = list(zip([start, *ends], ends))
    at = ends[-1] if ends else start
    if at < end and not text[at:end].isspace():
        out.append((at, end))
    return out
