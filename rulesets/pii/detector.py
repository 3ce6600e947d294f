"""The PII stage: Presidio's AnalyzerEngine over blank spaCy pipelines and our CJK-safe recognizers.

Build once per process (``PiiDetector.build``): importing Presidio alone costs seconds.
"""
from __future__ import annotations

import hashlib
import json
import logging
from importlib.metadata import version
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from rulesets.finding import Finding
from rulesets.pii.entities import EntityPolicies, default_entity_policies
from rulesets.pii.masking import mask
from rulesets.pii.pipelines import BlankSpacyNlpEngine, add_segmenter_words, default_cache_dir, ensure_pipelines
from rulesets.pii.recognizers import RECOGNIZERS

# Report language -> spaCy language. Anything else is a caller error, not a silent default.
SPACY_LANGUAGES = {"zh-tw": "zh", "zh-hant": "zh", "zh": "zh", "en": "en", "en-us": "en", "en-gb": "en"}
# Full-width ASCII (Ａ１２３, common in zh-TW copy) -> ASCII, one character for one so offsets hold.
# The pipeline's NFKC normalisation can change lengths, so we fold only this block ourselves.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# When the caller gives no jurisdiction, cite the law of the copy's usual market.
DEFAULT_JURISDICTION = {"zh": "TW", "en": "US"}
ENGINE = f"presidio-analyzer {version('presidio-analyzer')}"


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


class PiiDetector:
    def __init__(self, analyzer: AnalyzerEngine, policies: EntityPolicies) -> None:
        self._analyzer = analyzer
        self._policies = policies
        self._entities = sorted({cls.ENTITY for cls in RECOGNIZERS})
        self._versions = {cls.__name__: cls.VERSION for cls in RECOGNIZERS}

    @property
    def fingerprint(self) -> str:
        """SHA-256 of everything that decides the findings, for the report's version record."""
        recognizers = [(r.__name__, r.VERSION, r.PATTERNS, r.CONTEXT) for r in RECOGNIZERS]
        state = {"engine": ENGINE, "recognizers": recognizers, "entities": self._policies.model_dump()}
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
        registry = RecognizerRegistry(
            recognizers=[rec(lang) for rec in RECOGNIZERS for lang in languages], supported_languages=languages
        )
        analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=languages,
            context_aware_enhancer=LemmaContextAwareEnhancer(context_prefix_count=5, context_suffix_count=1),
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
        try:
            results = self._analyzer.analyze(
                text=text.translate(HALF_WIDTH),
                language=spacy_lang,
                entities=self._entities,
                return_decision_process=True,  # keeps Presidio's explanation on each result
            )
        except Exception as exc:  # noqa: BLE001 -- re-raised below without its message
            failure = type(exc).__name__
        if failure:  # raised outside the handler so the original (text-quoting) error is not chained
            raise PiiDetectionError(f"PII analysis failed: {failure}")
        jurisdiction = jurisdiction or DEFAULT_JURISDICTION[spacy_lang]
        suggestion_lang = "zh-TW" if spacy_lang == "zh" else "en"
        findings = [self._finding(text, r, jurisdiction, suggestion_lang) for r in remove_overlaps(results)]
        return sorted(findings, key=Finding.sort_key)

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
