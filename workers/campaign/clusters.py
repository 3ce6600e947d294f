"""Grouping near-duplicate copy so an officer reads a group once. Pure.

Texts are normalised (rulesets.normalize: width, case, evasion spacing, Simplified→Traditional)
and cut into character 3-grams, since Chinese has no spaces to make words. MinHash signatures
with LSH (datasketch) find candidates; each member is then checked against the group's
representative, not against other members, so a chain of small edits cannot drift a group.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

from datasketch import MinHash, MinHashLSH

from rulesets.normalize import normalize

SHINGLE = 3
NUM_PERM = 128
THRESHOLD = 0.7
# Fixed, so the same texts always give the same groups.
SEED = 1


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    folded = normalize(text).text
    if len(folded) <= size:
        return {folded}
    return {folded[i:i + size] for i in range(len(folded) - size + 1)}


def signature(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


@dataclass(frozen=True)
class Group:
    representative: Hashable
    # (key, estimated Jaccard similarity to the representative), representative first.
    members: tuple[tuple[Hashable, float], ...]


def near_duplicate_groups(items: list[tuple[Hashable, str]], *, threshold: float = THRESHOLD) -> list[Group]:
    """Groups of two or more items whose text is near the group's first item (in input order)."""
    sigs = {key: signature(text) for key, text in items}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for key, _ in items:
        lsh.insert(key, sigs[key])
    order = {key: i for i, (key, _) in enumerate(items)}
    taken: set[Hashable] = set()
    groups = []
    for key, _ in items:
        if key in taken:
            continue
        near = sorted((k for k in lsh.query(sigs[key]) if k not in taken and k != key), key=order.__getitem__)
        members = [(k, sigs[key].jaccard(sigs[k])) for k in near]
        members = [(k, round(j, 3)) for k, j in members if j >= threshold]
        if members:
            taken.add(key)
            taken.update(k for k, _ in members)
            groups.append(Group(key, ((key, 1.0), *members)))
    return groups


def findings_signature(findings: list[dict]) -> frozenset[tuple[str, str]]:
    """What the pipeline found, without where: two copies with the same signature raise the same issues."""
    return frozenset((f["rule_id"], f["severity"]) for f in findings)


def split_rule(representative: frozenset, members: dict[Hashable, frozenset]) -> tuple[list[Hashable], list[Hashable]]:
    """(kept, split out): a member whose findings differ from the representative's gets its own review."""
    kept = [k for k, sig in members.items() if sig == representative]
    return kept, [k for k, sig in members.items() if sig != representative]
