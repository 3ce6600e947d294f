"""Exporting a bundle from real PostgreSQL and verifying it offline with only the public key:
an honest bundle verifies in both event formats, and any edit to its events, proofs,
checkpoints, key or decisions is refused with the first bad event named."""
from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from audit import decisions_csv
from audit.bundle import NotABundle
from audit.bundle_verify import verify_bundle_file
from audit.checkpoints import CheckpointPolicy, make_checkpoint
from audit.export import ExportRequest, export
from audit.log import NewEvent, append
from audit.note import generate

ORIGIN = "finreview.test/audit"
SIGNER = generate(ORIGIN)
ALL_TIME = ExportRequest(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc) + timedelta(days=1))


def _decided(i: int) -> NewEvent:
    return NewEvent("decided", f"user:{i}", f"submission:s{i % 4}/v1", {
        "outcome": "reject", "reason_code": "guarantee-wording", "reason": "=HYPERLINK(\"x\") 保證獲利" if i == 3 else f"r{i}",
        "report_sha256": f"{i:064x}", "rulesets": {"tw.general": "ab" * 32}, "model": "finreview-risk@0.2.0",
        "findings": ["tw.general.no-guarantee-wording", "tw.fund.risk-warning"]})


@pytest.fixture
def source(fresh_db, tmp_path):
    policy = CheckpointPolicy(ORIGIN, 5, 3600, tmp_path / "cp")
    with psycopg.connect(fresh_db) as conn:
        for start in range(1, 23, 7):  # checkpoints at 7, 14, 21, 22
            append(conn, [_decided(i) if i % 2 else NewEvent("claimed", "user:1", f"submission:s{i % 4}/v1",
                                                           {"seconds": 60}) for i in range(start, min(start + 7, 23))])
            conn.commit()
            make_checkpoint(conn, SIGNER, policy)
    return fresh_db


