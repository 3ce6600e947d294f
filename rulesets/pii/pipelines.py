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
from spacy.attrs import LEMMA, LOWER
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


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, tuned for our blank pipelines (loaded by path, no NER)."""

    def _enable_gpu(self) -> None:
        # Blank pipelines do no GPU work; Presidio's probe would import torch and touch CUDA.
        return None

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        artifacts = super()._doc_to_nlp_artifact(doc, language)
        # The context enhancer walks `tokens` from the start once per match; walking a Doc builds a
        # Token object per step (the largest cost after jieba in a cProfile of a 300-character zh
        # copy with 4 matches). A list is built once and reused.
        artifacts.tokens = list(doc)
        return artifacts
