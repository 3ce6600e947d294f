"""The checkpoint directory outside the database: one signed note per checkpoint and the leaf
hashes it added. Files are created once and never rewritten, so the directory can live on
write-once storage (a WORM bucket mount) or be mailed on to compliance as it grows."""
from __future__ import annotations

import os
from pathlib import Path

NOTE_SUFFIX = ".checkpoint"
LEAVES_SUFFIX = ".leaves"


def _name(size: int) -> str:
    return f"{size:020d}"  # zero-padded so a directory listing sorts by tree size


def _write_once(path: Path, data: bytes) -> None:
    if path.exists():
        if path.read_bytes() != data:
            raise FileExistsError(f"{path} already holds a different checkpoint")
        return
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write(directory: Path, size: int, note: str, leaves: bytes) -> Path:
    """Store a checkpoint and the leaves it added (leaves first: a note is never without them)."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_once(directory / (_name(size) + LEAVES_SUFFIX), leaves)
    path = directory / (_name(size) + NOTE_SUFFIX)
    _write_once(path, note.encode("utf-8"))
    return path


def read(directory: Path) -> tuple[list[str], dict[int, bytes]]:
    """All notes in the directory, and the kept leaves by checkpoint size."""
    notes: list[str] = []
    leaves: dict[int, bytes] = {}
    if not directory.is_dir():
        return notes, leaves
    for path in sorted(directory.iterdir()):
        stem = path.name.split(".", 1)[0]
        if not stem.isdigit():
            continue
        if path.name.endswith(NOTE_SUFFIX):
            notes.append(path.read_text(encoding="utf-8"))
        elif path.name.endswith(LEAVES_SUFFIX):
            leaves[int(stem)] = path.read_bytes()
    return notes, leaves


def files(directory: Path) -> dict[int, list[Path]]:
    """The directory's checkpoint files (note and leaves) by tree size."""
    out: dict[int, list[Path]] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.iterdir()):
        stem = path.name.split(".", 1)[0]
        if stem.isdigit() and path.name.endswith((NOTE_SUFFIX, LEAVES_SUFFIX)):
            out.setdefault(int(stem), []).append(path)
    return out


def copy_in(source: Path, directory: Path, *, up_to: int | None = None) -> list[int]:
    """Copy ``source``'s checkpoints (those of at most ``up_to`` events) into ``directory``, write-once:
    a file already there must be identical. Returns the sizes copied."""
    copied = []
    for size, paths in files(source).items():
        if up_to is not None and size > up_to:
            continue
        directory.mkdir(parents=True, exist_ok=True)
        for path in sorted(paths, key=lambda p: p.name.endswith(NOTE_SUFFIX)):  # leaves before the note
            _write_once(directory / path.name, path.read_bytes())
        copied.append(size)
    return copied
