"""Dependencies point inward: the library never imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

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
