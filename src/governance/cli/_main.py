"""The top-level commands: ``record``, ``status``, ``history``, ``demo``.

Exit status: 0 done (warnings allowed), 1 input or rule error (nothing recorded),
2 usage. ``--json`` output follows the v1 contract in docs/minutes-format.md.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
import typer.main
from typer._click.formatting import HelpFormatter

from governance.cli._audit import audit_app
from governance.cli._common import (
    STORE_VARIABLE,
    Format,
    err,
    escape,
    fail,
    made,
    note,
    open_store,
    out,
    paged,
    warn,
)
from governance.cli._draft import draft_command
from governance.cli._follow import follow_command
from governance.domain.errors import GovernanceError, format_path
from governance.i18n import gettext as _
from governance.i18n import language, ngettext, translate

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from governance.application import Governance, RecordOutcome
    from governance.minutes import MinutesFile
    from governance.projections import History, Status

__all__ = ["app", "err", "out"]

HELP_OPTION_NAMES = ["-h", "--help"]

app = typer.Typer(
    name="governance",
    help=_(
        "Record what governing bodies do, and see what is open, owed and overdue.\n\n"
        "Example: governance record bodies.yaml im-2023-11-17.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": HELP_OPTION_NAMES},
)


def _print_version(value: bool) -> None:
    if value:
        from governance._version import __version__

        typer.echo(f"governance {__version__}")
        raise typer.Exit


@app.callback()
def _everywhere(
    context: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="STORE",
            help=_("Where the record is, for every command (see the command's --store)."),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="sv|en",
            help=_("The language of what you read: sv or en (default: from your locale)."),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help=_("Show the version and stop."),
        ),
    ] = False,
) -> None:
    """Options given before the command: the store for every command that reads or
    records one (as GOVERNANCE_STORE would), and the language (read by main())."""
    if store is not None:
        previous = os.environ.get(STORE_VARIABLE)
        os.environ[STORE_VARIABLE] = store
        context.obj = store

        def restore() -> None:
            if previous is None:
                os.environ.pop(STORE_VARIABLE, None)
            else:
                os.environ[STORE_VARIABLE] = previous

        context.call_on_close(restore)


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


@app.command(
    help=_(
        "Record minutes files, in the order given, all in one transaction.\n\n"
        "Every file is read and checked first; if any file is bad or breaks a rule, "
        "nothing is recorded. Recording a file again records nothing new. Minutes already "
        "recorded are changed only with --correct: the difference is recorded as a "
        "correction, and the original stays in the log."
    )
)
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
    record_store = _open(store, create=True)
    _name_the_schema(store)
    try:
        outcomes = record_store.record_minutes(*_parse_all(files), correct=correct)
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


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> Table:
    """A table whose cells are plain text: brackets in titles are not markup."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in row))
    return table


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


@app.command(help=_("Open and overdue tabled items, assignments and obligations; mandates."))
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
    if overdue and chosen is Format.json:
        data = {
            key: rows if key == "as_of" else [r for r in rows if r["status"] == "overdue"]
            for key, rows in data.items()
        }
    with paged():
        _show_status(data, chosen, include_all=include_all, overdue_only=overdue)


# --- history --------------------------------------------------------------------------


@app.command(
    "history", help=_("The dated timeline of an item, assignment, mandate, meeting or body.")
)
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
    record_store = _open(store)
    try:
        timeline: History = record_store.history(
            subject, known_at=_known_at(record_store, known_at)
        )
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


@app.command(
    help=_("Record the bundled sample minutes into a temporary store and show their status.")
)
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


# --- commands defined in other modules (one line each) --------------------------------
app.add_typer(audit_app, name="audit")
app.command("follow")(follow_command)
app.command("draft")(draft_command)


def _show_logging() -> None:
    """The command-line program (not the library) shows the library's log lines on
    stderr when GOVERNANCE_LOG_LEVEL asks for them (info or debug); otherwise none."""
    import logging

    level = getattr(logging, os.environ.get("GOVERNANCE_LOG_LEVEL", "").upper(), None)
    if not isinstance(level, int):
        return
    import structlog

    if structlog.is_configured():
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processor=structlog.processors.KeyValueRenderer(key_order=["level", "event"]),
            foreign_pre_chain=[structlog.stdlib.add_log_level, structlog.stdlib.ExtraAdder()],
        )
    )
    library = logging.getLogger("governance")
    library.addHandler(handler)
    library.setLevel(level)


