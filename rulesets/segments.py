"""Sentence and paragraph bounds in normalised text, for conditional checks' distances."""
from __future__ import annotations

import re
from typing import Literal

Unit = Literal["sentence", "paragraph", "text"]

# 「。！？；」 and line breaks end a sentence; '.' does only before a space, so 6.75% stays whole.
_BREAKS: dict[str, re.Pattern[str]] = {
    "sentence": re.compile(r"[。!?;\n]+|\.(?=\s|$)"),
    "paragraph": re.compile(r"\n[^\S\n]*\n\s*"),
}


def unit_bounds(text: str, pos: int, unit: Unit) -> tuple[int, int]:
    """The ``[start, end)`` of the sentence, paragraph or text containing ``pos``."""
    if unit == "text":
        return 0, len(text)
    start, end = 0, len(text)
    for m in _BREAKS[unit].finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            end = max(m.start(), pos)
            break
    return start, end
