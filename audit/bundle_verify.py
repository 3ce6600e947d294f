"""Offline verification of an auditor's bundle with nothing but the bundle and a public key the
auditor trusts: no database, no finreview server.

Checks: every checkpoint's signature; consistency between consecutive checkpoints (one
append-only log, no fork); each event's canonical form, hash and inclusion proof against the
checkpoint that covers it; the chain link wherever two consecutive events are both present; and
that decisions.csv says exactly what the decided events say.
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
from audit.verify_log import LogVerdict, Problem, open_checkpoints


def verify_bundle_file(path: Path, verifier: Verifier) -> LogVerdict:
    try:
        bundle = read(path)
    except BundleError as exc:
        return LogVerdict(problems=[Problem(None, str(exc))])
    return verify_bundle(bundle, verifier)


def verify_bundle(bundle: Bundle, verifier: Verifier) -> LogVerdict:
    verdict = LogVerdict()
    origin = bundle.manifest.get("origin")
    checkpoints = open_checkpoints(bundle.checkpoints, verifier, origin, verdict)
    if bundle.pubkey and bundle.pubkey != verifier.encode():
        verdict.problems.append(Problem(None, "the bundle's pubkey.vkey is not the key you trust"))
    for first, second, proof in bundle.consistency:
        a, b = checkpoints.get(first), checkpoints.get(second)
        if a is None or b is None:
            verdict.problems.append(Problem(None, f"consistency proof {first}->{second} names an unverified checkpoint",
                                            second))
            continue
        try:
            verify_consistency(first, second, a.root, b.root, proof)
        except ProofError as exc:
            verdict.problems.append(Problem(None, f"checkpoints {first} and {second} are not one log: {exc}", second))
    previous: tuple[int, str] | None = None
    parsed: list[tuple[int, dict]] = []
    for seq, body in bundle.events:
        problem, decoded = _check_event(seq, body, bundle, checkpoints, previous)
        if problem:
            verdict.problems.append(Problem(seq, problem))
        else:
            parsed.append((seq, decoded))
        previous = (seq, body_hash(body.encode("utf-8")))
        verdict.events += 1
    if previous:
        verdict.head_hash = previous[1]
    expected = bundle.manifest.get("events")
    if expected is not None and expected != len(bundle.events):
        verdict.problems.append(Problem(None, f"the manifest lists {expected} events, the bundle holds {len(bundle.events)}"))
    if not any(p.seq for p in verdict.problems) and decisions_csv.render(parsed) != bundle.decisions_csv:
        verdict.problems.append(Problem(None, "decisions.csv does not match the decided events"))
    return verdict


def _check_event(seq: int, body: str, bundle: Bundle, checkpoints: dict, previous: tuple[int, str] | None):
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
        return f"its proof is against tree size {size}, which no verified checkpoint signs", None
    try:
        verify_inclusion(leaf_hash(raw), seq - 1, size, proof, checkpoint.root)
    except ProofError as exc:
        return f"not included in the signed checkpoint of size {size}: {exc}", None
    return None, decoded
