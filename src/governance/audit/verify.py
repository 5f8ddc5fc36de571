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
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as json_string  # as json.dumps writes one
from operator import lt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # position, originator_id, originator_version, topic, state, state is text
    Event = tuple[int, str, int, str, bytes, bool]

DIGEST_FORMAT = "governance-digest/1"
FIELDS = ("originator_id", "originator_version", "position", "topic")


@dataclass(frozen=True)
class Said:
    """A text in English with the code the command line's catalog has it under and its
    values, as governance.domain.messages.Message holds one: `governance audit verify`
    shows it in the reader's language, this script in English (str). An empty code: a
    text shown as it is."""

    code: str
    english: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        if not self.values:
            return self.english
        return self.english.format(**{name: str(value) for name, value in self.values})


def msg(code: str, english: str, **values: Any) -> Said:
    """A text to show, in English here (see Said)."""
    return Said(code, english, tuple(values.items()))


def plain(text: str) -> Said:
    """A text shown as it is in every language: a file's name, an error of the system."""
    return Said("", text)


@dataclass(frozen=True, order=True)
class Finding:
    """Something wrong: at a log position, or (position 0) with a file. `message` and
    `label` are the English of `said` and `place` (see `found`)."""

    position: int
    message: str
    label: str = ""
    said: Said | None = field(default=None, compare=False, repr=False)
    place: Said | None = field(default=None, compare=False, repr=False)

    def told(self) -> Said:
        """Where and what, as one text."""
        where = self.place or (
            plain(self.label)
            if self.label
            else msg("verify.position", "position {position}", position=self.position)
        )
        return msg("verify.finding", "{place}: {message}", place=where, message=self.said)

    def __str__(self) -> str:
        return str(self.told())


def found(position: int, said: Said, place: Said | None = None) -> Finding:
    """A finding at `position` (0: with a file), `place` naming where if not the position."""
    return Finding(position, str(said), str(place) if place else "", said, place)


@dataclass
class Verdict:
    events: int
    root: str
    findings: list[Finding]
    notes: list[Said]

    @property
    def intact(self) -> bool:
        return not self.findings

    def report(self, say: Callable[[Said], str] = str) -> str:
        """What the check found, each text written by `say` (in English by default)."""
        if self.intact:
            intact = msg(
                "verify.intact",
                "intact: {events} events, root {root}",
                events=self.events,
                root=self.root,
            )
            return "\n".join([say(intact), *map(say, self.notes)])
        first, *rest = sorted(set(self.findings))
        also = [say(msg("verify.also", "  also {finding}", finding=f.told())) for f in rest[:20]]
        return "\n".join(
            [say(msg("verify.not-intact", "not intact: {finding}", finding=first.told())), *also]
        )


class LineError(ValueError):
    """A line of JSON that is not an event; `position` is the line's, where it has one."""

    def __init__(self, said: Said, position: int | None = None) -> None:
        super().__init__(str(said))
        self.said = said
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
        raise LineError(
            msg(
                "verify.not-an-object",
                "expected an object of the fields {fields} and state",
                fields=", ".join(FIELDS),
            )
        )
    if sorted(set(record) - {"state", "state_base64"}) != list(FIELDS):
        got = ", ".join(record)
        raise LineError(
            msg(
                "verify.wrong-fields",
                "expected the fields {fields} and state, got {got}",
                fields=", ".join(FIELDS),
                got=got,
            )
        )
    position, version = record["position"], record["originator_version"]
    stream, topic, text = record["originator_id"], record["topic"], "state" in record
    state = record["state" if text else "state_base64"]
    at = position if _whole(position, -(2**63)) else None
    nulls = [field for field, value in record.items() if value is None]
    if nulls:
        fields = " and ".join(nulls)
        raise LineError(msg("verify.null", "damaged: its {fields} is NULL", fields=fields), at)
    if at is not None and at < 1:
        why = msg(
            "verify.outside",
            "outside the log: no event is stored at position {position} (positions start at 1)",
            position=at,
        )
        raise LineError(why, at)
    if not (_whole(position) and _whole(version)):
        why = msg(
            "verify.not-whole",
            "position and originator_version must be whole numbers from 1",
        )
        raise LineError(why, at)
    if not (isinstance(stream, str) and stream and isinstance(topic, str) and topic):
        raise LineError(msg("verify.not-text", "originator_id and topic must be text"), at)
    if not isinstance(state, str):
        raise LineError(msg("verify.state-not-text", "state must be text"), at)
    try:
        raw = state.encode("utf-8") if text else base64.b64decode(state, validate=True)
    except ValueError as error:
        why = msg("verify.state-unreadable", "state cannot be read: {error}", error=error)
        raise LineError(why, at) from None
    return position, stream, version, topic, raw, text


