"""The command line on references into other minutes, in both recording orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import governance

BODIES = "kind: body\nid: vux-os\nname: Vux-nätverket\n"
FEB_9 = """\
kind: minutes
body: vux-os
meeting: {date: 2024-02-09, place: Hjo}
items:
  - number: "6"
    title: Studiebesök
    assignments:
      - {to: [Per Lind], task: Boka buss, due: next_meeting}
  - number: "7a"
    title: Övriga frågor
"""
MAR_8 = """\
kind: minutes
body: vux-os
meeting: {date: 2024-03-08, place: Hjo}
items:
  - continues: vux-os/2024-02-09/7
    closed: true
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in {"bodies.yaml": BODIES, "feb-9.yaml": FEB_9, "mar-8.yaml": MAR_8}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert governance(tmp_path, "record", "bodies.yaml").returncode == 0
    return tmp_path


def _status(folder: Path) -> str:
    return governance(folder, "status", "--json", "--as-of", "2024-06-01").stdout


def test_a_mistyped_continues_into_recorded_minutes_is_refused(folder: Path) -> None:
    governance(folder, "record", "feb-9.yaml")
    before = _status(folder)

    refused = governance(folder, "record", "mar-8.yaml")

    assert refused.returncode == 1
    assert refused.stderr == (
        "error: mar-8.yaml, document 1, items[0].continues (line 5): vux-os/2024-02-09/7 is "
        "not an item of vux-os/2024-02-09, whose minutes are recorded: did you mean "
        "vux-os/2024-02-09/7a or vux-os/2024-02-09/6?\n"
    )
    assert _status(folder) == before


def test_minutes_lacking_an_item_already_referred_to_are_refused(folder: Path) -> None:
    taken_up = governance(folder, "record", "mar-8.yaml")
    assert taken_up.returncode == 0
    assert "vux-os/2024-02-09/7 is not in the record yet" in taken_up.stderr
    before = _status(folder)

    refused = governance(folder, "record", "feb-9.yaml")

    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "error: feb-9.yaml, document 1, items (line 4): these minutes have no item "
        "vux-os/2024-02-09/7, but the minutes of vux-os/2024-03-08 (in the record) refer to "
        "it (did you mean vux-os/2024-02-09/7a or vux-os/2024-02-09/6?)"
    )
    assert "governance record --correct" in refused.stderr
    assert _status(folder) == before


def test_the_two_files_fixed_record_in_either_order(folder: Path) -> None:
    fixed = MAR_8.replace("2024-02-09/7\n", "2024-02-09/7a\n")
    (folder / "mar-8.yaml").write_text(fixed, encoding="utf-8")

    assert governance(folder, "record", "mar-8.yaml", "feb-9.yaml").returncode == 0
    assert '"tabled_items": []' in _status(folder)