def _export(url: str, path: Path, request: ExportRequest = ALL_TIME, fmt: str = "jsonl"):
    with psycopg.connect(url) as conn:
        return export(conn, request, path, verifier=SIGNER.verifier, origin=ORIGIN, events_format=fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_honest_bundle_verifies_offline(source, tmp_path, fmt):
    """All 22 events, their proofs against 4 checkpoints and the decisions CSV verify with the key."""
    result = _export(source, tmp_path / "b.zip", fmt=fmt)
    assert result.events == 22 and result.checkpoints == [7, 14, 21, 22]
    verdict = verify_bundle_file(tmp_path / "b.zip", SIGNER.verifier)
    assert verdict.ok, verdict.problems
    names = set(zipfile.ZipFile(tmp_path / "b.zip").namelist())
    assert {"VERIFY.md", "pubkey.vkey", "decisions.csv", "proofs.jsonl", f"events.{fmt}"} <= names


def test_the_decisions_csv_is_flat_and_spreadsheet_safe(source, tmp_path):
    """One row per decided event with reviewer, reason, rules and versions; formulas are defused."""
    _export(source, tmp_path / "b.zip")
    text = zipfile.ZipFile(tmp_path / "b.zip").read("decisions.csv").decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("seq,time,submission,version,outcome,reason_code,reason,reviewer")
    assert len(lines) == 1 + 11  # the odd seqs are decisions
    row3 = next(line for line in lines[1:] if line.startswith("3,"))
    assert "'=HYPERLINK" in row3 and "保證獲利" in row3 and "user:3" in row3
    assert "tw.general.no-guarantee-wording;tw.fund.risk-warning" in row3 and "finreview-risk@0.2.0" in row3


def test_a_campaign_filter_exports_only_its_subjects(source, tmp_path):
    """Only the subjects asked for are exported, still with proofs that verify."""
    request = ExportRequest(ALL_TIME.start, ALL_TIME.end, frozenset({"submission:s1"}))
    result = _export(source, tmp_path / "b.zip", request)
    assert result.events == 6  # seqs 1, 5, 9, 13, 17, 21
    assert verify_bundle_file(tmp_path / "b.zip", SIGNER.verifier).ok


def _rewrite(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files[name] = change(files[name])
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)


def _edit_event(seq: int, old: bytes, new: bytes):
    def change(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[seq - 1] = lines[seq - 1].replace(old, new)
        return b"\n".join(lines)
    return change


def _flip_proof(seq: int):
    def change(data: bytes) -> bytes:
        lines = data.split(b"\n")
        item = json.loads(lines[seq - 1])
        item["proof"][0] = ("0" if item["proof"][0][0] != "0" else "1") + item["proof"][0][1:]
        lines[seq - 1] = json.dumps(item).encode()
        return b"\n".join(lines)
    return change


@pytest.mark.parametrize("name, change, bad_seq", [
    ("events.jsonl", _edit_event(9, b"r9", b"r8"), 9),
    ("events.jsonl", _edit_event(4, b"\"seconds\\\":60", b"\"seconds\\\":6"), 4),
    ("proofs.jsonl", _flip_proof(12), 12),
    ("proofs.jsonl", lambda d: d.replace(b'"tree_size": 14', b'"tree_size": 21', 1), 8),
    ("decisions.csv", lambda d: d.replace(b"r5", b"r6"), None),
])
def test_an_edited_bundle_is_refused_and_located(source, tmp_path, name, change, bad_seq):
    """Edits to an event, a proof, a proof's tree size or the CSV are caught; events are named."""
    path = tmp_path / "b.zip"
    _export(source, path)
    _rewrite(path, name, change)
    verdict = verify_bundle_file(path, SIGNER.verifier)
    assert not verdict.ok
    assert verdict.first_bad_seq == bad_seq


def test_a_bundle_is_refused_under_any_other_key_and_the_checkpoints_and_key_are_named_first(source, tmp_path):
    """Against a key the auditor did not get from the firm every checkpoint fails, and that is what
    the report leads with, naming the key; the events are not blamed one by one, each checkpoint
    sums up the events it left unverified, and the bundle's own different key is pointed out."""
    path = tmp_path / "b.zip"
    _export(source, path)
    other = generate(ORIGIN).verifier
    verdict = verify_bundle_file(path, other)
    assert not verdict.ok and verdict.checkpoints_verified == 0 and verdict.first_bad_seq is None
    headline = f"checkpoint 7: signature does not verify with key {ORIGIN}+{other.key_id.hex()}"
    assert verdict.summary().startswith(headline)
    assert sorted(p.checkpoint for p in verdict.problems if p.signature) == [7, 14, 21, 22]
    unverified = {p.checkpoint: p.reason for p in verdict.problems if "unverified" in p.reason}
    assert unverified[7].startswith("7 event(s)") and "seq 1..7" in unverified[7] and "seq 22" in unverified[22]
    assert any(p.where == "pubkey.vkey" and SIGNER.verifier.key_id.hex() in p.reason for p in verdict.problems)
    assert len(verdict.problems) == 4 + 4 + 1


def _flip_signature(note: bytes) -> bytes:
    body, _, sig = note.partition(b"\n\n")
    name, _, b64 = sig.rstrip(b"\n").rpartition(b" ")
    raw = bytearray(base64.b64decode(b64))
    raw[-1] ^= 1
    return body + b"\n\n" + name + b" " + base64.b64encode(bytes(raw)) + b"\n"


def test_one_flipped_signature_byte_names_that_checkpoint_and_only_its_events(source, tmp_path):
    """A checkpoint whose signature was altered heads the report; the seven events proven only
    against it are summed up in one line, and the other checkpoints and events still verify."""
    path = tmp_path / "b.zip"
    _export(source, path)
    _rewrite(path, f"checkpoints/{14:020d}.checkpoint", _flip_signature)
    verdict = verify_bundle_file(path, SIGNER.verifier)
    assert verdict.checkpoints_verified == 3 and verdict.first_bad_seq is None
    assert verdict.summary().startswith(f"checkpoint 14: signature does not verify with key {ORIGIN}+")
    assert [(p.checkpoint, p.reason) for p in verdict.ranked()[1:]] == [
        (14, "7 event(s) proven only against this checkpoint are unverified (seq 8..14)")]


def test_an_edited_decisions_row_is_located_by_line_seq_and_column(source, tmp_path):
    """decisions.csv that no longer restates its decided event names the line, the decision's seq
    and the column that differs (not the cell, which may quote what an officer typed)."""
    path = tmp_path / "b.zip"
    _export(source, path)
    _rewrite(path, "decisions.csv", lambda d: d.replace(b",r5,", b",r6,"))
    verdict = verify_bundle_file(path, SIGNER.verifier)
    [problem] = verdict.problems
    assert problem.where == "decisions.csv line 4 (decision seq 5)"
    assert problem.reason == "reason differs from the decided event"
    assert verdict.summary().startswith("decisions.csv line 4 (decision seq 5): reason differs")


def test_a_missing_decisions_row_is_located(source, tmp_path):
    """A row deleted from decisions.csv is named by the seq of the decision it held."""
    path = tmp_path / "b.zip"
    _export(source, path)
    _rewrite(path, "decisions.csv", lambda d: b"\r\n".join(l for l in d.split(b"\r\n") if not l.startswith(b"7,")))
    [problem] = verify_bundle_file(path, SIGNER.verifier).problems
    assert problem.where == "decisions.csv line 5 (decision seq 7)" and "missing" in problem.reason


def _drop_line(seq: int):
    def change(data: bytes) -> bytes:
        return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'{"seq": %d,' % seq))
    return change


