"""Han-character facts and Simplified → Traditional conversion that keeps an offset map.

OpenCC ``s2twp`` converts phrases, not characters, and may change a phrase's length
(内存 → 記憶體), so conversion runs per run of Han characters: a run whose length is unchanged maps
character by character; otherwise the run is cut where converting the parts separately gives the
same result, and each part whose length changed maps as a whole onto its original span.
"""
from __future__ import annotations

from functools import cache

import re

import opencc

Span = tuple[int, int]

# CJK ideographs (URO, extension A, compatibility, supplementary planes) and 〇. A regex class, as
# a per-character range test in Python was the largest cost of normalising (profiled).
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{HAN_CLASS}]")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")

# Known s2twp mis-conversions in finance copy (all same length, so the map is untouched):
# 发卡银行 → 髮卡銀行 (hairpin), and TW phrase tables turn 循環 (revolving) into 迴圈 (a program loop),
# even in text that was already Traditional.
POST_FIXES: dict[str, str] = {"髮卡": "發卡", "迴圈": "循環"}
# Variants folded so one rule phrase matches both; display always uses the original text.
VARIANTS: dict[str, str] = {
    "臺": "台", "証": "證", "爲": "為", "裏": "裡", "着": "著", "綫": "線", "賬": "帳",
}
# Refining the cut points costs O(n²) conversions; longer runs map as one block.
MAX_REFINED_RUN = 128

assert all(len(k) == len(v) for k, v in POST_FIXES.items())


def is_han(ch: str) -> bool:
    return _HAN.fullmatch(ch) is not None


def count_han(text: str) -> int:
    return len(_HAN.findall(text))


@cache
def _converter() -> opencc.OpenCC:
    # Built once per process: about 0.2 s (measured on this machine).
    return opencc.OpenCC("s2twp")


def _convert(run: str) -> str:
    return _converter().convert(run)


def to_traditional(chars: list[str], spans: list[Span]) -> tuple[list[str], list[Span]]:
    """Convert every run of Han characters in ``chars``; ``spans`` follow the conversion."""
    out_chars: list[str] = []
    out_spans: list[Span] = []
    done = 0
    for m in _HAN_RUN.finditer("".join(chars)):  # one character per list item, so indices agree
        out_chars.extend(chars[done : m.start()])
        out_spans.extend(spans[done : m.start()])
        offset = m.start()
        for src, dst in _chunks(m.group()):
            dst = _post_fix(src, dst)
            part = spans[offset : offset + len(src)]
            if len(dst) == len(src):
                out_spans.extend(part)
            else:
                out_spans.extend([(part[0][0], part[-1][1])] * len(dst))
            out_chars.extend(VARIANTS.get(c, c) for c in dst)
            offset += len(src)
        done = m.end()
    out_chars.extend(chars[done:])
    out_spans.extend(spans[done:])
    return out_chars, out_spans


def _chunks(run: str) -> list[tuple[str, str]]:
    """Split ``run`` into (source, converted) parts whose conversions concatenate exactly."""
    converted = _convert(run)
    if len(converted) == len(run) or len(run) > MAX_REFINED_RUN:
        return [(run, converted)]
    parts: list[tuple[str, str]] = []
    start, rest = 0, converted
    for cut in range(1, len(run)):
        head = _convert(run[start:cut])
        if rest.startswith(head) and _convert(run[cut:]) == rest[len(head) :]:
            parts.append((run[start:cut], head))
            start, rest = cut, rest[len(head) :]
    parts.append((run[start:], rest))
    return parts


def _post_fix(src: str, dst: str) -> str:
    for wrong, right in POST_FIXES.items():
        at = dst.find(wrong)
        while at != -1:
            # Leave the phrase alone where the author wrote it that way (same-length parts only).
            if len(dst) != len(src) or src[at : at + len(wrong)] != wrong:
                dst = dst[:at] + right + dst[at + len(wrong) :]
            at = dst.find(wrong, at + 1)
    return dst
