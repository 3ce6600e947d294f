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


def _key_text(value, file: Path | None, variable: str, what: str, dev_path: Path, make_dev) -> tuple[str, str]:
    """(key text, where it came from): the variable, else the file, else a development key
    generated once at ``dev_path`` (the log names the file, never the key)."""
    if value is not None:
        return value.get_secret_value(), variable
    if file is not None:
        try:
            return file.read_text(), str(file)
        except OSError as exc:
            raise KeyConfigError(f"cannot read the {what} file {file}: {exc.strerror}") from None
    if _create_once(dev_path, make_dev()):
        log.warning("no %s configured: generated a development key in %s", what, dev_path)
    return dev_path.read_text(), str(dev_path)


def audit_signer(config: RuntimeConfig) -> Signer:
    text, source = _key_text(config.audit_key, config.audit_key_file, "FINREVIEW_AUDIT_KEY", "audit signing key",
                             config.keys_dir / "audit-signing.key",
                             lambda: generate(config.audit_origin).encode() + "\n")
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
    text, source = _key_text(config.content_kek, config.content_kek_file, "FINREVIEW_KEK", "key-encryption key",
                             config.keys_dir / "content.kek",
                             lambda: base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    try:
        kek = base64.b64decode(text.strip(), validate=True)
    except binascii.Error:
        kek = b""
    if len(kek) != 32:
        raise KeyConfigError(f"the key-encryption key from {source} must be 32 bytes in base64")
    return kek
