"""Export the stored log for an auditor: events, digest, a README and the verifier.

``export_log(app, folder)`` writes into a new (or empty) folder:

- ``events.jsonl``: every stored row, one JSON object a line, in log order, with
  ``position``, ``originator_id``, ``originator_version``, ``topic`` and ``state``, the
  stored bytes as text (``state_base64`` instead when they are not UTF-8), a NULL column
  as null;
- ``digest.json``: the digest of the events those rows hold, with every leaf: a row the
  tree cannot cover (at position 0 or below, or damaged) is written all the same, for
  ``verify.py`` to name;
- ``README.md``: what the files are and how to check them;
- ``verify.py``: the offline verifier, standard library only.

The folder is refused when it is a symbolic link, when its path has ``..`` parts or
passes through a symbolic link, and when it holds anything already. The checked folder
is then opened once, name by name from the root, never following a symbolic link, and
every file is made through that descriptor (``dir_fd``, ``O_NOFOLLOW``, ``O_EXCL``): a
symbolic link put in its place after the check leads nothing elsewhere. Files are
created new, never overwritten, and on failure the ones written are removed again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance.audit.digest import (
    AuditError,
    Digest,
    Record,
    create_file,
    digest_of,
    read_stored_log,
    sign_digest,
)
from governance.domain.messages import msg

if TYPE_CHECKING:
    from governance.application import Governance
    from governance.audit.verify import Finding

EXPORT_FILES = ("events.jsonl", "digest.json", "README.md", "verify.py")
_LINE_FIELDS = ("position", "originator_id", "originator_version", "topic")


class ExportError(AuditError):
    """An export folder that is refused; nothing was written."""


@attrs.frozen
class Export:
    """What ``export_log`` wrote."""

    folder: Path
    digest: Digest
    files: tuple[Path, ...]
    #: What is wrong with the rows the tree cannot cover, first position first (written
    #: to events.jsonl all the same, for verify.py to name).
    damage: tuple[Finding, ...] = ()


def export_log(
    app: Governance,
    folder: str | os.PathLike[str],
    *,
    key: Ed25519PrivateKey | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Export:
    """Write the record's stored log, its digest (signed with ``key``), a README and the
    verifier into ``folder``. Raises ``ExportError`` for a folder it will not write to."""
    target = export_folder(folder)
    parent, opened, created = _open_folder(target, folder)
    written: list[Path] = []
    try:
        stored = read_stored_log(app, records=True)
        time = (clock or (lambda: datetime.now(UTC)))().astimezone(UTC).replace(microsecond=0)
        digest = digest_of(stored.event_records(), time=time)
        if key is not None:
            digest = sign_digest(digest, key)
        contents = {
            "events.jsonl": "".join(event_line(r) + "\n" for r in stored.records).encode(),
            "digest.json": digest.to_json().encode(),
            "README.md": _readme(digest).encode(),
            "verify.py": resources.files("governance.audit").joinpath("verify.py").read_bytes(),
        }
        for name in EXPORT_FILES:
            written.append(create_file(target / name, contents[name], folder=opened))
    except BaseException:
        for path in written:
            os.unlink(path.name, dir_fd=opened)
        if created:
            os.rmdir(target.name, dir_fd=parent)
        raise
    finally:
        os.close(opened)
        os.close(parent)
    damage = tuple(sorted(set(stored.findings)))
    return Export(target, digest, tuple(written), damage)


_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _open_folder(path: Path, given: str | os.PathLike[str]) -> tuple[int, int, bool]:
    """Descriptors of the parent of ``path`` (absolute) and of ``path`` itself, and
    whether it was made here (with any missing parents). Each name of the path is opened
    in the folder opened before it, from the root on, never following a symbolic link:
    what a path names can change after `export_folder` checked it (a symbolic link put in
    its place), what a descriptor names cannot. Every file is then made in the folder
    through its descriptor, so nothing is written outside it."""
    if len(path.parts) < 2:
        raise ExportError(
            msg("export.not-its-own", "refusing {given}: give a folder of its own", given=given)
        )
    *ancestors, last = path.parts[1:]
    descriptors = [os.open(path.anchor, _FOLDER)]
    try:
        for name in ancestors:
            _make(descriptors[-1], name)
            descriptors.append(_open_in(descriptors[-1], name, given))
            os.close(descriptors.pop(-2))
        created = _make(descriptors[-1], last)
        descriptors.append(_open_in(descriptors[-1], last, given))
    except BaseException as error:
        for descriptor in descriptors:
            os.close(descriptor)
        if isinstance(error, OSError):
            raise ExportError(
                msg(
                    "export.cannot-create",
                    "cannot create {given}: {strerror}",
                    given=given,
                    strerror=error.strerror,
                )
            ) from None
        raise
    parent, opened = descriptors
    if os.listdir(opened):
        os.close(opened)
        os.close(parent)
        raise ExportError(
            msg(
                "export.not-new",
                "refusing {given}: it is not empty; an export goes into a new folder",
                given=given,
            )
        )
    return parent, opened, created


def _make(parent: int, name: str) -> bool:
    try:
        os.mkdir(name, 0o755, dir_fd=parent)
    except FileExistsError:
        return False
    return True


def _open_in(parent: int, name: str, given: str | os.PathLike[str]) -> int:
    try:
        return os.open(name, _FOLDER, dir_fd=parent)
    except OSError as error:
        raise ExportError(
            msg(
                "export.path-changed",
                "refusing {given}: '{name}' on its path is no longer a folder, or became a "
                "symbolic link, after it was checked ({strerror})",
                given=given,
                name=name,
                strerror=error.strerror,
            )
        ) from None


def event_line(record: Record) -> str:
    """One line of events.jsonl: the fields in a fixed order, UTF-8 left readable."""
    ordered = {name: record[name] for name in _LINE_FIELDS}
    ordered.update({k: v for k, v in record.items() if k not in _LINE_FIELDS})
    return json.dumps(ordered, ensure_ascii=False)


def export_folder(folder: str | os.PathLike[str]) -> Path:
    """The absolute folder to export into, or ``ExportError`` saying why it is refused."""
    given = Path(folder)
    if ".." in given.parts:
        raise ExportError(
            msg(
                "export.dot-dot",
                "refusing {folder}: a path with '..' can lead outside the folder it names; give "
                "the folder's own path",
                folder=folder,
            )
        )
    path = Path(os.path.abspath(given))
    if path.is_symlink():
        raise ExportError(
            msg(
                "export.symbolic-link",
                "refusing {folder}: it is a symbolic link (to {target}); give the real folder",
                folder=folder,
                target=os.readlink(path),
            )
        )
    if path.resolve() != path:
        raise ExportError(
            msg(
                "export.through-link",
                "refusing {folder}: its path passes through a symbolic link and leads to "
                "{target}; give that path if it is the one you mean",
                folder=folder,
                target=path.resolve(),
            )
        )
    if path.exists() and not path.is_dir():
        raise ExportError(
            msg(
                "export.not-a-folder",
                "refusing {folder}: it exists and is not a folder",
                folder=folder,
            )
        )
    if path.exists():
        present = sorted(entry.name for entry in path.iterdir())
        if present:
            shown = ", ".join(present[:3]) + (", ..." if len(present) > 3 else "")
            raise ExportError(
                msg(
                    "export.not-empty",
                    "refusing {folder}: it is not empty ({shown}); an export goes into a new or "
                    "empty folder and never overwrites a file",
                    folder=folder,
                    shown=shown,
                )
            )
    return path


def _readme(digest: Digest) -> str:
    signed = (
        f"It is signed with the Ed25519 key whose public half is `{digest.signature.public_key}`"
        " (hex); check it with `--key` and the public key file you were given."
        if digest.signature
        else "It is not signed."
    )
    return f"""\
