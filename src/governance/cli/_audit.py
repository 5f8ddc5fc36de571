"""``governance audit …``: digests, consistency, export and verification of the stored log.

Exit status: 0 done (or intact, or consistent), 1 a problem found or an error, 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from governance.cli._common import STORE_VARIABLE, fail, open_store
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _
from governance.i18n import ngettext

if TYPE_CHECKING:
    from datetime import datetime

    from governance.application import Governance
    from governance.audit.digest import Digest
    from governance.audit.verify import Said


audit_app = typer.Typer(
    name="audit",
    help=HELP["audit"],
    no_args_is_help=True,
)

_STORE_HELP = _(
    "Where the record is: a SQLite file (default governance.db), "
    "postgresql://user@host/db, or memory:."
)
StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar=STORE_VARIABLE, help=_STORE_HELP, show_default=False),
]
SignOption = Annotated[
    Path | None,
    typer.Option(
        "--sign",
        metavar="KEYFILE",
        help=_("Sign the digest with this Ed25519 private key (PEM or 32 raw bytes)."),
    ),
]


_fail = fail


def _open(store: str | None) -> Governance:
    """An existing store: auditing must not create an empty one where none was."""
    return open_store(store)


def _count(n: int) -> str:
    return ngettext("{n} event", "{n} events", n).format(n=n)


def _moment(moment: datetime) -> str:
    """A moment in local time, to the second, with its offset from UTC."""
    return moment.astimezone().isoformat(sep=" ", timespec="seconds")


def _describe(digest: Digest) -> list[str]:
    signed = (
        _("signed: Ed25519, public key {key}").format(key=digest.signature.public_key)
        if digest.signature
        else _("not signed")
    )
    return [
        _("tree size: {events}, up to position {position}").format(
            events=_count(digest.tree_size), position=digest.last_position
        ),
        _("root: {root}").format(root=digest.root),
        _("time: {time}").format(time=_moment(digest.time)),
        signed,
    ]


def _said(said: Said) -> str:
    """A text of the offline verifier in the chosen language."""
    from governance.audit.digest import told

    return str(told(said))


@audit_app.command(
    "digest",
    help=_(
        "The digest of the stored log: tree size, Merkle root, last position and time.\n\n"
        "Publish it, or keep it where whoever runs the store cannot change it: a later "
        "`governance audit consistency` or `governance audit verify --digest` shows whether "
        "the log still extends it."
    ),
)
def digest_command(
    store: StoreOption = None,
    sign: SignOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help=_("Write the digest file here (new).")
        ),
    ] = None,
    root_only: Annotated[
        bool,
        typer.Option(
            "--root-only",
            help=_("Leave out the leaves: smaller, but cannot name a position."),
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the digest file."))] = False,
) -> None:
    """The digest of the stored log (the help above says what it holds)."""
    from governance.audit.digest import load_private_key, sign_digest, take_digest, write_digest

    app = _open(store)
    try:
        digest = take_digest(app, leaves=not root_only)
        if sign is not None:
            digest = sign_digest(digest, load_private_key(sign))
        if output is not None:
            write_digest(digest, output)
    except GovernanceError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(digest.to_json())
        return
    if output is not None:
        typer.echo(
            _("digest of {events} written to {file}").format(
                events=_count(digest.tree_size), file=output
            )
        )
    for line in _describe(digest):
        typer.echo(line)


@audit_app.command(
    "keygen",
    help=_("Create an Ed25519 key pair for signing digests (never overwrites a file)."),
)
def keygen(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help=_("Folder for the key files."))],
) -> None:
    """Create a key pair for signing digests."""
    from governance.audit.digest import generate_keys

    try:
        private, public = generate_keys(folder)
    except GovernanceError as error:
        _fail(error)
    typer.echo(
        _("private key: {file} (keep it secret; sign with --sign {file})").format(file=private)
    )
    typer.echo(
        _("public key: {file} (give it to auditors; they check with --key {file})").format(
            file=public
        )
    )


@audit_app.command(
    "consistency",
    help=_(
        "Prove that the stored log extends an older digest (RFC 9162 consistency proof).\n\n"
        "Exit 0: the events the old digest covers are unchanged. Exit 1: the log was "
        "truncated or its past rewritten, even if the whole database was replaced."
    ),
)
def consistency(
    old: Annotated[
        Path, typer.Argument(metavar="OLD-DIGEST", help=_("A digest file taken earlier."))
    ],
    store: StoreOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print the result and the proof as JSON."))
    ] = False,
) -> None:
    """Prove that the stored log extends an older digest (the help above says how)."""
    from governance.audit.digest import check_consistency, read_digest
    from governance.i18n import translate

    try:
        result = check_consistency(_open(store), read_digest(old))
    except GovernanceError as error:
        _fail(error)
    if as_json:
        data = {
            "consistent": result.consistent,
            "message": translate(result.said, "en"),
            "old": {"tree_size": result.old.tree_size, "root": result.old.root},
            "new": {"tree_size": result.tree_size, "root": result.root},
            "proof": list(result.proof),
        }
        import json

        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        typer.echo(result.message)
    raise typer.Exit(0 if result.consistent else 1)


@audit_app.command(
    "export",
    help=_(
        "Write the stored log for an auditor: events.jsonl, digest.json, README.md, "
        "verify.py.\n\n"
        "Refuses a folder that is a symbolic link, a path with '..' or through a symbolic "
        "link, and a folder that holds anything; it never overwrites a file."
    ),
)
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help=_("A new or empty folder."))],
    store: StoreOption = None,
    sign: SignOption = None,
) -> None:
    """Write the stored log for an auditor (the help above says what is refused)."""
    from governance.audit.digest import load_private_key
    from governance.audit.export import export_log

    app = _open(store)
    try:
        key = load_private_key(sign) if sign is not None else None
        result = export_log(app, folder, key=key)
    except GovernanceError as error:
        _fail(error)
    typer.echo(
        _("exported {events} to {folder}").format(
            events=_count(result.digest.tree_size), folder=folder
        )
    )
    typer.echo(_("root: {root}").format(root=result.digest.root))
    typer.echo(
        _("check it with: {command}").format(command=f"python3 {folder / 'verify.py'} {folder}")
    )
    if result.damage:
        from governance.audit.digest import altered

        _fail(
            _(
                "{altered}; the export holds every row: run 'governance audit verify' to see "
                "what changed"
            ).format(altered=altered(result.damage))
        )


@audit_app.command(
    "verify",
    help=_(
        'Recompute everything and compare: exit 0 "intact: N events, root …", or exit 1 '
        "naming the first bad position and what is wrong.\n\n"
        "With DIR, an export (as the export's verify.py does); otherwise the store."
    ),
)
def verify_command(
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help=_("An export folder; without it, the store.")),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help=_("Verify this store instead. {where}").format(where=_STORE_HELP)
        ),
    ] = None,
    digest: Annotated[
        Path | None,
        typer.Option(
            "--digest", metavar="FILE", help=_("A digest taken earlier to check against.")
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", metavar="PUBKEY", help=_("Ed25519 public key that signed it (PEM).")
        ),
    ] = None,
) -> None:
    """Recompute everything and compare (the help above says the exit statuses)."""
    from governance.audit import verify
    from governance.audit.digest import verify_store

    if folder is not None and store is not None:
        raise typer.BadParameter(_("give an export folder or --store, not both"))
    if folder is not None:
        verdict = verify.verify_export(folder, digest, key)
    else:
        verdict = verify_store(_open(store), digest, key)
    typer.echo(verdict.report(_said))
    raise typer.Exit(0 if verdict.intact else 1)
