"""The finreview risk classifier (a leaf package: imports nothing else of ours).

Public API (import the modules directly; this package imports nothing so that
`import classifiers` stays cheap):

- classifiers.model: RiskModel.load(path=None, *, num_threads=None), Prediction, Evidence,
  DEFAULT_MODEL_DIR, MODEL_DIR_ENV ("FINREVIEW_MODEL_DIR" overrides the default directory)
- classifiers.artifact: IncompatibleModelError, read_metadata, SCHEMA_VERSION
- classifiers.model: RiskModel.label_scores(texts) -> per-label probabilities (no evidence), for evaluation
- classifiers.evaluate: evaluate(predictions, gold, thresholds) -> dict; report(...) adds calibration (ECE,
  reliability bins) and thresholds for a target recall; classifiers.plot: reliability_png(bins, path)
- classifiers.decisions: officers' decisions (outcome, reason code) -> labelled items (pure)
- classifiers.pretrain: `python -m classifiers.pretrain mlm|minilm` builds the candidate bases;
  classifiers.compare_bases fine-tunes several and compares them on dev
- classifiers.train: TrainConfig, train(config) -> Path; `python -m classifiers.train`
- classifiers.card: render_model_card(metadata); `python -m classifiers.card DIR`
- classifiers.data.build_seed: `python -m classifiers.data.build_seed` (seed.jsonl, part of the corpus)
- classifiers.data.build_corpus: `python -m classifiers.data.build_corpus` (corpus.jsonl, splits.json, DATASHEET.md)
"""
