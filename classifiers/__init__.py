"""The finreview risk classifier (a leaf package: imports nothing else of ours).

Public API (import the modules directly; this package imports nothing so that
`import classifiers` stays cheap):

- classifiers.model: RiskModel.load(path=None, *, num_threads=None), Prediction, Evidence,
  DEFAULT_MODEL_DIR, MODEL_DIR_ENV ("FINREVIEW_MODEL_DIR" overrides the default directory)
- classifiers.artifact: IncompatibleModelError, read_metadata, SCHEMA_VERSION
- classifiers.evaluate: evaluate(predictions, gold, thresholds) -> dict
- classifiers.train: TrainConfig, train(config) -> Path; `python -m classifiers.train`
- classifiers.card: render_model_card(metadata); `python -m classifiers.card DIR`
- classifiers.data.build_seed: `python -m classifiers.data.build_seed` (seed.jsonl + DATASHEET.md)
"""
