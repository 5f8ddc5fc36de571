"""The top-level commands: ``record``, ``status``, ``history``, ``demo``.

Exit status: 0 done (warnings allowed), 1 input or rule error (nothing recorded),
2 usage. ``--json`` output follows the v1 contract in docs/minutes-format.md.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from governance.application import Governance, RecordOutcome
from governance.cli._audit import audit_app
from governance.cli._common import err, fail, open_store, out
from governance.cli._draft import draft_command
from governance.cli._follow import follow_command
from governance.demo import demo_files
from governance.domain.errors import GovernanceError, format_path
from governance.domain.values import format_day
from governance.i18n import LANGUAGES, set_language, translate
from governance.minutes import MinutesFile, parse_file, read_date
from governance.projections import History, Status, history_to_json, status_to_json
from governance.store.url import STORE_VARIABLE, default_store, postgres_schema

__all__ = ["app", "err", "main", "out"]

app = typer.Typer(
    name="governance",
    help="Record what governing bodies do, and see what is open, owed and overdue.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (the v1 contract).")]


def _parse_date(value: str | None) -> date | None:
    """A date given on the command line, in the forms minutes files take (231208)."""
    if value is None:
        return None
    try:
        return read_date(value, bounded=False)
    except GovernanceError as error:
        raise typer.BadParameter(str(error)) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Valid time: the state on this date (YYYY-MM-DD or YYMMDD). Default: today.",
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


_fail = fail
_open = open_store


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
            {"path": format_path(notice.path), "message": translate(notice.text, "en")}
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


def _name_the_schema(store: str | None) -> None:
    """A PostgreSQL URL without ``?schema=`` records in a schema it does not name."""
    url = store or default_store()
    schema = postgres_schema(url)
    if schema is not None and "schema=" not in url:
        err.print(
            escape(f"note: no ?schema= in the store URL: the record is in the schema {schema}")
        )


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
    record_store = _open(store, create=True)
    _name_the_schema(store)
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
        progress = f"{row.get('count', 0)} of {row['required']}"
        if "covered_from" not in row:
            return f"{progress} meetings"
        rule = "prorated" if row["prorated"] else "whole minimum"
        return f"{progress} ({rule}: {_covered(row['covered_from'], row['covered_to'])})"
    if row.get("fulfilled_on"):
        late = " (late)" if row.get("late") else ""
        return f"done {row['fulfilled_on']}{late}"
    if row.get("due_on"):
        return f"by {row['due_on']}"
    return ""


def _covered(first: str, last: str) -> str:
    """The part of a year a mandate covers, as its bounds inside the year: ``valid from
    15 Aug``, ``valid until 30 Jun``, ``valid from 15 Aug until 30 Sep``."""
    parts = ["valid"]
    first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
    if (first_day.month, first_day.day) != (1, 1):
        parts.append(f"from {format_day(first_day, with_year=False)}")
    if (last_day.month, last_day.day) != (12, 31):
        parts.append(f"until {format_day(last_day, with_year=False)}")
    return " ".join(parts)


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
        record_store = _open(url, create=True)
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
    _print_demo_summary(data, store)


def _print_demo_summary(data: dict[str, Any], store: str | None) -> None:
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
    if store is None:
        out.print(
            "To keep the demo and try the other commands: governance demo --store demo.db, "
            "then e.g. governance agenda im --store demo.db (docs/reports.md)."
        )


# --- commands defined in other modules (one line each) --------------------------------
app.add_typer(audit_app, name="audit")
app.command("follow")(follow_command)
app.command("draft")(draft_command)


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


def _take_language(args: list[str]) -> list[str]:
    """Set the language ``--lang`` names, wherever it is, and return the other arguments."""
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest.extend(["--", *words])
            break
        if word == "--lang" or word.startswith("--lang="):
            code = word.partition("=")[2] if "=" in word else next(words, "")
            if code not in LANGUAGES:
                err.print(f"error: --lang takes {' or '.join(LANGUAGES)}, not '{escape(code)}'")
                raise SystemExit(2)
            set_language(code)
            continue
        rest.append(word)
    return rest


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``governance`` command."""
    args = _take_language(list(sys.argv[1:] if argv is None else argv))
    _quiet_logging()
    app(args=args, prog_name="governance")
