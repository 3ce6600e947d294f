"""The auditor's bundle: a zip file holding the events, the decisions as CSV, the users the events
name (their names and roles), the checkpoints that cover them, an inclusion proof per event,
consistency proofs between the checkpoints, the public key and VERIFY.md. Writing and reading
only; verification is in ``audit.bundle_verify``.

Format 2 added ``users.jsonl`` and the name and role columns of ``decisions.csv``; a format-1
bundle is still read (and verified) as it was written."""
from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator, Mapping

FORMAT = "finreview-audit-bundle/2"
FORMAT_1 = "finreview-audit-bundle/1"
EVENT_CSV_COLUMNS = ("seq", "type", "actor", "subject", "time", "body")


class BundleError(Exception):
    """A bundle that cannot be read: missing parts or unparseable files."""


class NotABundle(BundleError):
    """The file is no bundle at all (not a zip, or a zip without a manifest): a usage error, not tampering."""


@dataclass
class Bundle:
    manifest: dict
    events: list[tuple[int, str]]  # (seq, canonical body text)
    proofs: dict[int, tuple[int, list[bytes]]]  # seq -> (tree size, inclusion proof)
    checkpoints: list[str]  # signed notes
    consistency: list[tuple[int, int, list[bytes]]] = field(default_factory=list)
    decisions_csv: bytes = b""
    pubkey: str = ""
    users: dict[str, dict[str, str]] | None = None  # actor -> {"name", "role"}; None in a format-1 bundle


def _proof_text(proof: list[bytes]) -> list[str]:
    return [p.hex() for p in proof]


