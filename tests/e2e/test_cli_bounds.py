"""The command line on values no query could use, and on mandates valid for part of a year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def _minutes(on: str) -> str:
    return f"kind: minutes\nbody: im\nmeeting: {{date: {on}, place: Tibro}}\nsubmitted_on: {on}\n"


def test_a_mandate_that_expired_mid_year_shows_a_prorated_minimum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # the progress on one line
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "im-2024.yaml").write_text(MANDATE, encoding="utf-8")
    days = ("2024-02-01", "2024-05-13", "2024-09-20", "2024-11-15")
    for day in days:
        (tmp_path / f"im-{day}.yaml").write_text(_minutes(day), encoding="utf-8")
    recorded = governance(
        tmp_path, "record", "bodies.yaml", "im-2024.yaml", *(f"im-{day}.yaml" for day in days)
    )
    assert recorded.returncode == 0, recorded.stderr

    shown = governance(tmp_path, "status", "--as-of", "2024-12-31", "--all")

    assert shown.returncode == 0, shown.stderr
    # 4 a year over 182 of 366 days is 2; September and November are after 30 June
    assert "2 of 2 (prorated: valid until 30 Jun)" in shown.stdout
    rows = json.loads(governance(tmp_path, "status", "--as-of", "2024-12-31", "--json").stdout)
    periods = sorted(r["period"] for r in rows["obligations"] if r["obligation"] == "minutes")
    assert periods == ["2024-02-01", "2024-05-13"]


def test_status_on_any_date_succeeds(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    open_ended = MANDATE.replace("valid_to: 2024-06-30", "valid_to: 2999-12-31")
    (tmp_path / "im-2024.yaml").write_text(open_ended, encoding="utf-8")
    (tmp_path / "im-2999.yaml").write_text(_minutes("2999-12-31"), encoding="utf-8")
    assert (
        governance(tmp_path, "record", "bodies.yaml", "im-2024.yaml", "im-2999.yaml").returncode
        == 0
    )

    for day in ("0001-01-01", "2999-12-31", "9999-12-31"):
        shown = governance(tmp_path, "status", "--as-of", day, "--json")
        assert shown.returncode == 0, shown.stderr
        json.loads(shown.stdout)
