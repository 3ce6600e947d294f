"""Submission content at rest: sealing {text, metadata} under the submission's data key, opening
it again, and telling erased content apart. Legacy rows (clear text, written before encryption)
still read; the caller sees the same Content either way."""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

import psycopg

from audit.canonical import encode
from audit.envelope import decrypt, encrypt, new_data_key, unwrap_key, wrap_key
from workers.config import RuntimeConfig
from workers.keys import content_kek


class ContentErased(Exception):
    """The submission's data key was destroyed: its content is gone for good."""


@dataclass(frozen=True)
class Content:
    text: str
    metadata: dict[str, Any]


_UNREAD: Any = object()  # Vault.open's key_row default: read the key row from the database


@dataclass(frozen=True)
class Vault:
    kek: bytes

    def __repr__(self) -> str:  # never print the key
        return "Vault()"

    def create_key(self, conn: psycopg.Connection, submission_id: str) -> bytes:
        data_key, wrapped = self.new_wrapped_key(submission_id)
        conn.execute("INSERT INTO data_keys (submission_id, wrapped_key) VALUES (%s, %s)", (submission_id, wrapped))
        return data_key

    def new_wrapped_key(self, submission_id: str) -> tuple[bytes, bytes]:
        """A fresh data key and its wrapped form, for the caller to store in data_keys."""
        data_key = new_data_key()
        return data_key, wrap_key(self.kek, data_key, context=str(submission_id))

    def data_key(self, conn: psycopg.Connection, submission_id: str) -> bytes | None:
        """The submission's data key; None for a legacy submission that never had one.

        Raises ContentErased when it was destroyed."""
        row = conn.execute("SELECT wrapped_key, erased_at FROM data_keys WHERE submission_id = %s",
                           (submission_id,)).fetchone()
        return self.unwrap_row(submission_id, row)

    def unwrap_row(self, submission_id: str, row: tuple | None) -> bytes | None:
        """`data_key` for a (wrapped_key, erased_at) row already read; None or an all-NULL row (an
        outer join that found none) means there is no key."""
        if row is None or (row[0] is None and row[1] is None):
            return None
        if row[1] is not None:
            raise ContentErased(submission_id)
        return unwrap_key(self.kek, bytes(row[0]), context=str(submission_id))

    def seal(self, data_key: bytes, submission_id: str, version: int, content: Content) -> tuple[bytes, str]:
        """The ciphertext and its SHA-256, which is what the audit trail commits to."""
        blob = encrypt(data_key, encode({"text": content.text, "metadata": content.metadata}),
                       context=f"{submission_id}/v{version}")
        return blob, hashlib.sha256(blob).hexdigest()

    def open(self, conn: psycopg.Connection, submission_id: str, version: int, *, blob: bytes | None,
             legacy_text: str | None, legacy_metadata: dict | None = None, key_row: tuple | None = _UNREAD) -> Content:
        """The content of one version; raises ContentErased when it can no longer be read.

        `key_row`: the submission's (wrapped_key, erased_at) when the caller already read it with
        the version (None: no row); by default it is read here."""
        if blob is None:
            if legacy_text is None:
                raise ContentErased(submission_id)
            return Content(legacy_text, legacy_metadata or {})
        data_key = self.data_key(conn, submission_id) if key_row is _UNREAD else self.unwrap_row(submission_id, key_row)
        if data_key is None:
            raise ContentErased(submission_id)
        plain = json.loads(decrypt(data_key, bytes(blob), context=f"{submission_id}/v{version}"))
        return Content(plain["text"], plain["metadata"])

    def open_or_none(self, conn: psycopg.Connection, submission_id: str, version: int, *, blob: bytes | None,
                     legacy_text: str | None, legacy_metadata: dict | None = None,
                     key_row: tuple | None = _UNREAD) -> Content | None:
        try:
            return self.open(conn, submission_id, version, blob=blob, legacy_text=legacy_text,
                             legacy_metadata=legacy_metadata, key_row=key_row)
        except ContentErased:
            return None


@functools.lru_cache(maxsize=4)
def _vault_for(kek: bytes) -> Vault:
    return Vault(kek)


def vault(config: RuntimeConfig | None = None) -> Vault:
    """The vault for this process's configuration (FINREVIEW_KEK, FINREVIEW_KEK_FILE or the dev key)."""
    if config is not None:
        return _vault_for(content_kek(config))
    # Building the settings costs milliseconds and runs on every stored or read copy; the answer
    # changes only with the variables that name the key.
    return _default_vault(*(os.environ.get(name) for name in _KEY_VARIABLES))


_KEY_VARIABLES = ("FINREVIEW_KEK", "FINREVIEW_KEK_FILE", "FINREVIEW_HOME")


@functools.lru_cache(maxsize=4)
def _default_vault(*_key_variables: str | None) -> Vault:
    return _vault_for(content_kek(RuntimeConfig()))
