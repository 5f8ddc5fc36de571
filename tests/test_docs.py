"""The docs' examples run: python blocks, files and console sessions.

In each Markdown file (README.md and docs/*.md), in order, in one fresh folder:
- ```` ```yaml file=NAME ```` (or json, or any block with ``file=``) blocks are written to NAME;
- ```` ```python ```` blocks run in one namespace per file;
- ```` ```console ```` blocks run each ``$ command`` as a person does, in an 80-column
  terminal (a pty, in English, UTC, no pager); the lines after it are its whole output,
  compared line by line (whole JSON as JSON). ``...`` inside a line stands for any text (a time,
  a digest), and a line of only ``...`` for any lines. Expected output starting with
  ``exit N`` says the command exits with N.
Also, every command and option of the command line is documented (the sqlite-utils rule),
``audit`` and ``export`` subcommands included.

``python -m tests.test_docs --update`` writes each command's output into the docs, keeping
the blocks that still match; read the difference before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from governance.cli import app
from tests.terminal import run_in_terminal

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
COLUMNS = 80


def _blocks(text: str) -> Iterator[tuple[re.Match[str], str, dict[str, str], str]]:
    for match in FENCE.finditer(text):
        words = match.group("info").split()
        if not words:
            continue
        options = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        yield match, words[0], options, match.group("body")


def _environment(folder: Path) -> dict[str, str]:
    """A person's shell: ``governance`` on the PATH, English, UTC, no store variable."""
    bin_folder = folder / ".bin"
    bin_folder.mkdir(exist_ok=True)
    launcher = bin_folder / "governance"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m governance "$@"\n')
    launcher.chmod(launcher.stat().st_mode | stat.S_IEXEC)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GOVERNANCE_STORE", "GOVERNANCE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")
    }
    env.update(
        PATH=f"{bin_folder}{os.pathsep}{env.get('PATH', '')}",
        LANG="C.UTF-8",
        TZ="UTC",
        PAGER="cat",
        PYTHON=sys.executable,
    )
    return env


def _run(command: str, folder: Path) -> tuple[int, str]:
    """Exit status and the terminal's text, without the blanks that end its lines."""
    code, shown = run_in_terminal(
        ["sh", "-c", command], cwd=folder, columns=COLUMNS, env=_environment(folder)
    )
    lines = [line.rstrip() for line in shown.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return code, "\n".join(lines)


def _sessions(body: str) -> list[tuple[str, list[str]]]:
    sessions: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line)
    return sessions


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(map(re.escape, line.rstrip().split("..."))) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


def _matches(expected: list[str], output: str) -> bool:
    text = "\n".join(expected).strip("\n")
    if text.startswith(("{", "[")) and "\n...\n" not in text:
        try:
            return bool(json.loads(output) == json.loads(text))
        except json.JSONDecodeError:
            return False
    lines = text.split("\n") if text else []
    return _pattern(lines).fullmatch(output + "\n" if output else "") is not None


def _split_exit(expected: list[str]) -> tuple[int, list[str]]:
    lines = list(expected)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and re.fullmatch(r"exit \d+", lines[0].strip()):
        return int(lines.pop(0).split()[1]), lines
    return 0, lines


def _run_doc(path: Path, folder: Path, *, update: bool) -> str:
    """Run a document's examples in ``folder``; the document with outputs as they are now
    (``update``), else assert that each output is the one written."""
    text = path.read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    pieces: list[str] = []
    end = 0
    for match, language, options, body in _blocks(text):
        if "file" in options:
            target = folder / options["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        elif language == "python":
            exec(compile(body, str(path), "exec"), namespace)
        elif language == "console":
            new_body = []
            for command, written in _sessions(body):
                code, output = _run(command, folder)
                expected_code, expected = _split_exit(written)
                same = code == expected_code and _matches(expected, output)
                if not update:
                    assert same, (
                        f"{path.name}: $ {command}\nexit {code}\n{output}\n--- written:\n"
                        + "\n".join(written)
                    )
                if same:
                    new_body.append("\n".join([f"$ {command}", *written]).rstrip("\n"))
                else:
                    shown = [f"exit {code}"] if code else []
                    new_body.append("\n".join([f"$ {command}", *shown, output]).rstrip("\n"))
            pieces.append(text[end : match.start("body")])
            pieces.append("\n".join(new_body) + "\n")
            end = match.end("body")
    pieces.append(text[end:])
    return "".join(pieces)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_examples_in_docs_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVERNANCE_STORE", raising=False)
    _run_doc(path, tmp_path, update=False)


def _commands(command: Any, words: tuple[str, ...] = ("governance",)) -> Iterator[tuple[str, Any]]:
    """Every command and subcommand of the command line (typer's click), by full name."""
    yield " ".join(words), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*words, name))


def test_every_command_and_option_is_documented() -> None:
    documented = "\n".join(path.read_text(encoding="utf-8") for path in DOCS)
    missing = []
    for name, command in _commands(typer.main.get_command(app)):
        if name != "governance" and f"`{name}" not in documented:
            missing.append(name)
        for parameter in command.params:
            for option in parameter.opts if parameter.param_type_name == "option" else ():
                if option.startswith("--") and not re.search(
                    rf"{re.escape(option)}(?![\w-])", documented
                ):
                    missing.append(f"{name} {option}")
    assert missing == [], f"not in the docs: {missing}"


if __name__ == "__main__":
    import tempfile

    for doc in DOCS if len(sys.argv) < 3 else [ROOT / name for name in sys.argv[2:]]:
        with tempfile.TemporaryDirectory() as workdir:
            os.chdir(workdir)
            new = _run_doc(doc, Path(workdir), update=True)
        if new != doc.read_text(encoding="utf-8"):
            doc.write_text(new, encoding="utf-8")
            sys.stdout.write(f"updated {doc.relative_to(ROOT)}\n")
