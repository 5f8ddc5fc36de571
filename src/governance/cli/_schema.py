"""``governance schema``: the JSON Schema of minutes files, for an editor to check with."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from governance.cli._common import helped
from governance.cli._root import HELP
from governance.i18n import gettext as _


@helped(HELP["schema"])
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
