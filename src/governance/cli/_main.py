"""The top-level commands: ``record``, ``status``, ``history``, ``demo``.

Exit status: 0 done (warnings allowed), 1 input or rule error (nothing recorded),
2 usage. ``--json`` output follows the v1 contract in docs/minutes-format.md.
"""

from __future__ import annotations

import enum
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import structlog
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from governance.application import Governance, RecordOutcome
from governance.cli._audit import audit_app
from governance.cli._follow import follow_command
from governance.demo import demo_files
from governance.domain.errors import GovernanceError, format_path
from governance.minutes import MinutesFile, parse_file
from governance.projections import History, Status, history_to_json, status_to_json
from governance.projections.decisions import DecisionRow, decision_to_json
from governance.store.url import STORE_VARIABLE

app = typer.Typer(
    name="governance",
    help="Record what governing bodies do, and see what is open, owed and overdue.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: The date the bundled demo is looked at from, unless --as-of says otherwise.
DEMO_AS_OF = date(2024, 12, 31)
PROGRESS_FROM = 5

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=STORE_VARIABLE,
        help="Where the record is: a SQLite file (default governance.db), "
        "postgresql://user@host/db, or memory:.",
        show_default=False,
    ),
]


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


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (the v1 contract).")]


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got '{value}'") from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Valid time: the state on this date (YYYY-MM-DD). Default: today.",
    ),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="POSITION|TIMESTAMP|DIGEST-FILE",
        help="Transaction time: the record as it stood at a log position, at a moment "
        "(2023-12-01 or 2023-12-01T09:00:00+00:00; a date means the end of that day, UTC), "
        "or as a digest file covers it.",
    ),
]


def _known_at(record_store: Governance, value: str | None) -> int | None:
    """The log position ``--known-at`` names."""
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    if Path(value).is_file():
        from governance.audit import position_of_digest

        try:
            return position_of_digest(value)
        except GovernanceError as error:
            _fail(error)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a log position, a timestamp or a digest file, got '{value}'",
            param_hint="--known-at",
        ) from None
    if len(value) == 10:
        moment = datetime.combine(moment.date(), time.max, tzinfo=UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return record_store.position_at(moment)


def _fail(error: GovernanceError) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(error))}")
    raise typer.Exit(1)


def _open(store: str | None) -> Governance:
    try:
        return Governance(store)
    except GovernanceError as error:
        _fail(error)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- record ---------------------------------------------------------------------------


def _parse_all(paths: Sequence[Path]) -> list[MinutesFile]:
    files: list[MinutesFile] = []
    show = sys.stderr.isatty() and len(paths) >= PROGRESS_FROM
    with Progress(console=err, disable=not show, transient=True) as progress:
        task = progress.add_task("Reading minutes", total=len(paths))
        for path in paths:
            files.append(parse_file(path))
            progress.advance(task)
    return files


def _outcome_json(outcome: RecordOutcome) -> dict[str, Any]:
    return {
        "file": outcome.source,
        "new": outcome.is_new,
        "positions": list(outcome.positions),
        "documents": [
            {
                "document": document.number,
                "kind": document.kind,
                "id": document.subject,
                "events": len(document.events),
            }
            for document in outcome.documents
        ],
        "warnings": [
            {"path": format_path(notice.path), "message": notice.message}
            for notice in outcome.notices
        ],
    }


def _print_outcome(outcome: RecordOutcome) -> None:
    if not outcome.is_new:
        out.print(f"{escape(outcome.source)}: nothing new (already recorded)")
    for document in outcome.documents:
        if document.is_new:
            out.print(
                f"{escape(outcome.source)}: recorded {document.kind} {escape(document.subject)} "
                f"({_count(len(document.events), 'event')})"
            )
    for notice in outcome.notices:
        where = f" {format_path(notice.path)}" if notice.path else ""
        err.print(f"[yellow]warning:[/] {escape(f'{outcome.source}{where}: {notice.message}')}")