def _unreadable(error: Exception) -> Said:
    return msg("verify.unreadable", "cannot be read: {error}", error=error)


def _extra(name: str) -> Said:
    return msg("verify.extra", "extra: not in {name}", name=name)


def read_events(path: Path) -> tuple[list[Event], list[Finding]]:
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        return [], [found(0, _unreadable(error), plain(path.name))]
    events: list[Event] = []
    findings = []
    for number, line in enumerate(lines[:-1] if lines[-1] == b"" else lines, 1):
        previous = events[-1][0] if events else 0
        try:
            events.append(event_of(json.loads(line)))
        except LineError as error:
            at = previous + 1 if error.position is None else error.position
            label = (
                msg(
                    "verify.line-after",
                    "line {line}, after {position}",
                    line=number,
                    position=previous,
                )
                if error.position is None
                else msg(
                    "verify.line-at", "line {line}, position {position}", line=number, position=at
                )
            )
            findings.append(found(at, error.said, label))
        except ValueError as error:
            why = msg("verify.not-json-line", "not a line of JSON ({error})", error=error)
            after = msg(
                "verify.line-after",
                "line {line}, after {position}",
                line=number,
                position=previous,
            )
            findings.append(found(previous + 1, why, after))
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
            why = msg("verify.duplicated", "duplicated: another event has this position too")
            findings.append(found(position, why))
        else:
            why = msg(
                "verify.reordered",
                "reordered: it comes after position {previous}",
                previous=previous,
            )
            findings.append(found(position, why))
        last = versions.get(stream, 0)
        if version == last + 1:
            versions[stream] = version
        else:
            why = (
                msg("verify.version-missing", "an event of it is missing")
                if version > last + 1
                else msg("verify.version-repeats", "a version repeats")
            )
            skips = msg(
                "verify.stream-skips",
                "stream {stream} goes from v{last} to v{version}: {why}",
                stream=stream,
                last=last,
                version=version,
                why=why,
            )
            findings.append(found(position, skips))
            versions[stream] = max(last, version)
        if text and i >= vouched:
            try:
                json.loads(state.decode("utf-8"))
            except UnicodeDecodeError:
                pass  # bytes, not text: an export gives them in base64
            except ValueError as error:
                why = msg(
                    "verify.not-json-state",
                    "changed: the state is not JSON ({error})",
                    error=error,
                )
                findings.append(found(position, why))
    return findings


