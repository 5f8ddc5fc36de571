"""``governance schema``: the JSON Schema of minutes files, for an editor to check with."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def schema_command(
    path: Annotated[
        bool, typer.Option("--path", help="Print where the schema file is instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of minutes files, for an editor that checks a file as it is typed.

    Example: governance schema > minutes-v1.schema.json, then in the file's first line
    # yaml-language-server: $schema=minutes-v1.schema.json
    """
    from governance.minutes import SCHEMA_FILE

    if path:
        sys.stdout.write(f"{SCHEMA_FILE}\n")
    else:
        sys.stdout.write(SCHEMA_FILE.read_text(encoding="utf-8"))
