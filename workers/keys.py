"""Loading the two secrets the audit trail needs: the checkpoint signing key and the
key-encryption key for submission content. Read from an environment variable or a file; with
neither, a development key is created once under FINREVIEW_HOME/keys (mode 0600). Key material
is never logged: messages name the file, not its content."""
from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
from pathlib import Path

from audit.note import NoteError, Signer, Verifier, generate, parse_signer
from workers.config import RuntimeConfig

log = logging.getLogger(__name__)


class KeyConfigError(Exception):
    """A configured key that cannot be used; the message never contains the key."""


def _create_once(path: Path, text: str) -> bool:
    """Write ``text`` to a new file readable by its owner only; False if it already existed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    # Written aside and linked into place, so a process starting at the same moment never reads
    # a half-written key, and only one of two racing processes wins.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()


def audit_signer(config: RuntimeConfig) -> Signer:
    if config.audit_key is not None:
        text, source = config.audit_key.get_secret_value(), "FINREVIEW_AUDIT_KEY"
    elif config.audit_key_file is not None:
        source = str(config.audit_key_file)
        try:
            text = config.audit_key_file.read_text()
        except OSError as exc:
            raise KeyConfigError(f"cannot read the audit key file {source}: {exc.strerror}") from None
    else:
        path = config.keys_dir / "audit-signing.key"
        if _create_once(path, generate(config.audit_origin).encode() + "\n"):
            log.warning("no audit signing key configured: generated a development key in %s", path)
        text, source = path.read_text(), str(path)
    try:
        signer = parse_signer(text)
    except NoteError as exc:
        raise KeyConfigError(f"the audit signing key from {source} is unusable: {exc}") from None
    if signer.name != config.audit_origin:
        raise KeyConfigError(f"the audit signing key from {source} is named {signer.name!r}, "
                             f"but FINREVIEW_AUDIT_ORIGIN is {config.audit_origin!r}")
    return signer


def audit_verifier(config: RuntimeConfig) -> Verifier:
    return audit_signer(config).verifier


def content_kek(config: RuntimeConfig) -> bytes:
    if config.content_kek is not None:
        text, source = config.content_kek.get_secret_value(), "FINREVIEW_KEK"
    elif config.content_kek_file is not None:
        source = str(config.content_kek_file)
        try:
            text = config.content_kek_file.read_text()
        except OSError as exc:
            raise KeyConfigError(f"cannot read the key-encryption key file {source}: {exc.strerror}") from None
    else:
        path = config.keys_dir / "content.kek"
        if _create_once(path, base64.b64encode(secrets.token_bytes(32)).decode() + "\n"):
            log.warning("no key-encryption key configured: generated a development key in %s", path)
        text, source = path.read_text(), str(path)
    try:
        kek = base64.b64decode(text.strip(), validate=True)
    except binascii.Error:
        kek = b""
    if len(kek) != 32:
        raise KeyConfigError(f"the key-encryption key from {source} must be 32 bytes in base64")
    return kek
