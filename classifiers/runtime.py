"""Where a loaded model's forward pass runs: PyTorch, or ONNX Runtime built from the same weights.

ONNX Runtime scores this small BERT about 1.5x faster than eager PyTorch on two CPU cores
(measured with bench/classifier.py). Rather than ship a second weights file that could drift
from model.safetensors, the ONNX graph is exported in memory at load time (well under a second)
and then checked against PyTorch on probe texts; it is only used when every probe score agrees
within AGREEMENT_TOLERANCE.

``onnx-int8`` is that graph with its matrix weights quantised to int8, one scale per output
channel (ONNX Runtime's dynamic quantisation), about twice as fast again. Its scores are not
PyTorch's: they move by up to ~0.07 (median 1e-4). So it is a scorer of its own: used only where
an artifact declares it (metadata ``serving_runtime``) after its figures were measured that way,
and kept apart from float scores in the score cache and the governance register. Its activations
are quantised with one scale per input tensor, so a copy's scores would depend on what shared its
batch: each copy is scored alone (model.py).

Both runtimes take numpy token arrays and return float32 logits, so scoring.py has one path.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import numpy as np
import torch

RUNTIME_ENV = "FINREVIEW_MODEL_RUNTIME"
RUNTIMES = ("auto", "onnx", "onnx-int8", "torch")
AGREEMENT_TOLERANCE = 1e-4  # on probabilities; measured max difference is ~2e-6
# int8 against PyTorch on the probes: a sanity bound that a broken graph fails by far (the largest
# move measured over the 5,411 corpus and bench texts is 0.07); its fidelity is the artifact's
# measured figures, not this.
INT8_TOLERANCE = 0.15
TOLERANCE = {"onnx": AGREEMENT_TOLERANCE, "onnx-int8": INT8_TOLERANCE}
# Which traced graph the int8 weights are quantised from (see _exported). Part of the int8 scorer's
# fingerprint: another graph moves its scores, so cached scores and governance approvals of the
# one before are not taken for it. (Float graphs agree with PyTorch to 1e-4 either way.)
EXPORTED_AS = "eager-attention"
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


def onnx_forward(model: torch.nn.Module, num_threads: int | None, int8: bool = False) -> Forward:
    """Export `model` to an in-memory ONNX graph (its weights quantised with ``int8``) and open an
    ONNX Runtime session on it."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise RuntimeUnavailable(f"onnxruntime is not installed ({exc})") from exc
    try:
        graph = _exported(model)
        if int8:
            graph = _int8(graph)
        options = onnxruntime.SessionOptions()
        if num_threads:
            options.intra_op_num_threads = num_threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # exporter and runtime raise many types; all mean "not available"
        raise RuntimeUnavailable(f"ONNX export or session failed ({type(exc).__name__}: {exc})") from exc

    def forward(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return session.run(["logits"], {"input_ids": input_ids.astype(np.int64),
                                        "attention_mask": attention_mask.astype(np.int64)})[0]
    return forward


def _exported(model: torch.nn.Module) -> bytes:
    """``model`` as an ONNX graph, traced with its attention written out as matrix products and a
    softmax (``eager``), whatever implementation it was loaded with. PyTorch's fused attention
    (``sdpa``, transformers' default) traces into a longer graph: a mask subgraph (Where, IsNaN,
    Expand) and more shape arithmetic in every layer, 616 nodes under int8 against 515. Measured on
    the 291 bench copies, one thread, each copy alone, four rounds: int8 2.25-2.64 -> 1.99-2.16 ms a
    copy. Its scores are the same function; the int8 scorer's move by up to 0.003 (its
    activation ranges are found at other points), so that graph is named in EXPORTED_AS."""
    sample = (torch.ones((1, 4), dtype=torch.long), torch.ones((1, 4), dtype=torch.long))
    buffer = io.BytesIO()
    loaded_with = getattr(model.config, "_attn_implementation", None)
    switched = loaded_with not in (None, "eager") and _set_attention(model, "eager")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's tracer warnings say nothing about this graph
            torch.onnx.export(
                _LogitsOnly(model).eval(), sample, buffer, input_names=["input_ids", "attention_mask"],
                output_names=["logits"], opset_version=17, dynamo=False,
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                              "logits": {0: "batch"}})
    finally:
        if switched:
            _set_attention(model, loaded_with)
    return buffer.getvalue()


def _set_attention(model: torch.nn.Module, implementation: str) -> bool:
    """Whether ``model`` now computes attention with ``implementation`` (a bank's own architecture
    may offer no other than the one it loaded with; it is then exported as it is)."""
    try:
        model.set_attn_implementation(implementation)
    except (AttributeError, ValueError, ImportError):
        return False
    return True


def _int8(graph: bytes) -> bytes:
    """``graph`` with int8 weights. The quantiser reads and writes files only; a private temporary
    folder keeps it off shared paths."""
    import logging
    import tempfile
    from pathlib import Path

    from onnxruntime.quantization import QuantType, quantize_dynamic

    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its advice to pre-process the graph is printed on every load
    try:
        with tempfile.TemporaryDirectory(prefix="finreview-int8-") as tmp:
            Path(tmp, "fp32.onnx").write_bytes(graph)
            quantize_dynamic(Path(tmp, "fp32.onnx"), Path(tmp, "int8.onnx"), weight_type=QuantType.QInt8,
                             per_channel=True)
            return Path(tmp, "int8.onnx").read_bytes()
    finally:
        quiet.setLevel(level)


def disagreement(a: Forward, b: Forward, tokenizer, max_length: int) -> float:
    """Largest probability difference between two runtimes over PROBES, alone and as one padded batch."""
    from classifiers.scoring import sigmoid, tokenize

    worst = 0.0
    for group in [[p] for p in PROBES] + [list(PROBES)]:
        ids, mask = tokenize(tokenizer, group, max_length)
        worst = max(worst, float(np.max(np.abs(sigmoid(a(ids, mask)) - sigmoid(b(ids, mask))))))
    return worst


def select(model: torch.nn.Module, tokenizer, max_length: int, runtime: str,
           num_threads: int | None, preferred: str = "onnx") -> tuple[str, Forward, str | None]:
    """(runtime used, forward, why the wanted runtime was not used). ``onnx`` and ``onnx-int8``
    demand theirs; ``auto`` takes ``preferred`` (what the artifact declares), else float ONNX,
    else PyTorch."""
    for name, value in (("model runtime", runtime), ("serving_runtime", preferred)):
        if value not in RUNTIMES or (name == "serving_runtime" and value == "auto"):
            raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(r for r in RUNTIMES if r != 'auto')}")
    reference = torch_forward(model)
    wanted = (runtime,) if runtime != "auto" else tuple(dict.fromkeys((preferred, "onnx", "torch")))
    notes: list[str] = []
    for candidate in wanted:
        if candidate == "torch":
            return "torch", reference, "; ".join(notes) or None
        try:
            fast = onnx_forward(model, num_threads, int8=candidate == "onnx-int8")
            gap = disagreement(fast, reference, tokenizer, max_length)
            if not gap <= TOLERANCE[candidate]:
                raise RuntimeUnavailable(f"{candidate} scores differ from PyTorch by {gap:.2e} (> {TOLERANCE[candidate]})")
        except RuntimeUnavailable as exc:
            if runtime != "auto":
                raise
            notes.append(str(exc))
            continue
        return candidate, fast, "; ".join(notes) or None
    return "torch", reference, "; ".join(notes) or None
