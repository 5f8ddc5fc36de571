"""The command line refuses what the rules refuse, with the file, the place and the line:
files that are no regular files or too large, minutes before their body, an item both
tabled and closed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from governance.minutes import MAX_FILE_BYTES
from tests.e2e.test_cli import BODIES, governance

MINUTES = """\
kind: minutes
body: vux
meeting: {date: 2024-02-09, place: Hjo}
items:
  - number: "1"
    title: AI
    tabled: next_meeting
    closed: true
"""


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev/zero are POSIX")
def test_a_named_pipe_and_a_link_to_a_device_are_refused_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")

    for name, kind in (("pipe.yaml", "a named pipe"), ("zero.yaml", "a device")):
        refused = governance(tmp_path, "record", name)
        assert refused.returncode == 1
        assert refused.stderr == (
            f"error: {name}: cannot read the file: it is {kind}; expected a regular file\n"
        )


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    name = "x" * (MAX_FILE_BYTES + 1)
    (tmp_path / "big.yaml").write_text(f"kind: body\nid: big\nname: {name}\n", encoding="utf-8")

    refused = governance(tmp_path, "record", "big.yaml")

    assert refused.returncode == 1
    assert refused.stderr == (
        "error: big.yaml: the file is larger than 4 MiB; expected minutes files of at most "
        "that size\n"
    )


def test_minutes_before_their_body_in_one_file_are_refused(tmp_path: Path) -> None:
    body = "kind: body\nid: vux\nname: Vux-nätverket\n"
    text = MINUTES.replace("    tabled: next_meeting\n", "") + "---\n" + body
    (tmp_path / "both.yaml").write_text(text, encoding="utf-8")

    refused = governance(tmp_path, "record", "both.yaml")

    assert refused.returncode == 1
    assert refused.stderr == (
        "error: both.yaml, document 1, body (line 2): body 'vux' is registered further down "
        "in this file; put its body document before its minutes\n"
    )
    assert governance(tmp_path, "status", "--json").returncode == 1  # nothing recorded


def test_an_item_both_tabled_and_closed_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(
        BODIES + "---\nkind: body\nid: vux\nname: Vux-nätverket\n", encoding="utf-8"
    )
    (tmp_path / "feb-9.yaml").write_text(MINUTES, encoding="utf-8")

    refused = governance(tmp_path, "record", "bodies.yaml", "feb-9.yaml")

    assert refused.returncode == 1
    assert refused.stderr == (
        "error: feb-9.yaml, document 1, items[0].closed (line 8): an item is either tabled or "
        "closed at one meeting, not both; keep the one the meeting did\n"
    )
