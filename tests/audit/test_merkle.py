"""RFC 6962 hashing and proofs: known answers, agreement with a naive transcription of the RFC
written here independently of audit.merkle, and round trips for every small tree."""
from __future__ import annotations

import hashlib

import pytest

from audit.merkle import EMPTY_ROOT, CompactRange, Tree, leaf_hash, node_hash
from audit.proofs import verify_consistency, verify_inclusion

# The Certificate Transparency test tree (used by the Go and C++ implementations): eight entries
# and the root of each prefix.
CT_ENTRIES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f")]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = {
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}
CT_CONSISTENCY = {
    (2, 8): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}


# A line-by-line transcription of RFC 6962 section 2.1, deliberately slow and recursive.
def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def naive_mth(entries: list[bytes]) -> bytes:
    n = len(entries)
    if n == 0:
        return _sha(b"")
    if n == 1:
        return _sha(b"\x00" + entries[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return _sha(b"\x01" + naive_mth(entries[:k]) + naive_mth(entries[k:]))


def naive_path(m: int, entries: list[bytes]) -> list[bytes]:
    n = len(entries)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return naive_path(m, entries[:k]) + [naive_mth(entries[k:])]
    return naive_path(m - k, entries[k:]) + [naive_mth(entries[:k])]


def naive_subproof(m: int, entries: list[bytes], whole: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if whole else [naive_mth(entries)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return naive_subproof(m, entries[:k], whole) + [naive_mth(entries[k:])]
    return naive_subproof(m - k, entries[k:], False) + [naive_mth(entries[:k])]


ENTRIES = [f"entry {i}".encode() for i in range(40)]
LEAVES = [leaf_hash(e) for e in ENTRIES]
TREE = Tree(LEAVES)


def test_the_prefixes_are_0x00_for_leaves_and_0x01_for_nodes():
    """Leaf and node hashes are SHA-256 with the RFC 6962 domain-separation prefixes."""
    assert leaf_hash(b"abc") == _sha(b"\x00abc")
    assert node_hash(b"L" * 32, b"R" * 32) == _sha(b"\x01" + b"L" * 32 + b"R" * 32)
    assert EMPTY_ROOT.hex() == CT_ROOTS[0]


@pytest.mark.parametrize("n", range(0, 9))
def test_roots_of_the_ct_test_tree_match_the_published_values(n):
    """Tree, CompactRange and the naive RFC transcription all give the published CT roots."""
    leaves = [leaf_hash(e) for e in CT_ENTRIES]
    compact = CompactRange()
    compact.extend(leaves[:n])
    assert compact.root().hex() == CT_ROOTS[n]
    assert Tree(leaves).root(n).hex() == CT_ROOTS[n]
    assert naive_mth(CT_ENTRIES[:n]).hex() == CT_ROOTS[n]


@pytest.mark.parametrize("key", sorted(CT_INCLUSION))
def test_inclusion_proofs_of_the_ct_test_tree_match_the_published_values(key):
    """Inclusion proofs equal the published CT paths and verify against the published root."""
    index, size = key
    leaves = [leaf_hash(e) for e in CT_ENTRIES]
    proof = Tree(leaves).inclusion_proof(index, size)
    assert [p.hex() for p in proof] == CT_INCLUSION[key]
    verify_inclusion(leaves[index], index, size, proof, bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize("key", sorted(CT_CONSISTENCY))
def test_consistency_proofs_of_the_ct_test_tree_match_the_published_values(key):
    """Consistency proofs equal the published CT proofs and verify between the published roots."""
    first, second = key
    proof = Tree([leaf_hash(e) for e in CT_ENTRIES]).consistency_proof(first, second)
    assert [p.hex() for p in proof] == CT_CONSISTENCY[key]
    verify_consistency(first, second, bytes.fromhex(CT_ROOTS[first]), bytes.fromhex(CT_ROOTS[second]), proof)


def test_every_tree_up_to_40_leaves_agrees_with_the_naive_rfc_transcription():
    """For all sizes 1..40: roots, every inclusion path and every consistency proof equal the
    naive recursive definitions, and each one verifies."""
    compact = CompactRange()
    for n in range(1, 41):
        compact.append(LEAVES[n - 1])
        root = naive_mth(ENTRIES[:n])
        assert TREE.root(n) == compact.root() == root
        for m in range(n):
            path = TREE.inclusion_proof(m, n)
            assert path == naive_path(m, ENTRIES[:n])
            verify_inclusion(LEAVES[m], m, n, path, root)
        for m in range(1, n):
            proof = TREE.consistency_proof(m, n)
            assert proof == naive_subproof(m, ENTRIES[:n], True)
            verify_consistency(m, n, naive_mth(ENTRIES[:m]), root, proof)


def test_a_compact_range_can_be_resumed_from_its_nodes():
    """A checkpointer stores a compact range's nodes and continues from them later."""
    first = CompactRange()
    first.extend(LEAVES[:13])
    resumed = CompactRange(13, first.nodes())
    resumed.extend(LEAVES[13:29])
    assert resumed.root() == TREE.root(29)
    with pytest.raises(ValueError):
        CompactRange(13, first.nodes()[:-1])
