"""`finreview check` through the real console entry point: exit codes, formats, batch mode."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.samples import COMPLIANT_CARD_AD, VIOLATING_CARD_AD


def finreview(*args: str, env: dict[str, str], stdin: bytes | None = None, two_cores: bool = False
              ) -> subprocess.CompletedProcess:
    return subprocess.run([*(ON_TWO_CORES if two_cores else []), sys.executable, "-m", "service", *args], cwd=ROOT,
                          env=env, input=stdin, capture_output=True, timeout=300)


def _two_cores() -> list[str]:
    """A command prefix that runs on two of this machine's cores: where `check --batch` forks a
    scoring process (service.check_cmd.scoring_process)."""
    import os

    cores = sorted(os.sched_getaffinity(0))[:2]
    return ["taskset", "-c", ",".join(map(str, cores))] if len(cores) == 2 else []


ON_TWO_CORES = _two_cores()


@pytest.fixture(scope="module")
def env(service_env):
    return {k: v for k, v in service_env.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}


OPTS = ["--jurisdiction", "TW", "--product", "credit_card", "--channel", "web"]


def test_a_violating_ad_exits_1_with_a_json_report(env, tmp_path):
    path = tmp_path / "ad.txt"
    path.write_text(VIOLATING_CARD_AD, encoding="utf-8")
    result = finreview("check", str(path), *OPTS, "--format", "json", env=env)
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["verdict"] == "block"
    for f in report["findings"]:
        if f["source"] == "rule":
            assert VIOLATING_CARD_AD[f["start"]:f["end"]] == f["excerpt"]


def test_a_compliant_ad_from_stdin_exits_0_and_sarif_is_valid(env):
    result = finreview("check", "-", *OPTS, "--format", "sarif", env=env, stdin=COMPLIANT_CARD_AD.encode())
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["properties"]["verdict"] == "pass"


@pytest.mark.parametrize("args, message", [
    (["check", "/no/such/file.txt", *OPTS], "cannot read /no/such/file.txt"),
    (["check", "BAD_UTF8", *OPTS], "is not valid UTF-8"),
    (["check", "-", "--jurisdiction", "TW", "--product", "mortgage", "--channel", "web"], "--product must be one of"),
    (["check", "-", "--product", "credit_card", "--channel", "web"], "missing --jurisdiction"),
])
def test_usage_and_input_errors_exit_2_with_one_line(env, tmp_path, args, message):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café 保證".encode("utf-8")[:-1] + b"\xff\xfe")
    args = [str(bad) if a == "BAD_UTF8" else a for a in args]
    result = finreview(*args, env=env, stdin=b"x")
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert message in err and len(err.splitlines()) == 1


def test_batch_reports_every_line_in_order_and_survives_a_malformed_one(env, tmp_path):
    lines = [
        json.dumps({"id": "a", "text": VIOLATING_CARD_AD}, ensure_ascii=False),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "text": COMPLIANT_CARD_AD}, ensure_ascii=False),
        json.dumps({"id": "d", "text": "x", "product": "mortgage"}),
        json.dumps({"id": "e", "text": "Earn 5% guaranteed returns!", "jurisdiction": "US", "product": "fund",
                    "language": "en"}),
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = finreview("check", "--batch", str(src), "--out", str(out), *OPTS, env=env)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", "d", "e"]
    assert rows[0]["verdict"] == "block" and rows[2]["verdict"] == "pass"
    assert rows[1]["error"]["type"] == "invalid-json" and rows[1]["error"]["line"] == 2
    assert rows[3]["error"]["type"] == "invalid-item" and "product" in rows[3]["error"]["message"]
    # English copy is checked against the US pack: a promise of returns is a blocker under FINRA 2210.
    assert rows[4]["verdict"] == "block"
    assert "us.finra.2210.promissory" in {f.get("rule_id") for f in rows[4]["findings"]}
    assert "checked 5 item(s)" in result.stderr.decode()


def test_batch_on_a_terminal_draws_a_progress_bar_and_ends_with_a_rate_summary(env, tmp_path):
    """With stderr on a terminal (a pseudo-terminal here) the batch shows a progress bar; piped, it
    prints only the summary line, which always carries verdict counts and copies/s."""
    import os
    import pty

    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "text": text, "jurisdiction": "TW", "product": "credit_card",
                                         "channel": "web"}, ensure_ascii=False) + "\n"
                             for i, text in enumerate([VIOLATING_CARD_AD, COMPLIANT_CARD_AD] * 3)), encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "service", "check", "--batch", str(batch), "--out",
                             str(tmp_path / "out.jsonl")], cwd=ROOT, env=env, stderr=follower, stdout=subprocess.DEVNULL)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    shown = seen.decode(errors="replace")
    assert "[##############################] 6/6" in shown
    assert "checked 6 item(s): pass 3, block 3;" in shown and "copies/s" in shown
    piped = finreview("check", "--batch", str(batch), "--out", str(tmp_path / "out2.jsonl"), env=env)
    assert "[#" not in piped.stderr.decode() and "copies/s" in piped.stderr.decode()


def test_batch_with_two_processes_gives_the_same_output_in_the_same_order(env, tmp_path):
    """--jobs 2 reviews in forked processes; the JSONL (reports and error lines) is byte-identical
    to a single-process run, in input order."""
    batch = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": text, "jurisdiction": "TW", "product": "credit_card", "channel": "web"},
                        ensure_ascii=False) for i, text in enumerate([VIOLATING_CARD_AD, COMPLIANT_CARD_AD] * 5)]
    lines.insert(3, "{not json")
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = finreview("check", "--batch", str(batch), "--out", str(tmp_path / "one.jsonl"), env=env)
    two = finreview("check", "--batch", str(batch), "--out", str(tmp_path / "two.jsonl"), "--jobs", "2", env=env)
    assert one.returncode == two.returncode == 0, two.stderr.decode()
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    ids = [json.loads(line).get("id") for line in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == [0, 1, 2, None, 3, 4, 5, 6, 7, 8, 9]


def test_batch_scoring_on_other_threads_reports_what_a_single_review_does(env, tmp_path):
    """In-process, a batch's copies are scored and explained in a forked scoring process (on two
    cores with the model on one thread) or on pool threads (the model on more threads), or taken
    back by the batch's thread; the forked processes of --jobs 2 review each copy whole. All give
    the same reports, with --explain and without it, where a claim with disclosures still gets the
    evidence that tells whether the disclosures raised its label."""
    texts = [("TW", "fund", "保證年報酬8%，穩賺不賠！\n【投資警語】基金投資有賺有賠，申購前應詳閱公開說明書。本基金配息可能由本金支付。"),
             ("TW", "fund", "年化報酬率最高12%，名額有限。\n※投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。"),
             ("UK", "fund", "Guaranteed 9% returns every year, act now!\nCapital at risk. Past performance is not a "
                            "reliable indicator of future results."),
             ("TW", "credit_card", VIOLATING_CARD_AD), ("TW", "credit_card", COMPLIANT_CARD_AD)] * 8
    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "text": text, "jurisdiction": j, "product": p, "channel": "web"},
                                        ensure_ascii=False) + "\n" for i, (j, p, text) in enumerate(texts)),
                     encoding="utf-8")
    for extra in ([], ["--explain"]):
        helped = finreview("check", "--batch", str(batch), *extra, env={**env, "FINREVIEW_MODEL_THREADS": "1"},
                           two_cores=True)
        threaded = finreview("check", "--batch", str(batch), *extra, env={**env, "FINREVIEW_MODEL_THREADS": "2"})
        forked = finreview("check", "--batch", str(batch), "--jobs", "2", *extra, env=env)
        assert helped.returncode == threaded.returncode == forked.returncode == 0, helped.stderr.decode()
        assert helped.stdout == threaded.stdout == forked.stdout
        reports = [json.loads(line) for line in threaded.stdout.decode().splitlines()]
        assert len(reports) == len(texts)
        assert all(reports[i]["classifier"]["evidence"] for i in range(3)), "disclosure-bearing claims keep their evidence"


def _numbered_batch(path, count: int) -> None:
    """``count`` distinct violating copies (each scored: no cache hit), one per line."""
    path.write_text("".join(json.dumps({"id": i, "text": f"{VIOLATING_CARD_AD} #{i}", "jurisdiction": "TW",
                                        "product": "credit_card", "channel": "web"}, ensure_ascii=False) + "\n"
                            for i in range(count)), encoding="utf-8")


def _kill_a_child_mid_batch(command: list[str], env: dict[str, str], out, children_expected) -> tuple[int, str]:
    """Runs ``command`` (a `check --batch ... --out OUT`), kill -9s its first child once output has
    begun, and returns its exit code and stderr. ``children_expected`` checks the children found."""
    import os
    import signal
    import time
    from pathlib import Path

    run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not (out.exists() and out.stat().st_size > 0):
            time.sleep(0.05)
        assert out.stat().st_size > 0 and run.poll() is None, "the batch must be under way"
        children = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
        children_expected(children)
        os.kill(int(children[0]), signal.SIGKILL)
        _, stderr = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            run.kill()
    return run.returncode, stderr.decode()


def test_a_review_process_killed_mid_batch_ends_the_run_with_an_error_not_a_hang(env, tmp_path):
    """kill -9 of one forked review process: the run stops with exit 2 and says how many items were
    written and that the rest were not reviewed, instead of waiting forever for the lost ones."""
    batch, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _numbered_batch(batch, 20000)

    def some(children):
        assert children, "the review processes are the run's children"

    returncode, message = _kill_a_child_mid_batch(
        [sys.executable, "-m", "service", "check", "--batch", str(batch), "--out", str(out), "--jobs", "2"],
        env, out, some)
    assert returncode == 2, message
    assert "a review process ended" in message and "before returning its results" in message and "rerun the batch" in message
    written = len(out.read_text(encoding="utf-8").splitlines())
    assert f"the first {written} item(s) were written" in message and written < 20000


def test_a_scoring_process_killed_mid_batch_loses_nothing(env, tmp_path):
    """In-process on two cores, a forked process scores the copies. kill -9 of it mid-batch: the
    batch's own process scores what the lost one owed and everything after, the output is
    byte-identical to an undisturbed run, exit 0, and stderr says the scorer was lost."""
    batch, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _numbered_batch(batch, 3000)
    two_cores = {**env, "FINREVIEW_MODEL_THREADS": "1"}
    assert ON_TWO_CORES, "this machine has two cores to give the run"

    def one(children):
        assert len(children) == 1, "the scoring process is the run's only child"

    returncode, stderr = _kill_a_child_mid_batch(
        [*ON_TWO_CORES, sys.executable, "-m", "service", "check", "--batch", str(batch), "--out", str(out)],
        two_cores, out, one)
    assert returncode == 0, stderr
    assert "warning: the scoring process ended" in stderr and "scored the rest of the batch" in stderr
    written = len(out.read_text(encoding="utf-8").splitlines())
    undisturbed = finreview("check", "--batch", str(batch), "--out", str(tmp_path / "whole.jsonl"), env=two_cores,
                            two_cores=True)
    assert undisturbed.returncode == 0 and written == 3000
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


DISCLOSURE_ONLY = [
    ("fund", "※本基金配息可能由基金的收益或本金支付，任何涉及由本金支出的部份，可能導致原始投資金額減損。"
             "配息率不代表報酬率，且過去配息率不代表未來配息率。"),
    ("fund", "【投資警語】\n本基金主要係投資於非投資等級之高風險債券，適合能承受較高風險之非保守型投資人。"
             "投資人投資本基金不宜占其投資組合過高之比重。基金投資有賺有賠，申購前應詳閱公開說明書。"),
    ("credit_card", "注意事項：\n1.循環信用利率：依本行電腦評等結果，年利率6.75%~15%。\n2.預借現金手續費：預借金額×3%+新臺幣100元。"
                    "\n※謹慎理財 信用至上"),
]
FUND_WARNING = ("本基金經金融監督管理委員會核准或同意生效，惟不表示本基金絕無風險。基金經理公司以往之經理績效不保證本基金之最低投資"
                "收益，投資人申購前應詳閱本基金公開說明書。")


def check_fund(env, text: str, product: str = "fund") -> dict:
    result = finreview("check", "-", "-j", "TW", "--product", product, "--channel", "web", "--format", "json",
                       env=env, stdin=text.encode())
    assert result.returncode in (0, 1), result.stderr.decode()
    return json.loads(result.stdout)


@pytest.mark.parametrize("product, text", DISCLOSURE_ONLY)
def test_copy_that_is_only_disclosures_passes(env, product, text):
    """Warnings, footnotes and fee notes name 基金, 配息 or 循環信用, which trigger the rules that
    demand those very warnings; alone, they are no claim and raise nothing."""
    report = check_fund(env, text, product)
    assert report["verdict"] == "pass", report["findings"]
    assert {s["kind"] for s in report["segments"]} == {"disclosure"}


def test_a_claim_passes_with_its_disclosure_and_fires_without_it(env):
    claim = "星光全球科技基金，長期布局AI產業。"
    with_warning = check_fund(env, claim + FUND_WARNING)
    assert with_warning["verdict"] == "pass", with_warning["findings"]
    without = check_fund(env, claim)
    assert without["verdict"] == "block" and "tw.sitca.fund.risk-warning" in {f["rule_id"] for f in without["findings"]}


def test_a_guarantee_in_a_claim_still_blocks_when_a_disclosure_follows(env):
    report = check_fund(env, "星光全球科技基金保證獲利！" + FUND_WARNING)
    guarantee = [f for f in report["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording"]
    assert report["verdict"] == "block" and guarantee and guarantee[0]["explanation"]["segment"] == "claim"


def test_the_text_format_marks_disclosure_blocks(env):
    text = "星光全球科技基金，長期布局AI產業。\n注意事項：\n1.基金投資有賺有賠\n※配息率不代表報酬率"
    result = finreview("check", "-", "-j", "TW", "--product", "fund", "--channel", "web", env=env, stdin=text.encode())
    out = result.stdout.decode()
    block = out.split("disclosures (warnings, terms, footnotes; their words trigger no rule):\n")[1].splitlines()[0]
    assert block.strip() == f"@{text.index('注意事項')}-{len(text)} (header:注意事項)"


def test_every_finding_names_the_kind_of_segment_it_stands_in(env):
    """Rule, classifier and PII findings alike: an officer sees whether a finding sits in a claim,
    a disclosure or is about the copy as a whole."""
    text = "Guaranteed 8% returns, call 0912345678 today. Past performance is not a guide to future returns."
    result = finreview("check", "-", "-j", "UK", "--product", "fund", "--channel", "web", "--format", "json",
                       env=env, stdin=text.encode())
    report = json.loads(result.stdout)
    sources = {f["source"] for f in report["findings"]}
    assert {"rule", "classifier", "pii"} <= sources, report["findings"]
    assert all(f["explanation"]["segment"] in ("claim", "disclosure", "whole-copy") for f in report["findings"])


def test_batch_explains_only_when_asked_and_one_copy_always(env, tmp_path):
    """`check --batch` screens: no occlusion evidence unless --explain; a single `check` explains
    by default. The verdicts do not depend on it."""
    risky = "保證年報酬8%，名額只剩3位，今晚截止！"
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": 1, "text": risky, "jurisdiction": "TW", "product": "fund",
                                 "channel": "web"}, ensure_ascii=False) + "\n", encoding="utf-8")
    plain = finreview("check", "--batch", str(batch), env=env)
    explained = finreview("check", "--batch", str(batch), "--explain", env=env)
    assert plain.returncode == explained.returncode == 0, plain.stderr.decode() + explained.stderr.decode()
    plain_report, explained_report = json.loads(plain.stdout), json.loads(explained.stdout)
    assert plain_report["verdict"] == explained_report["verdict"] != "pass"
    assert plain_report["classifier"]["evidence"] == [] and explained_report["classifier"]["evidence"]
    single = finreview("check", "-", "--jurisdiction", "TW", "--product", "fund", "--channel", "web",
                       "--format", "json", env=env, stdin=risky.encode())
    assert json.loads(single.stdout)["classifier"]["evidence"] == explained_report["classifier"]["evidence"]
