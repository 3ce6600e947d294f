"""Checkpoints: a log's origin, tree size and root hash as a signed note (the C2SP
tlog-checkpoint format), so any transparency-log tooling can read what finreview signs."""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from audit.note import NoteError, Signer, Verifier, open_note, sign


class CheckpointError(Exception):
    """A checkpoint that is malformed or not signed by the expected key."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    return sign(checkpoint.text(), signer)


def parse_text(text: str) -> Checkpoint:
    lines = text.split("\n")
    if len(lines) < 4 or not lines[0] or not lines[1].isdigit() or (len(lines[1]) > 1 and lines[1][0] == "0"):
        raise CheckpointError("a checkpoint body is origin, decimal size and base64 root on three lines")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise CheckpointError("the checkpoint root is not base64") from None
    if len(root) != 32:
        raise CheckpointError("the checkpoint root is not a SHA-256 hash")
    return Checkpoint(lines[0], int(lines[1]), root)


def open_checkpoint(signed: str, verifier: Verifier, *, origin: str | None = None) -> Checkpoint:
    """The checkpoint in ``signed`` once its signature by ``verifier`` holds (and its origin matches)."""
    try:
        text = open_note(signed, verifier)
    except NoteError as exc:
        raise CheckpointError(str(exc)) from None
    checkpoint = parse_text(text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"the checkpoint is for origin {checkpoint.origin!r}, not {origin!r}")
    return checkpoint


def peek(signed: str) -> Checkpoint:
    """The claimed content without checking any signature: only to say which checkpoint failed."""
    return parse_text(signed.partition("\n\n")[0] + "\n")
