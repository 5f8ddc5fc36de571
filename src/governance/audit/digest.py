"""Digests of the record: a Merkle tree (RFC 9162) over every stored event, in log order.

The log is read as stored, below the mapper: for each notification its position,
originator id, originator version, topic and state bytes. Each event gives one leaf,
the canonical JSON (sorted keys, no spaces, ASCII) of

    {"originator_id": "<id>", "originator_version": <v>, "position": <p>,
     "state_sha256": "<SHA-256 of the stored state bytes, hex>", "topic": "<topic>"}

The leaf's index is its place in log order; the leaf covers the store's own position, so
a gap in positions (a PostgreSQL sequence skips numbers on rolled-back writes) is not an
error, but removing, inserting, changing or reordering an event changes the tree.

A digest is the tree size, the root, the position of the last leaf and the time it was
taken; it lists each leaf's position and hash, so that a later check can name the first
position that differs, unless taken ``leaves=False``. It may be signed with Ed25519 over
the canonical JSON of everything but the signature. docs/auditing.md defines the format.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance._collector import collector_paused
from governance.audit import merkle
from governance.domain.errors import GovernanceError
from governance.domain.messages import Message, as_message, msg
from governance.store._rows import RawRow, duplicated_positions, raw_pages

if TYPE_CHECKING:
    from governance.application import Governance
    from governance.audit.verify import Event, Finding, Said, Verdict

DIGEST_FORMAT = "governance-digest/1"
PRIVATE_KEY_FILE = "digest-key.pem"
PUBLIC_KEY_FILE = "digest-key.pub.pem"
_PAGE = 1000

Record = dict[str, Any]


class AuditError(GovernanceError):
    """An audit step that cannot be done: a bad digest, key or export folder."""


class DigestError(AuditError):
    """A digest file that cannot be read, or that the record no longer matches."""


@attrs.frozen
class Signature:
    """An Ed25519 signature over the canonical JSON of the rest of the digest."""

    public_key: str
    value: str
    algorithm: str = "ed25519"


@attrs.frozen
class Digest:
    """What a log held when the digest was taken: a tree size and its Merkle root."""

    tree_size: int
    root: str
    last_position: int
    time: datetime
    leaves: tuple[tuple[int, str], ...] | None = None
    signature: Signature | None = None

    def document(self, *, signed: bool = True) -> dict[str, Any]:
        """The digest as a JSON document (without the signature unless ``signed``)."""
        data: dict[str, Any] = {
            "format": DIGEST_FORMAT,
            "tree_size": self.tree_size,
            "root": self.root,
            "last_position": self.last_position,
            "time": self.time.isoformat(),
        }
        if self.leaves is not None:
            data["leaves"] = [list(leaf) for leaf in self.leaves]
        if signed and self.signature is not None:
            data["signature"] = attrs.asdict(self.signature)
        return data

    def signed_bytes(self) -> bytes:
        """The bytes a signature covers: the canonical JSON of the unsigned document."""
        return canonical(self.document(signed=False))

    def to_json(self) -> str:
        """The digest file: indented JSON, one leaf a line."""
        lines = []
        for key, value in self.document().items():
            if key == "leaves":
                inner = ",\n".join(f"    {json.dumps(leaf)}" for leaf in value)
                lines.append(f'  "leaves": [\n{inner}\n  ]' if inner else '  "leaves": []')
            else:
                lines.append(f"  {json.dumps(key)}: {json.dumps(value)}")
        return "{\n" + ",\n".join(lines) + "\n}\n"

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str = "the digest") -> Digest:
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != DIGEST_FORMAT:
                raise ValueError(
                    msg("digest.wrong-format", '"format" is not "{format}"', format=DIGEST_FORMAT)
                )
            leaves = data.get("leaves")
            signature = data.get("signature")
            digest = cls(
                tree_size=_whole(data["tree_size"]),
                root=_hash(data["root"]),
                last_position=_whole(data["last_position"]),
                time=datetime.fromisoformat(data["time"]),
                leaves=None if leaves is None else tuple((_whole(p), _hash(h)) for p, h in leaves),
                signature=None
                if signature is None
                else Signature(
                    public_key=str(signature["public_key"]),
                    value=str(signature["value"]),
                    algorithm=str(signature.get("algorithm", "ed25519")),
                ),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise DigestError(
                msg(
                    "digest.not-a-digest",
                    "{source} is not a governance digest: {error}",
                    source=source,
                    error=error,
                )
            ) from None
        problem = digest.leaf_problem()
        if problem:
            raise DigestError(
                msg(
                    "digest.inconsistent",
                    "{source} is inconsistent: {problem}",
                    source=source,
                    problem=problem,
                )
            )
        return digest

    def leaf_problem(self) -> str | None:
        """Whether the listed leaves disagree with the size, last position or root."""
        if self.leaves is None:
            return None
        positions = [position for position, _ in self.leaves]
        if len(positions) != self.tree_size or positions != sorted(set(positions)):
            return "its leaves do not increase or do not match its tree_size"
        if (positions[-1] if positions else 0) != self.last_position:
            return "its last leaf is not at its last_position"
        if merkle.root([bytes.fromhex(h) for _, h in self.leaves]).hex() != self.root:
            return "its leaves do not give its root"
        return None


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(
            msg("digest.not-whole-number", "{value!r} is not a whole number", value=value)
        )
    return value


def _hash(value: Any) -> str:
    if not (isinstance(value, str) and len(value) == 64 and set(value) <= set("0123456789abcdef")):
        raise ValueError(
            msg(
                "digest.not-a-hash",
                "{value!r} is not a SHA-256 hash in lowercase hex",
                value=value,
            )
        )
    return value


def canonical(data: Any) -> bytes:
    """Sorted keys, no spaces, ASCII: the same data always gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


