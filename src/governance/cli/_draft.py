"""``governance draft``: a minutes (or mandate) file drafted from a protocol, never recorded."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from governance.cli._common import console, escape, helped
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _
from governance.i18n import ngettext

err = console(stderr=True, highlight=False, soft_wrap=True)


def _fail(error: GovernanceError | str) -> NoReturn:
    err.print(f"[bold red]{escape(_('error:'))}[/] {escape(str(error))}")
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


@helped(HELP["draft"])
def draft_command(
    file: Annotated[
        Path, typer.Argument(help=_("The protocol or mandate: .txt, .md, .docx or .pdf."))
    ],
    mandate: Annotated[
        bool, typer.Option("--mandate", help=_("Read a mandate (uppdragsbeskrivning)."))
    ] = False,
    body: Annotated[
        str | None,
        typer.Option("--body", metavar="ID", help=_("The body's id, if the heading lacks it.")),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help=_("The date, if the text lacks it.")),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="OUT", help=_("Write the draft here (not over a file).")),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help=_("Match the body and names against what this store has registered."),
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON."))] = False,
) -> None:
    from governance.application import Governance
    from governance.draft import draft_mandate, draft_minutes

    given_date = _date(on)
    if output is not None and output.exists():
        _fail(_("{output} exists already; choose another --output").format(output=output))
    drafting = draft_mandate if mandate else draft_minutes
    if (
        store is not None
        and "://" not in store
        and store != "memory:"
        and not Path(store).exists()
    ):
        _fail(
            _("no store at {store}: record the bodies there first, or leave out --store").format(
                store=store
            )
        )
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
    cited = ngettext("{n} entry cited", "{n} entries cited", len(drafted.sources)).format(
        n=len(drafted.sources)
    )
    unsure = ngettext("{n} to check", "{n} to check", len(drafted.unsure)).format(
        n=len(drafted.unsure)
    )
    err.print(
        escape(
            _("{file}: {cited}, {unsure} (# osäker)").format(
                file=output, cited=cited, unsure=unsure
            )
        )
    )
