"""What marks text as a disclosure: the per-language cue files (rulesets/cues/*.yaml) and the
packs' own knowledge (every wording a rule requires, and the mandated wording its suggestion gives).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from rulesets.checks import ConditionalCheck, RequiredCheck
from rulesets.chinese import HAN
from rulesets.matcher import LiteralGate, Terms
from rulesets.normalize import fold
from rulesets.schema import Rule

CUES_DIR = Path(__file__).parent / "cues"
# A clause must be at least this long to count as a piece of a mandated wording: shorter
# pieces (「投資人」) are ordinary words.
MIN_MANDATED_PIECE = 8
# What may stand before a header at a line's start: spaces, brackets and bullets.
_LEAD = r"[\s【\[(■◆●★☆▶►>#\-•・]*"
# A rule's required wording that matches plain copy such as this (a rule that only asks for some
# Chinese text) says nothing about disclosures and is not used as evidence.
_BLAND = fold("星光銀行信用卡，2025年歡迎申辦。Star Bank card, apply now at 123 Main Street in 2025.")
# An English sentence is a required disclosure when the required wording makes up this share of
# it at least; a shorter match (a year, "net of fees", a 10-year period) is a detail the claim
# itself carries. Chinese clauses are cut at commas, so there a required wording of a few
# characters is enough.
MIN_REQUIRED_SHARE = 0.4
MIN_REQUIRED_HAN = 4
# The script each cue file's language is written in (normalised copy is lowercased).
_SCRIPTS = {"en": re.compile("[a-z]"), "zh-TW": HAN}
# How far before a clause a piece of evidence that lies mostly inside it may start (characters;
# the longest wordings the packs require span about this much).
MAX_EVIDENCE_REACH = 80


class CueExamples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disclosure: list[str] = Field(min_length=2)
    claim: list[str] = Field(min_length=2)
    # whole copies: small print throughout, and ads that carry a warning
    small_print: list[str] = Field(min_length=2)
    ad: list[str] = Field(min_length=2)


class CueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Literal["en", "zh-TW"]
    headers: list[str] = Field(min_length=1)
    # A short title that ends in one of these and is closed by a colon or 】 is a header too
    # (「帳單分期注意事項：」, "Bonus terms:"); without the colon it could be a claim's last words.
    title_ends: list[str] = []
    footnote_markers: list[str] = Field(min_length=1)
    cues: Terms
    claim_signals: Terms
    examples: CueExamples


@lru_cache(maxsize=1)
def cue_files() -> tuple[CueFile, ...]:
    out = []
    for path in sorted(CUES_DIR.glob("*.yaml")):
        try:
            out.append(CueFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except Exception as exc:  # name the file: a compliance officer edits these
            raise ValueError(f"{path.name}: {exc}") from exc
    return tuple(out)


@dataclass(frozen=True)
class DisclosureKnowledge:
    footnote_markers: tuple[str, ...]  # folded
    # Per cue file, the script its language is written in: a file's cues are looked for only in
    # copy that holds that script (an English file's in copy with Latin letters).
    scripts: tuple[re.Pattern[str], ...]
    cues: tuple[Terms, ...]  # the cue files'
    claim_signals: tuple[Terms, ...]  # the cue files': what keeps a plain sentence a claim
    required: tuple[Terms, ...]  # the rules' required wordings
    # The mandated wordings (rule suggestions of required disclosures), folded and joined by NUL,
    # which never occurs in normalised copy: one search, and no piece spans two wordings.
    mandated: str
    header_pattern: re.Pattern[str]  # a line that opens with a header
    header_hint: LiteralGate  # any header word or title end: a copy without one has no header

    def evidence(self, text: str) -> list[tuple[int, int, str, bool]]:
        """Every cue and required wording in ``text`` (normalised) as (start, end, why, required),
        found in one pass over the copy rather than once per clause."""
        found = [(m.start, m.end, f"cue:{m.term}", False)
                 for script, terms in zip(self.scripts, self.cues) if script.search(text) for m in terms.find(text)]
        found += [(m.start, m.end, f"required:{m.term}", True) for terms in self.required for m in terms.find(text)]
        return sorted(found)

    def clause_reason(self, text: str, start: int, end: int, evidence: list[tuple[int, int, str, bool]]) -> str | None:
        """Why ``text[start:end]`` is a disclosure clause, given the copy's ``evidence``, or None
        when it reads as a claim."""
        return self.reasons(text, [(start, end)], evidence)[0]

    def reasons(self, text: str, pieces: list[tuple[int, int]],
                evidence: list[tuple[int, int, str, bool]]) -> list[str | None]:
        """``clause_reason`` of each of one sentence's clauses (in order, adjacent). Evidence
        belongs to the clause that holds most of it (a rate line cut at its colon,
        「循環信用利率：年利率6.75%」, is evidence for the figure's clause)."""
        first, last = pieces[0][0], pieces[-1][1]
        # Only evidence that starts within reach of the sentence and ends inside it can belong to
        # one of its clauses; most sentences have none.
        near = [e for e in evidence[bisect_left(evidence, (first - MAX_EVIDENCE_REACH,)):bisect_left(evidence, (last,))]
                if e[1] > first]
        return [self._reason(text, start, end, near) if near else self._mandated_piece(text, start, end)
                for start, end in pieces]

    def _reason(self, text: str, start: int, end: int, near: list[tuple[int, int, str, bool]]) -> str | None:
        enough = None  # worked out only for a clause that holds a required wording
        required = None
        for e_start, e_end, why, is_required in near:
            if e_start >= end:
                break
            if e_start < start - MAX_EVIDENCE_REACH or e_end <= start:
                continue
            inside = min(e_end, end) - max(e_start, start)
            # Mostly in another clause, or half in each and ending in the next: a warning follows
            # the claim it qualifies (「配息率4.25%，配息來源可能為本金」 is the second clause's).
            if 2 * inside < e_end - e_start or (2 * inside == e_end - e_start and e_end > end):
                continue
            if not is_required:
                return why  # a cue outranks a required wording
            if required is None:
                if enough is None:
                    clause = text[start:end]
                    enough = MIN_REQUIRED_HAN if HAN.search(clause) else MIN_REQUIRED_SHARE * len(clause.strip())
                if inside >= enough:
                    required = why
        return required or self._mandated_piece(text, start, end)

    def _mandated_piece(self, text: str, start: int, end: int) -> str | None:
        if end - start < MIN_MANDATED_PIECE:
            return None
        piece = text[start:end].strip(" ,.;:!?、。")
        if len(piece) >= MIN_MANDATED_PIECE and piece in self.mandated:
            return "mandated-wording"
        return None

    def has_signal(self, clause: str) -> bool:
        """Whether a clause (normalised) says something only a claim says: an offer, a rank, a
        return, a call to act."""
        return any(script.search(clause) and terms.find(clause) for script, terms in zip(self.scripts, self.claim_signals))

    def is_disclosure_clause(self, clause: str) -> str | None:
        """Why a clause on its own (normalised) is a disclosure, or None."""
        return self.clause_reason(clause, 0, len(clause), self.evidence(clause))


# Each entry keeps its rules alive, so their ids cannot be reused by other objects while cached.
_cache: dict[tuple[int, ...], tuple[tuple[Rule, ...], DisclosureKnowledge]] = {}


def knowledge_for(rules: tuple[Rule, ...] | list[Rule]) -> DisclosureKnowledge:
    """The cue files plus what ``rules`` require, cached per rule set (packs load once per process,
    so the rule objects themselves are the key)."""
    key = tuple(sorted(id(rule) for rule in rules))
    found = _cache.get(key)
    if found is None:
        if len(_cache) > 256:  # bounded: a long-lived process sees a handful of scopes
            _cache.clear()
        found = _cache[key] = (tuple(rules), _knowledge(rules))
    return found[1]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _is_mandated_wording(check, wording: Terms, suggestion: str) -> bool:
    """A suggestion is the mandated wording when it satisfies its rule and holds none of the
    rule's triggers; otherwise it is advice that may quote a claim ("Get $300 when you open...")."""
    if not wording.find(suggestion):
        return False
    return not (isinstance(check, ConditionalCheck) and check.trigger.find(suggestion))


def _knowledge(rules: tuple[Rule, ...] | list[Rule]) -> DisclosureKnowledge:
    files = cue_files()
    required: list[Terms] = []
    mandated: list[str] = []
    for rule in rules:
        check = rule.check
        wording = check if isinstance(check, RequiredCheck) else getattr(check, "require", None)
        if not isinstance(check, (RequiredCheck, ConditionalCheck)) or wording.find(_BLAND):
            continue
        required.append(wording)
        if rule.suggestion is not None:
            mandated += [text for text in map(fold, filter(None, (rule.suggestion.zh_tw, rule.suggestion.en)))
                         if _is_mandated_wording(check, wording, text)]
    headers = tuple(fold(h) for f in files for h in f.headers)
    ends = tuple(fold(e) for f in files for e in f.title_ends)
    titled = (r"|(?:[^\W\d_]{1,10}?|(?:[a-z][\w'&/-]*\s){1,4})(?:" + _alternation(ends) + r")(?=\s*[:】])") if ends else ""
    return DisclosureKnowledge(
        header_pattern=re.compile(_LEAD + "(" + _alternation(headers) + titled + r")\s*(?:[:】\]\)]|$)", re.M),
        header_hint=LiteralGate(frozenset(headers + ends)),
        footnote_markers=tuple(fold(m) for f in files for m in f.footnote_markers),
        scripts=tuple(_SCRIPTS[f.language] for f in files),
        cues=tuple(f.cues for f in files),
        claim_signals=tuple(f.claim_signals for f in files),
        # Several rules require the same wording (a source and date): look for each once.
        required=tuple({tuple(t.terms()): t for t in required}.values()),
        mandated="\0".join(mandated),
    )
