"""The ``governance`` command itself: the options given before any subcommand, the table
of subcommands, help a person reads, and :func:`run`.

The subcommands are listed from :data:`COMMANDS` and :data:`HELP`, and a subcommand's
module is imported and its click command built only when it is run, or its own help is
asked for: ``governance --help`` builds none of them (a tenth of a second saved of its
start).
"""

from __future__ import annotations

import enum
import importlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

import typer
import typer.core
import typer.main
from typer._click.core import Context as ClickContext
from typer._click.formatting import HelpFormatter
from typer.models import CommandInfo, TyperInfo

from governance.cli._common import STORE_VARIABLE
from governance.i18n import gettext as _

__all__ = ["COMMANDS", "HELP", "HELP_OPTION_NAMES", "app", "command_for_people", "run"]

HELP_OPTION_NAMES = ["-h", "--help"]

#: Each subcommand, in the order ``--help`` lists them: the module and the attribute
#: that define it (a command function, or a ``typer.Typer`` for a group of commands).
COMMANDS: dict[str, tuple[str, str]] = {
    "record": ("governance.cli._main", "record"),
    "status": ("governance.cli._main", "status"),
    "history": ("governance.cli._main", "history_command"),
    "demo": ("governance.cli._main", "demo"),
    "follow": ("governance.cli._follow", "follow_command"),
    "views": ("governance.cli._views", "views_app"),
    "draft": ("governance.cli._draft", "draft_command"),
    "decisions": ("governance.cli._publish", "decisions_command"),
    "agenda": ("governance.cli._publish", "agenda_command"),
    "report": ("governance.cli._publish", "report_command"),
    "schema": ("governance.cli._schema", "schema_command"),
    "audit": ("governance.cli._audit", "audit_app"),
    "export": ("governance.cli._publish", "export_app"),
}

#: Each subcommand's help, in the chosen language: ``--help`` lists the first sentence of
#: each from here, and the command (or group) is given it where it is defined.
HELP: dict[str, str] = {
    "record": _(
        "Record minutes files, in the order given, all in one transaction.\n\n"
        "Every file is read and checked first; if any file is bad or breaks a rule, "
        "nothing is recorded. Recording a file again records nothing new. Minutes already "
        "recorded are changed only with --correct: the difference is recorded as a "
        "correction, and the original stays in the log."
    ),
    "status": _("Open and overdue tabled items, assignments and obligations; mandates."),
    "history": _("The dated timeline of an item, assignment, mandate, meeting or body."),
    "demo": _("Record the bundled sample minutes into a temporary store and show their status."),
    "follow": _(
        "Keep the persisted views (the governance_* tables) current.\n\n"
        "Catches up from the log, then follows it: SQLite is polled, PostgreSQL also "
        "notifies. Stops cleanly on Ctrl-C or SIGTERM (exit 0); started again, it goes "
        "on from where the tables are."
    ),
    "views": _("Rebuild the registers (the tables status reads) from the log."),
    "draft": _(
        "Draft a minutes file (or with --mandate, a mandate) from a protocol.\n\n"
        'Each entry cites its line (# rad N: "…"); what needs checking says why '
        "(# osäker: …). Nothing is recorded: check the draft, then record it."
    ),
    "decisions": _("The decisions register: every decision, with its item and meeting."),
    "agenda": _(
        "The draft agenda of a body's next meeting: what it must take up.\n\n"
        "Tabled items due there or overdue, assignments to report on, obligations to the "
        "issuer, items referred to the body, between the standing items. --format yaml "
        "writes a minutes file of the meeting with those items in place."
    ),
    "report": _(
        "A report for the chiefs: one self-contained HTML page (offline, prints on A4).\n\n"
        "Per body: obligations per year, charts, the forgotten tabled items and overdue "
        "assignments with their timelines; at the foot, the log position and Merkle root."
    ),
    "schema": _(
        "Print the JSON Schema of minutes files, for an editor that checks a file as it is "
        "typed.\n\n"
        "Example: governance schema > minutes-v1.schema.json, then in the file's first line "
        "# yaml-language-server: $schema=minutes-v1.schema.json"
    ),
    "audit": _("Tamper evidence: digests of the stored log, consistency, export, verification."),
    "export": _("Calendars, spreadsheets and open data from the record."),
}

