"""The top-level commands: ``record``, ``status``, ``history``, ``demo``.

Exit status: 0 done (warnings allowed), 1 input or rule error (nothing recorded),
2 usage. ``--json`` output follows the v1 contract in docs/minutes-format.md.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from governance.cli._common import (
    STORE_VARIABLE,
    Format,
    err,
    escape,
    fail,
    helped,
    made,
    note,
    open_store,
    out,
    paged,
    warn,
)
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError, format_path
from governance.i18n import gettext as _
from governance.i18n import language, ngettext, translate

if TYPE_CHECKING:
    from governance.application import Governance, RecordOutcome
    from governance.minutes import MinutesFile
    from governance.projections import History, Status

__all__ = ["demo", "err", "history_command", "out", "record", "status"]


def _global_store(context: typer.Context) -> str | None:
    """The ``--store`` given before the command, for commands that take no variable."""
    root = context.find_root().obj
    return root if isinstance(root, str) else None


#: The date the bundled demo is looked at from, unless --as-of says otherwise.
DEMO_AS_OF = date(2024, 12, 31)
PROGRESS_FROM = 5

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=STORE_VARIABLE,
        metavar="STORE",
        help=_(
            "Where the record is: a SQLite file (default governance.db), "
            "postgresql://user@host/db, or memory:."
        ),
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help=_("Print JSON (the v1 contract), as --format json."))
]


def _parse_date(value: str | None) -> date | None:
    """A date given on the command line, in the forms minutes files take (231208)."""
    if value is None:
        return None
    from governance.minutes import read_date

    try:
        return read_date(value, bounded=False)
    except GovernanceError as error:
        raise typer.BadParameter(str(error)) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_(
            "As of this date (YYYY-MM-DD, or YYMMDD as in the files): the state on that "
            "day. Default: today."
        ),
    ),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="POSITION|TIMESTAMP|DIGEST-FILE",
        help=_(
            "As recorded by then: the record as it stood at a log position, at a moment "
            "(2023-12-01 or 2023-12-01T09:00:00+00:00; a date means the end of that day, "
            "UTC), or as a digest file covers it."
        ),
    ),
]


#: A moment --known-at takes: a day (YYYY-MM-DD), with a time of day (T or a space, then
#: HH:MM or HH:MM:SS) and an offset from UTC (Z, +01:00) if wanted.
_MOMENT = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
)


def _read_known_at(value: str | None) -> int | Path | datetime | None:
    """What ``--known-at`` names, read before the store is opened: a log position, a
    digest file, or a moment (a day alone: the end of that day, UTC; no offset: UTC)."""
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    if Path(value).is_file():
        return Path(value)
    found = _MOMENT.fullmatch(value.strip())
    if found is None:
        raise typer.BadParameter(
            _(
                "'{value}' is neither a log position (120), a day (2023-12-01), a moment "
                "(2023-12-01T09:00:00+01:00) nor a digest file"
            ).format(value=value),
            param_hint="'--known-at'",
        )
    from governance.minutes import read_date

    try:
        day = read_date(found["day"], bounded=False)
    except GovernanceError as error:
        raise typer.BadParameter(str(error), param_hint="'--known-at'") from None
    if found["time"] is None:
        return datetime.combine(day, time.max, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(f"{day.isoformat()}T{found['time']}{found['zone'] or ''}")
    except ValueError:
        raise typer.BadParameter(
            _("'{time}' in '{value}' is not a time of day (00:00 to 23:59:59)").format(
                time=found["time"], value=value
            ),
            param_hint="'--known-at'",
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _known_at(record_store: Governance, known: int | Path | datetime | None) -> int | None:
    """The log position that ``--known-at`` (read by :func:`_read_known_at`) names."""
    if known is None or isinstance(known, int):
        return known
    if isinstance(known, Path):
        from governance.audit import position_of_digest

        try:
            return position_of_digest(known)
        except GovernanceError as error:
            _fail(error)
    return record_store.position_at(known)


_fail = fail
_open = open_store


def _print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        help=_("table (on a terminal), tsv (when piped), csv or json."),
        show_default=False,
    ),
]


# --- record ---------------------------------------------------------------------------


def _parse_all(paths: Sequence[Path]) -> list[MinutesFile]:
    from rich.progress import Progress

    from governance.minutes import parse_file

    files: list[MinutesFile] = []
    show = sys.stderr.isatty() and len(paths) >= PROGRESS_FROM
    with Progress(console=made(err), disable=not show, transient=True) as progress:
        task = progress.add_task(_("Reading minutes"), total=len(paths))
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
    from governance.cli._show import word

    if not outcome.is_new:
        out.print(escape(_("{file}: nothing new (already recorded)").format(file=outcome.source)))
    for document in outcome.documents:
        if document.is_new:
            events = len(document.events)
            out.print(
                escape(
                    ngettext(
                        "{file}: recorded {kind} {id} ({n} event)",
                        "{file}: recorded {kind} {id} ({n} events)",
                        events,
                    ).format(
                        file=outcome.source,
                        kind=word(document.kind).text,
                        id=document.subject,
                        n=events,
                    )
                )
            )


def _warn(outcome: RecordOutcome) -> None:
    for notice in outcome.notices:
        where = f" {format_path(notice.path)}" if notice.path else ""
        warn(f"{outcome.source}{where}: {notice.message}")


def _name_the_schema(store: str | None) -> None:
    """A PostgreSQL URL without ``?schema=`` records in a schema it does not name."""
    from governance.store.url import default_store, postgres_schema

    url = store or default_store()
    schema = postgres_schema(url)
    if schema is not None and "schema=" not in url:
        note(
            _("no ?schema= in the store URL: the record is in the schema {schema}").format(
                schema=schema
            )
        )


@helped(HELP["record"])
def record(
    files: Annotated[list[Path], typer.Argument(help=_("Minutes files (.yaml, .yml, .json)."))],
    correct: Annotated[
        str | None,
        typer.Option(
            "--correct",
            metavar="REASON",
            help=_("Correct minutes already recorded to what these files say, for this reason."),
        ),
    ] = None,
    store: StoreOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record minutes files (the help above says how)."""
    from governance.cli._show import outcome_section
    from governance.cli._tables import chosen_format, write_lines

    chosen = chosen_format(form, as_json)
    try:
        parsed = _parse_all(files)  # before the store is opened: a bad file creates nothing
    except GovernanceError as error:
        _fail(error)
    record_store = _open(store, create=True)
    _name_the_schema(store)
    try:
        outcomes = record_store.record_minutes(*parsed, correct=correct)
    except GovernanceError as error:
        _fail(error)
    if chosen is Format.table:
        for outcome in outcomes:
            _print_outcome(outcome)
            _warn(outcome)
    else:
        for outcome in outcomes:
            _warn(outcome)
        if chosen is Format.json:
            _print_json({"files": [_outcome_json(outcome) for outcome in outcomes]})
        else:
            write_lines([outcome_section(outcomes)], chosen)
    if record_store.keeps_nothing:
        note(
            _(
                "the memory: store keeps nothing once this command ends; give a file "
                "path or a postgresql:// URL to keep the record"
            )
        )


