"""``governance schema``: the JSON Schema of minutes files, for an editor to check with."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from governance.cli._common import helped
from governance.i18n import gettext as _


@helped(
    _(
        "Print the JSON Schema of minutes files, for an editor that checks a file as it is "
        "typed.\n\n"
        "Example: governance schema > minutes-v1.schema.json, then in the file's first line "
        "# yaml-language-server: $schema=minutes-v1.schema.json"
    )
)
def schema_command(
    path: Annotated[
        bool, typer.Option("--path", help=_("Print where the schema file is instead."))
    ] = False,
) -> None:
    from governance.minutes import SCHEMA_FILE

    if path:
        sys.stdout.write(f"{SCHEMA_FILE}\n")
    else:
        sys.stdout.write(SCHEMA_FILE.read_text(encoding="utf-8"))
