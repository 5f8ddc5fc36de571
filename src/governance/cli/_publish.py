"""The commands for what the chiefs and other systems read: ``decisions``, ``agenda``,
``report`` and the ``export`` group, each a thin layer over ``governance.publish`` and
the registers of ``governance.Governance``."""

from __future__ import annotations

import enum
import io
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from governance.cli._common import Format, escape, helped, paged
from governance.cli._main import (
    AsOfOption,
    FormatOption,
    JsonOption,
    KnownAtOption,
    StoreOption,
    _fail,
    _known_at,
    _open,
    _parse_date,
    _print_json,
    _read_known_at,
    err,
)
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _

if TYPE_CHECKING:  # --help loads neither the application nor a read model
    from governance.application import Governance
    from governance.projections.decisions import DecisionRow


class AgendaFormat(enum.StrEnum):
    md = "md"
    docx = "docx"
    yaml = "yaml"


class RegisterName(enum.StrEnum):
    tabled = "tabled"
    assignments = "assignments"
    obligations = "obligations"
    mandates = "mandates"
    meetings = "meetings"
    decisions = "decisions"


# --- decisions ------------------------------------------------------------------------


@helped(HELP["decisions"])
def decisions_command(
    body: Annotated[str | None, typer.Option("--body", help=_("Only this body."))] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help=_("Only decisions on or after this date.")),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar="WORD",
            help=_("Only decisions whose text or item title has it."),
        ),
    ] = None,
    known_at: KnownAtOption = None,
    store: StoreOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    from governance.cli._show import decisions_section
    from governance.cli._tables import chosen_format, print_tables, write_lines

    chosen = chosen_format(form, as_json)
    first = _parse_date(since)
    known = _read_known_at(known_at)
    record_store = _open(store)
    try:
        rows: tuple[DecisionRow, ...] = record_store.decisions(
            body=body, since=first, search=search, known_at=_known_at(record_store, known)
        )
    except GovernanceError as error:
        _fail(error)
    if chosen is Format.json:
        from governance.projections.decisions import decision_to_json

        _print_json({"decisions": [decision_to_json(row) for row in rows]})
    elif chosen is Format.table:
        with paged():
            print_tables([decisions_section(rows)])
    else:
        write_lines([decisions_section(rows)], chosen)


# --- agenda ---------------------------------------------------------------------------


@helped(HELP["agenda"])
def agenda_command(
    body: Annotated[str, typer.Argument(metavar="BODY", help=_("The body whose meeting it is."))],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=_("The meeting's date. Default: the first meeting announced after its last."),
        ),
    ] = None,
    output_format: Annotated[
        AgendaFormat, typer.Option("--format", help=_("Markdown, Word, or a minutes file."))
    ] = AgendaFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help=_("Write here (docx default: agenda-BODY-DATE.docx)."),
        ),
    ] = None,
    known_at: KnownAtOption = None,
    store: StoreOption = None,
) -> None:
    from governance import publish

    day = _parse_date(on)
    known = _read_known_at(known_at)
    record_store = _open(store)
    try:
        agenda = publish.build_agenda(
            record_store, body, on=day, known_at=_known_at(record_store, known)
        )
    except GovernanceError as error:
        _fail(error)
    if output_format is AgendaFormat.docx:
        target = output or Path(f"agenda-{body}-{agenda.on.isoformat()}.docx")
        publish.agenda_docx(agenda, target)
        err.print(escape(publish.written(agenda.meeting_id, target)))
        return
    render = publish.agenda_yaml if output_format is AgendaFormat.yaml else publish.agenda_markdown
    _write_text(render(agenda), output)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


# --- report ---------------------------------------------------------------------------


@helped(HELP["report"])
def report_command(
    output: Annotated[
        Path, typer.Option("--output", metavar="FILE.html", help=_("Where to write the page."))
    ],
    body: Annotated[str | None, typer.Option("--body", help=_("Only this body."))] = None,
    year: Annotated[
        int | None, typer.Option("--year", help=_("Only this year's figures."))
    ] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
) -> None:
    from governance.publish import report_html, written_report

    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        page = report_html(record_store, body=body, year=year, as_of=day)
    except GovernanceError as error:
        _fail(error)
    output.write_text(page, encoding="utf-8")
    err.print(escape(written_report(output)))


# --- export ---------------------------------------------------------------------------

export_app = typer.Typer(name="export", help=HELP["export"], no_args_is_help=True)
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", metavar="FILE", help=_("Write here instead of to standard output.")),
]
BodyOption = Annotated[str | None, typer.Option("--body", help=_("Only this body."))]
RegisterOption = Annotated[
    RegisterName, typer.Option("--register", help=_("Which register: one row per entry."))
]


def _export(
    make: Callable[[Governance, date | None], bytes],
    as_of: str | None,
    store: str | None,
    output: Path | None,
) -> None:
    """What every export does: read the date, open the store, make the bytes, write them
    to ``output`` (saying so) or to standard output."""
    from governance.publish import written_file

    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        data = make(record_store, day)
    except GovernanceError as error:
        _fail(error)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        err.print(escape(written_file(output)))


@export_app.command(
    "ical", help=_("Meetings (VEVENT) and assignments and obligations (VTODO) as iCalendar.")
)
def export_ical_command(
    body: BodyOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    from governance.publish import export_ical

    _export(lambda record, day: export_ical(record, body=body, as_of=day), as_of, store, output)


@export_app.command(
    "csv", help=_("A register as CSV (UTF-8 with a byte-order mark, so Excel reads å, ä, ö).")
)
def export_csv_command(
    register: RegisterOption,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    delimiter: Annotated[
        str, typer.Option("--delimiter", help=_("The field separator (Swedish Excel: ';')."))
    ] = ",",
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    from governance.publish import register_table, write_csv

    def make(record: Governance, day: date | None) -> bytes:
        text = io.StringIO(newline="")
        write_csv(
            register_table(record, register.value, body=body, as_of=day), text, delimiter=delimiter
        )
        return text.getvalue().encode("utf-8-sig")

    _export(make, as_of, store, output)


@export_app.command("xlsx", help=_("A register as an Excel workbook, dates as dates."))
def export_xlsx_command(
    register: RegisterOption,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="FILE", help=_("Default: REGISTER.xlsx here.")),
    ] = None,
    store: StoreOption = None,
) -> None:
    from governance.publish import register_table, write_xlsx

    def make(record: Governance, day: date | None) -> bytes:
        workbook = io.BytesIO()
        write_xlsx(register_table(record, register.value, body=body, as_of=day), workbook)
        return workbook.getvalue()

    _export(make, as_of, store, output or Path(f"{register.value}.xlsx"))


@export_app.command(
    "popolo", help=_("Bodies, memberships, meetings and decisions as Popolo JSON (open data).")
)
def export_popolo_command(
    include_names: Annotated[
        bool,
        typer.Option(
            "--include-names", help=_("Include members' names (they are private persons).")
        ),
    ] = False,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    from governance.publish import export_popolo

    def make(record: Governance, day: date | None) -> bytes:
        data = export_popolo(record, include_names=include_names, as_of=day)
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    _export(make, as_of, store, output)
