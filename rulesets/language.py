"""A cheap language guess for picking the suggestion's language."""
from __future__ import annotations

import re
from typing import Literal

from rulesets.chinese import count_han

_LATIN_WORD = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> Literal["zh-TW", "en"]:
    """``zh-TW`` when Han characters are at least as many as Latin words, else ``en``.

    One Han character counts like one English word, so brand names (Visa, Apple Pay) in a
    Chinese ad do not tip it to English. Text with neither is ``en``.
    """
    han = count_han(text)
    words = len(_LATIN_WORD.findall(text))
    return "zh-TW" if han and han >= words else "en"