#: One example for each command whose help does not give one (the ``help`` shows it).
EXAMPLES = {
    "record": "governance record bodies.yaml im-2023-11-17.yaml",
    "status": "governance status --as-of 2023-12-31 --overdue",
    "history": "governance history im/2023-11-17/7a",
    "demo": "governance demo --as-of 2023-12-31",
    "draft": "governance draft protokoll.docx --output im-2023-11-17.yaml",
    "follow": "governance follow --store postgresql://governance@db/governance",
    "views": "governance views rebuild --store record.db",
    "views rebuild": "governance views rebuild --store record.db",
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
#: with the standard library's gettext, which the root group points at this catalog.
#: Named here so that pybabel extracts them.
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
    chosen language, and an example under every command; the same for the commands of a
    group that is built (the root's are given it as each is built)."""
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
    commands = getattr(command, "commands", {})
    if isinstance(commands, dict):
        for sub_name, sub in commands.items():
            _for_people(sub, f"{name} {sub_name}".strip())


def _build(name: str) -> Any:
    """The click command of the subcommand ``name``, its module imported now."""
    module, attribute = COMMANDS[name]
    defined = getattr(importlib.import_module(module), attribute)
    command: Any
    if isinstance(defined, typer.Typer):
        command = typer.main.get_group_from_info(
            TyperInfo(defined, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            suggest_commands=app.suggest_commands,
            rich_markup_mode=app.rich_markup_mode,
        )
    else:
        command = typer.main.get_command_from_info(
            CommandInfo(name=name, callback=defined),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )
    _for_people(command, name)
    return command


class _Commands(Mapping[str, Any]):
    """The root's subcommands by name: every name of :data:`COMMANDS`, each command built
    when it is first looked up."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = _build(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def listed(self, name: str) -> Any:
        """What ``--help`` lists of ``name``: the command if it is built, else a stand-in
        with its help, so that listing builds nothing."""
        return self._built.get(name) or typer.core.TyperCommand(name=name, help=HELP[name])


class _LazyGroup(typer.core.TyperGroup):
    """The root group: lists its subcommands from the table, builds one when it runs."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.commands = _Commands()  # type: ignore[assignment]
        self._listing = False

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: ClickContext, cmd_name: str) -> Any:
        commands: _Commands = self.commands  # type: ignore[assignment]
        if self._listing and cmd_name in COMMANDS:
            return commands.listed(cmd_name)
        return commands.get(cmd_name)

    def format_commands(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="governance",
    cls=_LazyGroup,
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


def _show_logging() -> None:
    """The command-line program (not the library) shows the library's log lines on
    stderr when GOVERNANCE_LOG_LEVEL asks for them (info or debug); otherwise none."""
    asked = os.environ.get("GOVERNANCE_LOG_LEVEL", "").upper()
    if not asked:
        return
    import logging

    level = getattr(logging, asked, None)
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


def command_for_people() -> Any:
    """The click command tree as ``governance --help`` shows it, in the chosen language
    (each subcommand built when it is looked up)."""
    typer.core._ = _  # type: ignore[attr-defined,assignment]  # typer's headings, in the language
    command = typer.main.get_command(app)
    _for_people(command)
    return command


def run(args: Sequence[str]) -> None:
    """Run the command line on ``args`` (``--lang`` already taken out) and exit with its
    status; click's own errors (an unknown option, a missing argument) in the language."""
    from typer._click.exceptions import ClickException

    _show_logging()
    try:
        done = command_for_people().main(
            args=list(args), prog_name="governance", standalone_mode=False
        )
    except ClickException as error:
        from governance.cli import _usage

        _usage.show(error)
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        sys.stderr.write(_("Aborted!") + "\n")
        raise SystemExit(1) from None
    # Without standalone_mode, click returns the status a command exits with (typer.Exit),
    # or what a command returns: None from every command here.
    raise SystemExit(done if isinstance(done, int) else 0)
