"""Named validators a ``pattern`` check may call on its match (Presidio-style: one yes/no hook).

A validator gets the regex's ``value`` group when the pattern has one, else the whole match.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

ValidatorName = Literal["luhn", "positive_number"]


def luhn(value: str) -> bool:
    """Card-number checksum, so a random digit run is not taken for a card number."""
    digits = [int(d) for d in re.sub(r"\D", "", value)]
    if len(digits) < 12:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        total += d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2)
    return total % 10 == 0


def positive_number(value: str) -> bool:
    """True for a number above zero: 「報酬保證0%」 promises nothing, 「報酬保證8%」 does."""
    found = re.search(r"\d+(?:\.\d+)?", value.replace(",", ""))
    return found is not None and float(found.group()) > 0


VALIDATORS: dict[str, Callable[[str], bool]] = {"luhn": luhn, "positive_number": positive_number}