# --- the log as stored -----------------------------------------------------------------


def stored_bytes(state: bytes | str) -> bytes:
    """A row's state as bytes: edited rows may hold text."""
    return state.encode() if isinstance(state, str) else bytes(state)


def record_of(row: RawRow) -> Record:
    """One stored row as the export writes it: state as UTF-8 text, else as base64; a
    NULL column as null."""
    position, originator_id, version, topic, state = row
    record: Record = {
        "position": position,
        "originator_id": originator_id,
        "originator_version": version,
        "topic": topic,
    }
    if state is None:
        record["state"] = None
        return record
    raw = stored_bytes(state)
    try:
        record["state"] = raw.decode("utf-8")
    except UnicodeDecodeError:  # a compressed or encrypted store
        record["state_base64"] = base64.b64encode(raw).decode("ascii")
    return record


def _rows(app: Governance) -> Iterator[RawRow]:
    """Every stored row up to the last position when reading starts, in log order: rows
    at no position, at a position before the first or at one another row holds too
    included (see `governance.store._rows`)."""
    stop = app.recorder.max_notification_id() or 0
    pages = raw_pages(app.recorder, _PAGE, stop)
    if pages is None:  # a store only eventsourcing reads, as it reads it
        pages = (
            [(n.id, str(n.originator_id), n.originator_version, n.topic, n.state) for n in page]
            for page in app.notification_pages(stop=stop, size=_PAGE)
        )
    for page in pages:
        yield from page


@attrs.frozen
class StoredLog:
    """The stored rows as the audit reads them."""

    #: The events the tree covers, in log order, as the verifier takes them.
    events: list[Event]
    #: What is wrong with the rows the tree cannot cover, each at its position.
    findings: list[Finding]
    #: Every row as the export writes it (only when asked for).
    records: list[Record]

    def event_records(self) -> list[Record]:
        """The events the tree covers, as the export writes them."""
        return [record_of(event[:5]) for event in self.events]


