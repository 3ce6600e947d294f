"""Offline verification of an auditor's bundle with nothing but the bundle and a public key the
auditor trusts: no database, no finreview server.

Checks: every checkpoint's signature; consistency between consecutive checkpoints (one
append-only log, no fork); each event's canonical form, hash and inclusion proof against the
checkpoint that covers it; the chain link wherever two consecutive events are both present; that
no event listed by the proofs or the manifest is missing; and that decisions.csv says exactly what
the decided events say, with the names and roles that users.jsonl gives their officers. The user
listing is the firm's word at export (the trail seals ids, never names), so it is checked for
agreement with decisions.csv, not against a signature.

A checkpoint whose signature fails is the cause of everything after it, so it is reported first
and the events that rest on it are summed up in one line each, not reported one by one.
"""
from __future__ import annotations

from pathlib import Path

from audit import decisions_csv
from audit.bundle import Bundle, BundleError, read
from audit.canonical import decode_canonical
from audit.chain import body_hash
from audit.merkle import leaf_hash
from audit.note import Verifier
from audit.proofs import ProofError, verify_consistency, verify_inclusion
from audit.verify_log import LogVerdict, Problem, key_name, open_checkpoints


def verify_bundle_file(path: Path, verifier: Verifier) -> LogVerdict:
    """Raises ``NotABundle`` for a file that is no bundle at all (a usage error, not tampering)."""
    try:
        bundle = read(path)
    except BundleError as exc:
        if type(exc) is not BundleError:
            raise
        return LogVerdict(problems=[Problem(None, str(exc), where="bundle")])
    return verify_bundle(bundle, verifier)


def verify_bundle(bundle: Bundle, verifier: Verifier) -> LogVerdict:
    verdict = LogVerdict()
    origin = bundle.manifest.get("origin")
    checkpoints = open_checkpoints(bundle.checkpoints, verifier, origin, verdict)
    unsigned = {p.checkpoint for p in verdict.problems if p.signature}
    if bundle.pubkey and bundle.pubkey != verifier.encode():
        verdict.problems.append(Problem(None, f"the bundle's own copy of the key is {_name_of(bundle.pubkey)}, "
                                        f"not the key you gave ({key_name(verifier)})", where="pubkey.vkey"))
    for first, second, proof in bundle.consistency:
        a, b = checkpoints.get(first), checkpoints.get(second)
        if a is None or b is None:
            if not {first, second} & unsigned:  # a failed signature is already named
                verdict.problems.append(Problem(None, f"consistency proof {first}->{second} names a checkpoint "
                                                "the bundle does not hold", second))
            continue
        try:
            verify_consistency(first, second, a.root, b.root, proof)
        except ProofError as exc:
            verdict.problems.append(Problem(None, f"checkpoints {first} and {second} are not one log: {exc}", second))
    previous: tuple[int, str] | None = None
    parsed: list[tuple[int, dict]] = []
    unproven: dict[int, list[int]] = {}  # checkpoint size -> seqs that only it could have proven
    for seq, body in bundle.events:
        problem, decoded = _check_event(seq, body, bundle, checkpoints, unsigned, previous)
        found = bundle.proofs.get(seq)
        if problem is None and found is not None and found[0] not in checkpoints:
            unproven.setdefault(found[0], []).append(seq)
        if problem:
            verdict.problems.append(Problem(seq, problem))
        else:
            parsed.append((seq, decoded))
        previous = (seq, body_hash(body.encode("utf-8")))
        verdict.events += 1
    for size, seqs in sorted(unproven.items()):
        verdict.problems.append(Problem(None, f"{len(seqs)} event(s) proven only against this checkpoint are "
                                        f"unverified (seq {seq_ranges(seqs)})", size))
    if previous:
        verdict.head_hash = previous[1]
    if checkpoints:
        verdict.root_size = max(checkpoints)
        verdict.root = checkpoints[verdict.root_size].root
    _check_missing(bundle, verdict)
    if not any(p.seq for p in verdict.problems):
        _check_decisions(bundle, parsed, verdict)
    return verdict


