"""The PII stage: Presidio's AnalyzerEngine over blank spaCy pipelines and our CJK-safe recognizers.

Build once per process (``PiiDetector.build``): importing Presidio alone costs seconds.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from bisect import bisect_right
from importlib.metadata import version
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from rulesets.finding import Finding
from rulesets.pii.entities import EntityPolicies, default_entity_policies
from rulesets.pii.masking import mask
from rulesets.pii.pipelines import BlankSpacyNlpEngine, add_segmenter_words, default_cache_dir, ensure_pipelines
from rulesets.pii.recognizers import RECOGNIZERS
from rulesets.pii.recognizers.base import PREFILTER_AFTER as WINDOW_AFTER
from rulesets.pii.recognizers.base import PREFILTER_BEFORE as WINDOW_BEFORE

# Report language -> spaCy language. Anything else is a caller error, not a silent default.
SPACY_LANGUAGES = {"zh-tw": "zh", "zh-hant": "zh", "zh": "zh", "en": "en", "en-us": "en", "en-gb": "en"}
# Full-width ASCII (Ａ１２３, common in zh-TW copy) -> ASCII, one character for one so offsets hold.
# The pipeline's NFKC normalisation can change lengths, so we fold only this block ourselves.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# When the caller gives no jurisdiction, cite the law of the copy's usual market.
DEFAULT_JURISDICTION = {"zh": "TW", "en": "US"}
ENGINE = f"presidio-analyzer {version('presidio-analyzer')}"
# Context words count among this many keywords (non-stop, non-punctuation tokens) before a match,
# and 1 after. zh is wider: jieba without its HMM cuts traditional words missing from its
# dictionary into single characters, so 12 zh tokens span about as much text as 5 English words.
CONTEXT_PREFIX = {"zh": 12, "en": 5}
CONTEXT_SUFFIX = 1
SENTENCE_END = re.compile(r"\s*(?:[。！？!?]+|\n\s*)")


class PiiDetectionError(RuntimeError):
    """Analysis failed. Carries the exception type only: Presidio's messages can quote the text."""


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def _quiet_presidio_logger() -> None:
    # Presidio's DEBUG lines list the tokens around each match, the raw value included. The filter
    # holds even if the application's logging config later lowers this logger's level.
    log = logging.getLogger("presidio-analyzer")
    log.setLevel(max(log.level, logging.WARNING))
    if _below_warning not in log.filters:
        log.addFilter(_below_warning)


class LanguageWindowContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer with a context window per language (``CONTEXT_PREFIX``).

    Same rule as Presidio's (the match's own token plus ``n`` keywords before it and ``m`` after),
    except that the window stops at the end of a sentence; the match's token is found by
    bisection instead of a walk from the start of the text. It tells ``LazyNlpArtifacts`` where
    the matches are, so only the text around them goes through jieba and spaCy.
    """

    def __init__(self, prefix_counts: dict[str, int], suffix_count: int) -> None:
        super().__init__(context_prefix_count=max(prefix_counts.values()), context_suffix_count=suffix_count)
        self.prefix_counts = dict(prefix_counts)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        if isinstance(nlp_artifacts, LazyNlpArtifacts):
            nlp_artifacts.around([(r.start, r.end) for r in raw_results])
        return super().enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)

    @staticmethod
    def _add_n_words(index, n_words, lemmas, lemmatized_filtered_keywords, is_backward):
        """Presidio's rule, except that the window stops at the end of a sentence (。！？!? or a
        line break): 匯款帳號 in one sentence says nothing about a number in the next."""
        words, remaining, step = [], n_words + 1, -1 if is_backward else 1
        i = index
        while 0 <= i < len(lemmas) and remaining > 0:
            lemma = lemmas[i].lower()
            if i != index and SENTENCE_END.fullmatch(lemma):
                break
            if lemma in lemmatized_filtered_keywords:
                words.append(lemma)
                remaining -= 1
            i += step
        return words

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]
        index = self._token_at(start, nlp_artifacts.tokens, nlp_artifacts.tokens_indices)
        prefix = self.prefix_counts.get(getattr(nlp_artifacts, "language", None), self.context_prefix_count)
        lemmas, keywords = nlp_artifacts.lemmas, nlp_artifacts.keywords
        words = self._add_n_words_backward(index, prefix, lemmas, keywords)
        words += self._add_n_words_forward(index, self.context_suffix_count, lemmas, keywords)
        return list(set(words))

    @staticmethod
    def _token_at(start: int, tokens, indices: list[int]) -> int:
        """The first token that ends after ``start`` (Presidio's rule)."""
        index = max(bisect_right(indices, start) - 1, 0)
        if indices[index] + len(tokens[index]) <= start:
            index += 1
        if index >= len(tokens):
            raise ValueError("match is not covered by any token")  # never quotes the text
        return index


class LazyNlpArtifacts:
    """Presidio's NlpArtifacts for one text, computed when first read, around the matches only.

    Only the context enhancer reads NLP artifacts, and only when a pattern matched: most copies
    have no match at all, so they skip jieba and spaCy entirely. When the enhancer has said where
    the matches are (``around``), only ``WINDOW_BEFORE``/``WINDOW_AFTER`` characters around each
    go through the pipeline (one 500-character zh copy costs ~1 ms of jieba; the window around
    one match a third of that). The windows are wider than any context window (12 zh / 5 en
    keywords) and the same as the recognizers' context prefilter; between two windows a line
    break token ends the context walk, as a sentence end would.
    """

    def __init__(self, text: str, language: str, nlp_engine) -> None:
        self._text, self._language, self._nlp_engine = text, language, nlp_engine
        self._spans: list[tuple[int, int]] | None = None
        self._artifacts: NlpArtifacts | None = None

    @property
    def computed(self) -> bool:
        return self._artifacts is not None

    def around(self, spans: list[tuple[int, int]]) -> None:
        if self._artifacts is None:
            self._spans = spans

    def __getattr__(self, name: str):
        if name.startswith("__") or name.startswith("_"):
            raise AttributeError(name)
        if self._artifacts is None:
            self._artifacts = self._compute()
        return getattr(self._artifacts, name)

    def _windows(self) -> list[tuple[int, int]]:
        length = len(self._text)
        if not self._spans:
            return [(0, length)]
        windows: list[list[int]] = []
        for start, end in sorted(self._spans):
            low, high = max(0, start - WINDOW_BEFORE), min(length, end + WINDOW_AFTER)
            if windows and low <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], high)
            else:
                windows.append([low, high])
        return [(low, high) for low, high in windows]

    def _compute(self) -> NlpArtifacts:
        process = self._nlp_engine.process_text
        windows = self._windows()
        if windows == [(0, len(self._text))]:
            return process(self._text, self._language)
        tokens, indices, lemmas, keywords = [], [], [], set()
        for low, high in windows:
            part = process(self._text[low:high], self._language)
            if tokens:  # a window boundary ends the context walk like a sentence end
                tokens.append("")
                indices.append(low)
                lemmas.append("\n")
            tokens += list(part.tokens)
            indices += [low + index for index in part.tokens_indices]
            lemmas += list(part.lemmas)
            keywords.update(part.keywords)
        artifacts = NlpArtifacts(entities=[], tokens=tokens, tokens_indices=indices, lemmas=lemmas,
                                 nlp_engine=None, language=self._language, scores=[])
        artifacts.nlp_engine = self._nlp_engine
        artifacts.language = self._language
        artifacts.keywords = keywords
        return artifacts


class _SettledRegistry(RecognizerRegistry):
    """A registry that works out once which recognizers serve a (language, entities) request:
    Presidio filters its whole list again on every call, a tenth of the PII stage's time. Any
    change to the list (``self.recognizers`` is reassigned or appended to) starts afresh."""

    def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        stamp = (id(self.recognizers), len(self.recognizers))
        if self.__dict__.get("_stamp") != stamp:
            self.__dict__.update(_stamp=stamp, _chosen={})
        key = (language, None if entities is None else tuple(entities), all_fields)
        chosen = self.__dict__["_chosen"]
        if key not in chosen:
            chosen[key] = super().get_recognizers(language, entities, all_fields)
        return list(chosen[key])


