"""``governance draft``: a minutes (or mandate) file drafted from a protocol, never recorded."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from governance.domain.errors import GovernanceError

err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(error: GovernanceError | str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(error))}")
    raise typer.Exit(1)


def _date(value: str | None) -> date | None:
    """``--date`` in the forms minutes files take (2024-03-12 or 240312)."""
    if value is None:
        return None
    from governance.minutes import read_date

    try:
        return read_date(value)
    except GovernanceError as error:
        raise typer.BadParameter(str(error), param_hint="--date") from None


def draft_command(
    file: Annotated[
        Path, typer.Argument(help="The protocol or mandate: .txt, .md, .docx or .pdf.")
    ],
    mandate: Annotated[
        bool, typer.Option("--mandate", help="Read a mandate (uppdragsbeskrivning).")
    ] = False,
    body: Annotated[
        str | None,
        typer.Option("--body", metavar="ID", help="The body's id, if the heading lacks it."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The date, if the text lacks it."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="OUT", help="Write the draft here (not over a file)."),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Match the body and names against what this store has registered.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Draft a minutes file (or with --mandate, a mandate) from a protocol.

    Each entry cites its line (# rad N: "…"); what needs checking says why
    (# osäker: …). Nothing is recorded: check the draft, then record it.
    """
    from governance.application import Governance
    from governance.draft import draft_mandate, draft_minutes

    given_date = _date(on)
    if output is not None and output.exists():
        _fail(f"{output} exists already; choose another --output")
    drafting = draft_mandate if mandate else draft_minutes
    if (
        store is not None
        and "://" not in store
        and store != "memory:"
        and not Path(store).exists()
    ):
        _fail(f"no store at {store}: record the bodies there first, or leave out --store")
    try:
        record_store = Governance(store) if store is not None else None
        drafted = drafting(file, body=body, date=given_date, store=record_store)
    except GovernanceError as error:
        _fail(error)
    text = (
        json.dumps(drafted.to_json(), ensure_ascii=False, indent=2) + "\n"
        if as_json
        else drafted.to_yaml()
    )
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    err.print(
        f"{escape(str(output))}: {len(drafted.sources)} entries cited, "
        f"{len(drafted.unsure)} to check (# osäker)"
    )
