"""``governance --help`` lists the commands from a table without building them: what it
lists is what the commands, once built, say of themselves, in both languages and at any
width; a command is built (and its module imported) only when it is run or its help is
asked for."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Prints the root's --help as listed from the table (nothing built), then as it reads
#: once every command is built, then each command's help and the modules loaded.
_BOTH = """
import contextlib, inspect, io, json, os, sys
from governance.i18n import set_language
set_language(sys.argv[1])
from governance.cli._root import COMMANDS, HELP, command_for_people

def shown(command):
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        try:
            command.main(args=["--help"], prog_name="governance")
        except SystemExit:
            pass
    return text.getvalue()

command = command_for_people()
listed = shown(command)
before = sorted(name for name in sys.modules if name.startswith("governance.cli."))
built = {name: command.commands[name] for name in COMMANDS}
sys.stdout.write(json.dumps({
    "listed": listed,
    "built": shown(command),
    "loaded_before": before,
    "helps": {
        name: [sub.help, inspect.cleandoc(HELP[name]), sub.name] for name, sub in built.items()
    },
}))
"""


def _run(code: str, columns: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _BOTH, code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
    )
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


@pytest.mark.parametrize("code", ["en", "sv"])
@pytest.mark.parametrize("columns", [60, 80, 200])
def test_help_lists_the_commands_as_they_are_built(code: str, columns: int) -> None:
    shown = _run(code, columns)

    assert shown["listed"] == shown["built"]
    assert "governance.cli._main" not in shown["loaded_before"]  # type: ignore[operator]
    assert "governance.cli._audit" not in shown["loaded_before"]  # type: ignore[operator]
    for name, (help_text, table_text, built_name) in shown["helps"].items():  # type: ignore[attr-defined]
        assert built_name == name
        assert help_text == table_text, name


def test_the_swedish_list_is_swedish() -> None:
    swedish, english = _run("sv", 80), _run("en", 80)

    assert "Kommandon:" in str(swedish["listed"])
    assert "  record     Registrera protokollfiler" in str(swedish["listed"])
    assert "  record     Record minutes files" in str(english["listed"])
