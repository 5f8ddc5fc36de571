"""The docs' examples run: python blocks, files and console sessions.

In each Markdown file (README.md and docs/*.md), in order, in one fresh folder:
- ```` ```yaml file=NAME ```` (or json) blocks are written to NAME;
- ```` ```python ```` blocks run in one namespace per file;
- ```` ```console ```` blocks run each ``$ command``; the lines after it are expected
  output: JSON is compared as JSON, other lines must each appear in the output.
  A command whose expected output starts with ``exit N`` must exit with N.
Also, every CLI command is documented (the sqlite-utils rule).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from governance.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks(path: Path) -> list[tuple[str, dict[str, str], str]]:
    blocks = []
    for match in FENCE.finditer(path.read_text(encoding="utf-8")):
        words = match.group("info").split()
        if not words:
            continue
        options = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        blocks.append((words[0], options, match.group("body")))
    return blocks


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    if words[0] == "governance":
        words = [sys.executable, "-m", "governance", *words[1:]]
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"}
    env["COLUMNS"] = "200"
    return subprocess.run(
        " ".join(shlex.quote(w) for w in words),
        shell=True,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _check_console(body: str, cwd: Path, where: str) -> None:
    sessions: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line)
    for command, expected in sessions:
        result = _run(command, cwd)
        output = result.stdout + result.stderr
        lines = [line for line in expected if line.strip()]
        exit_code = 0
        if lines and lines[0].startswith("exit "):
            exit_code = int(lines.pop(0).split()[1])
        assert result.returncode == exit_code, f"{where}: $ {command}\n{output}"
        text = "\n".join(lines)
        if text.lstrip().startswith(("{", "[")):
            assert json.loads(result.stdout) == json.loads(text), f"{where}: $ {command}"
            continue
        for line in lines:
            if line.strip() == "...":
                continue
            assert line.strip() in output, f"{where}: $ {command}\nmissing: {line}\n{output}"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_examples_in_docs_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVERNANCE_STORE", raising=False)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for language, options, body in _blocks(path):
        where = f"{path.name}"
        if "file" in options:
            target = tmp_path / options["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        elif language == "python":
            exec(compile(body, str(path), "exec"), namespace)
        elif language == "console":
            _check_console(body, tmp_path, where)


def test_every_command_is_documented() -> None:
    documented = "\n".join(path.read_text(encoding="utf-8") for path in DOCS)
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    for name in names:
        assert f"governance {name}" in documented, f"command '{name}' is not in the docs"