# --- status ---------------------------------------------------------------------------


def _show_status(
    data: dict[str, Any], chosen: Format, *, include_all: bool, overdue_only: bool
) -> None:
    from governance.cli._show import SETTLED, status_sections, summary
    from governance.cli._tables import print_tables, write_lines

    if chosen is Format.json:
        _print_json(data)
        return
    sections = status_sections(data, include_all=include_all, overdue_only=overdue_only)
    if chosen is not Format.table:
        write_lines(sections, chosen)
        return
    day = language().date(date.fromisoformat(data["as_of"]))
    print_tables(sections, heading=_("Status as of {day}").format(day=day))
    settled = sum(r["status"] in SETTLED for r in data["obligations"])
    if settled and not include_all and not overdue_only:
        out.print(
            escape(
                ngettext(
                    "({n} fulfilled or waived obligation not shown; --all shows it)",
                    "({n} fulfilled or waived obligations not shown; --all shows them)",
                    settled,
                ).format(n=settled)
            ),
            soft_wrap=False,
        )
    from rich.text import Text

    out.print(Text(summary(data), style="bold"), soft_wrap=False)


@helped(HELP["status"])
def status(
    body: Annotated[
        str | None, typer.Option("--body", metavar="ID", help=_("Only this body (e.g. im)."))
    ] = None,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    include_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=_("Also done and cancelled assignments, fulfilled and waived obligations."),
        ),
    ] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help=_("Only what is overdue."))] = False,
    store: StoreOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open and overdue tabled items, assignments and obligations; mandates."""
    from governance.cli._tables import chosen_format
    from governance.projections import status_to_json

    chosen = chosen_format(form, as_json)
    day = _parse_date(as_of)
    known = _read_known_at(known_at)
    record_store = _open(store)
    try:
        result: Status = record_store.status(
            as_of=day,
            body=body,
            include_all=include_all,
            overdue_only=overdue,
            known_at=_known_at(record_store, known),
        )
    except GovernanceError as error:
        _fail(error)
    data = status_to_json(result)
    # The tables go through the pager (docs/cli.md), not the lines for a program: their
    # console is not made, and rich not imported, for a status written to a pipe.
    with paged() if chosen is Format.table else nullcontext():
        _show_status(data, chosen, include_all=include_all, overdue_only=overdue)


# --- history --------------------------------------------------------------------------


@helped(HELP["history"])
def history_command(
    subject: Annotated[
        str,
        typer.Argument(metavar="ID", help=_("An item, assignment, mandate, meeting or body id.")),
    ],
    known_at: KnownAtOption = None,
    store: StoreOption = None,
    form: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """The dated timeline of an item, assignment, mandate, meeting or body."""
    from governance.cli._show import history_section
    from governance.cli._tables import chosen_format, print_tables, write_lines
    from governance.projections import history_to_json

    chosen = chosen_format(form, as_json)
    known = _read_known_at(known_at)
    record_store = _open(store)
    try:
        timeline: History = record_store.history(subject, known_at=_known_at(record_store, known))
    except GovernanceError as error:
        _fail(error)
    data = history_to_json(timeline)
    if chosen is Format.json:
        _print_json(data)
    elif chosen is Format.table:
        with paged():
            print_tables([history_section(timeline)])
    else:
        write_lines([history_section(timeline)], chosen)


# --- demo -----------------------------------------------------------------------------


@helped(HELP["demo"])
def demo(
    context: typer.Context,
    as_of: AsOfOption = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help=_("Record the demo here instead of a temporary SQLite file.")
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record the bundled sample minutes into a temporary store and show their status."""
    import tempfile

    from governance.demo import demo_files
    from governance.projections import status_to_json

    day = _parse_date(as_of) or DEMO_AS_OF
    store = store or _global_store(context)
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
    with paged():
        out.print(
            escape(
                ngettext(
                    "Recorded {files} sample minutes files ({n} event) of invented networks "
                    "into {store}.",
                    "Recorded {files} sample minutes files ({n} events) of invented networks "
                    "into {store}.",
                    events,
                ).format(
                    files=len(files),
                    n=events,
                    store=_("a temporary SQLite store") if store is None else store,
                )
            ),
            soft_wrap=False,
        )
        _show_status(data, Format.table, include_all=False, overdue_only=False)
        _print_demo_hints(store)


def _print_demo_hints(store: str | None) -> None:
    out.print(
        escape(
            _(
                "Try: governance demo --as-of 2023-12-31, or governance demo --json; "
                "see docs/tutorial.md to record your own minutes."
            )
        ),
        soft_wrap=False,
    )
    if store is None:
        out.print(
            escape(
                _(
                    "To keep the demo and try the other commands: governance demo --store "
                    "demo.db, then e.g. governance agenda im --store demo.db (docs/reports.md)."
                )
            ),
            soft_wrap=False,
        )