def read_digest(path: Path, name: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    try:
        digest = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        return None, [found(0, _unreadable(error), plain(name))]
    leaves: Any = digest.get("leaves", []) if isinstance(digest, dict) else None
    pairs = isinstance(leaves, list) and {*map(type, leaves)} <= {list}
    pairs = pairs and {*map(len, leaves)} <= {2}
    positions = [pair[0] for pair in leaves] if pairs else []
    # the root's hash, then the leaves'
    hashes = _hashes([digest.get("root")] + [pair[1] for pair in leaves]) if pairs else None
    problem: Said | None = None
    if not isinstance(digest, dict) or digest.get("format") != DIGEST_FORMAT:
        problem = msg(
            "verify.not-a-digest-format",
            'not a digest: "format" must be "{format}"',
            format=DIGEST_FORMAT,
        )
    elif not (
        all(_whole(digest.get(field), 0) for field in ("tree_size", "last_position"))
        and isinstance(digest.get("time"), str)
        and hashes
        and {*map(type, positions)} <= {int}
        and min(positions, default=1) >= 1
    ):
        problem = msg(
            "verify.not-a-digest",
            "not a digest: see tree_size, last_position, root, time and leaves",
        )
    elif "leaves" in digest:
        if not all(map(lt, positions, positions[1:])) or len(positions) != digest["tree_size"]:
            problem = msg(
                "verify.leaves-inconsistent",
                "inconsistent: its leaves do not increase or do not match its tree_size",
            )
        elif (positions[-1] if positions else 0) != digest["last_position"]:
            problem = msg(
                "verify.last-leaf",
                "inconsistent: its last leaf is not at its last_position",
            )
        elif merkle_root(hashes[1:]) != hashes[0]:
            problem = msg("verify.leaves-root", "inconsistent: its leaves do not give its root")
    return (None, [found(0, problem, plain(name))]) if problem else (digest, [])


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
    truncated = msg(
        "verify.truncated",
        "truncated: the log ends at position {position}; {name} goes on to {last}",
        position=log_last,
        name=name,
        last=last,
    )
    if "leaves" not in digest:  # whether its first events still give its root, not where
        if len(events) < size:
            return [found(log_last + 1, truncated)]
        if merkle_root(hashes[:size]).hex() != digest["root"]:
            why = msg(
                "verify.rewritten",
                "rewritten: the first {size} events no longer give the root of {name}",
                size=size,
                name=name,
            )
            where = msg("verify.at-or-before", "at or before position {position}", position=last)
            return [found(last, why, where)]
        extra = positions[size:] if exact else []
        return [found(extra[0], _extra(name))] if extra else []
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
                return [*findings, found(position, truncated)]
            if j is None:
                why = msg(
                    "verify.missing",
                    "missing: {name} has an event here, the log none",
                    name=name,
                )
                findings.append(found(position, why))
            elif hashes[j] != hash_:
                findings.append(_changed(events, j, wanted, i, name))
                if not findings[-1].message.startswith("changed"):
                    return findings  # the later events moved: this one finding says so
    for position in rest:
        if position not in covered and position <= last:
            why = msg(
                "verify.inserted", "inserted: the log has an event here, {name} none", name=name
            )
            findings.append(found(position, why))
        elif position not in covered and exact:
            findings.append(found(position, _extra(name)))
    return findings


def _changed(events: list[Event], j: int, wanted: list[Any], i: int, name: str) -> Finding:
    """A changed event, or a shift: does a neighbour match once moved by one place?"""

    def moved(k: int, position: int) -> bytes | None:
        return leaf_hash(leaf(position, *events[k][1:5])) if k < len(events) else None

    position, hash_ = wanted[i]
    later = wanted[i + 1] if i + 1 < len(wanted) else (0, b"")
    if moved(j, later[0]) == later[1]:
        why = msg(
            "verify.moved",
            "reordered or missing: it holds the event {name} has at {position}",
            name=name,
            position=later[0],
        )
        return found(position, why)
    if moved(j + 1, position) == hash_:
        why = msg(
            "verify.inserted-before",
            "inserted: not in {name}; the events after it moved up one",
            name=name,
        )
        return found(position, why)
    why = msg(
        "verify.changed",
        "changed: not the event {name} has here (its state bytes, stream, version or topic "
        "differ, or it was replaced)",
        name=name,
    )
    return found(position, why)


def check_signature(digest: dict[str, Any], key_file: Path, name: str) -> list[Finding]:
    """Whether `digest` carries an Ed25519 signature by the public key in `key_file`."""
    signature = digest.get("signature")
    if not isinstance(signature, dict) or not isinstance(signature.get("value"), str):
        why = msg("verify.not-signed", "not signed, but --key asks for a signature")
        return [found(0, why, plain(name))]
    try:  # imported here: nothing else needs a package outside the standard library
        from cryptography.exceptions import InvalidSignature  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415
        from cryptography.hazmat.primitives.serialization import load_pem_public_key  # noqa: PLC0415
    except ImportError:
        why = msg("verify.no-cryptography", "checking a signature needs: pip install cryptography")
        return [found(0, why, plain(name))]
    try:
        raw = key_file.read_bytes()
        pem = raw.lstrip().startswith(b"-----BEGIN")
        key = load_pem_public_key(raw) if pem else ed25519.Ed25519PublicKey.from_public_bytes(raw)
        if not isinstance(key, ed25519.Ed25519PublicKey):
            why = msg(
                "verify.not-ed25519",
                "cannot use the key {key}: not an Ed25519 public key",
                key=key_file,
            )
            return [found(0, why, plain(name))]
        unsigned = {field: value for field, value in digest.items() if field != "signature"}
        key.verify(bytes.fromhex(signature["value"]), canonical(unsigned))
    except (OSError, ValueError) as error:
        why = msg("verify.bad-key", "cannot use the key {key}: {error}", key=key_file, error=error)
        return [found(0, why, plain(name))]
    except InvalidSignature:
        why = msg(
            "verify.bad-signature",
            "bad signature: not made by {key} over this digest",
            key=key_file,
        )
        return [found(0, why, plain(name))]
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
    found_ = [*(findings or []), *check_records(events, vouched)]
    notes = (
        []
        if digests
        else [
            msg("verify.no-digest", "no digest given: compare the root with one published earlier")
        ]
    )
    for name, digest, exact, problems in checked:
        found_ += problems
        values = {"name": name, "events": digest["tree_size"], "time": digest["time"]}
        what = (
            msg("verify.matches", "matches {name}: {events} events, {time}", **values)
            if exact
            else msg("verify.extends", "extends {name}: {events} events, {time}", **values)
        )
        notes += [] if problems else [what]
    if key_file is not None and digests:
        name, digest, _ = digests[-1]
        problems = check_signature(digest, key_file, name)
        found_ += problems
        good = msg(
            "verify.signature-good", "signature of {name}: good, by {key}", name=name, key=key_file
        )
        notes += [] if problems else [good]
    elif key_file is not None:
        why = msg("verify.key-without-digest", "--key needs a digest to check")
        found_.append(found(0, why, msg("verify.key", "key")))
    root = roots[0] if roots else merkle_root(log.hashes).hex()
    return Verdict(len(events), root, found_, notes)


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
