"""Check a governance export offline: python3 verify.py DIR [--digest FILE] [--key PUBKEY].

DIR is what `governance audit export` wrote: events.jsonl, the stored events one a line
in log order, and digest.json, the digest of exactly those events. This checks:

- every line: its fields, a state that is JSON text (or base64 bytes), positions that
  strictly increase, and stream versions that count 1, 2, 3, ... in log order;
- the Merkle tree of RFC 9162 (section 2.1) over the events' leaves against
  DIR/digest.json, which must cover every event;
- with --digest, against FILE, a digest published earlier that the log must extend; if it
  does, in order and unchanged, FILE vouches for the states of the events it covers, which
  are then not parsed as JSON again;
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
from json.encoder import encode_basestring_ascii as json_string  # as json.dumps writes one
from operator import lt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # position, originator_id, originator_version, topic, state, state is text
    Event = tuple[int, str, int, str, bytes, bool]

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
        first, *rest = sorted(set(self.findings))
        return "\n".join([f"not intact: {first}", *(f"  also {f}" for f in rest[:20])])


class LineError(ValueError):
    """A line of JSON that is not an event; `position` is the line's, where it has one."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def leaf(position: int, originator_id: str, version: int, topic: str, state: bytes) -> bytes:
    """canonical() of the leaf's fields, written out (in a quarter of the time): the same
    bytes, as the keys are in sorted order and json.dumps writes a string with json_string,
    an int as str() does."""
    return (
        f'{{"originator_id":{json_string(originator_id)},"originator_version":{version},'
        f'"position":{position},"state_sha256":"{hashlib.sha256(state).hexdigest()}",'
        f'"topic":{json_string(topic)}}}'
    ).encode()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def merkle_root(hashes: list[bytes]) -> bytes:
    """MTH of RFC 9162 2.1.1, level by level: pairing neighbours and carrying an odd last
    node up gives the tree that splits at the largest power of two below n."""
    level = hashes or [hashlib.sha256(b"").digest()]
    while len(level) > 1:
        pairs, odd = iter(level), level[len(level) & ~1 :]
        level = [hashlib.sha256(b"\x01" + a + b).digest() for a, b in zip(pairs, pairs)] + odd  # noqa: B905 (3.8)
    return level[0]


