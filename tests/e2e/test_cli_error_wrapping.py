"""Error lines in a terminal wrap at its width, and a wrapped line goes on under its own
text: under the text of a numbered entry, under the text after "error:"; the lines of a
file shown with a caret are never wrapped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_cli_minutes_errors import BODY, MISTAKES
from tests.terminal import in_terminal


def _shown(folder: Path, *args: str, columns: int, lang: str) -> tuple[int, list[str]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GOVERNANCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env["LANG"] = lang
    code, screen = in_terminal(args, cwd=folder, columns=columns, env=env)
    return code, [line.rstrip() for line in screen.splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "im.yaml").write_text(BODY, encoding="utf-8")
    (tmp_path / "protokoll.yaml").write_text(MISTAKES, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["sv_SE.UTF-8", "C.UTF-8"])
@pytest.mark.parametrize("columns", [80, 60])
def test_a_numbered_list_of_errors_goes_on_under_each_entrys_text(
    folder: Path, lang: str, columns: int
) -> None:
    code, lines = _shown(
        folder,
        "record",
        "--store",
        "g.db",
        "im.yaml",
        "protokoll.yaml",
        columns=columns,
        lang=lang,
    )

    assert code == 1
    assert lines[0] in ("fel: protokoll.yaml: 2 fel", "error: protokoll.yaml: 2 problems")
    assert all(len(line) <= columns for line in lines), lines
    first = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    second = next(i for i, line in enumerate(lines) if line.startswith("  2. "))
    excerpt = [line for line in lines if re.match(r"\s*\d*\s?\|", line)]
    assert excerpt == [
        "       9 |     title: Uppföljning: nätverksdagen",
        "         |                       ^",
    ]
    continued = [
        line for line in lines[first + 1 : second] + lines[second + 1 :] if line not in excerpt
    ]
    assert continued, "the entries fit on one line each: nothing was wrapped"
    assert all(re.match(r" {5}\S", line) for line in continued), continued
    # the words are all there, in order, once the lines are joined again
    joined = " ".join([lines[second], *(line.strip() for line in lines[second + 1 :])])
    assert joined.endswith(("okänd nyckel 'tsak'; menade du 'task'?", "did you mean 'task'?"))


def test_a_single_error_goes_on_under_the_text_after_its_label(tmp_path: Path) -> None:
    code, lines = _shown(
        tmp_path, "history", "--store", "nowhere.db", "im", columns=40, lang="sv_SE.UTF-8"
    )

    assert code == 1
    assert lines[0].startswith("fel: ")
    assert len(lines) > 1
    assert all(len(line) <= 40 for line in lines), lines
    assert all(re.match(r" {5}\S", line) for line in lines[1:]), lines
