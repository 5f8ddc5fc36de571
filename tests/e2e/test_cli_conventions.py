"""The command line keeps the conventions: options before or after the command,
--version, -h, help without type names and with an example, completion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from governance.cli import app
from tests.e2e.test_cli import BODIES, NOV_17, governance


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "nov.yaml").write_text(NOV_17, encoding="utf-8")
    done = governance(tmp_path, "--store", "x.db", "record", "bodies.yaml", "nov.yaml")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.db").is_file()
    assert not (tmp_path / "governance.db").exists()
    return tmp_path


def test_store_and_lang_before_or_after_the_command(recorded: Path) -> None:
    before = governance(recorded, "--store", "x.db", "--lang", "sv", "status", "--json")
    after = governance(recorded, "status", "--json", "--store", "x.db", "--lang", "sv")
    swedish = governance(recorded, "--lang", "sv", "--store", "x.db", "status")

    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout
    assert swedish.stdout.startswith("Bordlagda ärenden\tid\trubrik")


def test_version_and_short_help(tmp_path: Path) -> None:
    version = governance(tmp_path, "--version")
    short = governance(tmp_path, "status", "-h")

    assert re.fullmatch(r"governance \d+\.\d+\.\d+\S*\n", version.stdout)
    assert short.returncode == 0
    assert short.stdout.startswith("Usage: governance status [OPTIONS]")


def _helps() -> list[str]:
    names: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        names.append(words)
        for name in getattr(command, "commands", {}):
            walk(getattr(command, "commands")[name], [*words, name])  # noqa: B009

    walk(typer.main.get_command(app), [])
    return [" ".join(words) for words in names]


@pytest.mark.parametrize("command", _helps())
def test_help_names_no_types_and_gives_an_example(tmp_path: Path, command: str) -> None:
    shown = governance(tmp_path, *command.split(), "--help")

    assert shown.returncode == 0, shown.stderr
    for internal in ("<bool>", "<str>", "<path>", "<list", "<int>", "<float>", "{", "TEXT"):
        assert internal not in shown.stdout, (command, internal)
    assert "Valid time" not in shown.stdout
    assert "Transaction time" not in shown.stdout
    assert "Example: governance" in shown.stdout, command


def test_completion_can_be_installed(tmp_path: Path) -> None:
    shown = governance(tmp_path, "--help")

    assert "--install-completion" in shown.stdout