@pytest.mark.parametrize("files", [["events.jsonl"], ["events.jsonl", "proofs.jsonl"]])
def test_a_deleted_event_is_named_by_its_seq(source, tmp_path, files):
    """An event line removed from the bundle (with or without its proof line) is reported as that
    seq missing, not only as a count that does not match the manifest."""
    path = tmp_path / "b.zip"
    _export(source, path)
    for name in files:
        _rewrite(path, name, _drop_line(9))
    verdict = verify_bundle_file(path, SIGNER.verifier)
    assert verdict.first_bad_seq == 9
    assert verdict.summary().startswith("first bad event: seq 9: event(s) missing from the bundle: seq 9; "
                                        "the manifest lists 22 events, the bundle holds 21")


def test_a_verified_bundle_reports_the_root_of_its_largest_checkpoint(source, tmp_path):
    """The ok line ends with the signed root the events were proven against, and its tree size."""
    path = tmp_path / "b.zip"
    _export(source, path)
    verdict = verify_bundle_file(path, SIGNER.verifier)
    with psycopg.connect(source) as conn:
        root = bytes(conn.execute("SELECT root_hash FROM audit_checkpoints WHERE tree_size = 22").fetchone()[0])
    assert verdict.ok and verdict.summary().endswith(f", root {root.hex()} at tree size 22")


@pytest.mark.parametrize("content", [b"not a zip at all", None])
def test_a_file_that_is_no_bundle_is_a_usage_error_not_tampering(tmp_path, content):
    """A file that is not a zip, or a zip without a manifest, raises NotABundle (the CLI's exit 2)."""
    path = tmp_path / "x.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(NotABundle, match="is not an audit bundle"):
        verify_bundle_file(path, SIGNER.verifier)


@pytest.mark.parametrize("garbage", [b"zz", b"\x00\x01junk"])
def test_garbage_in_a_proof_file_is_refused_not_a_crash(source, tmp_path, garbage):
    """Non-hex proofs or a non-JSON line make the bundle unreadable, reported as a problem."""
    path = tmp_path / "b.zip"
    _export(source, path)
    _rewrite(path, "proofs.jsonl", lambda d: d.replace(b'"proof": ["', b'"proof": ["' + garbage, 1))
    verdict = verify_bundle_file(path, SIGNER.verifier)
    assert not verdict.ok


@pytest.fixture
def staffed(fresh_db, tmp_path):
    """Real users in the user table and decisions by their ids: one by a reviewer alone, one a
    four-eyes approval (a reviewer first, a senior reviewer second)."""
    from service.identity import create_user

    policy = CheckpointPolicy(ORIGIN, 100, 3600, tmp_path / "cp")
    with psycopg.connect(fresh_db) as conn:
        ids = {name: create_user(conn, name=name, role=role) for name, role in
               (("alice", "reviewer"), ("bob", "senior_reviewer"), ("=mallory", "reviewer"))}
        body = {"outcome": "approve", "reason_code": "false-positive", "reason": "ok", "report_sha256": "0" * 64,
                "rulesets": {}, "model": "m@1", "findings": []}
        append(conn, [
            NewEvent("claimed", f"user:{ids['=mallory']}", "submission:s9/v1", {"seconds": 60}),
            NewEvent("decided", f"user:{ids['alice']}", "submission:s1/v1", {**body, "outcome": "reject"}),
            NewEvent("decided", f"user:{ids['bob']}", "submission:s2/v1",
                     {**body, "first_approver": f"user:{ids['alice']}", "second_approver": f"user:{ids['bob']}"}),
            NewEvent("decided", "user:desk-tests", "submission:s3/v1", body),
            NewEvent("decided", f"user:{ids['=mallory']}", "submission:s9/v1", body),
        ])
        conn.commit()
        make_checkpoint(conn, SIGNER, policy)
    return fresh_db, ids


def _export_with_people(url: str, path: Path):
    from workers.store.people import roster

    with psycopg.connect(url) as conn:
        return export(conn, ALL_TIME, path, verifier=SIGNER.verifier, origin=ORIGIN,
                      people=lambda actors: roster(conn, actors))


