"""Whole documents written by hand (issue 18): the `doc-*` part of the corpus.

Why: every other part of the corpus is assembled from short fragments by templates, and real
disclosures are long, formal and unlike them, so the model read fund warnings, repossession
warnings, fee tables and commission statements as risky claims. These items are complete pieces
in the register of real documents, each written as one text (never assembled): disclosure blocks
for fund, insurance, loan, card, deposit, securities and crypto products; terms of a promotion;
fee tables; risk lists; rate, APR and APY footnotes; and product pages that carry claims together
with their disclosures.

Labels follow the rest of the corpus. A page is labelled by its claims: a balanced page is
["none"]; a page with a guarantee stays a violation however much small print follows it. Fund,
securities, insurance and crypto pages with no risk warning carry missing_risk_warning; a disclosure
block, fee table, risk list, footnote or set of terms is not promotional copy and needs no warning of
its own, so it is ["none"].
Nothing is taken from shared/eval/ (tests/classifiers/test_corpus.py checks) nor from the held-out
disclosure benchmark bench/data/ (tests/classifiers/test_disclosure_bench_apart.py checks).
"""

from __future__ import annotations

from classifiers.data.documents_en import DOCUMENTS_EN
from classifiers.data.documents_zh import DOCUMENTS_ZH
from classifiers.labels import LABELS, NONE

# A document's channel follows where such a text is published; the label never depends on it.
CHANNEL_OF_KIND = {"block": "print", "terms": "web", "fees": "print", "risks": "print", "footnote": "web",
                   "page": "web"}


def _labels(spec: str) -> list[str]:
    names = [name.strip() for name in spec.split(",")]
    unknown = [name for name in names if name not in (*LABELS, NONE)]
    if unknown or (NONE in names and len(names) > 1):
        raise ValueError(f"bad document labels {spec!r}")
    return [NONE] if names == [NONE] else [label for label in LABELS if label in names]


def documents() -> list[dict]:
    """Every hand-written document as a corpus item, ids `doc-<lang>-<kind>-<serial>` in file order."""
    items = []
    for lang, short, entries in (("zh-TW", "zh", DOCUMENTS_ZH), ("en", "en", DOCUMENTS_EN)):
        for serial, (product, kind, labels, text) in enumerate(entries, start=1):
            items.append({"id": f"doc-{short}-{kind}-{serial:04d}", "text": text, "language": lang,
                          "product": product, "channel": CHANNEL_OF_KIND[kind], "labels": _labels(labels)})
    return items
