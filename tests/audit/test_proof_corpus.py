"""A generated corpus of corrupted inclusion and consistency proofs: bit flips, a wrong index, a
wrong tree size, garbage hashes or bytes before and after, dropped and swapped elements. Every
single corruption must be rejected, and every honest proof beside it must verify."""
from __future__ import annotations

import random
from typing import Iterator

import pytest

from audit.merkle import Tree, leaf_hash
from audit.proofs import ProofError, verify_consistency, verify_inclusion

SIZES = (1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 21, 32, 33)
RNG = random.Random(6962)
LEAVES = [leaf_hash(RNG.randbytes(24)) for _ in range(max(SIZES) + 2)]
TREE = Tree(LEAVES)
ROOTS = {n: TREE.root(n) for n in range(len(LEAVES) + 1)}


def _flip(data: bytes, bit: int) -> bytes:
    pos = bit // 8 % len(data)
    return data[:pos] + bytes([data[pos] ^ (1 << bit % 8)]) + data[pos + 1:]


def _corrupted_lists(proof: list[bytes]) -> Iterator[tuple[str, list[bytes]]]:
    garbage = RNG.randbytes(32)
    for i, item in enumerate(proof):
        for bit in (0, 7, 101, 255):
            yield f"flip bit {bit} of element {i}", proof[:i] + [_flip(item, bit)] + proof[i + 1:]
        yield f"element {i} with a garbage byte after", proof[:i] + [item + b"\x00"] + proof[i + 1:]
        yield f"element {i} with a garbage byte before", proof[:i] + [b"\x00" + item] + proof[i + 1:]
        yield f"element {i} truncated", proof[:i] + [item[:-1]] + proof[i + 1:]
    yield "garbage hash before", [garbage] + proof
    yield "garbage hash after", proof + [garbage]
    if proof:
        yield "first element dropped", proof[1:]
        yield "last element dropped", proof[:-1]
    for i in range(len(proof) - 1):
        if proof[i] != proof[i + 1]:
            yield f"elements {i} and {i + 1} swapped", proof[:i] + [proof[i + 1], proof[i]] + proof[i + 2:]


def inclusion_corpus() -> Iterator[tuple[str, tuple]]:
    for n in SIZES:
        for index in range(n):
            proof, root, leaf = TREE.inclusion_proof(index, n), ROOTS[n], LEAVES[index]
            tag = f"leaf {index} of {n}"
            for what, bad in _corrupted_lists(proof):
                yield f"{tag}: {what}", (leaf, index, n, bad, root)
            for bit in (3, 130):
                yield f"{tag}: flipped leaf", (_flip(leaf, bit), index, n, proof, root)
                yield f"{tag}: flipped root", (leaf, index, n, proof, _flip(root, bit))
            for other in {-1, 0, index - 1, index + 1, n - 1, n, n + 1} - {index}:
                yield f"{tag}: wrong index {other}", (leaf, other, n, proof, root)
            # A changed size is checked against the root of that size, as a checkpoint binds both.
            for other in {0, n - 1, n + 1, 2 * n} - {n}:
                yield f"{tag}: wrong size {other}", (leaf, index, other, proof, ROOTS.get(other, root))


def consistency_corpus() -> Iterator[tuple[str, tuple]]:
    for n in SIZES:
        for m in range(1, n):
            proof = TREE.consistency_proof(m, n)
            tag = f"{m} -> {n}"
            for what, bad in _corrupted_lists(proof):
                yield f"{tag}: {what}", (m, n, ROOTS[m], ROOTS[n], bad)
            yield f"{tag}: flipped first root", (m, n, _flip(ROOTS[m], 9), ROOTS[n], proof)
            yield f"{tag}: flipped second root", (m, n, ROOTS[m], _flip(ROOTS[n], 9), proof)
            for other in {m - 1, m + 1, n + 1} - {m, n}:
                if 0 < other:
                    yield f"{tag}: wrong first size {other}", (other, n, ROOTS[other], ROOTS[n], proof)
            for other in {n - 1, n + 1, 2 * n} - {m, n}:
                if other > m:
                    yield f"{tag}: wrong second size {other}", (m, other, ROOTS[m], ROOTS.get(other, ROOTS[n]), proof)
            yield f"{tag}: sizes reversed", (n, m, ROOTS[n], ROOTS[m], proof)
            yield f"{tag}: proof for the empty tree", (0, n, ROOTS[0], ROOTS[n], proof)


INCLUSION = list(inclusion_corpus())
CONSISTENCY = list(consistency_corpus())


def test_the_corpus_is_large_and_its_honest_proofs_verify():
    """Thousands of corruptions are generated, and the honest proofs they derive from all verify."""
    assert len(INCLUSION) > 3000 and len(CONSISTENCY) > 2000
    for n in SIZES:
        for index in range(n):
            verify_inclusion(LEAVES[index], index, n, TREE.inclusion_proof(index, n), ROOTS[n])
        for m in range(0, n + 1):
            verify_consistency(m, n, ROOTS[m], ROOTS[n], TREE.consistency_proof(m, n))


def test_every_corrupted_inclusion_proof_is_rejected():
    """No corrupted inclusion proof verifies; each one raises a ProofError."""
    accepted = []
    for name, args in INCLUSION:
        try:
            verify_inclusion(*args)
            accepted.append(name)
        except ProofError:
            pass
    assert accepted == []


def test_every_corrupted_consistency_proof_is_rejected():
    """No corrupted consistency proof verifies; each one raises a ProofError."""
    accepted = []
    for name, args in CONSISTENCY:
        try:
            verify_consistency(*args)
            accepted.append(name)
        except ProofError:
            pass
    assert accepted == []


@pytest.mark.parametrize("size, proof", [(3, [b"x" * 32]), (0, [])])
def test_an_impossible_index_or_size_is_malformed_not_a_crash(size, proof):
    """Indexes outside the tree raise ProofError rather than an arbitrary exception."""
    with pytest.raises(ProofError):
        verify_inclusion(LEAVES[0], 5, size, proof, ROOTS[3])