@app.command()
def record(
    files: Annotated[list[Path], typer.Argument(help="Minutes files (.yaml, .yml, .json).")],
    correct: Annotated[
        str | None,
        typer.Option(
            "--correct",
            metavar="REASON",
            help="Correct minutes already recorded to what these files say, for this reason.",
        ),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record minutes files, in the order given, all in one transaction.

    Every file is read and checked first; if any file is bad or breaks a rule,
    nothing is recorded. Recording a file again records nothing new. Minutes already
    recorded are changed only with --correct: the difference is recorded as a
    correction, and the original stays in the log.
    """
    record_store = _open(store)
    try:
        outcomes = record_store.record_minutes(*_parse_all(files), correct=correct)
    except GovernanceError as error:
        _fail(error)
    if as_json:
        _print_json({"files": [_outcome_json(outcome) for outcome in outcomes]})
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
    if record_store.keeps_nothing:
        typer.echo(
            "note: the memory: store keeps nothing once this command ends; give a file "
            "path or a postgresql:// URL to keep the record",
            err=True,
        )


# --- status ---------------------------------------------------------------------------


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> Table:
    """A table whose cells are plain text: brackets in titles are not markup."""
    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in row))
    return table


_STATUS_STYLE = {"overdue": "bold red", "due": "yellow", "fulfilled": "green", "done": "green"}


def _styled(status: str) -> Text:
    return Text(status, style=_STATUS_STYLE.get(status, ""))


def _print_status(data: dict[str, Any], *, include_all: bool = False) -> None:
    out.print(Text(f"Status as of {data['as_of']}", style="bold"))
    tabled = data["tabled_items"]
    out.print(
        _table(
            f"Tabled items ({len(tabled)})",
            ["id", "title", "tabled on", "times", "due", "status"],
            [
                [
                    r["id"],
                    r["title"] or "",
                    r["tabled_on"],
                    str(r["times_tabled"]),
                    r["due"],
                    _styled(r["status"]),
                ]
                for r in tabled
            ],
        )
    )
    assignments = data["assignments"]
    out.print(
        _table(
            f"Assignments ({len(assignments)})",
            ["id", "to", "task", "given on", "due", "status"],
            [
                [
                    r["id"],
                    ", ".join(r["to"]),
                    r["task"],
                    r["given_on"],
                    r["due"],
                    _styled(r["status"]),
                ]
                for r in assignments
            ],
        )
    )
    obligations = data["obligations"]
    settled = [r for r in obligations if r["status"] in ("fulfilled", "waived")]
    if not include_all:
        obligations = [r for r in obligations if r not in settled]
    out.print(
        _table(
            f"Obligations ({len(obligations)})",
            ["mandate", "obligation", "kind", "period", "progress", "status"],
            [
                [
                    r["mandate"],
                    r["obligation"],
                    r["kind"],
                    r["period"],
                    _progress(r),
                    _styled(r["status"]),
                ]
                for r in obligations
            ],
        )
    )
    if settled and not include_all:
        out.print(f"({len(settled)} fulfilled or waived obligations not shown; --all shows them)")
    mandates = data["mandates"]
    out.print(
        _table(
            f"Mandates ({len(mandates)})",
            ["id", "issued to", "valid from", "valid to", "status"],
            [
                [r["id"], r["issued_to"], r["valid_from"], r["valid_to"] or "", r["status"]]
                for r in mandates
            ],
        )
    )


def _progress(row: dict[str, Any]) -> str:
    if "required" in row:
        return f"{row.get('count', 0)} of {row['required']} meetings"
    if row.get("fulfilled_on"):
        late = " (late)" if row.get("late") else ""
        return f"done {row['fulfilled_on']}{late}"
    if row.get("due_on"):
        return f"by {row['due_on']}"
    return ""


@app.command()
def status(
    body: Annotated[str | None, typer.Option("--body", help="Only this body.")] = None,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    include_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Also done and cancelled assignments, fulfilled and waived obligations."
        ),
    ] = False,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open and overdue tabled items, assignments and obligations; mandates."""
    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        result: Status = record_store.status(
            as_of=day,
            body=body,
            include_all=include_all,
            known_at=_known_at(record_store, known_at),
        )
    except GovernanceError as error:
        _fail(error)
    data = status_to_json(result)
    if as_json:
        _print_json(data)
    else:
        _print_status(data, include_all=include_all)


# --- history --------------------------------------------------------------------------


@app.command("history")
def history_command(
    subject: Annotated[
        str, typer.Argument(metavar="ID", help="An item, assignment, mandate, meeting or body id.")
    ],
    known_at: KnownAtOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The dated timeline of an item, assignment, mandate, meeting or body."""
    record_store = _open(store)
    try:
        timeline: History = record_store.history(
            subject, known_at=_known_at(record_store, known_at)
        )
    except GovernanceError as error:
        _fail(error)
    data = history_to_json(timeline)
    if as_json:
        _print_json(data)
        return
    out.print(
        _table(
            f"History of {data['kind']} {data['id']}",
            ["occurred on", "type", "what", "position", "recorded at"],
            [
                [
                    e["occurred_on"],
                    e["type"],
                    e["summary"]
                    + (f" [retracted by {e['retracted_by']}]" if "retracted_by" in e else ""),
                    str(e["position"]),
                    e["recorded_at"],
                ]
                for e in data["entries"]
            ],
        )
    )


# --- decisions ------------------------------------------------------------------------


@app.command("decisions")
def decisions_command(
    body: Annotated[str | None, typer.Option("--body", help="Only this body.")] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only decisions on or after this date."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", metavar="WORD", help="Only decisions whose text or item title has it."
        ),
    ] = None,
    known_at: KnownAtOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The decisions register: every decision, with its item and meeting."""
    first = _parse_date(since)
    record_store = _open(store)
    try:
        rows: tuple[DecisionRow, ...] = record_store.decisions(
            body=body, since=first, search=search, known_at=_known_at(record_store, known_at)
        )
    except GovernanceError as error:
        _fail(error)
    if as_json:
        _print_json({"decisions": [decision_to_json(row) for row in rows]})
        return
    out.print(
        _table(
            f"Decisions ({len(rows)})",
            ["decided on", "item", "title", "decision"],
            [[r.decided_on.isoformat(), r.item, r.title or "", r.text] for r in rows],
        )
    )


# --- agenda ---------------------------------------------------------------------------


@app.command("agenda")
def agenda_command(
    body: Annotated[str, typer.Argument(metavar="BODY", help="The body whose meeting it is.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The meeting's date. Default: the first meeting announced after its last.",
        ),
    ] = None,
    output_format: Annotated[
        AgendaFormat, typer.Option("--format", help="Markdown, Word, or a minutes file.")
    ] = AgendaFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", metavar="FILE", help="Write here (docx default: agenda-BODY-DATE.docx)."
        ),
    ] = None,
    known_at: KnownAtOption = None,
    store: StoreOption = None,
) -> None:
    """The draft agenda of a body's next meeting: what it must take up.

    Tabled items due there or overdue, assignments to report on, obligations to the
    issuer, items referred to the body, between the standing items. --format yaml
    writes a minutes file of the meeting with those items in place.
    """
    from governance import publish

    day = _parse_date(on)
    record_store = _open(store)
    try:
        agenda = publish.build_agenda(
            record_store, body, on=day, known_at=_known_at(record_store, known_at)
        )
    except GovernanceError as error:
        _fail(error)
    if output_format is AgendaFormat.docx:
        target = output or Path(f"agenda-{body}-{agenda.on.isoformat()}.docx")
        publish.agenda_docx(agenda, target)
        err.print(publish.written(agenda.meeting_id, target))
        return
    render = publish.agenda_yaml if output_format is AgendaFormat.yaml else publish.agenda_markdown
    _write_text(render(agenda), output)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


# --- report ---------------------------------------------------------------------------


@app.command("report")
def report_command(
    output: Annotated[
        Path, typer.Option("--output", metavar="FILE.html", help="Where to write the page.")
    ],
    body: Annotated[str | None, typer.Option("--body", help="Only this body.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this year's figures.")] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
) -> None:
    """A report for the chiefs: one self-contained HTML page (offline, prints on A4).

    Per body: obligations per year, charts, the forgotten tabled items and overdue
    assignments with their timelines; at the foot, the log position and Merkle root.
    """
    from governance.publish import report_html, written_export

    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        page = report_html(record_store, body=body, year=year, as_of=day)
    except GovernanceError as error:
        _fail(error)
    output.write_text(page, encoding="utf-8")
    err.print(written_export("the report", output))


# --- export ---------------------------------------------------------------------------

export_app = typer.Typer(
    help="Calendars, spreadsheets and open data from the record.", no_args_is_help=True
)
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", metavar="FILE", help="Write here instead of to standard output."),
]
BodyOption = Annotated[str | None, typer.Option("--body", help="Only this body.")]
RegisterOption = Annotated[
    RegisterName, typer.Option("--register", help="Which register: one row per entry.")
]


