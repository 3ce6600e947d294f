"""Loading the pipeline's parts once per process. A part that fails to load is recorded, not raised:
the pipeline then routes every copy to a human with that reason (fail closed)."""
from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from workers.config import RuntimeConfig
from workers.routing import RoutingPolicy, load_policy

log = logging.getLogger(__name__)

# Used only when the configured policy cannot be read: nothing is auto-cleared.
FAIL_CLOSED_POLICY = RoutingPolicy(version=0, risk_threshold=0.0, auto_clear={"products": [], "channels": []})


def _memory_cache() -> Any:
    from classifiers.score_cache import ScoreCache

    return ScoreCache()


@dataclass
class Components:
    packs: list[Any] | None = None
    pii: Any | None = None
    model: Any | None = None
    policy: RoutingPolicy = field(default_factory=lambda: FAIL_CLOSED_POLICY)
    load_errors: dict[str, str] = field(default_factory=dict)
    # Classifier scores by what the model reads, in this process; workers also share them through
    # PostgreSQL (workers/store/scores.SharedScores, set by workers/tasks.py).
    score_cache: Any = field(default_factory=_memory_cache)
    shared_scores: Any | None = None
    # Purpose/consent policies by jurisdiction and the data-category vocabulary: read only for copy
    # that declares its provenance, so a policy that fails to load holds back only that copy.
    purpose: dict[str, Any] | None = None
    categories: dict[str, Any] | None = None

    def health(self) -> dict[str, str]:
        parts = {"rules": self.packs, "pii": self.pii, "classifier": self.model}
        status = {name: ("ok" if part is not None else "failed") for name, part in parts.items()}
        status["policy"] = "failed" if "policy" in self.load_errors else "ok"
        return status


def _load(errors: dict[str, str], stage: str, loader):
    try:
        return loader()
    except Exception as exc:  # any failure of a part must degrade, never crash the worker
        errors[stage] = f"{type(exc).__name__}: {exc}"
        log.error("pipeline part failed to load", extra={"stage": stage, "error": type(exc).__name__})
        return None


def load_components(cfg: RuntimeConfig) -> Components:
    from classifiers.model import RiskModel
    from rulesets.packs import load_packs
    from rulesets.pii.detector import PiiDetector
    from rulesets.purpose import load_categories, load_purpose_policies
    from rulesets.purpose.policy import HERE as PURPOSE_DIR

    errors: dict[str, str] = {}
    packs = _load(errors, "rules", lambda: _packs_and_cues(load_packs(cfg.rules_dir)))
    pii = _load(errors, "pii", lambda: PiiDetector.build(cfg.cache_dir / "spacy"))
    model = _load(errors, "classifier", lambda: RiskModel.load(cfg.model_dir, num_threads=cfg.model_threads))
    policy = _load(errors, "policy", lambda: load_policy(cfg.policy_file)) or FAIL_CLOSED_POLICY
    purpose_dir = cfg.purpose_dir or PURPOSE_DIR
    purpose = _load(errors, "purpose", lambda: load_purpose_policies(purpose_dir))
    categories = _load(errors, "purpose", lambda: load_categories(purpose_dir)) if purpose is not None else None
    return Components(packs=packs, pii=pii, model=model, policy=policy, load_errors=errors, purpose=purpose,
                      categories=categories)


def _packs_and_cues(packs):
    """The packs, once the disclosure cue files they are read with have loaded and every scope's
    rules and disclosure knowledge is worked out: a broken cue file is a load error of the rules
    stage (fail closed), not a surprise on the first copy, and the first copies cost what the rest do."""
    from rulesets.disclosures import cue_files
    from rulesets.engine import prepare_scopes

    cue_files()
    prepare_scopes(packs)
    return packs


def settle() -> None:
    """Take what is loaded so far out of the cyclic garbage collector's reach: the model, Presidio
    and the packs live as long as the process, and the first full collections after loading walked
    all of it again (measured: 0.2 s of the first 291 copies a process reviews). For processes
    that load their parts once (a frozen object that later becomes garbage is never collected)."""
    gc.collect()
    gc.freeze()


_lock = threading.Lock()
_cached: Components | None = None


def shared_components(cfg: RuntimeConfig | None = None) -> Components:
    """The process-wide components (Presidio and the model take seconds to build)."""
    global _cached
    with _lock:
        if _cached is None:
            _cached = load_components(cfg or RuntimeConfig())
            settle()
        return _cached