def _whole(value: Any, least: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _hashes(values: list[Any]) -> list[bytes] | None:
    """SHA-256 hashes in lowercase hex, as bytes; None if any is not one."""
    if not ({*map(type, values)} <= {str} and {*map(len, values)} <= {64}):
        return None
    text = "".join(values)
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        return None
    return [raw[i : i + 32] for i in range(0, len(raw), 32)] if raw.hex() == text else None


def event_of(record: Any) -> Event:
    """A line as an event: `state` holds the stored bytes as UTF-8 text (which must then be
    JSON), `state_base64` in base64. LineError says what keeps it from being one."""
    if not isinstance(record, dict) or len(record) != 5:
        raise LineError(f"expected an object of the fields {', '.join(FIELDS)} and state")
    if sorted(set(record) - {"state", "state_base64"}) != list(FIELDS):
        got = ", ".join(record)
        raise LineError(f"expected the fields {', '.join(FIELDS)} and state, got {got}")
    position, version = record["position"], record["originator_version"]
    stream, topic, text = record["originator_id"], record["topic"], "state" in record
    state = record["state" if text else "state_base64"]
    at = position if _whole(position, -(2**63)) else None
    nulls = [field for field, value in record.items() if value is None]
    if nulls:
        raise LineError(f"damaged: its {' and '.join(nulls)} is NULL", at)
    if at is not None and at < 1:
        why = f"outside the log: no event is stored at position {at} (positions start at 1)"
        raise LineError(why, at)
    if not (_whole(position) and _whole(version)):
        raise LineError("position and originator_version must be whole numbers from 1", at)
    if not (isinstance(stream, str) and stream and isinstance(topic, str) and topic):
        raise LineError("originator_id and topic must be text", at)
    if not isinstance(state, str):
        raise LineError("state must be text", at)
    try:
        raw = state.encode("utf-8") if text else base64.b64decode(state, validate=True)
    except ValueError as error:
        raise LineError(f"state cannot be read: {error}", at) from None
    return position, stream, version, topic, raw, text


def read_events(path: Path) -> tuple[list[Event], list[Finding]]:
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        return [], [Finding(0, f"cannot be read: {error}", path.name)]
    events: list[Event] = []
    findings = []
    for number, line in enumerate(lines[:-1] if lines[-1] == b"" else lines, 1):
        previous = events[-1][0] if events else 0
        try:
            events.append(event_of(json.loads(line)))
        except LineError as error:
            at = previous + 1 if error.position is None else error.position
            where = "after" if error.position is None else "position"
            label = f"line {number}, {where} {previous if error.position is None else at}"
            findings.append(Finding(at, str(error), label))
        except ValueError as error:
            why = f"not a line of JSON ({error})"
            findings.append(Finding(previous + 1, why, f"line {number}, after {previous}"))
    return events, findings


def check_records(events: list[Event], vouched: int = 0) -> list[Finding]:
    """Order, stream versions and JSON states: what a log shows without any digest. The
    states of the first `vouched` events are not parsed: a digest covers their bytes."""
    findings = []
    versions: dict[str, int] = {}
    previous = 0
    for i, (position, stream, version, _, state, text) in enumerate(events):
        if position > previous:
            previous = position
        elif position == previous:
            findings.append(Finding(position, "duplicated: another event has this position too"))
        else:
            findings.append(Finding(position, f"reordered: it comes after position {previous}"))
        last = versions.get(stream, 0)
        if version == last + 1:
            versions[stream] = version
        else:
            why = "an event of it is missing" if version > last + 1 else "a version repeats"
            findings.append(
                Finding(position, f"stream {stream} goes from v{last} to v{version}: {why}")
            )
            versions[stream] = max(last, version)
        if text and i >= vouched:
            try:
                json.loads(state.decode("utf-8"))
            except UnicodeDecodeError:
                pass  # bytes, not text: an export gives them in base64
            except ValueError as error:
                findings.append(Finding(position, f"changed: the state is not JSON ({error})"))
    return findings


def read_digest(path: Path, name: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    try:
        digest = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        return None, [Finding(0, f"cannot be read: {error}", name)]
    leaves: Any = digest.get("leaves", []) if isinstance(digest, dict) else None
    pairs = isinstance(leaves, list) and {*map(type, leaves)} <= {list}
    pairs = pairs and {*map(len, leaves)} <= {2}
    positions = [pair[0] for pair in leaves] if pairs else []
    # the root's hash, then the leaves'
    hashes = _hashes([digest.get("root")] + [pair[1] for pair in leaves]) if pairs else None
    problem = None
    if not isinstance(digest, dict) or digest.get("format") != DIGEST_FORMAT:
        problem = f'not a digest: "format" must be "{DIGEST_FORMAT}"'
    elif not (
        all(_whole(digest.get(field), 0) for field in ("tree_size", "last_position"))
        and isinstance(digest.get("time"), str)
        and hashes
        and {*map(type, positions)} <= {int}
        and min(positions, default=1) >= 1
    ):
        problem = "not a digest: see tree_size, last_position, root, time and leaves"
    elif "leaves" in digest:
        if not all(map(lt, positions, positions[1:])) or len(positions) != digest["tree_size"]:
            problem = "inconsistent: its leaves do not increase or do not match its tree_size"
        elif (positions[-1] if positions else 0) != digest["last_position"]:
            problem = "inconsistent: its last leaf is not at its last_position"
        elif merkle_root(hashes[1:]) != hashes[0]:
            problem = "inconsistent: its leaves do not give its root"
    return (None, [Finding(0, problem, name)]) if problem else (digest, [])


class Log:
    """The events with their leaf hashes and positions, and whether the positions increase."""

    def __init__(self, events: list[Event]) -> None:
        sha = hashlib.sha256  # leaf_hash(leaf(...)), a call fewer each
        self.events = events
        self.hashes = [sha(b"\x00" + leaf(p, i, v, t, s)).digest() for p, i, v, t, s, _ in events]
        self.positions = [event[0] for event in events]
        self.ordered = all(map(lt, self.positions, self.positions[1:]))


def compare(log: Log, digest: dict[str, Any], name: str, *, exact: bool) -> list[Finding]:
    """Where the log departs from a digest.

    `exact`: the digest must cover every event; otherwise the log may extend it.
    """
    events, hashes, positions = log.events, log.hashes, log.positions
    size, last = digest["tree_size"], digest["last_position"]
    log_last = positions[-1] if events else 0
    truncated = f"truncated: the log ends at position {log_last}; {name} goes on to {last}"
    if "leaves" not in digest:  # whether its first events still give its root, not where
        if len(events) < size:
            return [Finding(log_last + 1, truncated)]
        if merkle_root(hashes[:size]).hex() != digest["root"]:
            why = f"the first {size} events no longer give the root of {name}"
            return [Finding(last, f"rewritten: {why}", f"at or before position {last}")]
        extra = positions[size:] if exact else []
        return [Finding(extra[0], f"extra: not in {name}")] if extra else []
    leaves = digest["leaves"]
    findings: list[Finding] = []
    covered, rest = set(), positions[len(leaves) :]
    if not (  # the usual case, quick to see: the log starts with the digest's events
        log.ordered
        and positions[: len(leaves)] == [position for position, _ in leaves]
        and b"".join(hashes[: len(leaves)]).hex() == "".join([hex_ for _, hex_ in leaves])
    ):
        covered, rest = {position for position, _ in leaves}, positions
        index = {position: j for j, position in enumerate(positions)}
        wanted = [(position, bytes.fromhex(hex_)) for position, hex_ in leaves]
        for i, (position, hash_) in enumerate(wanted):
            j = index.get(position)
            if position > log_last:
                return [*findings, Finding(position, truncated)]
            if j is None:
                why = f"missing: {name} has an event here, the log none"
                findings.append(Finding(position, why))
            elif hashes[j] != hash_:
                findings.append(_changed(events, j, wanted, i, name))
                if not findings[-1].message.startswith("changed"):
                    return findings  # the later events moved: this one finding says so
    for position in rest:
        if position not in covered and position <= last:
            findings.append(Finding(position, f"inserted: the log has an event here, {name} none"))
        elif position not in covered and exact:
            findings.append(Finding(position, f"extra: not in {name}"))
    return findings


def _changed(events: list[Event], j: int, wanted: list[Any], i: int, name: str) -> Finding:
    """A changed event, or a shift: does a neighbour match once moved by one place?"""

    def moved(k: int, position: int) -> bytes | None:
        return leaf_hash(leaf(position, *events[k][1:5])) if k < len(events) else None

    position, hash_ = wanted[i]
    later = wanted[i + 1] if i + 1 < len(wanted) else (0, b"")
    if moved(j, later[0]) == later[1]:
        return Finding(
            position, f"reordered or missing: it holds the event {name} has at {later[0]}"
        )
    if moved(j + 1, position) == hash_:
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
    events: list[Event],
    digests: list[tuple[str, dict[str, Any], bool]],
    key_file: Path | None = None,
    findings: list[Finding] | None = None,
) -> Verdict:
    """Check events against digests as `read_digest` gives them: (name, digest, whether it
    must cover every event). With `key_file`, the last digest must be signed by that key.
    """
    log = Log(events)
    checked = [(n, d, x, compare(log, d, n, exact=x)) for n, d, x in digests]
    # A log in order that a digest finds nothing wrong with starts with exactly its events:
    # they give the digest's root, and one published earlier vouches for their bytes.
    intact = [
        (d["tree_size"], d["root"], x) for _, d, x, bad in checked if log.ordered and not bad
    ]
    vouched = max([size for size, _, exact in intact if not exact], default=0)
    roots = [root for size, root, _ in intact if size == len(events)]
    found = [*(findings or []), *check_records(events, vouched)]
    notes = [] if digests else ["no digest given: compare the root with one published earlier"]
    for name, digest, exact, problems in checked:
        found += problems
        what = f"{'matches' if exact else 'extends'} {name}: {digest['tree_size']} events"
        notes += [] if problems else [f"{what}, {digest['time']}"]
    if key_file is not None and digests:
        name, digest, _ = digests[-1]
        problems = check_signature(digest, key_file, name)
        found += problems
        notes += [] if problems else [f"signature of {name}: good, by {key_file}"]
    elif key_file is not None:
        found.append(Finding(0, "--key needs a digest to check", "key"))
    return Verdict(len(events), roots[0] if roots else merkle_root(log.hashes).hex(), found, notes)


def verify_export(
    folder: Path, digest_file: Path | None = None, key_file: Path | None = None
) -> Verdict:
    """Check an export folder, and with `digest_file` a digest published earlier."""
    events, findings = read_events(folder / "events.jsonl")
    sources = [("digest.json", folder / "digest.json", True)]
    sources += [(str(digest_file), digest_file, False)] if digest_file else []
    digests = []
    for name, path, exact in sources:
        digest, problems = read_digest(path, name)
        findings += problems
        digests += [(name, digest, exact)] if digest is not None else []
    return verify(events, digests, key_file, findings)


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
