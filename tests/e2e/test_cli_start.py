"""``governance --help`` lists the commands from a table without building them: what it
lists is what the commands, once built, say of themselves, in both languages and at any
width; a command is built (and its module imported) only when it is run or its help is
asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import BODIES, NOV_17, governance

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


#: Runs the command line on the arguments given, in a fresh interpreter, then prints the
#: modules it loaded (on stderr, after what the command printed).
_LOADED = """
import sys
import governance.cli
try:
    governance.cli.main(sys.argv[1:])
except SystemExit as done:
    assert not done.code, done.code
sys.stderr.write("\\n".join(sorted(sys.modules)))
"""

#: What ``governance status`` writing lines for a program never needs: structlog (and
#: through it asyncio) is for a log line, and status logs none; rich is for the tables;
#: the minutes package and yaml are for reading minutes files.
NOT_FOR_STATUS = ("structlog", "asyncio", "rich", "yaml", "governance.minutes")


def test_status_for_a_program_loads_no_logging_and_no_console(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "nov.yaml").write_text(NOV_17, encoding="utf-8")
    governance(tmp_path, "record", "bodies.yaml", "nov.yaml", "--store", "record.db", check=True)

    shown = subprocess.run(
        [sys.executable, "-c", _LOADED, "status", "--store", "record.db"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    loaded = shown.stderr.splitlines()
    assert "governance.application" in loaded
    assert shown.stdout.startswith("Tabled items\tid\t")  # the lines for a program
    assert [name for name in loaded if name.startswith(NOT_FOR_STATUS)] == []
