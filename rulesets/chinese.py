"""Han-character facts and Simplified → Traditional conversion that keeps an offset map.

OpenCC ``s2twp`` converts phrases, not characters, and may change a phrase's length
(内存 → 記憶體), so conversion runs per run of Han characters: a run whose length is unchanged maps
character by character; otherwise the run is cut where converting the parts separately gives the
same result, and each part whose length changed maps as a whole onto its original span.
"""
from __future__ import annotations

import re
from functools import cache

import opencc

# CJK ideographs (URO, extension A, compatibility, supplementary planes) and 〇. A regex class, as
# a per-character range test in Python was the largest cost of normalising (profiled).
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CLASS}]")  # one Han character; .search() says whether text has any
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_HAN_RUN_SPLIT = re.compile(f"([{HAN_CLASS}]+)")

# Known s2twp mis-conversions in finance copy (all same length, so the map is untouched):
# 发卡银行 → 髮卡銀行 (hairpin), and TW phrase tables turn 循環 (revolving) into 迴圈 (a program loop),
# even in text that was already Traditional; 准 (approve) becomes 準 (accurate) outside a few
# phrases (待核准 → 待核準, 准許 → 準許), which would hide approval wording from the rules; and
# the IT vocabulary tables turn 類型 into 型別 and 項目 into 專案 (「並無紅利給付項目」).
POST_FIXES: dict[str, str] = {
    "髮卡": "發卡", "迴圈": "循環", "型別": "類型", "專案": "項目",
    "核準": "核准", "獲準": "獲准", "批準": "批准", "準許": "准許", "準予": "准予",
}
# Variants folded so one rule phrase matches both; display always uses the original text.
VARIANTS: dict[str, str] = {
    "臺": "台", "証": "證", "爲": "為", "裏": "裡", "着": "著", "綫": "線", "賬": "帳",
}
# Refining the cut points costs O(n²) conversions; longer runs map as one block.
MAX_REFINED_RUN = 128

assert all(len(k) == len(v) for k, v in POST_FIXES.items())
_WRONG = re.compile("|".join(POST_FIXES))


def is_han(ch: str) -> bool:
    return HAN.fullmatch(ch) is not None


def count_han(text: str) -> int:
    return sum(map(len, _HAN_RUN.findall(text)))  # runs, not characters: half the time of a sub()


@cache
def _converter() -> opencc.OpenCC:
    # Built once per process: about 0.2 s (measured on this machine).
    return opencc.OpenCC("s2twp")


def _convert(run: str) -> str:
    return _converter().convert(run)


def to_traditional(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """Convert every run of Han characters in ``text``; ``starts``/``ends`` (one pair per
    character) follow the conversion.

    All runs go to OpenCC in one call, joined by line breaks (no dictionary phrase contains one,
    so each run converts exactly as on its own), and the text is rebuilt from slices: one C call
    per copy instead of one per run was the largest saving in normalisation (issue 3, measured).
    When every run keeps its length, as almost all do, the offset map is untouched.
    """
    parts = _HAN_RUN_SPLIT.split(text)  # [other, run, other, run, ..., other]
    runs = parts[1::2]
    if not runs:
        return text, starts, ends
    joined = _fold_variants(_convert("\n".join(runs)))
    converted = joined.split("\n")
    if len(converted) != len(runs):  # never seen; stay exact rather than fast
        converted = [_fold_variants(_convert(run)) for run in runs]
    if _WRONG.search(joined):  # one test on the whole text, not one per run
        source = "\n".join(runs)
        if len(source) == len(joined):  # positions agree: fix the joined text in one pass
            converted = _post_fix(source, joined).split("\n")
        else:
            converted = [_post_fix(src, dst) for src, dst in zip(runs, converted)]
    if list(map(len, runs)) == list(map(len, converted)):
        parts[1::2] = converted
        return "".join(parts), starts, ends
    return _to_traditional_resized(parts, starts, ends)


def _fold_variants(text: str) -> str:
    for variant, folded in VARIANTS.items():
        if variant in text:
            text = text.replace(variant, folded)
    return text


def _to_traditional_resized(parts: list[str], starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """The slow path, for copy with a run whose conversion changes length (内存 → 記憶體)."""
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    offset = 0
    for i, part in enumerate(parts):
        chunks = [(part, part)] if i % 2 == 0 else _chunks(part)
        for src, dst in chunks:
            if i % 2:
                dst = _fold_variants(_post_fix(src, dst))
            if len(dst) == len(src):
                out_starts += starts[offset : offset + len(src)]
                out_ends += ends[offset : offset + len(src)]
            else:  # the part maps as a whole onto its original span
                out_starts += [starts[offset]] * len(dst)
                out_ends += [ends[offset + len(src) - 1]] * len(dst)
            out.append(dst)
            offset += len(src)
    return "".join(out), out_starts, out_ends


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
    if not _WRONG.search(dst):
        return dst
    for wrong, right in POST_FIXES.items():
        at = dst.find(wrong)
        while at != -1:
            # Leave the phrase alone where the author wrote it that way (same-length parts only).
            if len(dst) != len(src) or src[at : at + len(wrong)] != wrong:
                dst = dst[:at] + right + dst[at + len(wrong) :]
            at = dst.find(wrong, at + 1)
    return dst
