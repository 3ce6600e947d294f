"""Blank spaCy pipelines for Presidio, saved once to a cache directory and loaded by path.

Why: a bare ``AnalyzerEngine()`` downloads ``en_core_web_lg`` (no network here). Our recognizers
are regexes, so Presidio only needs tokens and lemmas for its context words; blank pipelines
give tokens, and ``finreview_lower_lemma`` gives lemmas (blank pipelines have none, so context
words would never fire).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, IS_PUNCT, IS_STOP, LEMMA, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

LEMMA_COMPONENT = "finreview_lower_lemma"
# spaCy language -> blank() config. zh needs jieba: spaCy's default splits zh into characters.
BLANK_CONFIGS: dict[str, dict] = {
    "zh": {"nlp": {"tokenizer": {"segmenter": "jieba"}}},
    "en": {},
}
FORMAT = "1"  # bump when the pipeline's components change, so stale caches are not reused


@Language.component(LEMMA_COMPONENT)
def lower_lemma(doc: Doc) -> Doc:
    # One array copy of LOWER into LEMMA: a per-token Python loop was the largest cost after jieba
    # in a cProfile of a 300-character zh copy; this takes ~0.02 ms.
    doc.from_array([LEMMA], doc.to_array([LOWER]))
    return doc


def default_cache_dir() -> Path:
    return Path(os.environ.get("FINREVIEW_HOME", ".finreview")) / "cache" / "spacy"


def ensure_pipelines(cache_dir: Path) -> dict[str, Path]:
    """Return {spaCy language: pipeline directory}, writing any that are missing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lang, config in BLANK_CONFIGS.items():
        path = cache_dir / f"blank-{lang}-spacy{spacy.__version__}-f{FORMAT}"
        if not (path / "config.cfg").is_file():
            _write_pipeline(lang, config, path)
        paths[lang] = path
    return paths


def _write_pipeline(lang: str, config: dict, path: Path) -> None:
    nlp = spacy.blank(lang, config=config)
    nlp.add_pipe(LEMMA_COMPONENT)
    # Write aside, then rename: several workers may start at once on a shared cache.
    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}-"))
    nlp.to_disk(staging)
    try:
        os.replace(staging, path)
    except OSError:  # another process finished first (target exists and is not empty)
        shutil.rmtree(staging, ignore_errors=True)


def add_segmenter_words(words: Iterable[str]) -> None:
    """Keep CJK context words whole; jieba splits e.g. 身分證字號 into 身分 / 證字號.

    jieba's dictionary is process-global, so this also affects other jieba users (harmlessly:
    it only adds words).
    """
    jieba.setLogLevel(logging.WARNING)  # its INFO lines ("Building prefix dict...") are noise in worker logs
    for word in sorted(set(words)):
        if any("\u4e00" <= ch <= "\u9fff" for ch in word):
            jieba.add_word(word)


class JiebaWithoutHmm:
    """What spaCy's zh tokenizer calls as ``jieba_seg``: jieba's dictionary cut without the HMM.

    The HMM guesses words for characters missing from jieba's (mostly simplified) dictionary and
    took ~2.7 ms of a 500-character zh-TW copy; without it such runs become single characters.
    Our context words are in the dictionary (``add_segmenter_words``), so they stay whole, and the
    zh context window is widened to make up for the shorter tokens (detector.CONTEXT_PREFIX).
    """

    @staticmethod
    def cut(text: str, cut_all: bool = False):
        return jieba.cut(text, cut_all=cut_all, HMM=False)


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, tuned for our blank pipelines (loaded by path, no NER)."""

    def _enable_gpu(self) -> None:
        # Blank pipelines do no GPU work; Presidio's probe would import torch and touch CUDA.
        return None

    def load(self) -> None:
        super().load()
        for nlp in self.nlp.values():
            if getattr(nlp.tokenizer, "jieba_seg", None) is not None:
                nlp.tokenizer.jieba_seg = JiebaWithoutHmm

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._artifacts(self.nlp[language](text), text, language)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        return self._artifacts(doc, doc.text, language)

    def _artifacts(self, doc: Doc, text: str, language: str) -> NlpArtifacts:
        # Presidio's version walks the Doc three times (a Token object per step) and asks the
        # vocabulary twice per lemma whether it is a stop word or punctuation; with ~400 tokens in a
        # 500-character zh copy that cost more than jieba. Here the arrays are read in one go.
        # `tokens` only needs len() per item (the enhancer's match-to-token lookup), so strings do.
        # `text` is the text the Doc was made from (Doc.text would build a Token per token again).
        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, IDX, LENGTH, IS_STOP, IS_PUNCT]).tolist()
        lemmas = [strings[row[0]] for row in rows]
        artifacts = NlpArtifacts(
            entities=[], tokens=[text[row[1]:row[1] + row[2]] for row in rows], tokens_indices=[row[1] for row in rows],
            lemmas=lemmas, nlp_engine=None, language=language, scores=[],
        )
        artifacts.nlp_engine = self
        artifacts.language = language  # Presidio keeps it only in the constructor; our enhancer reads it
        # Presidio's keyword rule (no stop words, no punctuation, split at ':'), kept in a set: the
        # enhancer only asks "is this lemma a keyword?", once per token in each match's window.
        artifacts.keywords = {
            part
            for lemma, row in zip(lemmas, rows)
            if not row[3] and not row[4] and lemma not in ("-PRON-", "be")
            for part in lemma.split(":")
        }
        return artifacts
