"""Negation and disclaimer exceptions: why a match of a prohibited wording is not a claim.

「不保證最低收益」 negates 「保證」; 「惟不表示絕無風險」 is the mandated disclaimer that contains
「絕無風險」. Negation is looked for only in the same clause, so a rhetorical question does not
shield the claim after it: in 「誰說不保證？本行保證獲利」 the 「？」 ends the negated clause.
"""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, PositiveInt, PrivateAttr, model_validator

from rulesets.matcher import Match, PhraseIndex

# Clause ends in normalised text (NFKC already turned ，！？；： into ASCII).
_CLAUSE_BREAK = re.compile(r"[,!?;:、。\n]|\.(?=\s|$)")


class Exceptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    negated_by: list[str] = []  # e.g. 不, 並不, 無法, not, no
    not_negation: list[str] = []  # words that start with a negator but do not negate: 不只, 不僅
    window: PositiveInt = 6  # characters before the match searched for a negator
    disclaimer_context: list[str] = []  # phrases that, when they contain the match, suppress it
    _negators: PhraseIndex = PrivateAttr()
    _non_negators: PhraseIndex = PrivateAttr()
    _disclaimers: PhraseIndex = PrivateAttr()

    @model_validator(mode="after")
    def _compile(self) -> Exceptions:
        self._negators = PhraseIndex(self.negated_by)
        self._non_negators = PhraseIndex(self.not_negation)
        self._disclaimers = PhraseIndex(self.disclaimer_context)
        return self

    def checked(self) -> list[str]:
        """Names of the exceptions this rule applies, for the finding's explanation."""
        return [name for name in ("negated_by", "disclaimer_context") if getattr(self, name)]

    def keep(self, text: str, matches: list[Match]) -> list[Match]:
        """The matches that no exception suppresses."""
        if not matches or not (self.negated_by or self.disclaimer_context):
            return matches
        scan = self._scan(text)
        return [m for m in matches if self._why(text, m.start, m.end, scan) is None]

    def why_suppressed(self, text: str, start: int, end: int) -> str | None:
        """A reason (``negated_by:不``, ``disclaimer_context:...``) or None when the match stands."""
        if not (self.negated_by or self.disclaimer_context):
            return None
        return self._why(text, start, end, self._scan(text))

    def _scan(self, text: str) -> tuple[list[Match], list[Match], list[Match]]:
        """Negators, non-negators and disclaimers anywhere in ``text``: one pass each per text
        rather than per match (a copy often repeats the same claim)."""
        if not self.negated_by:
            return [], [], self._disclaimers.find_all(text)
        return self._negators.find_all(text), self._non_negators.find_all(text), self._disclaimers.find_all(text)

    def _why(self, text: str, start: int, end: int, scan: tuple[list[Match], list[Match], list[Match]]) -> str | None:
        negators, non_negators, disclaimers = scan
        if negators:
            lo = _clause_start(text, max(start - self.window, 0), start)
            ignored = [(m.start, m.end) for m in non_negators if lo <= m.start and m.end <= start]
            for neg in negators:
                if lo <= neg.start and neg.end <= start and not any(s <= neg.start and neg.end <= e for s, e in ignored):
                    return f"negated_by:{neg.term}"
        for disclaimer in disclaimers:
            if disclaimer.start <= start and end <= disclaimer.end:
                return f"disclaimer_context:{disclaimer.term}"
        return None


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts, or ``lo`` when that is later."""
    last = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, pos):
        last = m.end()
    return last
