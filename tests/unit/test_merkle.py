"""The Merkle tree of RFC 9162: known answers, every proof of small trees, and corrupted
proofs rejected, in the manner of transparency-dev/merkle ``proof/verify_test.go``.
The offline verifier's own tree and leaf encoding agree with the library's."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.audit import digest as library
from governance.audit import merkle, verify
from governance.audit.merkle import EMPTY_ROOT, leaf_hash

# The test vectors of RFC 6962 / Certificate Transparency (the tree is the same in 9162).
LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (5, 8, ["bc1a0643", "ca854ea1", "d37ee418"]),
    (2, 3, ["fac54203"]),
    (1, 5, ["6e340b9c", "5f083f0a", "bc1a0643"]),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (6, 8, ["0ebc5d34", "ca854ea1", "d37ee418"]),
    (2, 5, ["5f083f0a", "bc1a0643"]),
    (6, 7, ["0ebc5d34", "b08693ec", "d37ee418"]),
]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
SIZES = range(1, 34)


def hashes(n: int) -> list[bytes]:
    return [leaf_hash(f"leaf {i}".encode()) for i in range(n)]


def flip(proof: list[bytes], i: int, bit: int) -> list[bytes]:
    changed = list(proof)
    changed[i] = bytes([changed[i][0] ^ bit, *changed[i][1:]])
    return changed


# --- known answers ---------------------------------------------------------------------


def test_the_empty_tree_has_the_hash_of_the_empty_string() -> None:
    assert merkle.root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_leaves_and_nodes_have_distinct_prefixes() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_the_known_trees(size: int) -> None:
    assert merkle.root([leaf_hash(leaf) for leaf in LEAVES[:size]]).hex() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    leaves = [leaf_hash(leaf) for leaf in LEAVES[:size]]

    proof = merkle.inclusion_proof(index, leaves)

    assert [p.hex()[:8] for p in proof] == path
    assert merkle.verify_inclusion(index, size, leaves[index], proof, merkle.root(leaves))


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_known_consistency_proofs(old: int, new: int, path: list[str]) -> None:
    leaves = [leaf_hash(leaf) for leaf in LEAVES[:new]]

    proof = merkle.consistency_proof(old, leaves)

    assert [p.hex()[:8] for p in proof] == path
    assert merkle.verify_consistency(
        old, new, merkle.root(leaves[:old]), merkle.root(leaves), proof
    )


# --- the smallest trees ------------------------------------------------------------------


def test_a_one_leaf_tree_has_the_leaf_as_root_and_an_empty_proof() -> None:
    leaf = leaf_hash(b"data")

    assert merkle.root([leaf]) == leaf
    assert merkle.inclusion_proof(0, [leaf]) == []
    assert merkle.verify_inclusion(0, 1, leaf, [], leaf)
    assert not merkle.verify_inclusion(0, 1, leaf, [], b"")
    assert not merkle.verify_inclusion(0, 1, b"", [], leaf)
    assert not merkle.verify_inclusion(0, 1, SOME_HASH, [], leaf)
    assert not merkle.verify_inclusion(0, 1, leaf, [SOME_HASH], leaf)


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (1, 1), (2, 1), (-1, 1)])
def test_nothing_is_included_outside_the_tree(index: int, size: int) -> None:
    for leaf, root in [(SOME_HASH, EMPTY_ROOT), (SOME_HASH, SOME_HASH), (EMPTY_ROOT, SOME_HASH)]:
        assert not merkle.verify_inclusion(index, size, leaf, [], root)


def test_proofs_outside_the_tree_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="outside"):
        merkle.inclusion_proof(0, [])
    with pytest.raises(ValueError, match="outside"):
        merkle.consistency_proof(3, hashes(2))


def test_consistency_of_trivial_sizes() -> None:
    two = merkle.root(hashes(2))

    assert merkle.consistency_proof(0, hashes(5)) == []
    assert merkle.consistency_proof(5, hashes(5)) == []
    assert merkle.verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert merkle.verify_consistency(0, 2, EMPTY_ROOT, two, [])
    assert merkle.verify_consistency(2, 2, two, two, [])
    # the old root of an empty tree is the empty hash; equal sizes need equal roots
    assert not merkle.verify_consistency(0, 2, SOME_HASH, two, [])
    assert not merkle.verify_consistency(2, 2, two, SOME_HASH, [])
    # a proof where none is due
    assert not merkle.verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])
    assert not merkle.verify_consistency(0, 2, EMPTY_ROOT, two, [EMPTY_ROOT])
    assert not merkle.verify_consistency(2, 2, two, two, [EMPTY_ROOT])
    # time travel to the past, and an empty proof between different sizes
    assert not merkle.verify_consistency(2, 1, two, two, [])
    assert not merkle.verify_consistency(1, 2, hashes(1)[0], two, [])


# --- every proof of many trees, and every corruption of it --------------------------------


def inclusion_probes(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes
) -> dict[str, tuple[int, int, bytes, list[bytes], bytes]]:
    probes = {
        "index - 1": (index - 1, size, leaf, proof, root),
        "index + 1": (index + 1, size, leaf, proof, root),
        "index ^ 2": (index ^ 2, size, leaf, proof, root),
        "size * 2": (index, size * 2, leaf, proof, root),
        "size // 2": (index, size // 2, leaf, proof, root),
        "wrong leaf": (index, size, leaf_hash(b"wrong"), proof, root),
        "short leaf": (index, size, b"WrongLeaf", proof, root),
        "empty root": (index, size, leaf, proof, EMPTY_ROOT),
        "random root": (index, size, leaf, proof, SOME_HASH),
        "trailing garbage": (index, size, leaf, [*proof, b""], root),
        "trailing root": (index, size, leaf, [*proof, root], root),
        "preceding garbage": (index, size, leaf, [b"", *proof], root),
        "preceding root": (index, size, leaf, [root, *proof], root),
    }
    for i in range(len(proof)):
        probes[f"proof[{i}] bit 3 flipped"] = (index, size, leaf, flip(proof, i, 8), root)
    if proof:
        probes["removed component"] = (index, size, leaf, proof[:-1], root)
    if len(proof) > 1:
        probes["inserted component"] = (index, size, leaf, [proof[0], SOME_HASH, *proof[1:]], root)
    return probes


@pytest.mark.parametrize("size", SIZES)
def test_every_inclusion_proof_holds_and_no_corruption_of_it_does(size: int) -> None:
    leaves = hashes(size)
    root = merkle.root(leaves)
    for index in range(size):
        proof = merkle.inclusion_proof(index, leaves)
        assert merkle.verify_inclusion(index, size, leaves[index], proof, root)
        assert merkle.root_from_inclusion_proof(index, size, leaves[index], proof) == root

        accepted = [
            name
            for name, probe in inclusion_probes(index, size, leaves[index], proof, root).items()
            if merkle.verify_inclusion(*probe)
        ]

        assert accepted == [], f"leaf {index} of {size}"


def consistency_probes(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> dict[str, tuple[int, int, bytes, bytes, list[bytes]]]:
    probes = {
        "old - 1": (old - 1, new, old_root, new_root, proof),
        "old + 1": (old + 1, new, old_root, new_root, proof),
        "old ^ 2": (old ^ 2, new, old_root, new_root, proof),
        "new * 2": (old, new * 2, old_root, new_root, proof),
        "new // 2": (old, new // 2, old_root, new_root, proof),
        "wrong old root": (old, new, SOME_HASH, new_root, proof),
        "wrong new root": (old, new, old_root, SOME_HASH, proof),
        "short old root": (old, new, b"WrongRoot", new_root, proof),
        "swapped roots": (old, new, new_root, old_root, proof),
        "empty proof": (old, new, old_root, new_root, []),
        "trailing garbage": (old, new, old_root, new_root, [*proof, b""]),
        "trailing old root": (old, new, old_root, new_root, [*proof, old_root]),
        "trailing new root": (old, new, old_root, new_root, [*proof, new_root]),
        "preceding garbage": (old, new, old_root, new_root, [b"", *proof]),
        "preceding old root": (old, new, old_root, new_root, [old_root, *proof]),
        "preceding new root": (old, new, old_root, new_root, [new_root, *proof]),
        "preceding proof[0]": (old, new, old_root, new_root, [proof[0], *proof]),
        "truncated proof": (old, new, old_root, new_root, proof[:-1]),
    }
    for i in range(len(proof)):
        probes[f"proof[{i}] bit 4 flipped"] = (old, new, old_root, new_root, flip(proof, i, 16))
    return probes


@pytest.mark.parametrize("new", SIZES)
def test_every_consistency_proof_holds_and_no_corruption_of_it_does(new: int) -> None:
    leaves = hashes(new)
    new_root = merkle.root(leaves)
    for old in range(1, new):
        old_root = merkle.root(leaves[:old])
        proof = merkle.consistency_proof(old, leaves)
        assert merkle.verify_consistency(old, new, old_root, new_root, proof)

        accepted = [
            name
            for name, probe in consistency_probes(old, new, old_root, new_root, proof).items()
            if merkle.verify_consistency(*probe)
        ]

        assert accepted == [], f"{old} -> {new}"


def test_a_changed_old_leaf_breaks_consistency() -> None:
    leaves = hashes(20)
    for old in range(1, 20):
        changed = [leaf_hash(b"changed"), *leaves[1:]]
        proof = merkle.consistency_proof(old, changed)
        assert not merkle.verify_consistency(
            old, 20, merkle.root(leaves[:old]), merkle.root(changed), proof
        )


@given(size=st.integers(1, 300), data=st.data())
@settings(max_examples=60, deadline=None)
def test_proofs_hold_in_larger_trees(size: int, data: st.DataObject) -> None:
    leaves = hashes(size)
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(0, size))

    assert merkle.verify_inclusion(
        index, size, leaves[index], merkle.inclusion_proof(index, leaves), merkle.root(leaves)
    )
    assert merkle.verify_consistency(
        old,
        size,
        merkle.root(leaves[:old]),
        merkle.root(leaves),
        merkle.consistency_proof(old, leaves),
    )


# --- the offline verifier agrees -----------------------------------------------------------


@pytest.mark.parametrize("size", [*range(70), 127, 128, 129, 1000, 1023, 1024, 1025, 4097])
def test_the_verifier_computes_the_same_root(size: int) -> None:
    """Level by level (pairs, an odd last node carried up) as the library splits the tree."""
    assert verify.merkle_root(hashes(size)) == merkle.root(hashes(size))


def test_the_verifier_hashes_leaves_the_same_way() -> None:
    assert verify.leaf_hash(b"leaf") == merkle.leaf_hash(b"leaf")


texts = st.text(min_size=1, max_size=40)
records = st.fixed_dictionaries(
    {
        "position": st.integers(1, 2**63 - 1),
        "originator_id": texts,
        "originator_version": st.integers(1, 2**31),
        "topic": texts,
    }
).flatmap(
    lambda fields: st.one_of(
        st.builds(lambda text: {**fields, "state": text}, st.text(max_size=200)),
        st.builds(
            lambda raw: {**fields, "state_base64": base64.b64encode(raw).decode()},
            st.binary(max_size=200),
        ),
    )
)


@given(record=records)
@settings(max_examples=200)
def test_the_verifier_encodes_leaves_as_the_library_does(record: dict[str, object]) -> None:
    leaf = library.leaf_bytes(record)

    assert verify.leaf(*verify.event_of(record)[:5]) == leaf
    assert leaf.isascii()


def test_the_leaf_encoding_of_the_guide() -> None:
    """The worked example of docs/auditing.md, byte for byte."""
    record = {
        "position": 7,
        "originator_id": "37cb5bce-0d61-5b61-9c2b-1f7c5f3a8e10",
        "originator_version": 1,
        "topic": "governance.domain.events:ItemRaised",
        "state": '{"event":{"title":"Nätverksdag"}}',
    }
    state_sha256 = hashlib.sha256('{"event":{"title":"Nätverksdag"}}'.encode()).hexdigest()
    expected = (
        '{"originator_id":"37cb5bce-0d61-5b61-9c2b-1f7c5f3a8e10","originator_version":1,'
        f'"position":7,"state_sha256":"{state_sha256}",'
        '"topic":"governance.domain.events:ItemRaised"}'
    ).encode()

    assert library.leaf_bytes(record) == expected
    assert verify.leaf(*verify.event_of(record)[:5]) == expected


# The leaf is written out (verify.leaf) rather than encoded with json.dumps: the same bytes,
# also for the strings json.dumps escapes and numbers beyond 64 bits.
TRICKY = [
    "plain",
    'a "quoted" \\ back\\slash /',
    "\x00\x01\x08\t\n\x0c\r\x1f \x7f\x80\x9f",
    "Nätverksdag, Tidaholm: åäö ÅÄÖ é ü ß",
    "\u2028\u2029\ufeff\uffff",
    "日本語 😀 \U0010ffff",
    "\ud800 \udfff \udbff\udc00",  # lone and paired surrogates, as Python strings allow
    "</script><!--",
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("number", [1, 9, 10, 2**31, 2**63 - 1, 2**64, 10**40])
def test_the_written_out_leaf_is_the_canonical_json(text: str, number: int) -> None:
    state = text.encode("utf-8", "surrogatepass")
    canonical = library.canonical(
        {
            "originator_id": text,
            "originator_version": number,
            "position": number + 1,
            "state_sha256": hashlib.sha256(state).hexdigest(),
            "topic": text[::-1],
        }
    )

    assert verify.leaf(number + 1, text, number, text[::-1], state) == canonical


any_text = st.text(st.characters(exclude_categories=()), min_size=1, max_size=40)


@given(
    position=st.integers(1, 2**70),
    originator_id=any_text,
    version=st.integers(1, 2**70),
    topic=any_text,
    state=st.binary(max_size=100),
)
@settings(max_examples=300)
def test_the_written_out_leaf_is_the_canonical_json_for_any_text(
    position: int, originator_id: str, version: int, topic: str, state: bytes
) -> None:
    fields = {
        "originator_id": originator_id,
        "originator_version": version,
        "position": position,
        "state_sha256": hashlib.sha256(state).hexdigest(),
        "topic": topic,
    }

    assert verify.leaf(position, originator_id, version, topic, state) == library.canonical(fields)


def test_the_verifier_finds_a_log_of_tricky_events_intact_against_the_librarys_digest() -> None:
    records = [
        {
            "position": 2 * number + 1,
            "originator_id": text,
            "originator_version": 1,
            "topic": text[::-1],
            **(
                {"state": f'{{"text":{json.dumps(text)}}}'}
                if number % 2
                else {
                    "state_base64": base64.b64encode(
                        b"\xff" + text.encode("utf-8", "replace")
                    ).decode()
                }
            ),
        }
        for number, text in enumerate(TRICKY)
    ]
    digest = library.digest_of(records, time=datetime(2024, 1, 1, tzinfo=UTC))

    verdict = verify.verify(
        [verify.event_of(record) for record in records], [("d", digest.document(), True)]
    )

    assert verdict.intact, verdict.report()
    assert verdict.root == digest.root == merkle.root(library.leaf_hashes(records)).hex()