#: One example for each command whose help does not give one (the ``help`` shows it).
EXAMPLES = {
    "record": "governance record bodies.yaml im-2023-11-17.yaml",
    "status": "governance status --as-of 2023-12-31 --overdue",
    "history": "governance history im/2023-11-17/7a",
    "demo": "governance demo --as-of 2023-12-31",
    "draft": "governance draft protokoll.docx --output im-2023-11-17.yaml",
    "follow": "governance follow --store postgresql://governance@db/governance",
    "decisions": "governance decisions --body im --since 2024-01-01",
    "agenda": "governance agenda im --format docx",
    "report": "governance report --year 2024 --output report.html",
    "export": "governance export csv --register assignments --body im",
    "export csv": "governance export csv --register assignments --body im",
    "export xlsx": "governance export xlsx --register decisions",
    "export ical": "governance export ical --body im --output im.ics",
    "export popolo": "governance export popolo --output popolo.json",
    "audit": "governance audit verify",
    "audit digest": "governance audit digest --output digest-2024-12.json",
    "audit consistency": "governance audit consistency digest-2024-12.json",
    "audit export": "governance audit export audit-2024",
    "audit verify": "governance audit verify audit-2024 --digest digest-2024-12.json",
    "audit keygen": "governance audit keygen keys",
}


#: The help of the options typer and click add themselves, in the chosen language.
BUILT_IN_HELP = {
    "Show this message and exit.": _("Show this message and exit."),
    "Install completion for the current shell.": _("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": _(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}
#: The words typer writes into every help (headings, "[required]"); it looks them up
#: with the standard library's gettext, which run() points at this catalog. Named here
#: so that pybabel extracts them.
TYPER_WORDS = (
    _("Arguments"),
    _("Options"),
    _("Commands"),
    _("env var: {var}"),
    _("default: {default}"),
    _("required"),
)


class _Formatter(HelpFormatter):
    """Help and usage lines that begin with "Usage:" in the chosen language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class _Context(typer.Context):
    formatter_class = _Formatter


def _is_choice(parameter: Any) -> bool:
    """Whether an option takes one of named values (its help lists them)."""
    annotation = getattr(getattr(parameter, "type_descriptor", None), "annotation", None)
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def _name_in_usage(argument: Any) -> None:
    """``FILES...`` and ``[DIR]`` in a usage line, as click writes them, not typer 0.29's
    ``{files}...`` (which reads like a type), and no ``<str>`` or ``<path>`` beside it."""
    shown = argument.metavar or argument.name.upper()
    shown = shown if argument.required else f"[{shown}]"
    shown += "..." if argument.nargs != 1 else ""
    argument._usage_display_name = lambda: shown
    argument.display_type_rich = lambda ctx: None  # "ID", not "ID <str>"


def _for_people(command: Any, name: str = "") -> None:
    """Help a person reads: each option's value named after the option, never its type
    (``--body BODY``, not ``--body TEXT``), the help of typer's own options in the
    chosen language, and an example under every command."""
    command.context_class = _Context
    help_option = command.get_help_option(
        typer.Context(command, help_option_names=HELP_OPTION_NAMES)
    )
    for parameter in [*command.params, *([help_option] if help_option else [])]:
        if parameter.param_type_name == "option" and parameter.help in BUILT_IN_HELP:
            parameter.help = BUILT_IN_HELP[parameter.help]
        if parameter.param_type_name == "argument":
            _name_in_usage(parameter)
        if (
            parameter.param_type_name == "option"
            and not parameter.is_flag
            and parameter.metavar is None
            and not _is_choice(parameter)
        ):
            parameter.metavar = parameter.opts[0].lstrip("-").upper().replace("-", "_")
    if name in EXAMPLES and "Example:" not in (command.help or ""):
        command.epilog = _("Example: {command}").format(command=EXAMPLES[name])
    for sub_name, sub in getattr(command, "commands", {}).items():
        _for_people(sub, f"{name} {sub_name}".strip())


def command_for_people() -> Any:
    """The click command tree as ``governance --help`` shows it, in the chosen language."""
    typer.core._ = _  # type: ignore[attr-defined,assignment]  # typer's headings, in the language
    command = typer.main.get_command(app)
    _for_people(command)
    return command


def run(args: Sequence[str]) -> None:
    """Run the command line on ``args`` (``--lang`` already taken out)."""
    _show_logging()
    command_for_people().main(args=list(args), prog_name="governance")
