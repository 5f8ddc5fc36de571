"""The command line on values no query could use, and on mandates valid for part of a year."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import BODIES, governance

MANDATE = """\
kind: mandate
id: im-2024
issued_by: chiefs
issued_to: im
issued_on: 2024-01-10
valid_from: 2024-01-01
valid_to: 2024-06-30
obligations:
  - id: meetings
    kind: minimum_meetings
    count: 4
  - id: minutes
    kind: submit_minutes
    within_days: 14
"""


def test_a_number_out_of_bounds_is_refused_with_the_allowed_range(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    huge = MANDATE.replace("within_days: 14", "within_days: 99999999")
    (tmp_path / "im-2024.yaml").write_text(huge, encoding="utf-8")
    governance(tmp_path, "record", "bodies.yaml")

    refused = governance(tmp_path, "record", "im-2024.yaml")

    assert refused.returncode == 1
    assert refused.stderr == (
        "error: im-2024.yaml, document 1, obligations[1].within_days (line 14): "
        "expected a number from 0 to 365, got 99999999\n"
    )
    assert governance(tmp_path, "status", "--json").returncode == 0
