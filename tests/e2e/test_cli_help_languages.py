"""Every help the command line shows is in Swedish with --lang sv: each command's text,
each option's and argument's, the example under it, and the options typer adds itself."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest

#: Prints {"command path[ --option]": help} for the command tree in one language. The help
#: texts are read when the commands are defined, so each language needs its own process.
_DUMP = """
import json, sys
import typer
from governance.i18n import set_language
set_language(sys.argv[1])
from governance.cli._root import HELP_OPTION_NAMES, command_for_people

texts = {}

def walk(command, path):
    texts[path] = command.help or ""
    if command.epilog:
        texts[path + " (example)"] = command.epilog
    context = typer.Context(command, help_option_names=HELP_OPTION_NAMES)
    for parameter in command.get_params(context):
        texts[path + " " + (max(parameter.opts, key=len) if parameter.param_type_name == "option"
                            else parameter.name)] = parameter.help or ""
    for name, sub in getattr(command, "commands", {}).items():
        walk(sub, (path + " " + name).strip())

walk(command_for_people(), "governance")
sys.stdout.write(json.dumps(texts))
"""


@cache
def _helps(code: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    texts: dict[str, str] = json.loads(done.stdout)
    return texts


def test_every_command_and_option_has_help_in_both_languages() -> None:
    english, swedish = _helps("en"), _helps("sv")

    assert english.keys() == swedish.keys()
    assert len(english) > 100  # every command and option of the tree, not a part of it
    missing = [place for place, text in english.items() if not text.strip()]
    assert not missing, f"no help: {missing}"


def test_no_help_is_left_in_english_with_lang_sv() -> None:
    english, swedish = _helps("en"), _helps("sv")

    same = [place for place in english if english[place] == swedish[place]]
    assert not same, f"the same in Swedish as in English: {same}"


@pytest.mark.parametrize("command", ["status", "audit verify", "export csv"])
def test_the_help_a_person_reads_is_swedish(command: str) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "governance", "--lang", "sv", *command.split(), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"Användning: governance {command} [OPTIONS]")
    assert "Alternativ:" in shown.stdout
    assert "Visa den här hjälpen och avsluta." in shown.stdout
    assert "Exempel: governance" in shown.stdout
    for english in (
        "Usage:",
        "Options:",
        "Show this message",
        "Example:",
        "Only ",
        "Where the record",
    ):
        assert english not in shown.stdout, (command, english)
