"""``governance``: the command line, a thin layer over the library's public API.

The library never imports this package. ``_main`` holds the top-level commands
(``record``, ``status``, ``history``, ``demo``) and the options given before any of them,
``_audit`` the ``audit`` group and ``_follow`` the ``follow`` command, ``_publish`` the
commands for what the chiefs and other systems read (``decisions``, ``agenda``,
``report``, ``export``), ``_draft`` the ``draft`` command and ``_schema`` the ``schema``
command.

:func:`main` reads ``--lang`` first, wherever it is, so that the help texts too are in that
language; the commands are imported after it, and they import the store, the audit and
the drafting only when they run, so that ``--help`` and ``--version`` start at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def _commands() -> typer.Typer:
    from governance.cli._main import app
    from governance.cli._publish import (
        agenda_command,
        decisions_command,
        export_app,
        report_command,
    )
    from governance.cli._schema import schema_command

    if not app.registered_groups or all(g.name != "export" for g in app.registered_groups):
        # --- commands defined in other modules (one line each) ------------------------
        app.command("decisions")(decisions_command)
        app.command("agenda")(agenda_command)
        app.command("report")(report_command)
        app.add_typer(export_app, name="export")
        app.command("schema")(schema_command)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _commands()
    raise AttributeError(f"module 'governance.cli' has no attribute {name!r}")


def _take_language(args: list[str]) -> list[str]:
    """Set the language ``--lang`` names, wherever it is, and return the other arguments."""
    from governance.i18n import LANGUAGES, set_language

    rest: list[str] = []
    words = iter(args)
    for argument in words:
        if argument == "--":
            rest.extend(["--", *words])
            break
        if argument == "--lang" or argument.startswith("--lang="):
            code = argument.partition("=")[2] if "=" in argument else next(words, "")
            if code not in LANGUAGES:
                sys.stderr.write(f"error: --lang takes {' or '.join(LANGUAGES)}, not '{code}'\n")
                raise SystemExit(2)
            set_language(code)
            continue
        rest.append(argument)
    return rest


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``governance`` command."""
    args = _take_language(list(sys.argv[1:] if argv is None else argv))
    if args == ["--version"]:  # at once: nothing else to load for it
        from governance._version import __version__

        sys.stdout.write(f"governance {__version__}\n")
        return
    _commands()
    from governance.cli._main import run

    run(args)