@export_app.command("ical")
def export_ical_command(
    body: BodyOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    """Meetings (VEVENT) and assignments and obligations (VTODO) as iCalendar."""
    from governance.publish.calendar import export_ical

    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        data = export_ical(record_store, body=body, as_of=day)
    except GovernanceError as error:
        _fail(error)
    _write_bytes(data, output)


@export_app.command("csv")
def export_csv_command(
    register: RegisterOption,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    delimiter: Annotated[
        str, typer.Option("--delimiter", help="The field separator (Swedish Excel: ';').")
    ] = ",",
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    """A register as CSV (UTF-8 with a byte-order mark, so Excel reads å, ä, ö)."""
    from governance.publish import spreadsheets

    table = _register_table(register, body, as_of, store)
    if output is None:
        sys.stdout.reconfigure(encoding="utf-8-sig", newline="")  # type: ignore[union-attr]
        spreadsheets.write_csv(table, sys.stdout, delimiter=delimiter)
        return
    with output.open("w", encoding="utf-8-sig", newline="") as stream:
        spreadsheets.write_csv(table, stream, delimiter=delimiter)


@export_app.command("xlsx")
def export_xlsx_command(
    register: RegisterOption,
    body: BodyOption = None,
    as_of: AsOfOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="FILE", help="Default: REGISTER.xlsx here."),
    ] = None,
    store: StoreOption = None,
) -> None:
    """A register as an Excel workbook, dates as dates."""
    from governance.publish import spreadsheets, written_export

    table = _register_table(register, body, as_of, store)
    target = output or Path(f"{register.value}.xlsx")
    spreadsheets.write_xlsx(table, target)
    err.print(written_export(register.value, target))