class PiiDetector:
    def __init__(self, analyzer: AnalyzerEngine, policies: EntityPolicies) -> None:
        self._analyzer = analyzer
        self._policies = policies
        self._entities = sorted({cls.ENTITY for cls in RECOGNIZERS})
        self._versions = {cls.__name__: cls.VERSION for cls in RECOGNIZERS}
        # (recognizer, pattern) pairs whose matches are kept only with a context word.
        self._needs_context = {(cls.__name__, name) for cls in RECOGNIZERS for name in cls.NEEDS_CONTEXT}

    @property
    def fingerprint(self) -> str:
        """SHA-256 of everything that decides the findings, for the report's version record."""
        recognizers = [r.definition() for r in RECOGNIZERS]
        state = {"engine": ENGINE, "recognizers": recognizers, "entities": self._policies.model_dump(),
                 "context_window": [CONTEXT_PREFIX, CONTEXT_SUFFIX, WINDOW_BEFORE, WINDOW_AFTER]}
        return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    @classmethod
    def build(cls, cache_dir: Path | None = None, *, policies: EntityPolicies | None = None) -> PiiDetector:
        _quiet_presidio_logger()
        add_segmenter_words(word for rec in RECOGNIZERS for word in rec.CONTEXT)
        paths = ensure_pipelines(Path(cache_dir) if cache_dir else default_cache_dir())
        languages = sorted(paths)
        nlp_engine = BlankSpacyNlpEngine(
            models=[{"lang_code": lang, "model_name": str(paths[lang])} for lang in languages]
        )
        registry = _SettledRegistry(
            recognizers=[rec(lang) for rec in RECOGNIZERS for lang in languages], supported_languages=languages
        )
        analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=languages,
            context_aware_enhancer=LanguageWindowContextEnhancer(CONTEXT_PREFIX, CONTEXT_SUFFIX),
        )
        detector = cls(analyzer, policies or default_entity_policies())
        for language in ("zh-TW", "en"):  # warm-up: jieba's dictionary and the regexes load lazily
            detector.detect("warm-up 0912345678", language)
        return detector

    def detect(self, text: str, language: str, *, jurisdiction: str | None = None) -> list[Finding]:
        """Findings for the PII in ``text``, offsets into ``text`` as given, excerpts masked."""
        spacy_lang = SPACY_LANGUAGES.get(language.lower())
        if spacy_lang is None:
            raise ValueError(f"unsupported language {language!r}; expected zh-TW or en")
        if not text.strip():
            return []
        results, failure = [], None
        folded = text.translate(HALF_WIDTH)
        try:
            results = self._analyzer.analyze(
                text=folded,
                language=spacy_lang,
                entities=self._entities,
                return_decision_process=True,  # keeps Presidio's explanation on each result
                nlp_artifacts=LazyNlpArtifacts(folded, spacy_lang, self._analyzer.nlp_engine),
            )
        except Exception as exc:  # noqa: BLE001 -- re-raised below without its message
            failure = type(exc).__name__
        if failure:  # raised outside the handler so the original (text-quoting) error is not chained
            raise PiiDetectionError(f"PII analysis failed: {failure}")
        jurisdiction = jurisdiction or DEFAULT_JURISDICTION[spacy_lang]
        suggestion_lang = "zh-TW" if spacy_lang == "zh" else "en"
        results = [r for r in results if not self._lacks_needed_context(r)]
        findings = [self._finding(text, r, jurisdiction, suggestion_lang) for r in remove_overlaps(results)]
        return sorted(findings, key=Finding.sort_key)

    def _lacks_needed_context(self, result: RecognizerResult) -> bool:
        exp = result.analysis_explanation
        return (exp.recognizer, exp.pattern_name) in self._needs_context and not exp.supportive_context_word

    def _finding(self, text: str, result: RecognizerResult, jurisdiction: str, lang: str) -> Finding:
        policy = self._policies.entities[result.entity_type]
        return Finding(
            source="pii",
            rule_id=policy.rule_id,
            severity=policy.severity,
            start=result.start,
            end=result.end,
            excerpt=mask(text[result.start:result.end], result.entity_type),
            message=dict(policy.message),
            citation=policy.cite(jurisdiction),
            suggestion=policy.suggestion[lang],
            entity_type=result.entity_type,
            explanation=self._explain(result),
        )

    def _explain(self, result: RecognizerResult) -> dict[str, object]:
        """Presidio's own account of the match; it names patterns and words, never the value."""
        exp = result.analysis_explanation
        # Presidio folds the validator's jump to 1.0 into its "context improvement", so split it.
        validated = EntityRecognizer.MAX_SCORE if exp.validation_result else exp.original_score
        return {
            "engine": ENGINE,
            "recognizer": exp.recognizer,
            "recognizer_version": self._versions.get(exp.recognizer),
            "pattern_name": exp.pattern_name,
            "original_score": round(exp.original_score, 4),
            "validation_result": exp.validation_result,
            "score_after_validation": round(validated, 4),
            "context_word": exp.supportive_context_word or None,
            "score": round(result.score, 4),
        }


def remove_overlaps(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Keep the highest-scoring result among overlapping ones (then the longer, then by type)."""
    ranked = sorted(results, key=lambda r: (-r.score, r.start - r.end, r.entity_type, r.start))
    kept: list[RecognizerResult] = []
    for result in ranked:
        if all(result.end <= other.start or result.start >= other.end for other in kept):
            kept.append(result)
    return kept
