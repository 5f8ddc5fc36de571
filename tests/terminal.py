"""Run the command line as a person sees it: in a terminal (a pty) of a given size."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path

#: A control sequence: CSI (colours, cursor moves, erasing) or OSC (titles, links).
CONTROL = re.compile(r"\x1b\[(?P<args>[0-9;?]*)(?P<command>[A-Za-z])|\x1b\][^\x07]*\x07|\r|\n")


def screen(output: str) -> str:
    """What a terminal shows of ``output`` once it is written: text written over (``\\r``,
    cursor up, erased lines, as a transient progress bar does) is gone, styles are not
    text. Lines are not wrapped: a terminal wraps what is too long, a copy does not."""
    lines: list[str] = [""]
    row = column = 0

    def write(text: str) -> None:
        nonlocal column
        line = lines[row].ljust(column)
        lines[row] = line[:column] + text + line[column + len(text) :]
        column += len(text)

    position = 0
    for match in CONTROL.finditer(output):
        write(output[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token == "\n":
            row += 1
            column = 0
            if row == len(lines):
                lines.append("")
        elif token == "\r":
            column = 0
        elif match.group("command") == "A":  # cursor up
            row = max(0, row - int(match.group("args") or 1))
        elif match.group("command") == "K":  # erase in line
            lines[row] = "" if match.group("args") == "2" else lines[row][:column]
    write(output[position:])
    return "\n".join(lines)


def in_terminal(
    args: Sequence[str],
    *,
    cwd: Path,
    columns: int = 80,
    lines: int = 200,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> tuple[int, str]:
    """Exit status and what a terminal of ``columns`` x ``lines`` shows (stdout and stderr
    together, styles removed) of ``governance ARGS``."""
    return run_in_terminal(
        [sys.executable, "-m", "governance", *args],
        cwd=cwd,
        columns=columns,
        lines=lines,
        env=env,
        timeout=timeout,
    )


def run_in_terminal(
    argv: Sequence[str],
    *,
    cwd: Path,
    columns: int = 80,
    lines: int = 200,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> tuple[int, str]:
    """Exit status and what a terminal shows of the program ``argv``."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environ = {
        k: v
        for k, v in (env if env is not None else os.environ).items()
        if k not in ("COLUMNS", "LINES", "GOVERNANCE_STORE")
    }
    environ.setdefault("PAGER", "cat")
    environ["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=environ,
        stdin=side,
        stdout=side,
        stderr=side,
        close_fds=True,
    )
    os.close(side)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    code = process.wait(timeout=timeout)
    return code, screen(b"".join(chunks).decode("utf-8", errors="replace"))