@export_app.command("popolo")
def export_popolo_command(
    include_names: Annotated[
        bool,
        typer.Option("--include-names", help="Include members' names (they are private persons)."),
    ] = False,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    """Bodies, memberships, meetings and decisions as Popolo JSON (open data)."""
    from governance.publish.popolo import export_popolo

    day = _parse_date(as_of)
    record_store = _open(store)
    data = export_popolo(record_store, include_names=include_names, as_of=day)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _write_bytes(text.encode("utf-8"), output)


def _register_table(
    register: RegisterName, body: str | None, as_of: str | None, store: str | None
) -> Any:
    from governance.publish import spreadsheets

    day = _parse_date(as_of)
    record_store = _open(store)
    try:
        return spreadsheets.register_table(record_store, register.value, body=body, as_of=day)
    except GovernanceError as error:
        _fail(error)


def _write_bytes(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


# --- demo -----------------------------------------------------------------------------


@app.command()
def demo(
    as_of: AsOfOption = None,
    store: Annotated[
        str | None,
        typer.Option("--store", help="Record the demo here instead of a temporary SQLite file."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record the bundled sample minutes into a temporary store and show their status."""
    day = _parse_date(as_of) or DEMO_AS_OF
    with tempfile.TemporaryDirectory(prefix="governance-demo-") as folder:
        url = store or str(Path(folder) / "demo.db")
        record_store = _open(url)
        files = demo_files()
        try:
            outcomes = record_store.record_minutes(*_parse_all(files))
        except GovernanceError as error:
            _fail(error)
        data = status_to_json(record_store.status(as_of=day))
        record_store.close()
    if as_json:
        _print_json(data)
        return
    events = sum(len(outcome.events) for outcome in outcomes)
    out.print(
        f"Recorded {len(files)} sample minutes files ({_count(events, 'event')}) of invented "
        f"networks into {'a temporary SQLite store' if store is None else store}."
    )
    _print_status(data)
    _print_demo_summary(data)


def _print_demo_summary(data: dict[str, Any]) -> None:
    forgotten = [r for r in data["tabled_items"] if r["status"] == "overdue"]
    overdue = [r for r in data["assignments"] if r["status"] == "overdue"]
    owed = [r for r in data["obligations"] if r["status"] == "overdue"]
    out.print(
        f"\n[bold]In short:[/] {len(forgotten)} tabled items were forgotten, "
        f"{len(overdue)} assignments are overdue and {len(owed)} obligations to the "
        "chiefs are overdue."
    )
    out.print(
        "Try: governance demo --as-of 2023-12-31, or governance demo --json; "
        "see docs/tutorial.md to record your own minutes."
    )


# --- commands defined in other modules (one line each) --------------------------------
app.add_typer(audit_app, name="audit")
app.command("follow")(follow_command)
app.add_typer(export_app, name="export")


def _quiet_logging() -> None:
    """The command-line program (not the library) sends log lines to stderr.

    Warnings and errors only; GOVERNANCE_LOG_LEVEL=info (or debug) for more.
    """
    import os

    if structlog.is_configured():
        return
    level = getattr(logging, os.environ.get("GOVERNANCE_LOG_LEVEL", "warning").upper(), None)
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(
            level if isinstance(level, int) else logging.WARNING
        ),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``governance`` command."""
    _quiet_logging()
    app(args=list(argv) if argv is not None else None, prog_name="governance")
