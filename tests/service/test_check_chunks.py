"""A chunk of `check --batch` whose classifier scoring raises: its reports are still whole (each
copy is scored again in the batch's process), the failure is counted by exception type, and the
warning that reports it names types and counts only, never copy text."""
from __future__ import annotations

from collections import Counter

from service.batch import BatchLine
from service.check_cmd import finish_chunk, scoring_failed_warning, start_chunk
from service.forked_pool import Helper
from workers.pipeline import CopyContext, review

COPIES = ["保證獲利，穩賺不賠，名額有限，立即申辦！",
          "Guaranteed 12% returns with zero risk. Act now, offer ends tonight!",
          "本卡循環信用年利率6.75%~15%，預借現金手續費3%。"]


def _refuse(texts, segments, explain):
    raise ValueError(f"cannot score {texts[0]}")  # a message that quotes the copy must not get out


def test_a_chunk_whose_scoring_process_raises_is_scored_again_and_counted(components):
    """The scoring process raises for the chunk: every report equals a single review's (no stage
    error, since scoring again here worked), and the failure is counted once, as ValueError."""
    items = [BatchLine(id=i, text=text, jurisdiction="TW", product="credit_card", channel="web")
             for i, text in enumerate(COPIES)]
    failures: Counter = Counter()
    with Helper(_refuse, name="scoring process") as helper:
        begun = start_chunk(items, components, helper=helper)
        assert begun.scored, "the chunk must hold copies that the classifier scores"
        reports = finish_chunk(begun, components, False, failures)
    expected = [review(item.text, CopyContext("TW", "credit_card", "web", "auto"), components, explain=False)
                for item in items]
    assert reports == expected
    assert not any(e["stage"] == "classifier" for report in reports for e in report.get("errors", []))
    assert failures == Counter({"ValueError": 1})
    warning = scoring_failed_warning(failures)
    assert "ValueError in 1 chunk(s)" in warning and not any(text[:6] in warning for text in COPIES)