def read_stored_log(app: Governance, *, records: bool = False) -> StoredLog:
    """Every stored row: each one the tree can cover an event, each other one a finding
    (a row at no position or before the first, a NULL or malformed column); positions
    that several rows hold are findings too. With ``records``, also every row as the
    export writes it."""
    from governance.audit import verify  # noqa: PLC0415 (see verify_store)

    events: list[Event] = []
    findings: list[Finding] = []
    lines: list[Record] = []
    for row in _rows(app):
        position, originator_id, version, topic, state = row
        if (  # the usual row, quick to see
            type(position) is int
            and position > 0
            and type(version) is int
            and version > 0
            and type(originator_id) is str
            and originator_id
            and type(topic) is str
            and topic
            and state is not None
        ):
            raw = state if type(state) is bytes else stored_bytes(state)
            events.append((position, originator_id, version, topic, raw, True))
        else:
            try:
                events.append(verify.event_of(record_of(row)))
            except verify.LineError as error:
                where = error.position if error.position is not None else 0
                row_ = None if error.position is not None else verify.msg("digest.a-row", "a row")
                findings.append(verify.found(where, error.said, row_))
        if records:
            lines.append(record_of(row))
    twice = verify.msg(
        "digest.duplicated-row", "duplicated: more than one row is stored at this position"
    )
    findings += [verify.found(position, twice) for position in duplicated_positions(app.recorder)]
    return StoredLog(events, findings, lines)


def log_records(app: Governance) -> list[Record]:
    """Every stored event the tree covers, in log order, up to the last position when
    reading starts."""
    return read_stored_log(app).event_records()


def state_bytes(record: Mapping[str, Any]) -> bytes:
    if "state" in record:
        return str(record["state"]).encode("utf-8")
    return base64.b64decode(str(record["state_base64"]), validate=True)


def leaf_bytes(record: Mapping[str, Any]) -> bytes:
    """The leaf of one stored event (module docstring; docs/auditing.md)."""
    return canonical(
        {
            "originator_id": record["originator_id"],
            "originator_version": record["originator_version"],
            "position": record["position"],
            "state_sha256": hashlib.sha256(state_bytes(record)).hexdigest(),
            "topic": record["topic"],
        }
    )


def leaf_hashes(records: Sequence[Mapping[str, Any]]) -> list[bytes]:
    return [merkle.leaf_hash(leaf_bytes(record)) for record in records]


# --- digests -----------------------------------------------------------------------------


def digest_of(
    records: Sequence[Mapping[str, Any]], *, time: datetime, leaves: bool = True
) -> Digest:
    """The digest of these stored events (in log order), taken at ``time``."""
    hashes = leaf_hashes(records)
    return Digest(
        tree_size=len(hashes),
        root=merkle.root(hashes).hex(),
        last_position=records[-1]["position"] if records else 0,
        time=time,
        leaves=tuple((r["position"], h.hex()) for r, h in zip(records, hashes, strict=True))
        if leaves
        else None,
    )


def take_digest(
    app: Governance, *, leaves: bool = True, clock: Callable[[], datetime] | None = None
) -> Digest:
    """The digest of the record's log as it stands now.

    ``leaves=False`` gives the small form: size and root only, which proves as much
    but cannot say which position differs. ``clock`` gives the time (UTC now). A log
    with rows the tree cannot cover (see `read_stored_log`) raises `DigestError`: a
    digest must not vouch for it.
    """
    time = (clock or (lambda: datetime.now(UTC)))().astimezone(UTC).replace(microsecond=0)
    stored = read_stored_log(app)
    if stored.findings:
        first = min(stored.findings)
        raise DigestError(
            msg(
                "digest.not-taken",
                "no digest taken: {finding}; run 'governance audit verify' to see what changed",
                finding=told(first.told()),
            )
        )
    return digest_of(stored.event_records(), time=time, leaves=leaves)


