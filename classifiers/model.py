"""RiskModel: load a versioned artifact from disk and score copy.

The default artifact is `classifiers/models/finreview-risk/` inside this package.
The environment variable FINREVIEW_MODEL_DIR points `RiskModel.load()` at another
directory (e.g. a bank's own fine-tuned checkpoint) without code changes; an explicit
`path` argument wins over both. FINREVIEW_MODEL_RUNTIME picks where the forward pass runs
(auto, onnx or torch; see runtime.py). Loading raises IncompatibleModelError for anything it
cannot serve faithfully, and the pipeline then fails closed (routes to review).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub; artifacts are local

import torch  # noqa: E402
import transformers  # noqa: E402

from classifiers.artifact import IncompatibleModelError, read_metadata  # noqa: E402
from classifiers.explain import Evidence, occlusions, rank, rank_alone, segments  # noqa: E402
from classifiers.labels import LABELS  # noqa: E402
from classifiers.runtime import RUNTIME_ENV, RuntimeUnavailable, select  # noqa: E402
from classifiers.scoring import fixed_encoder, probabilities, probabilities_together, risk_score  # noqa: E402

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "finreview-risk"
MODEL_DIR_ENV = "FINREVIEW_MODEL_DIR"

__all__ = ["DEFAULT_MODEL_DIR", "MODEL_DIR_ENV", "RUNTIME_ENV", "Evidence", "IncompatibleModelError", "Prediction",
           "RiskModel"]


@dataclass(frozen=True)
class Prediction:
    risk_score: float  # 0..1, see metadata["risk_score"]
    labels: dict[str, float]  # every label's probability, rounded to 6 decimals
    evidence: list[Evidence] = field(default_factory=list)  # phrases that raise the risk score
    # For each label at or above its threshold: the phrases that raise that label's probability,
    # so a finding for one label is not anchored on another label's phrase.
    label_evidence: dict[str, list[Evidence]] = field(default_factory=dict)


class RiskModel:
    def __init__(self, model, tokenizer, metadata: dict, path: Path, *, runtime: str = "torch",
                 forward=None, runtime_note: str | None = None):
        self._model, self._tokenizer, self._meta, self.path = model, tokenizer, metadata, path
        self._forward = forward or model  # scoring accepts a torch module or a runtime.Forward
        self._encoder = fixed_encoder(tokenizer, metadata["max_length"])  # safe to share between threads
        self.runtime = runtime  # "onnx" or "torch": which engine produced the scores
        self.runtime_note = runtime_note  # why ONNX Runtime was not used, when it was wanted

    @classmethod
    def load(cls, path: Path | str | None = None, *, num_threads: int | None = None,
             runtime: str | None = None) -> RiskModel:
        """Load and validate an artifact. num_threads sets torch's (process-wide) intra-op threads.

        runtime (default $FINREVIEW_MODEL_RUNTIME, else "auto"): "onnx" refuses to load unless ONNX
        Runtime matches PyTorch on the probe texts; "auto" uses it when it does; "torch" never does.
        """
        if num_threads is not None:
            torch.set_num_threads(num_threads)
        model_dir = Path(path or os.environ.get(MODEL_DIR_ENV) or DEFAULT_MODEL_DIR)
        meta = read_metadata(model_dir)
        transformers.utils.logging.disable_progress_bar()  # a progress bar per load is noise in CLI/worker logs
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
            # use_safetensors: never unpickle weights from a directory someone pointed us at.
            model = transformers.AutoModelForSequenceClassification.from_pretrained(
                model_dir, local_files_only=True, use_safetensors=True)
        except Exception as exc:  # any loader failure means "cannot serve this artifact"
            raise IncompatibleModelError(f"{model_dir}: cannot load model or tokenizer ({exc})") from exc
        if model.config.num_labels != len(LABELS):
            raise IncompatibleModelError(f"{model_dir}: {model.config.num_labels} outputs, expected {len(LABELS)}")
        if not 5 < len(tokenizer) <= model.config.vocab_size:
            raise IncompatibleModelError(
                f"{model_dir}: tokenizer has {len(tokenizer)} tokens for {model.config.vocab_size} embeddings")
        model.eval()
        wanted = runtime or os.environ.get(RUNTIME_ENV) or "auto"
        try:
            used, forward, note = select(model, tokenizer, meta["max_length"], wanted, num_threads)
        except (RuntimeUnavailable, ValueError) as exc:
            raise IncompatibleModelError(f"{model_dir}: runtime {wanted!r} unavailable ({exc})") from exc
        return cls(model, tokenizer, meta, model_dir, runtime=used, forward=forward, runtime_note=note)

    @property
    def id(self) -> str:
        return self._meta["id"]

    @property
    def version(self) -> str:
        return self._meta["version"]

    @property
    def label_names(self) -> tuple[str, ...]:
        return LABELS

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self._meta["thresholds"])

    @property
    def metadata(self) -> dict:
        return dict(self._meta)

    def predict(self, text: str) -> Prediction:
        """Score one copy; explain it with one batched occlusion pass when it is risky.

        The same occluded variants explain the risk score and each label above its threshold:
        every variant's row holds all the labels' probabilities."""
        if not isinstance(text, str):
            raise TypeError(f"predict expects str, got {type(text).__name__}")
        max_length, cfg = self._meta["max_length"], self._meta["evidence"]
        row = probabilities(self._forward, self._encoder, [text], max_length)[0]
        risk = risk_score(row)
        evidence: list[Evidence] = []
        by_label: dict[str, list[Evidence]] = {}
        if risk >= cfg["min_risk"]:
            spans = segments(text, cfg["max_segments"])
            # The variants depend only on this text, so batching them keeps results reproducible.
            occluded = probabilities_together(self._forward, self._encoder, occlusions(text, spans), max_length)
            alone: list[list[float]] = []

            def explain(score, base: float, cutoff: float) -> list[Evidence]:
                """Phrases whose removal lowers `score`; if none does (redundant phrases), the phrases
                that reach `cutoff` on their own, scored in one more batch shared by every caller."""
                found = rank(text, spans, base, [score(r) for r in occluded], cfg["top_k"])
                if found or len(spans) < 2:
                    return found
                if not alone:
                    alone.extend(probabilities_together(self._forward, self._encoder,
                                                        [text[a:b] for a, b in spans], max_length))
                return rank_alone(text, spans, [score(r) for r in alone], cutoff, cfg["top_k"])

            evidence = explain(risk_score, risk, cfg["min_risk"])
            thresholds = self._meta["thresholds"]
            by_label = {label: explain(itemgetter(i), row[i], thresholds[label])
                        for i, label in enumerate(LABELS) if row[i] >= thresholds[label]}
        return Prediction(risk_score=risk, labels=dict(zip(LABELS, row)), evidence=evidence, label_evidence=by_label)

    def label_scores(self, texts: list[str]) -> list[dict[str, float]]:
        """Per-label probabilities only (no evidence): the same numbers predict() reports, for evaluation."""
        rows = probabilities(self._forward, self._encoder, list(texts), self._meta["max_length"])
        return [dict(zip(LABELS, row)) for row in rows]

    def predict_batch(self, texts: list[str]) -> list[Prediction]:
        """Same results as predict() per text, whatever else is in the list (see scoring.py)."""
        return [self.predict(text) for text in texts]
