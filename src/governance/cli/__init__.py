"""``governance``: the command line, a thin layer over the library's public API.

The library never imports this package. ``_main`` holds the top-level commands
(``record``, ``status``, ``history``, ``demo``), ``_audit`` the ``audit`` group and
``_follow`` the ``follow`` command, ``_publish`` the commands for what the chiefs and
other systems read (``decisions``, ``agenda``, ``report``, ``export``), ``_draft``
the ``draft`` command and ``_schema`` the ``schema`` command.
"""

from governance.cli._main import app, main
from governance.cli._publish import (
    agenda_command,
    decisions_command,
    export_app,
    report_command,
)
from governance.cli._schema import schema_command

# --- commands defined in other modules (one line each) --------------------------------
app.command("decisions")(decisions_command)
app.command("agenda")(agenda_command)
app.command("report")(report_command)
app.add_typer(export_app, name="export")
app.command("schema")(schema_command)

__all__ = ["app", "main"]