def _name_of(encoded: str) -> str:
    name, _, rest = encoded.partition("+")
    return f"{name}+{rest.partition('+')[0]}"


def _check_missing(bundle: Bundle, verdict: LogVerdict) -> None:
    """Name the events that should be here: a proof without its event, or -- where the manifest
    counts more events than the bundle holds and the export took every subject -- a gap in seq
    (appends are serialised and timestamped in seq order, so an unfiltered range has none)."""
    held = {seq for seq, _ in bundle.events}
    missing = sorted(set(bundle.proofs) - held)
    expected = bundle.manifest.get("events")
    short = isinstance(expected, int) and expected > len(bundle.events)
    if not missing and short and not _filtered(bundle.manifest) and held:
        missing = sorted(set(range(min(held), max(held) + 1)) - held)
    count = f"; the manifest lists {expected} events, the bundle holds {len(bundle.events)}" \
        if expected is not None and expected != len(bundle.events) else ""
    if missing:
        verdict.problems.append(Problem(missing[0], f"event(s) missing from the bundle: seq {seq_ranges(missing)}"
                                        f"{count}"))
    elif count:
        verdict.problems.append(Problem(None, count.removeprefix("; "), where="manifest.json"))


def _filtered(manifest: dict) -> bool:
    return bool(manifest.get("filtered", "campaign" in manifest))


def _check_decisions(bundle: Bundle, parsed: list[tuple[int, dict]], verdict: LogVerdict) -> None:
    """The ids, outcomes and reasons against the decided events; the names and roles against users.jsonl."""
    expected = decisions_csv.render(parsed, bundle.users)
    if expected == bundle.decisions_csv:
        return
    line, seq, reason = decisions_csv.first_difference(expected, bundle.decisions_csv)
    where = f"decisions.csv line {line}" + (f" (decision seq {seq})" if seq is not None else "")
    verdict.problems.append(Problem(None, reason, where=where))


def seq_ranges(seqs: list[int], limit: int = 6) -> str:
    """1..7, 9, 12..14 -- at most ``limit`` runs, then how many more."""
    runs: list[list[int]] = []
    for seq in sorted(seqs):
        if runs and seq == runs[-1][1] + 1:
            runs[-1][1] = seq
        else:
            runs.append([seq, seq])
    shown = ", ".join(f"{a}..{b}" if b > a else str(a) for a, b in runs[:limit])
    return shown + (f" and {len(runs) - limit} more run(s)" if len(runs) > limit else "")


def _check_event(seq: int, body: str, bundle: Bundle, checkpoints: dict, unsigned: set,
                 previous: tuple[int, str] | None):
    raw = body.encode("utf-8")
    try:
        decoded = decode_canonical(raw)
    except ValueError as exc:
        return f"event is not canonical JSON: {exc}", None
    if not isinstance(decoded, dict) or decoded.get("seq") != seq:
        return "the event's body names another seq", None
    if previous is not None and previous[0] == seq - 1 and decoded.get("prev_hash") != previous[1]:
        return "prev_hash does not link to the previous event", None
    if previous is not None and previous[0] >= seq:
        return "events are out of order or repeated", None
    found = bundle.proofs.get(seq)
    if found is None:
        return "no inclusion proof", None
    size, proof = found
    checkpoint = checkpoints.get(size)
    if checkpoint is None:
        if size in unsigned:
            return None, decoded  # its checkpoint's signature failed: counted, and reported once for all
        return f"its proof is against tree size {size}, which no checkpoint in the bundle signs", None
    try:
        verify_inclusion(leaf_hash(raw), seq - 1, size, proof, checkpoint.root)
    except ProofError as exc:
        return f"not included in the signed checkpoint of size {size}: {exc}", None
    return None, decoded

