"""Check a governance export offline: python3 verify.py DIR [--digest FILE] [--key PUBKEY].

DIR is what `governance audit export` wrote: events.jsonl, the stored events one a line
in log order, and digest.json, the digest of exactly those events. This checks:

- every line: its fields, a state that is JSON text (or base64 bytes), positions that
  strictly increase, and stream versions that count 1, 2, 3, ... in log order;
- the Merkle tree of RFC 9162 (section 2.1) over the events' leaves against
  DIR/digest.json, which must cover every event;
- with --digest, against FILE, a digest published earlier that the log must extend;
- with --key, the Ed25519 signature of FILE (or, without --digest, of DIR/digest.json).

A leaf is the canonical JSON (keys sorted, no spaces, ASCII) of {"originator_id",
"originator_version", "position", "state_sha256", "topic"}; its hash is
SHA-256(0x00 || leaf), a node's SHA-256(0x01 || left || right). Exit 0 prints
"intact: N events, root <hex>"; exit 1 names the first bad position and what is wrong.
Python 3.8 or later, standard library only; `cryptography` only to check a signature.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DIGEST_FORMAT = "governance-digest/1"
FIELDS = ("originator_id", "originator_version", "position", "topic")


@dataclass(frozen=True, order=True)
class Finding:
    """Something wrong: at a log position, or (position 0) with a file."""

    position: int
    message: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.label or f'position {self.position}'}: {self.message}"


@dataclass
class Verdict:
    events: int
    root: str
    findings: list[Finding]
    notes: list[str]

    @property
    def intact(self) -> bool:
        return not self.findings

    def report(self) -> str:
        if self.intact:
            return "\n".join([f"intact: {self.events} events, root {self.root}", *self.notes])
        first, *rest = sorted(self.findings)
        return "\n".join([f"not intact: {first}", *(f"  also {f}" for f in rest[:20])])


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def state_bytes(record: dict[str, Any]) -> bytes:
    """The stored bytes: `state` holds them as UTF-8 text, `state_base64` in base64."""
    if "state" in record:
        return str(record["state"]).encode("utf-8")
    return base64.b64decode(str(record["state_base64"]), validate=True)


def leaf_bytes(record: dict[str, Any]) -> bytes:
    fields = {name: record[name] for name in FIELDS}
    return canonical({**fields, "state_sha256": hashlib.sha256(state_bytes(record)).hexdigest()})


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def merkle_root(hashes: list[bytes]) -> bytes:
    """MTH of RFC 9162 2.1.1: split at the largest power of two below n."""
    if len(hashes) <= 1:
        return hashes[0] if hashes else hashlib.sha256(b"").digest()
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + merkle_root(hashes[:k]) + merkle_root(hashes[k:])).digest()


def _whole(value: Any, least: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= set("0123456789abcdef")


def field_problem(record: Any) -> str | None:
    """What keeps a line from being an event whose leaf can be computed, if anything."""
    if not isinstance(record, dict) or len(record) != 5:
        return f"expected an object of the fields {', '.join(FIELDS)} and state"
    if sorted(set(record) - {"state", "state_base64"}) != list(FIELDS):
        return f"expected the fields {', '.join(FIELDS)} and state, got {', '.join(record)}"
    if not (_whole(record["position"]) and _whole(record["originator_version"])):
        return "position and originator_version must be whole numbers from 1"
    if not all(
        isinstance(record[name], str) and record[name] for name in ("originator_id", "topic")
    ):
        return "originator_id and topic must be text"
    if not isinstance(record.get("state", record.get("state_base64")), str):
        return "state must be text"
    try:
        state_bytes(record)
    except ValueError as error:
        return f"state cannot be read: {error}"
    return None


def read_events(path: Path) -> tuple[list[dict[str, Any]], list[Finding]]:
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        return [], [Finding(0, f"cannot be read: {error}", path.name)]
    records: list[dict[str, Any]] = []
    findings = []
    for number, line in enumerate(lines[:-1] if lines[-1] == b"" else lines, 1):
        previous = records[-1]["position"] if records else 0
        try:
            record = json.loads(line)
            problem = field_problem(record)
        except ValueError as error:
            problem = f"not a line of JSON ({error})"
        if problem:
            findings.append(Finding(previous + 1, problem, f"line {number}, after {previous}"))
        else:
            records.append(record)
    return records, findings


def check_records(records: list[dict[str, Any]]) -> list[Finding]:
    """Order, stream versions and JSON states: what a log shows without any digest."""
    findings = []
    versions: dict[str, int] = {}
    previous = 0
    for record in records:
        position, stream = record["position"], record["originator_id"]
        if position <= previous:
            findings.append(Finding(position, f"reordered: it comes after position {previous}"))
        previous = max(previous, position)
        last, version = versions.get(stream, 0), record["originator_version"]
        if version != last + 1:
            why = "an event of it is missing" if version > last + 1 else "a version repeats"
            findings.append(
                Finding(position, f"stream {stream} goes from v{last} to v{version}: {why}")
            )
        versions[stream] = max(last, version)
        try:
            json.loads(record.get("state", "null"))
        except ValueError as error:
            findings.append(Finding(position, f"changed: the state is not JSON ({error})"))
    return findings


def read_digest(path: Path, name: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    try:
        digest = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        return None, [Finding(0, f"cannot be read: {error}", name)]
    leaves = digest.get("leaves", []) if isinstance(digest, dict) else None
    problem = None
    if not isinstance(digest, dict) or digest.get("format") != DIGEST_FORMAT:
        problem = f'not a digest: "format" must be "{DIGEST_FORMAT}"'
    elif not (
        all(_whole(digest.get(field), 0) for field in ("tree_size", "last_position"))
        and _is_hash(digest.get("root"))
        and isinstance(digest.get("time"), str)
        and isinstance(leaves, list)
        and all(
            isinstance(x, list) and len(x) == 2 and _whole(x[0]) and _is_hash(x[1]) for x in leaves
        )
    ):
        problem = "not a digest: see tree_size, last_position, root, time and leaves"
    elif "leaves" in digest:
        positions = [position for position, _ in leaves]
        if positions != sorted(set(positions)) or len(leaves) != digest["tree_size"]:
            problem = "inconsistent: its leaves do not increase or do not match its tree_size"
        elif (positions[-1] if positions else 0) != digest["last_position"]:
            problem = "inconsistent: its last leaf is not at its last_position"
        elif merkle_root([bytes.fromhex(leaf) for _, leaf in leaves]).hex() != digest["root"]:
            problem = "inconsistent: its leaves do not give its root"
    return (None, [Finding(0, problem, name)]) if problem else (digest, [])


def compare(log: list[Any], digest: dict[str, Any], name: str, *, exact: bool) -> list[Finding]:
    """Where the log, (record, leaf hash) pairs, departs from a digest.

    `exact`: the digest must cover every event; otherwise the log may extend it.
    """
    if "leaves" not in digest:
        return compare_root(log, digest, name, exact=exact)
    last = digest["last_position"]
    log_last = log[-1][0]["position"] if log else 0
    index = {record["position"]: i for i, (record, _) in enumerate(log)}
    wanted = [(position, bytes.fromhex(leaf)) for position, leaf in digest["leaves"]]
    findings: list[Finding] = []
    for i, (position, leaf) in enumerate(wanted):
        j = index.get(position)
        if position > log_last:
            why = f"the log ends at position {log_last}; {name} goes on to {last}"
            return [*findings, Finding(position, f"truncated: {why}")]
        if j is None:
            findings.append(Finding(position, f"missing: {name} has an event here, the log none"))
        elif log[j][1] != leaf:
            findings.append(_changed(log, j, wanted, i, name))
            if not findings[-1].message.startswith("changed"):
                return findings  # the later events moved: this one finding says so
    covered = {position for position, _ in wanted}
    for record, _ in log:
        position = record["position"]
        if position not in covered and position <= last:
            findings.append(Finding(position, f"inserted: the log has an event here, {name} none"))
        elif position not in covered and exact:
            findings.append(Finding(position, f"extra: not in {name}"))
    return findings


def compare_root(
    log: list[Any], digest: dict[str, Any], name: str, *, exact: bool
) -> list[Finding]:
    """Against a digest without leaves: do its first events still give its root?"""
    size, last = digest["tree_size"], digest["last_position"]
    if len(log) < size:
        log_last = log[-1][0]["position"] if log else 0
        why = f"the log ends at position {log_last}; {name} goes on to {last}"
        return [Finding(log_last + 1, f"truncated: {why}")]
    if merkle_root([leaf for _, leaf in log[:size]]).hex() != digest["root"]:
        why = f"the first {size} events no longer give the root of {name}"
        return [Finding(last, f"rewritten: {why}", f"at or before position {last}")]
    extra = log[size:] if exact else []
    return [Finding(extra[0][0]["position"], f"extra: not in {name}")] if extra else []


def _changed(log: list[Any], j: int, wanted: list[Any], i: int, name: str) -> Finding:
    """A changed event, or a shift: does a neighbour match once moved by one place?"""

    def moved(k: int, position: int) -> bytes | None:
        return leaf_hash(leaf_bytes({**log[k][0], "position": position})) if k < len(log) else None

    position, leaf = wanted[i]
    later = wanted[i + 1] if i + 1 < len(wanted) else (0, b"")
    if moved(j, later[0]) == later[1]:
        return Finding(
            position, f"reordered or missing: it holds the event {name} has at {later[0]}"
        )
    if moved(j + 1, position) == leaf:
        return Finding(position, f"inserted: not in {name}; the events after it moved up one")
    why = "its state bytes, stream, version or topic differ, or it was replaced"
    return Finding(position, f"changed: not the event {name} has here ({why})")


def check_signature(digest: dict[str, Any], key_file: Path, name: str) -> list[Finding]:
    """Whether `digest` carries an Ed25519 signature by the public key in `key_file`."""
    signature = digest.get("signature")
    if not isinstance(signature, dict) or not isinstance(signature.get("value"), str):
        return [Finding(0, "not signed, but --key asks for a signature", name)]
    try:  # imported here: nothing else needs a package outside the standard library
        from cryptography.exceptions import InvalidSignature  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415
        from cryptography.hazmat.primitives.serialization import load_pem_public_key  # noqa: PLC0415
    except ImportError:
        return [Finding(0, "checking a signature needs: pip install cryptography", name)]
    try:
        raw = key_file.read_bytes()
        pem = raw.lstrip().startswith(b"-----BEGIN")
        key = load_pem_public_key(raw) if pem else ed25519.Ed25519PublicKey.from_public_bytes(raw)
        if not isinstance(key, ed25519.Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        unsigned = {field: value for field, value in digest.items() if field != "signature"}
        key.verify(bytes.fromhex(signature["value"]), canonical(unsigned))
    except (OSError, ValueError) as error:
        return [Finding(0, f"cannot use the key {key_file}: {error}", name)]
    except InvalidSignature:
        return [Finding(0, f"bad signature: not made by {key_file} over this digest", name)]
    return []


def verify(
    records: list[dict[str, Any]],
    digests: list[tuple[str, dict[str, Any], bool]],
    key_file: Path | None = None,
    findings: list[Finding] | None = None,
) -> Verdict:
    """Check events against digests: (name, digest, whether it must cover every event).

    With `key_file`, the last digest must carry a good signature by that key.
    """
    log = [(record, leaf_hash(leaf_bytes(record))) for record in records]
    found = [*(findings or []), *check_records(records)]
    notes = [] if digests else ["no digest given: compare the root with one published earlier"]
    for name, digest, exact in digests:
        problems = compare(log, digest, name, exact=exact)
        found += problems
        what = "matches" if exact else "extends"
        notes += (
            [] if problems else [f"{what} {name}: {digest['tree_size']} events, {digest['time']}"]
        )
    if key_file is not None and digests:
        name, digest, _ = digests[-1]
        problems = check_signature(digest, key_file, name)
        found += problems
        notes += [] if problems else [f"signature of {name}: good, by {key_file}"]
    elif key_file is not None:
        found.append(Finding(0, "--key needs a digest to check", "key"))
    return Verdict(len(log), merkle_root([leaf for _, leaf in log]).hex(), found, notes)


def verify_export(
    folder: Path, digest_file: Path | None = None, key_file: Path | None = None
) -> Verdict:
    """Check an export folder, and with `digest_file` a digest published earlier."""
    records, findings = read_events(folder / "events.jsonl")
    sources = [("digest.json", folder / "digest.json", True)]
    sources += [(str(digest_file), digest_file, False)] if digest_file else []
    digests = []
    for name, path, exact in sources:
        digest, problems = read_digest(path, name)
        findings += problems
        digests += [(name, digest, exact)] if digest is not None else []
    return verify(records, digests, key_file, findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify.py", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, metavar="DIR", help="events.jsonl and digest.json")
    parser.add_argument("--digest", type=Path, metavar="FILE", help="a digest published earlier")
    parser.add_argument("--key", type=Path, metavar="PUBKEY", help="Ed25519 public key, PEM")
    args = parser.parse_args(argv)
    verdict = verify_export(args.folder, args.digest, args.key)
    sys.stdout.write(verdict.report() + "\n")
    return 0 if verdict.intact else 1


if __name__ == "__main__":
    sys.exit(main())