# Audit export of a governance record

Written by `governance audit export` on {digest.time.isoformat()}: {digest.tree_size} stored
events, up to log position {digest.last_position}.

- `events.jsonl`: every stored event, one JSON object a line, in log order: `position`,
  `originator_id`, `originator_version`, `topic`, and `state`, the stored bytes as text
  (`state_base64` when they are not UTF-8);
- `digest.json`: the digest of exactly these events: tree size, Merkle root (RFC 9162),
  last position, time, and each leaf's position and hash;
- `verify.py`: the verifier, for Python 3.8 or later, standard library only
  (`cryptography` to check a signature).

Merkle root: `{digest.root}`. {signed}

## Check it

```sh
python3 verify.py .
python3 verify.py . --digest PUBLISHED-DIGEST.json --key PUBLIC-KEY.pem
```

The first checks every line and that the events give `digest.json`. That alone proves
little: whoever could change `events.jsonl` could write a new `digest.json` too. The
second also checks the events against a digest published earlier (the export must extend
it) and that digest's signature. Exit 0 prints `intact: N events, root ...`; exit 1
names the first bad position and what is wrong.

The leaf of an event is the canonical JSON (keys sorted, no spaces, ASCII) of
`originator_id`, `originator_version`, `position`, `topic` and `state_sha256`, the SHA-256
of the stored state bytes in hex; `verify.py` is short and says the rest. The auditor's
guide of the governance package (docs/auditing.md) explains every check and message.
"""
