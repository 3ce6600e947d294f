"""Where a loaded model's forward pass runs: PyTorch, or ONNX Runtime built from the same weights.

ONNX Runtime scores this small BERT about 1.5x faster than eager PyTorch on two CPU cores
(measured with bench/classifier.py). Rather than ship a second weights file that could drift
from model.safetensors, the ONNX graph is exported in memory at load time (well under a second)
and then checked against PyTorch on probe texts; it is only used when every probe score agrees
within AGREEMENT_TOLERANCE. int8 quantisation was measured and rejected: it moved scores by
0.02, above the 0.01 the product allows.

Both runtimes take numpy token arrays and return float32 logits, so scoring.py has one path.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import numpy as np
import torch

RUNTIME_ENV = "FINREVIEW_MODEL_RUNTIME"
RUNTIMES = ("auto", "onnx", "torch")
AGREEMENT_TOLERANCE = 1e-4  # on probabilities; measured max difference is ~2e-6
# Mixed scripts, lengths and registers so a broken export shows up in at least one of them.
PROBES = (
    "保證獲利，穩賺不賠，名額有限，立即申辦！",
    "本基金經金管會核准，惟不表示絕無風險。基金經理公司以往之經理績效不保證基金之最低投資收益。",
    "信用卡循環信用年利率6.75%~15%，預借現金手續費3%。",
    "Guaranteed 12% returns with zero risk. Act now, offer ends tonight!",
    "The value of investments can fall as well as rise and you may get back less than you invest.",
    "Representative 22.9% APR (variable).",
    "x",
)

Forward = Callable[[np.ndarray, np.ndarray], np.ndarray]


class RuntimeUnavailable(RuntimeError):
    """ONNX Runtime could not be built or disagreed with PyTorch; the reason is in the message."""


def torch_forward(model: torch.nn.Module) -> Forward:
    def forward(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            logits = model(input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(attention_mask)).logits
        return logits.float().numpy()
    return forward


class _LogitsOnly(torch.nn.Module):
    """The exporter wants positional tensors in and one tensor out."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids, attention_mask=attention_mask).logits


def onnx_forward(model: torch.nn.Module, num_threads: int | None) -> Forward:
    """Export `model` to an in-memory ONNX graph and open an ONNX Runtime session on it."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise RuntimeUnavailable(f"onnxruntime is not installed ({exc})") from exc
    sample = (torch.ones((1, 4), dtype=torch.long), torch.ones((1, 4), dtype=torch.long))
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's tracer warnings say nothing about this graph
            torch.onnx.export(
                _LogitsOnly(model).eval(), sample, buffer, input_names=["input_ids", "attention_mask"],
                output_names=["logits"], opset_version=17, dynamo=False,
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                              "logits": {0: "batch"}})
        options = onnxruntime.SessionOptions()
        if num_threads:
            options.intra_op_num_threads = num_threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(buffer.getvalue(), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # exporter and runtime raise many types; all mean "not available"
        raise RuntimeUnavailable(f"ONNX export or session failed ({type(exc).__name__}: {exc})") from exc

    def forward(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return session.run(["logits"], {"input_ids": input_ids.astype(np.int64),
                                        "attention_mask": attention_mask.astype(np.int64)})[0]
    return forward


def disagreement(a: Forward, b: Forward, tokenizer, max_length: int) -> float:
    """Largest probability difference between two runtimes over PROBES, alone and as one padded batch."""
    from classifiers.scoring import sigmoid, tokenize

    worst = 0.0
    for group in [[p] for p in PROBES] + [list(PROBES)]:
        ids, mask = tokenize(tokenizer, group, max_length)
        worst = max(worst, float(np.max(np.abs(sigmoid(a(ids, mask)) - sigmoid(b(ids, mask))))))
    return worst


def select(model: torch.nn.Module, tokenizer, max_length: int, runtime: str,
           num_threads: int | None) -> tuple[str, Forward, str | None]:
    """(runtime used, forward, why ONNX was not used). `onnx` demands it; `auto` falls back to torch."""
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown model runtime {runtime!r}; expected one of {', '.join(RUNTIMES)}")
    reference = torch_forward(model)
    if runtime == "torch":
        return "torch", reference, None
    try:
        fast = onnx_forward(model, num_threads)
        gap = disagreement(fast, reference, tokenizer, max_length)
        if not gap <= AGREEMENT_TOLERANCE:
            raise RuntimeUnavailable(f"ONNX scores differ from PyTorch by {gap:.2e} (> {AGREEMENT_TOLERANCE})")
    except RuntimeUnavailable as exc:
        if runtime == "onnx":
            raise
        return "torch", reference, str(exc)
    return "onnx", fast, None
