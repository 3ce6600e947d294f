"""RiskModel: load a versioned artifact from disk and score copy.

The default artifact is `classifiers/models/finreview-risk/` inside this package.
The environment variable FINREVIEW_MODEL_DIR points `RiskModel.load()` at another
directory (e.g. a bank's own fine-tuned checkpoint) without code changes; an explicit
`path` argument wins over both. FINREVIEW_MODEL_RUNTIME picks where the forward pass runs
(auto, onnx or torch; see runtime.py). Loading raises IncompatibleModelError for anything it
cannot serve faithfully, and the pipeline then fails closed (routes to review).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub; artifacts are local

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402

from classifiers.artifact import IncompatibleModelError, read_metadata  # noqa: E402
from classifiers.explain import Evidence, occlusions, rank, rank_alone, segments  # noqa: E402
from classifiers.labels import LABELS  # noqa: E402
from classifiers.runtime import EXPORTED_AS, PROBES, RUNTIME_ENV, RuntimeUnavailable, select  # noqa: E402
from classifiers.scoring import (fixed_encoder, probabilities, probabilities_together, risk_score,  # noqa: E402
                                 rows_of, tokenize)

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
        self.runtime = runtime  # "onnx", "onnx-int8" or "torch": which engine produced the scores
        self.runtime_note = runtime_note  # why ONNX Runtime was not used, when it was wanted
        # What a score cache keys by besides the input: scores from other weights, another
        # tokenizer or the other runtime (equal only to 1e-4) are never handed out for these. The
        # last part is what the governance register approves: int8 weights are a scorer of their own.
        self.key = (f"{metadata['id']}@{metadata['version']}/{runtime}/"
                    f"{_fingerprint(path, metadata['max_length'], quantised=runtime == 'onnx-int8')}")

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
            used, forward, note = select(model, tokenizer, meta["max_length"], wanted, num_threads,
                                         meta.get("serving_runtime", "onnx"))
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

    def predict(self, text: str, *, explain: bool = True, cache=None) -> Prediction:
        """Score one copy; with ``explain``, explain it with one batched occlusion pass when it is
        risky. ``cache`` (a score_cache.ScoreCache) remembers scores by what the model reads."""
        row = self.scores(text, cache=cache)
        return self.explain(text, row) if explain else self.unexplained(row)

    def unexplained(self, row: list[float]) -> Prediction:
        return Prediction(risk_score=risk_score(row), labels=dict(zip(LABELS, row)))

    def needs_evidence(self, row: list[float]) -> bool:
        """Whether ``explain`` would look for evidence: the copy is risky enough to be explained."""
        return risk_score(row) >= self._meta["evidence"]["min_risk"]

    def explain(self, text: str, row: list[float]) -> Prediction:
        """``row`` (this text's scores) with occlusion evidence when the copy is risky.

        The same occluded variants explain the risk score and each label above its threshold:
        every variant's row holds all the labels' probabilities."""
        if not isinstance(text, str):
            raise TypeError(f"explain expects str, got {type(text).__name__}")
        max_length, cfg = self._meta["max_length"], self._meta["evidence"]
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

    def digest(self, text: str) -> bytes:
        """What the score cache keys ``text`` by: the SHA-256 of the token ids the model reads."""
        return self._encoded(text)[1]

    def _encoded(self, text: str) -> tuple[np.ndarray, bytes]:
        ids = tokenize(self._encoder, [text], self._meta["max_length"])[0]
        return ids, hashlib.sha256(ids.tobytes()).digest()

    def token_count(self, text: str) -> int:
        """How many tokens the model reads of ``text`` (at most max_length)."""
        return len(self._encoder.encode(text).ids)

    def scores(self, text: str, *, cache=None) -> list[float]:
        """Every label's probability for one copy (scored alone, so never moved by a neighbour)."""
        if not isinstance(text, str):
            raise TypeError(f"scores expects str, got {type(text).__name__}")
        return self.scores_many([text], cache=cache)[0]

    def scores_many(self, texts: list[str], *, cache=None) -> list[list[float]]:
        """``scores`` of each text. Under float ONNX Runtime, texts of the same token length are scored
        as one batch: with nothing padded, each row comes out bit for bit as it does alone (checked in
        tests/classifiers). PyTorch is not relied on for that, and int8 scales its activations by the
        whole batch: both score one text at a time (int8 measured no faster batched)."""
        encoded = [self._encoded(text) for text in texts]
        digests = [digest for _, digest in encoded]
        known = cache.get_many(self.key, digests) if cache is not None else {}
        rows: dict[bytes, list[float]] = dict(known)
        todo: dict[int, dict[bytes, np.ndarray]] = defaultdict(dict)  # token length -> digest -> ids
        for ids, digest in encoded:
            if digest not in rows:
                todo[ids.shape[1] if self.runtime == "onnx" else len(todo)][digest] = ids
        for group in todo.values():
            ids = np.concatenate(list(group.values()))
            rows.update(zip(group, rows_of(self._forward, ids, np.ones_like(ids))))
        if cache is not None and len(rows) > len(known):
            cache.put_many(self.key, {d: r for d, r in rows.items() if d not in known})
        return [rows[digest] for digest in digests]

    def warm_up(self) -> None:
        """Runs the forward pass on inputs of the largest sizes it will be given: one copy of
        max_length tokens, and a batch of occluded variants as large as `explain` makes. The memory
        they need is then claimed before the first copy, not during it: in a process forked from
        this one, each page that the parent's runs left behind is copied on first write (measured:
        a forked scorer's first 14 copies took 9 ms each, against 4 ms after)."""
        longest = PROBES[1] * 8  # well past max_length tokens
        self.scores_many([*PROBES, longest])
        probabilities_together(self._forward, self._encoder, [longest] * self._meta["evidence"]["max_segments"],
                               self._meta["max_length"])

    def label_scores(self, texts: list[str]) -> list[dict[str, float]]:
        """Per-label probabilities only (no evidence): the same numbers predict() reports, for evaluation."""
        rows = probabilities(self._forward, self._encoder, list(texts), self._meta["max_length"])
        return [dict(zip(LABELS, row)) for row in rows]

    def predict_batch(self, texts: list[str], *, explain: bool = True, cache=None) -> list[Prediction]:
        """Same results as predict() per text, whatever else is in the list (see scoring.py)."""
        rows = self.scores_many(texts, cache=cache)
        return [self.explain(text, row) if explain else self.unexplained(row) for text, row in zip(texts, rows)]


def _fingerprint(model_dir: Path, max_length: int, *, quantised: bool = False) -> str:
    """What the scores depend on: the weights (and whether they are served as int8, quantised from
    which traced graph), the tokenizer and the configuration files."""
    digest = hashlib.sha256(str(max_length).encode() + (f"/int8/{EXPORTED_AS}".encode() if quantised else b""))
    for path in sorted(p for p in Path(model_dir).iterdir() if p.is_file() and p.suffix in (".json", ".safetensors", ".txt")
                       and p.name not in ("metadata.json", "real_eval.json")):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