class BundleWriter:
    """Streams a bundle to disk; events and proofs are written as they come."""

    def __init__(self, path: Path, *, events_format: str = "jsonl"):
        if events_format not in ("jsonl", "csv"):
            raise ValueError("events format is jsonl or csv")
        self.path, self.events_format = path, events_format
        # A zip takes one writer at a time: events and proofs are spooled beside it, then added.
        self._tmp = Path(tempfile.mkdtemp(prefix=".bundle-", dir=path.parent))
        self._events = open(self._tmp / "events", "w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._events, lineterminator="\n") if events_format == "csv" else None
        if self._csv:
            self._csv.writerow(EVENT_CSV_COLUMNS)
        self._proofs = open(self._tmp / "proofs", "w", encoding="utf-8")
        self.count = 0

    def add_event(self, seq: int, body: str, tree_size: int, proof: list[bytes]) -> None:
        if self._csv:
            parsed = json.loads(body)
            self._csv.writerow([seq, parsed["type"], parsed["actor"], parsed["subject"], parsed["time"], body])
        else:
            self._events.write(json.dumps({"seq": seq, "body": body}, ensure_ascii=False) + "\n")
        self._proofs.write(json.dumps({"seq": seq, "tree_size": tree_size, "proof": _proof_text(proof)}) + "\n")
        self.count += 1

    def finish(self, *, manifest: dict, checkpoints: dict[int, str], consistency: list[tuple[int, int, list[bytes]]],
               decisions_csv: bytes, pubkey: str, users: Mapping[str, Mapping[str, str]]) -> None:
        self._events.close()
        self._proofs.close()
        # Level 1: proofs are hashes that barely compress, and export speed matters more.
        self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._zip.write(self._tmp / "events", f"events.{self.events_format}")
        self._zip.write(self._tmp / "proofs", "proofs.jsonl")
        for size, note in sorted(checkpoints.items()):
            self._zip.writestr(f"checkpoints/{size:020d}.checkpoint", note)
        self._zip.writestr("consistency.jsonl", "".join(
            json.dumps({"from": a, "to": b, "proof": _proof_text(p)}) + "\n" for a, b, p in consistency))
        self._zip.writestr("decisions.csv", decisions_csv)
        self._zip.writestr("users.jsonl", "".join(
            json.dumps({"actor": actor, "name": who["name"], "role": who["role"]}, ensure_ascii=False) + "\n"
            for actor, who in sorted(users.items(), key=lambda item: _actor_order(item[0]))))
        self._zip.writestr("pubkey.vkey", pubkey + "\n")
        self._zip.writestr("VERIFY.md", resources.files("audit").joinpath("VERIFY.md").read_text(encoding="utf-8"))
        self._zip.writestr("manifest.json", json.dumps({"format": FORMAT, "events_file": f"events.{self.events_format}",
                                                        "events": self.count, **manifest}, indent=2) + "\n")
        self._zip.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def abort(self) -> None:
        self._events.close()
        self._proofs.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        self.path.unlink(missing_ok=True)


def _actor_order(actor: str) -> tuple[int, str]:
    number = actor.rpartition(":")[2]
    return (int(number), actor) if number.isascii() and number.isdigit() else (-1, actor)


def _hashes(items: list, where: str) -> list[bytes]:
    try:
        out = [bytes.fromhex(h) for h in items]
    except (TypeError, ValueError):
        raise BundleError(f"{where} holds a value that is not hex") from None
    return out


def _lines(zf: zipfile.ZipFile, name: str) -> Iterator[str]:
    with zf.open(name) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8", newline=""):
            if line.strip():
                yield line


def read(path: Path) -> Bundle:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise NotABundle(f"{path} is not an audit bundle: not a zip file") from None
    except OSError as exc:
        raise NotABundle(f"{path} is not a readable bundle: {exc.strerror or exc}") from None
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            raise NotABundle(f"{path} is not an audit bundle: the zip has no manifest.json")
        for needed in ("proofs.jsonl", "decisions.csv"):
            if needed not in names:
                raise BundleError(f"the bundle has no {needed}")
        try:
            manifest = json.loads(zf.read("manifest.json"))
            events_file = manifest.get("events_file", "events.jsonl")
            if events_file not in names:
                raise BundleError(f"the bundle has no {events_file}")
            events = _read_events(zf, events_file)
            proofs = {}
            for line in _lines(zf, "proofs.jsonl"):
                item = json.loads(line)
                proofs[int(item["seq"])] = (int(item["tree_size"]), _hashes(item["proof"], f"proof of {item['seq']}"))
            consistency = [(int(i["from"]), int(i["to"]), _hashes(i["proof"], "a consistency proof"))
                           for i in map(json.loads, _lines(zf, "consistency.jsonl"))] \
                if "consistency.jsonl" in names else []
            users = _read_users(zf, names) if manifest.get("format") != FORMAT_1 else None
        except (ValueError, KeyError, TypeError) as exc:
            raise BundleError(f"the bundle holds a malformed file: {exc}") from None
        checkpoints = [zf.read(n).decode("utf-8") for n in sorted(names)
                       if n.startswith("checkpoints/") and n.endswith(".checkpoint")]
        pubkey = zf.read("pubkey.vkey").decode().strip() if "pubkey.vkey" in names else ""
        return Bundle(manifest, events, proofs, checkpoints, consistency, zf.read("decisions.csv"), pubkey, users)


def _read_users(zf: zipfile.ZipFile, names: set[str]) -> dict[str, dict[str, str]]:
    if "users.jsonl" not in names:
        raise BundleError("the bundle has no users.jsonl")
    users: dict[str, dict[str, str]] = {}
    for line in _lines(zf, "users.jsonl"):
        item = json.loads(line)
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("actor", "name", "role")) \
                or item["actor"] in users:
            raise BundleError("users.jsonl holds a line that is not one {actor, name, role} of its own")
        users[item["actor"]] = {"name": item["name"], "role": item["role"]}
    return users


def _read_events(zf: zipfile.ZipFile, name: str) -> list[tuple[int, str]]:
    if name.endswith(".csv"):
        rows = csv.reader(_lines(zf, name))
        header = next(rows, None)
        if tuple(header or ()) != EVENT_CSV_COLUMNS:
            raise BundleError("events.csv does not start with the expected header")
        return [(int(r[0]), r[5]) for r in rows]
    return [(int(item["seq"]), str(item["body"])) for item in map(json.loads, _lines(zf, name))]
