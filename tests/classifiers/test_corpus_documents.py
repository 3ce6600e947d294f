"""The hand-written documents (issue 18) and the datasheet's diversity figures."""

from collections import Counter

import pytest

from classifiers.data.build_corpus import CORPUS, build
from classifiers.data.datasheet import render_corpus_datasheet
from classifiers.data.diversity import distinct_ratio, length_summary, template_built
from classifiers.data.documents import CHANNEL_OF_KIND, documents
from classifiers.dataset import load_items
from classifiers.labels import NONE

DOCS = documents()
DISCLOSURE_PRODUCTS = {"fund", "insurance", "loan", "credit_card", "deposit"}


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_kind_of_document_is_written_in_each_language(lang):
    mine = [d for d in DOCS if d["language"] == lang]
    assert len(mine) >= 100
    assert {d["id"].split("-")[2] for d in mine} == set(CHANNEL_OF_KIND)
    blocks = {d["product"] for d in mine if d["id"].split("-")[2] == "block"}
    assert DISCLOSURE_PRODUCTS <= blocks
    pages = [d for d in mine if d["id"].split("-")[2] == "page"]
    assert Counter(d["labels"] == [NONE] for d in pages).keys() == {True, False}, "balanced and violating pages"


def test_documents_are_whole_texts_not_templates():
    assert len({d["id"] for d in DOCS}) == len(DOCS)
    assert len({d["text"] for d in DOCS}) == len(DOCS)
    for doc in DOCS:
        assert "{" not in doc["text"] and "}" not in doc["text"], doc["id"]
        assert not template_built(doc)


def test_only_pages_carry_violations():
    """Small print (blocks, terms, fees, risk lists, footnotes) is compliant; a page is labelled by its claims."""
    for doc in DOCS:
        if doc["id"].split("-")[2] != "page":
            assert doc["labels"] == [NONE], doc["id"]


def test_documents_come_last_and_leave_the_other_parts_as_they_were():
    without, with_documents = build(with_documents=False), build(with_documents=True)
    assert with_documents[:len(without)] == without
    assert with_documents[len(without):] == DOCS
    committed = load_items(CORPUS)
    assert committed in (without, with_documents)


def test_distinct_ratio_falls_when_text_repeats():
    varied = ["Rates can change.", "Fees are listed in the table below.", "Capital is at risk here."]
    assert distinct_ratio(varied * 5, 4, "word") < distinct_ratio(varied, 4, "word") == 1.0
    assert distinct_ratio(["投資一定有風險"] * 3, 4, "char") == pytest.approx(4 / 12)


def test_length_summary_quantiles():
    summary = length_summary(list(range(1, 201)))
    assert (summary["p10"], summary["p50"], summary["max"], summary["n"]) == (20, 100, 200, 200)
    assert summary["long"] == pytest.approx(72 / 200)


def test_datasheet_reports_diversity_and_dev_lengths():
    items = load_items(CORPUS)
    manifest = {name: {"items": 1} for name in ("train", "dev", "test")}
    sheet = render_corpus_datasheet(items, 1, manifest, {"en": [100, 300], "zh-TW": [20, 60]})
    assert "Template-built items" in sheet and "distinct word 4-grams" in sheet and "real dev set" in sheet
    assert "not on the machine" in render_corpus_datasheet(items, 1, manifest, None)
