"""The per-generator report's arithmetic (workers/oversight/generators.py): shares, top rules and
the override rate, from rows as the store reads them."""
from __future__ import annotations

from workers.oversight.generators import generator_report, to_csv

A = {"vendor": "V", "model": "a", "version": "1"}
B = {"vendor": "V", "model": "b", "version": "1"}


def row(generator, verdict, rules=(), outcome=None):
    return {"generator": generator, "verdict": verdict, "rules": list(rules), "outcome": outcome}


def test_shares_top_rules_and_override_rate_per_generator():
    figures = generator_report([
        row(A, "pass"), row(A, "block", ["r1", "r2"], "approve"), row(A, "review", ["r1"], "reject"),
        row(A, "review", ["r1"]),  # waiting: not decided, not in the override rate
        row(B, "pass", [], "approve"),  # an approval of copy that passed overrides nothing
    ])
    a, b = figures
    assert (a.model, a.items, a.passed, a.reviewed, a.blocked) == ("a", 4, 1, 2, 1)
    assert (a.decided, a.overridden, a.override_rate) == (2, 1, 0.5)
    assert a.top_rules == [("r1", 3), ("r2", 1)]
    assert (b.items, b.decided, b.override_rate) == (1, 0, None)
    assert a.as_dict()["shares"] == {"passed": 0.25, "reviewed": 0.5, "blocked": 0.25}


def test_the_csv_neutralises_formula_like_names():
    figures = generator_report([row({"vendor": "=cmd()", "model": "m", "version": "1"}, "pass")])
    line = to_csv(figures).splitlines()[1]
    assert line.startswith("'=cmd(),m,1,1,1,0,0,")
