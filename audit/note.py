"""Signed notes (the C2SP signed-note format used by transparency-log checkpoints), Ed25519 only.

A note is UTF-8 text ending in a newline; a signed note adds a blank line and one line per
signature: an em dash, the key name, and base64 of a 4-byte key id followed by the signature.
Keys travel as text: ``NAME+KEYID+BASE64`` for verifiers and ``PRIVATE+KEY+NAME+KEYID+BASE64``
for signers, so a key file can be read by any tool that speaks the format.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, PublicFormat, NoEncryption

ED25519 = 0x01
SIG_PREFIX = "\u2014 "  # em dash and a space


class NoteError(Exception):
    """A note or key that is malformed, or a signature that does not verify."""


def _key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError("a key name must be non-empty, with no spaces and no '+'")


@dataclass(frozen=True)
class Verifier:
    name: str
    public: bytes

    @property
    def key_id(self) -> bytes:
        return _key_id(self.name, self.public)

    def encode(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(bytes([ED25519]) + self.public).decode()}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
            return True
        except InvalidSignature:
            return False


@dataclass(frozen=True, repr=False)
class Signer:
    name: str
    _private: Ed25519PrivateKey

    def __repr__(self) -> str:  # never print key material, even by accident in a traceback
        return f"Signer({self.name!r})"

    @property
    def verifier(self) -> Verifier:
        public = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return Verifier(self.name, public)

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)

    def encode(self) -> str:
        seed = self._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        v = self.verifier
        return f"PRIVATE+KEY+{self.name}+{v.key_id.hex()}+{base64.b64encode(bytes([ED25519]) + seed).decode()}"


def generate(name: str) -> Signer:
    _check_name(name)
    return Signer(name, Ed25519PrivateKey.generate())


def _split_key(text: str, parts: int) -> list[str]:
    fields = text.strip().split("+", parts - 1)  # base64 may itself hold "+"
    if len(fields) != parts:
        raise NoteError("the key is not in NAME+KEYID+BASE64 form")
    return fields


def _decode_key(name: str, key_id: str, b64: str) -> bytes:
    _check_name(name)
    try:
        raw = base64.b64decode(b64, validate=True)
        wanted = bytes.fromhex(key_id)
    except (binascii.Error, ValueError):
        raise NoteError("the key has a bad key id or base64 part") from None
    if len(raw) != 33 or raw[0] != ED25519 or len(wanted) != 4:
        raise NoteError("the key is not an Ed25519 key")
    return raw[1:]


def parse_verifier(text: str) -> Verifier:
    name, key_id, b64 = _split_key(text, 3)
    verifier = Verifier(name, _decode_key(name, key_id, b64))
    if verifier.key_id.hex() != key_id.lower():
        raise NoteError("the key id does not match the key")
    return verifier


def parse_signer(text: str) -> Signer:
    fields = _split_key(text, 5)
    if fields[:2] != ["PRIVATE", "KEY"]:
        raise NoteError("a signing key starts with PRIVATE+KEY+")
    name, key_id, b64 = fields[2:]
    signer = Signer(name, Ed25519PrivateKey.from_private_bytes(_decode_key(name, key_id, b64)))
    if signer.verifier.key_id.hex() != key_id.lower():
        raise NoteError("the key id does not match the key")
    return signer


def sign(text: str, signer: Signer) -> str:
    _check_text(text)
    signature = signer.sign(text.encode())
    blob = base64.b64encode(signer.verifier.key_id + signature).decode()
    return f"{text}\n{SIG_PREFIX}{signer.name} {blob}\n"


def _check_text(text: str) -> None:
    if not text.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("note text must end in a newline and hold no control characters")


def open_note(signed: str, verifier: Verifier) -> str:
    """The note text, if ``verifier`` signed it; raise NoteError otherwise.

    Signatures by other keys are ignored (a note may carry witnesses' signatures too)."""
    text, sep, sigs = signed.rpartition("\n\n")
    if not sep or not sigs.endswith("\n"):
        raise NoteError("the note has no signature block")
    text += "\n"
    _check_text(text)
    found_name = False
    for line in sigs[:-1].split("\n"):
        if not line.startswith(SIG_PREFIX):
            raise NoteError("a signature line does not start with an em dash")
        name, _, blob = line[len(SIG_PREFIX):].partition(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except binascii.Error:
            raise NoteError("a signature is not base64") from None
        if name != verifier.name or len(raw) != 68:
            continue
        found_name = True
        if raw[:4] == verifier.key_id and verifier.verify(text.encode(), raw[4:]):
            return text
    raise NoteError(f"no valid signature by {verifier.name}" + ("" if found_name else " (no signature with that name)"))
