"""Verifying RFC 6962 inclusion and consistency proofs (the algorithms of RFC 9162 2.1.3.2 and
2.1.4.2). Pure functions that return nothing and raise a ProofError subclass saying why."""
from __future__ import annotations

from typing import Sequence

from audit.merkle import node_hash

HASH_SIZE = 32


class ProofError(Exception):
    """A proof does not show what it claims."""


class MalformedProof(ProofError):
    """Wrong number of hashes, a hash of the wrong length, or an impossible index or size."""


class RootMismatch(ProofError):
    """The proof is well formed but leads to a different root."""


def _check_hashes(items: Sequence[bytes], what: str) -> None:
    for item in items:
        if not isinstance(item, (bytes, bytearray)) or len(item) != HASH_SIZE:
            raise MalformedProof(f"{what} holds a value that is not a {HASH_SIZE}-byte hash")


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Raise unless ``proof`` shows leaf hash ``leaf`` at ``index`` in the tree of ``size`` with ``root``."""
    _check_hashes([leaf, root], "the leaf or root")
    _check_hashes(proof, "the inclusion proof")
    if not 0 <= index < size:
        raise MalformedProof(f"index {index} is outside a tree of {size}")
    fn, sn, node = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise MalformedProof("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            # Climb past levels where this node had no right sibling (the ragged right edge).
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = node_hash(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise MalformedProof("the inclusion proof is too short")
    if node != root:
        raise RootMismatch("the inclusion proof leads to a different root")


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> None:
    """Raise unless ``proof`` shows the tree of ``first`` leaves is a prefix of the one of ``second``."""
    _check_hashes([first_root, second_root], "the roots")
    _check_hashes(proof, "the consistency proof")
    if not 0 <= first <= second:
        raise MalformedProof(f"no tree of {first} leaves can be a prefix of one of {second}")
    if first == second or first == 0:
        # Nothing to prove: equal sizes must have equal roots, and the empty tree prefixes all.
        if proof:
            raise MalformedProof("this consistency proof must be empty")
        if first == second and first_root != second_root:
            raise RootMismatch("two trees of the same size have different roots")
        return
    if not proof:
        raise MalformedProof("the consistency proof is empty")
    path = list(proof)
    if first & (first - 1) == 0:  # the old tree is one perfect subtree of the new: its root starts the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old = new = path[0]
    for node in path[1:]:
        if sn == 0:
            raise MalformedProof("the consistency proof is too long")
        if fn & 1 or fn == sn:
            old, new = node_hash(node, old), node_hash(node, new)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            new = node_hash(new, node)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise MalformedProof("the consistency proof is too short")
    if old != first_root:
        raise RootMismatch("the consistency proof does not lead to the first root")
    if new != second_root:
        raise RootMismatch("the consistency proof does not lead to the second root")
