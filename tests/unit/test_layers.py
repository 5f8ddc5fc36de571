"""Dependencies point inward: the library never imports the command line."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import governance

PACKAGE = Path(governance.__file__).resolve().parent
COMMAND_LINE = ("governance.cli", "typer", "click", "rich")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
    return names


def test_no_library_module_imports_the_command_line() -> None:
    library = [
        path
        for path in PACKAGE.rglob("*.py")
        if "cli" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    ]
    assert library
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imports(path) if name.startswith(COMMAND_LINE)
        )
        for path in library
    }
    assert {path: names for path, names in offenders.items() if names} == {}


#: What ``governance --help`` and ``--version`` never show, and so never load: each one
#: costs the command line's start a share of its quarter of a second.
NOT_FOR_HELP = (
    "governance.store",
    "governance.application",
    "governance.recording",
    "governance._reading",
    "governance._queries",
    "governance.audit",
    "governance.draft",
    "governance.minutes",
    "governance.projections",
    "eventsourcing",
    "structlog",
    "rich",
    "attr",
    "attrs",
    "cattrs",
    "yaml",
    "importlib.metadata",
    "logging",
    "pydantic",
    "babel",
    # no command's module: --help lists them from governance.cli._root's table
    "governance.cli._main",
    "governance.cli._audit",
    "governance.cli._follow",
    "governance.cli._draft",
    "governance.cli._publish",
    "governance.cli._schema",
    "governance.cli._show",
    "governance.cli._tables",
)
_UNDER_NOT_FOR_HELP = tuple(f"{name}." for name in NOT_FOR_HELP)

_LOADED = """
import sys
import governance.cli
try:
    governance.cli.main({arguments!r})
except SystemExit as done:
    assert not done.code, done.code
sys.stderr.write("\\n".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["--lang", "sv", "--help"]])
def test_help_and_version_load_nothing_they_do_not_show(arguments: list[str]) -> None:
    shown = subprocess.run(
        [sys.executable, "-c", _LOADED.format(arguments=arguments)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = shown.stderr.splitlines()
    assert "governance.cli" in loaded
    assert shown.stdout.startswith(("Usage: governance", "Användning: governance", "governance "))
    assert [
        name for name in loaded if name.startswith(_UNDER_NOT_FOR_HELP) or name in NOT_FOR_HELP
    ] == []