def test_the_bundle_names_each_officer_with_the_role_beside_the_id(staffed, tmp_path):
    """users.jsonl lists every user the events name (name and role); decisions.csv carries the name
    and role of who decided and of both approvers (a name is no spreadsheet formula there either);
    an actor that is no user gets empty cells; the sealed events still hold ids only."""
    url, ids = staffed
    path = tmp_path / "b.zip"
    _export_with_people(url, path)
    assert verify_bundle_file(path, SIGNER.verifier).ok
    zf = zipfile.ZipFile(path)
    assert json.loads(zf.read("manifest.json"))["format"] == "finreview-audit-bundle/2"
    listed = [json.loads(line) for line in zf.read("users.jsonl").decode().splitlines()]
    assert listed == sorted([{"actor": f"user:{ids['alice']}", "name": "alice", "role": "reviewer"},
                             {"actor": f"user:{ids['bob']}", "name": "bob", "role": "senior_reviewer"},
                             {"actor": f"user:{ids['=mallory']}", "name": "=mallory", "role": "reviewer"}],
                            key=lambda u: int(u["actor"][5:]))
    rows = list(csv.DictReader(io.StringIO(zf.read("decisions.csv").decode("utf-8-sig"))))
    assert [(r["reviewer"], r["reviewer_name"], r["reviewer_role"]) for r in rows] == [
        (f"user:{ids['alice']}", "alice", "reviewer"), (f"user:{ids['bob']}", "bob", "senior_reviewer"),
        ("user:desk-tests", "", ""), (f"user:{ids['=mallory']}", "'=mallory", "reviewer")]
    assert (rows[1]["first_approver_name"], rows[1]["first_approver_role"], rows[1]["second_approver_name"],
            rows[1]["second_approver_role"]) == ("alice", "reviewer", "bob", "senior_reviewer")
    assert b"alice" not in zf.read("events.jsonl") and b"bob" not in zf.read("events.jsonl")


@pytest.mark.parametrize("name, change, where, reason", [
    ("users.jsonl", lambda d: d.replace(b'"name": "bob"', b'"name": "eve"'), "decisions.csv line 3 (decision seq 3)",
     "reviewer_name, second_approver_name differ from users.jsonl"),
    ("decisions.csv", lambda d: d.replace(b",alice,reviewer,", b",alice,senior_reviewer,"),
     "decisions.csv line 2 (decision seq 2)", "reviewer_role differs from users.jsonl"),
    ("decisions.csv", lambda d: d.replace(b",reject,", b",approve,"), "decisions.csv line 2 (decision seq 2)",
     "outcome differs from the decided event"),
])
def test_names_and_roles_that_disagree_with_the_user_listing_are_located(staffed, tmp_path, name, change, where,
                                                                         reason):
    """A name or role edited in decisions.csv or in users.jsonl alone is caught, and the row and the
    file it no longer agrees with are named."""
    path = tmp_path / "b.zip"
    _export_with_people(staffed[0], path)
    _rewrite(path, name, change)
    [problem] = verify_bundle_file(path, SIGNER.verifier).problems
    assert (problem.where, problem.reason) == (where, reason)


def test_a_format_2_bundle_without_its_user_listing_is_refused(staffed, tmp_path):
    """Dropping users.jsonl from a bundle whose manifest says format 2 is tampering, not an old bundle."""
    path = tmp_path / "b.zip"
    _export_with_people(staffed[0], path)
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist() if n != "users.jsonl"}
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    verdict = verify_bundle_file(path, SIGNER.verifier)
    assert not verdict.ok and verdict.problems[0].reason == "the bundle has no users.jsonl"


def test_a_format_1_bundle_without_names_still_verifies(staffed, tmp_path):
    """A bundle exported before the user listing (format 1: ids only in decisions.csv) verifies as before."""
    path = tmp_path / "b.zip"
    _export_with_people(staffed[0], path)
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist() if n != "users.jsonl"}
    manifest = json.loads(files["manifest.json"])
    files["manifest.json"] = json.dumps({**manifest, "format": "finreview-audit-bundle/1"}).encode()
    lines = [json.loads(line) for line in files["events.jsonl"].splitlines()]
    files["decisions.csv"] = decisions_csv.render([(line["seq"], json.loads(line["body"])) for line in lines])
    assert files["decisions.csv"].decode("utf-8-sig").startswith(",".join(decisions_csv.COLUMNS_V1))
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    assert verify_bundle_file(path, SIGNER.verifier).ok
