"""Merkle hash trees as RFC 9162 (Certificate Transparency v2) defines them, section 2.1.

Hashes are SHA-256. A leaf hash is ``SHA-256(0x00 || leaf)``, an inner node
``SHA-256(0x01 || left || right)``: the prefixes keep a leaf from posing as a node. The
tree over ``n`` leaf hashes splits at ``k``, the largest power of two smaller than ``n``;
the tree of no leaves has the hash of the empty string.

Functions here take leaf *hashes* (``leaf_hash(leaf)``), not leaves. Proofs are lists of
32-byte hashes; the verifiers return ``False`` for any proof that does not hold, including
ones with wrong sizes, indices or hash lengths, and never raise for bad input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (for ``n > 1``)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]), the Merkle tree hash of the leaf hashes (2.1.1)."""
    n = len(hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[0]
    k = _split(n)
    return node_hash(root(hashes[:k]), root(hashes[k:]))


def inclusion_proof(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree of ``hashes`` (2.1.3.1)."""
    n = len(hashes)
    if not 0 <= index < n:
        raise ValueError(f"leaf index {index} is outside a tree of {n} leaves")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_proof(index, hashes[:k]), root(hashes[k:])]
    return [*inclusion_proof(index - k, hashes[k:]), root(hashes[:k])]


def consistency_proof(old_size: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): that the first ``old_size`` leaves are a prefix (2.1.4.1)."""
    if not 0 <= old_size <= len(hashes):
        raise ValueError(f"old size {old_size} is outside 0..{len(hashes)}")
    if old_size in (0, len(hashes)):
        return []
    return _subproof(old_size, hashes, complete=True)


def _subproof(m: int, hashes: Sequence[bytes], *, complete: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [root(hashes)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], complete=complete), root(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], complete=False), root(hashes[:k])]


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def root_from_inclusion_proof(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes]
) -> bytes | None:
    """The root that ``proof`` gives for leaf hash ``leaf`` at ``index`` (2.1.3.2), or None."""
    if not (0 <= index < size and _well_formed(leaf, *proof)):
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """Whether leaf hash ``leaf`` is leaf ``index`` of the tree of ``size`` with this root."""
    return _well_formed(expected_root) and (
        root_from_inclusion_proof(index, size, leaf, proof) == expected_root
    )


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether the tree of ``new_size`` with ``new_root`` extends the one of ``old_size``.

    RFC 9162 2.1.4.2, plus the cases it leaves to the caller: equal sizes need equal roots
    and an empty proof; an old size of 0 needs the empty tree's root and an empty proof.
    """
    if not (0 <= old_size <= new_size and _well_formed(old_root, new_root, *proof)):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is a node of the new
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
