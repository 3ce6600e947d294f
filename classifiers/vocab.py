"""A character-level WordPiece vocabulary built from the training corpus.

CJK characters become single tokens (BertTokenizer splits them with
tokenize_chinese_chars=True). English words seen at least MIN_WORD_COUNT times
become whole tokens; every other word falls back to first char + "##" chars, so
nothing ASCII is ever [UNK]. Characters outside the corpus (rare CJK) are [UNK].
"""

from __future__ import annotations

import string
from collections import Counter
from pathlib import Path

from tokenizers import normalizers, pre_tokenizers

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
MIN_WORD_COUNT = 2
# Always present, so unseen ASCII text is still spelled out rather than lost.
ASCII_CHARS = sorted(set(string.ascii_lowercase + string.digits + string.punctuation))
ASCII_PIECES = ["##" + ch for ch in string.ascii_lowercase + string.digits]


def _words(text: str) -> list[str]:
    # The exact normaliser and pre-tokeniser BertTokenizer uses (lower-case, CJK split).
    normalizer = normalizers.BertNormalizer(lowercase=True, handle_chinese_chars=True)
    return [word for word, _ in pre_tokenizers.BertPreTokenizer().pre_tokenize_str(normalizer.normalize_str(text))]


def build_vocab(texts: list[str]) -> list[str]:
    """Deterministic token list: specials, single characters, ## pieces, frequent words."""
    chars: set[str] = set(ASCII_CHARS)
    pieces: set[str] = set(ASCII_PIECES)
    words: Counter[str] = Counter()
    for text in texts:
        for word in _words(text):
            chars.add(word[0])
            pieces.update("##" + ch for ch in word[1:])
            if len(word) > 1:
                words[word] += 1
    frequent = {word for word, count in words.items() if count >= MIN_WORD_COUNT}
    body = sorted(chars) + sorted(pieces - chars) + sorted(frequent - chars)
    return list(SPECIAL_TOKENS) + [token for token in dict.fromkeys(body) if token not in SPECIAL_TOKENS]


def write_vocab(tokens: list[str], path: Path) -> None:
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
