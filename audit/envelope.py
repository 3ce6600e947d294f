"""Envelope encryption for content that may hold personal data: AES-256-GCM under a data key of
its own, and the data key wrapped (AES-256-GCM again) by a key-encryption key from config.

Erasure is destroying the wrapped data key: the ciphertext may stay, and every digest of it in
the audit trail still verifies, but nobody can read it any more. Each ciphertext is bound to its
context (the submission and version) so a blob cannot be moved to another record unnoticed.
"""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptError(Exception):
    """Wrong key, wrong context or altered bytes."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)  # random 96-bit nonces: far below the 2**32 messages per key limit
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def _open(key: bytes, blob: bytes, context: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context)
    except (InvalidTag, ValueError):
        raise DecryptError("the ciphertext does not open with this key and context") from None


def wrap_key(kek: bytes, data_key: bytes, *, context: str) -> bytes:
    return _seal(kek, data_key, b"finreview/data-key/" + context.encode())


def unwrap_key(kek: bytes, wrapped: bytes, *, context: str) -> bytes:
    return _open(kek, wrapped, b"finreview/data-key/" + context.encode())


def encrypt(data_key: bytes, plaintext: bytes, *, context: str) -> bytes:
    return _seal(data_key, plaintext, b"finreview/content/" + context.encode())


def decrypt(data_key: bytes, blob: bytes, *, context: str) -> bytes:
    return _open(data_key, blob, b"finreview/content/" + context.encode())
