"""How an SMS is cut into segments (3GPP TS 23.038 alphabets, TS 23.040 concatenation). Pure.

A message that fits one segment carries 160 GSM-7 septets or 70 UCS-2 code units. Longer
messages are sent as concatenated segments whose user-data header takes room, leaving 153 septets
or 67 code units each; we count with those figures because they are what the network delivers.
Characters of the GSM-7 extension table take two septets and are never split across segments,
and UCS-2 counts UTF-16 code units, so an emoji takes two and a surrogate pair is never split.
"""
from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
SINGLE = {"gsm7": 160, "ucs2": 70}
CONCATENATED = {"gsm7": 153, "ucs2": 67}


@dataclass(frozen=True)
class Segmentation:
    encoding: str  # "gsm7" or "ucs2"
    # [start, end) character offsets of each segment in the text.
    segments: tuple[tuple[int, int], ...]

    def delivered_end(self, max_segments: int) -> int:
        """Offset after the last character that arrives when at most ``max_segments`` are sent."""
        kept = self.segments[:max_segments]
        return kept[-1][1] if kept else 0


def encoding_of(text: str) -> str:
    return "gsm7" if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text) else "ucs2"


def _units(char: str, encoding: str) -> int:
    if encoding == "gsm7":
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def segment(text: str) -> Segmentation:
    encoding = encoding_of(text)
    total = sum(_units(c, encoding) for c in text)
    if total <= SINGLE[encoding]:
        return Segmentation(encoding, ((0, len(text)),) if text else ())
    size = CONCATENATED[encoding]
    segments, start, used = [], 0, 0
    for i, char in enumerate(text):
        units = _units(char, encoding)
        if used + units > size:
            segments.append((start, i))
            start, used = i, 0
        used += units
    segments.append((start, len(text)))
    return Segmentation(encoding, tuple(segments))
