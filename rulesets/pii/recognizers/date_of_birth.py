"""Dates of birth, by context only: a real past date next to 生日, 出生, date of birth, DOB, born.

Dates are everywhere in marketing copy (活動期間2024/09/12至2024-12-31), so a date counts only
when a birth word precedes it; the date must exist and lie between 1900-01-01 and today.
Forms: 1985/03/12, 1985-3-12, 1985.03.12, 1985年3月12日, ROC 民國74年3月12日 / 74/03/12,
12/03/1985 (day or month first), 12 March 1985, March 12, 1985.

Not a person's birth date: a threshold or range (出生日期於1955年1月1日後者, 1990/01/01起,
born after 1 January 1990) and a campaign date in a clause about the campaign (生日當月…，
活動期間2025/01/01).
"""
from __future__ import annotations

import re
from datetime import date

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_WORD_START = r"(?<![A-Za-z0-9])"
_WORD_END = r"(?![A-Za-z0-9])"
# A date followed by 前/後/起/至/~ is a threshold or the start of a range.
_NOT_RANGE = r"(?!\s*(?:[以之]?[前後]|起|止|至|到|迄|~|～|〜|–|—|-\s*[0-9]|to\b|until\b|through\b))"
FIRST_YEAR = 1900
ROC_OFFSET = 1911


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> list[date]:
    """Every date the text can stand for (12/03/1985 is 12 March or 3 December)."""
    numbers = [int(n) for n in re.findall(r"[0-9]+", text)]
    words = re.findall(r"[A-Za-z]{3,}", text)
    month_word = next((_MONTHS.index(w[:3].lower()) + 1 for w in words if w[:3].lower() in _MONTHS), None)
    if month_word is not None and len(numbers) == 2:
        day, year = numbers
        candidates = [(year, month_word, day)]
    elif len(numbers) != 3:
        return []
    elif numbers[0] >= 1000 or len(re.match(r"\D*([0-9]+)", text).group(1)) == 4:
        candidates = [(numbers[0], numbers[1], numbers[2])]
    elif numbers[2] >= 1000:
        candidates = [(numbers[2], numbers[1], numbers[0]), (numbers[2], numbers[0], numbers[1])]
    else:  # ROC year first: 74/03/12, 民國74年3月12日
        candidates = [(numbers[0] + ROC_OFFSET, numbers[1], numbers[2])]
    return [d for d in (_make(*c) for c in candidates) if d is not None]


def is_plausible_birth_date(text: str, today: date | None = None) -> bool:
    today = today or date.today()
    return any(date(FIRST_YEAR, 1, 1) <= d <= today for d in parse_date(text))


class DateOfBirthRecognizer(CjkSafeRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = (
        ("dob_year_first", NUMBER_START + r"(?:19|20)[0-9]{2}(?:([\-/.])[0-9]{1,2}\1[0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日)" + NUMBER_END + _NOT_RANGE, 0.2),
        ("dob_roc", NUMBER_START + r"(?:民國)?[0-9]{2,3}(?:([\-/.])[0-9]{1,2}\1[0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日)" + NUMBER_END + _NOT_RANGE, 0.2),
        ("dob_year_last", NUMBER_START + r"[0-9]{1,2}([\-/.])[0-9]{1,2}\1(?:19|20)[0-9]{2}" + NUMBER_END + _NOT_RANGE, 0.2),
        ("dob_day_month_name", _WORD_START + r"[0-9]{1,2}" + _ORD + r"\s+" + _MONTH + r",?\s+(?:19|20)[0-9]{2}" + _WORD_END + _NOT_RANGE, 0.2),
        ("dob_month_name_day", _WORD_START + _MONTH + r"\s+[0-9]{1,2}" + _ORD + r",?\s+(?:19|20)[0-9]{2}" + _WORD_END + _NOT_RANGE, 0.2),
    )
    # Longer words first: the explanation names the first word found (出生日期 contains 生日).
    CONTEXT = ("出生日期", "出生年月日", "出生", "生日", "生於", "birthday", "birthdate", "birth", "born", "dob")
    NEEDS_CONTEXT = tuple(name for name, _, _ in PATTERNS)
    SUPPRESS_BEFORE = (r"活動|期間|期限|截止|有效|申辦|開戶|登錄|至|到|迄|~|～|〜|after|before|since|between|valid|offer|"
                       r"\bto\b|\buntil\b|\bthrough\b")
    SUPPRESS_WINDOW = 20
    SUPPRESS_IN_PHRASE = True

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_plausible_birth_date(pattern_text) else False
