"""Checkpoints as signed notes: the text layout of the tlog-checkpoint format, key encodings that
round-trip, and signatures that fail for another key, an edited body or a swapped name."""
from __future__ import annotations

import base64

import pytest

from audit.checkpoint import Checkpoint, CheckpointError, open_checkpoint, sign_checkpoint
from audit.note import NoteError, generate, parse_signer, parse_verifier

ROOT = bytes(range(32))


def test_a_signed_checkpoint_has_the_tlog_layout_and_opens_with_its_key():
    """Body = origin, size, base64 root; then a blank line and an em-dash signature line."""
    signer = generate("example.org/audit")
    signed = sign_checkpoint(Checkpoint("example.org/audit", 42, ROOT), signer)
    lines = signed.split("\n")
    assert lines[:4] == ["example.org/audit", "42", base64.b64encode(ROOT).decode(), ""]
    assert lines[4].startswith("\u2014 example.org/audit ")
    assert len(base64.b64decode(lines[4].split(" ")[2])) == 4 + 64
    assert open_checkpoint(signed, signer.verifier) == Checkpoint("example.org/audit", 42, ROOT)


def test_keys_round_trip_through_their_text_forms():
    """Signer and verifier keys parse back to the same key; the key id is checked."""
    signer = generate("log")
    assert parse_signer(signer.encode()).verifier == signer.verifier
    assert parse_verifier(signer.verifier.encode()) == signer.verifier
    name, key_id, b64 = signer.verifier.encode().split("+", 2)
    with pytest.raises(NoteError):
        parse_verifier(f"{name}+{'0' * 8}+{b64}")
    assert "PRIVATE" not in repr(signer) and signer.encode() not in repr(signer)


@pytest.mark.parametrize("tamper", [
    lambda s: s.replace("\n42\n", "\n43\n"),
    lambda s: s.replace("log\n", "other\n", 1),
    # a character well inside the signature: the last base64 characters may carry only padding bits
    lambda s: s[:-20] + ("A" if s[-20] != "A" else "B") + s[-19:],
    lambda s: s.split("\n\n")[0] + "\n",
])
def test_an_edited_or_unsigned_checkpoint_is_refused(tamper):
    """Changing the size, origin or signature, or dropping the signature, fails to open."""
    signer = generate("log")
    signed = sign_checkpoint(Checkpoint("log", 42, ROOT), signer)
    with pytest.raises(CheckpointError):
        open_checkpoint(tamper(signed), signer.verifier)


def test_a_checkpoint_signed_by_another_key_of_the_same_name_is_refused():
    """A swapped key under the same name is caught by the key id and the signature."""
    signed = sign_checkpoint(Checkpoint("log", 1, ROOT), generate("log"))
    with pytest.raises(CheckpointError, match="no valid signature"):
        open_checkpoint(signed, generate("log").verifier)
