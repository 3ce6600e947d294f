"""The hash chain verifier is pure: it accepts an honest chain and names the first bad event of a
tampered one."""
from __future__ import annotations

import json

import pytest

from audit.canonical import encode
from audit.chain import GENESIS_HASH, seal
from audit.verify import verify_chain


def make_chain(n: int) -> list[dict]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        fields = dict(seq=seq, event_type="submitted", actor="user:1", subject=f"submission:s{seq}/v1",
                      time="2026-11-26T10:00:00.000000Z", payload={"n": seq, "text_sha256": "ab" * 32},
                      prev_hash=prev)
        body, digest = seal(**fields)
        rows.append({"seq": seq, "event_type": "submitted", "actor": "user:1", "subject": f"submission:s{seq}/v1",
                     "body": body, "prev_hash": prev, "hash": digest})
        prev = digest
    return rows


def test_an_honest_chain_verifies_and_reports_its_head():
    rows = make_chain(5)
    result = verify_chain(rows)
    assert result.ok and result.checked == 5 and result.head_hash == rows[-1]["hash"]


def test_an_empty_chain_verifies():
    assert verify_chain([]).ok


def _edit_payload(rows):
    body = json.loads(rows[2]["body"])
    body["payload"]["n"] = 999
    rows[2]["body"] = encode(body).decode()


def _reseal_edit(rows):
    # The attacker recomputes the edited event's hash, but the next event still links to the old one.
    body = json.loads(rows[2]["body"])
    body["payload"]["n"] = 999
    rows[2]["body"] = encode(body).decode()
    rows[2]["hash"] = seal(seq=3, event_type=body["type"], actor=body["actor"], subject=body["subject"],
                           time=body["time"], payload=body["payload"], prev_hash=body["prev_hash"])[1]


def _delete(rows):
    del rows[2]


def _swap(rows):
    rows[2], rows[3] = rows[3], rows[2]


def _forge_insert(rows):
    forged = dict(rows[2])
    forged["seq"] = 3
    rows.insert(2, forged)


def _column_differs(rows):
    rows[2]["subject"] = "submission:other/v1"


def _non_canonical(rows):
    rows[2]["body"] = json.dumps(json.loads(rows[2]["body"]), indent=1)


@pytest.mark.parametrize("tamper, bad_seq", [
    (_edit_payload, 3),
    (_reseal_edit, 4),
    (_delete, 3),
    (_swap, 3),
    (_forge_insert, 4),
    (_column_differs, 3),
    (_non_canonical, 3),
])
def test_tampering_is_detected_at_the_first_bad_event(tamper, bad_seq):
    rows = make_chain(6)
    tamper(rows)
    result = verify_chain(rows)
    assert not result.ok
    assert result.first_bad_seq == bad_seq
    assert result.checked == bad_seq - 1