def read_digest(path: str | os.PathLike[str]) -> Digest:
    """A digest file, checked for form (its signature is checked by ``verify_signature``)."""
    try:
        text = Path(path).read_bytes()
    except OSError as error:
        raise DigestError(
            msg(
                "digest.unreadable",
                "cannot read the digest {path}: {strerror}",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    return Digest.from_json(text, source=f"the file {path}")


def write_digest(digest: Digest, path: str | os.PathLike[str]) -> Path:
    """Write the digest to a new file; an existing file is never overwritten."""
    return create_file(Path(path), digest.to_json().encode())


def position_of_digest(path: str | os.PathLike[str], app: Governance | None = None) -> int:
    """The log position a digest file covers: its last event's (0 for an empty log).

    With ``app``, also check that the record still extends the digest; a record whose
    past no longer gives the digest's root raises ``DigestError``.
    """
    digest = read_digest(path)
    if app is not None:
        result = check_consistency(app, digest)
        if not result.consistent:
            raise DigestError(
                msg(
                    "digest.not-matched",
                    "the record does not match the digest {path}: {message}",
                    path=path,
                    message=result.message,
                )
            )
    return digest.last_position


# --- consistency ---------------------------------------------------------------------------


@attrs.frozen
class Consistency:
    """Whether the log extends an older digest, with the RFC 9162 consistency proof."""

    old: Digest
    tree_size: int
    root: str
    proof: tuple[str, ...]
    problem: Message | None

    @property
    def consistent(self) -> bool:
        return self.problem is None

    @property
    def said(self) -> Message:
        """What the check found, as a message (``governance.i18n.translate`` writes it in a
        language)."""
        if self.problem:
            return self.problem
        return msg(
            "digest.consistent",
            "consistent: the log of {size} events (root {root}) extends the digest of "
            "{old_size} events taken {time} (root {old_root})",
            size=self.tree_size,
            root=self.root,
            old_size=self.old.tree_size,
            time=self.old.time.isoformat(),
            old_root=self.old.root,
        )

    @property
    def message(self) -> str:
        """What the check found, in the current language."""
        return str(self.said)


def check_consistency(app: Governance, old: Digest) -> Consistency:
    """Prove that the record's log extends ``old``: its first events give the old root,
    and every stored row is one of its events, in order (see `read_stored_log`)."""
    from governance.audit import verify  # noqa: PLC0415 (see verify_store)

    stored = read_stored_log(app)
    records = stored.event_records()
    hashes = leaf_hashes(records)
    damage = sorted({*stored.findings, *verify.check_records(stored.events, len(records))})
    if damage:
        return Consistency(old, len(hashes), merkle.root(hashes).hex(), (), altered(damage))
    size, root = len(hashes), merkle.root(hashes)
    if size < old.tree_size:
        last = records[-1]["position"] if records else 0
        problem: Message | None = msg(
            "digest.truncated",
            "the log was truncated: it has {size} events, up to position {last}; the digest "
            "of {time} covers {old_size}, up to position {old_last}",
            size=size,
            last=last,
            time=old.time.isoformat(),
            old_size=old.tree_size,
            old_last=old.last_position,
        )
        return Consistency(old, size, root.hex(), (), problem)
    proof = merkle.consistency_proof(old.tree_size, hashes)
    problem = None
    if not merkle.verify_consistency(old.tree_size, size, bytes.fromhex(old.root), root, proof):
        problem = msg(
            "digest.rewritten",
            "the log was rewritten: the first {old_size} events no longer give root "
            "{old_root} of the digest of {time}",
            old_size=old.tree_size,
            old_root=old.root,
            time=old.time.isoformat(),
        )
        first = _first_difference(records, hashes, old)
        if first is not None:
            problem = msg(
                "digest.first-difference",
                "{problem}; the first difference is at position {position}",
                problem=problem,
                position=first,
            )
    return Consistency(old, size, root.hex(), tuple(h.hex() for h in proof), problem)


def told(said: Said) -> Message:
    """A text of the offline verifier (``verify.py``, which has no catalog) as a message,
    which ``str()`` writes in the current language."""
    from governance.audit import verify  # noqa: PLC0415 (see verify_store)

    if not said.code:
        return as_message(said.english)
    values = {
        name: told(value)
        if isinstance(value, verify.Said)
        else value
        if isinstance(value, int)
        else str(value)
        for name, value in said.values
    }
    return msg(said.code, said.english, **values)


def altered(findings: Sequence[Finding]) -> Message:
    """The stored log was altered: the first five ``findings`` (in log order), and how many
    more there are."""
    shown = sorted(set(findings))
    listed = told(shown[0].told())
    for finding in shown[1:5]:
        listed = msg(
            "digest.then", "{before}; {finding}", before=listed, finding=told(finding.told())
        )
    if len(shown) > 5:
        return msg(
            "digest.altered-more",
            "the stored log was altered: {findings} (and {more} more)",
            findings=listed,
            more=len(shown) - 5,
        )
    return msg("digest.altered", "the stored log was altered: {findings}", findings=listed)


def _first_difference(
    records: Sequence[Mapping[str, Any]], hashes: Sequence[bytes], old: Digest
) -> int | None:
    for i, (position, leaf) in enumerate(old.leaves or ()):
        if i >= len(records) or (records[i]["position"], hashes[i].hex()) != (position, leaf):
            return position
    return None


def verify_store(
    app: Governance,
    digest: str | os.PathLike[str] | None = None,
    key: str | os.PathLike[str] | None = None,
) -> Verdict:
    """Check the stored log with the offline verifier, against a digest file if given."""
    # Imported here: ``python -m governance.audit.verify`` imports this package first, and
    # Python warns when the module it is to run has been imported already.
    from governance.audit import verify  # noqa: PLC0415

    findings: list[verify.Finding] = []
    digests = []
    with collector_paused():
        if digest is not None:
            loaded, findings = verify.read_digest(Path(digest), str(digest))
            digests = [(str(digest), loaded, False)] if loaded is not None else []
        stored = read_stored_log(app)
        findings += stored.findings
        return verify.verify(stored.events, digests, Path(key) if key else None, findings)


# --- keys and signatures -----------------------------------------------------------------


def create_file(path: Path, data: bytes, mode: int = 0o644, *, folder: int | None = None) -> Path:
    """Write a new file; refuse one that exists, or a symbolic link in its place. With
    ``folder``, a descriptor of the folder ``path`` is in, the file is made in that folder
    whatever its path names by now."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        if folder is None:
            descriptor = os.open(path, flags, mode)
        else:
            descriptor = os.open(path.name, flags, mode, dir_fd=folder)
    except FileExistsError:
        raise AuditError(
            msg("audit.exists", "{path} exists already; it is not overwritten", path=path)
        ) from None
    except OSError as error:
        raise AuditError(
            msg(
                "audit.cannot-create",
                "cannot create {path}: {strerror}",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return path


def generate_keys(folder: str | os.PathLike[str]) -> tuple[Path, Path]:
    """A new Ed25519 key pair in ``folder``: the private key (mode 600) and the public one."""
    target = Path(folder)
    private, public = target / PRIVATE_KEY_FILE, target / PUBLIC_KEY_FILE
    for path in (private, public):
        if path.exists() or path.is_symlink():
            raise AuditError(
                msg("audit.exists", "{path} exists already; it is not overwritten", path=path)
            )
    target.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    create_file(
        private,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        mode=0o600,
    )
    create_file(
        public,
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )
    return private, public


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM (PKCS 8) file or a file of its 32 raw bytes."""
    try:
        raw = Path(path).read_bytes()
        key = (
            serialization.load_pem_private_key(raw, password=None)
            if raw.lstrip().startswith(b"-----BEGIN")
            else Ed25519PrivateKey.from_private_bytes(raw)
        )
    except OSError as error:
        raise AuditError(
            msg(
                "audit.key-unreadable",
                "cannot read the key {path}: {strerror}",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    except (ValueError, TypeError) as error:
        raise AuditError(
            msg(
                "audit.not-a-key-because",
                "{path} is not an Ed25519 private key (PEM or 32 bytes): {error}",
                path=path,
                error=error,
            )
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditError(msg("audit.not-a-key", "{path} is not an Ed25519 private key", path=path))
    return key


def sign_digest(digest: Digest, key: Ed25519PrivateKey) -> Digest:
    """The digest with an Ed25519 signature over ``digest.signed_bytes()``."""
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    signature = Signature(public_key=public.hex(), value=key.sign(digest.signed_bytes()).hex())
    return attrs.evolve(digest, signature=signature)
