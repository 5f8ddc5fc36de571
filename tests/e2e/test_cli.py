"""The command line as a secretary uses it: files in a folder, a SQLite store there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BODIES = """\
kind: body
id: chiefs
name: Skolchefsgruppen
---
kind: body
id: im
name: IM-nätverket
parent: chiefs
address: reports@example.org
members:
  - {name: Karin Berg, municipality: Tidaholm, roles: [chair]}
  - {name: Per Lind, municipality: Skövde, roles: [secretary]}
aliases:
  Karin Bergh: Karin Berg
"""

NOV_17 = """\
kind: minutes
body: im
meeting:
  date: 2023-11-17
  place: Tidaholm
  mode: on_site
  attendees:
    - Karin Berg (Tidaholm)
    - {name: Per Lind, municipality: Skövde}
items:
  - number: "5"
    title: The mandate
    assignments:
      - to: [Per Lind]
        task: Review the mandate and send it in
        due: 2023-12-31
  - number: "7a"
    title: Students who stay at home
    tabled: next_meeting
submitted_on: 2023-11-21
schedule:
  - {date: 2023-12-08, place: Tibro, time: "09:00-12:00"}
"""

DEC_8 = """\
kind: minutes
body: im
meeting:
  date: 2023-12-08
  place: Tibro
  mode: on_site
items:
  - number: "2"
    title: Previous minutes
    decisions: [Approved]
"""

BAD_DATE = DEC_8.replace("date: 2023-12-08", "date: 2023-12-32")


def governance(
    cwd: Path, *args: str, timeout: float = 120, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """``governance ARGS`` run in ``cwd`` as a user runs it, without a store from the
    environment; ``check`` raises on a non-zero exit."""
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "governance", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "im-2023-11-17.yaml").write_text(NOV_17, encoding="utf-8")
    (tmp_path / "im-2023-12-08.yaml").write_text(DEC_8, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD_DATE, encoding="utf-8")
    return tmp_path


def test_record_then_status_json_follows_the_contract(folder: Path) -> None:
    recorded = governance(
        folder, "record", "bodies.yaml", "im-2023-11-17.yaml", "im-2023-12-08.yaml"
    )
    assert recorded.returncode == 0, recorded.stderr
    assert (folder / "governance.db").exists()

    shown = governance(folder, "status", "--as-of", "2023-12-08", "--json")

    assert shown.returncode == 0, shown.stderr
    status = json.loads(shown.stdout)
    assert list(status) == ["as_of", "tabled_items", "assignments", "obligations", "mandates"]
    assert status["tabled_items"] == [
        {
            "id": "im/2023-11-17/7a",
            "body": "im",
            "title": "Students who stay at home",
            "tabled_on": "2023-11-17",
            "times_tabled": 1,
            "due": "next_meeting",
            "status": "overdue",
        }
    ]
    assert status["assignments"] == [
        {
            "id": "im/2023-11-17/5/a1",
            "item": "im/2023-11-17/5",
            "to": ["Per Lind"],
            "task": "Review the mandate and send it in",
            "given_on": "2023-11-17",
            "due": "2023-12-31",
            "status": "open",
        }
    ]


def test_a_forgotten_tabled_item_is_warned_about_when_recording(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml")

    recorded = governance(folder, "record", "im-2023-12-08.yaml")

    assert recorded.returncode == 0
    assert "im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up" in recorded.stderr


def test_a_bad_file_is_refused_with_its_place_and_nothing_is_recorded(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml")
    before = governance(folder, "status", "--json", "--as-of", "2024-01-01").stdout

    refused = governance(folder, "record", "im-2023-11-17.yaml", "bad.yaml")

    assert refused.returncode == 1
    assert "bad.yaml" in refused.stderr
    assert "meeting.date" in refused.stderr
    assert "line 4" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert governance(folder, "status", "--json", "--as-of", "2024-01-01").stdout == before


def test_recording_a_file_again_records_nothing_new(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml")

    again = governance(folder, "record", "im-2023-11-17.yaml", "--format", "table")

    assert again.returncode == 0
    assert "nothing new" in again.stdout


def test_a_rule_violation_names_file_path_and_line(folder: Path) -> None:
    (folder / "close.yaml").write_text(
        DEC_8.replace(
            '  - number: "2"\n    title: Previous minutes\n    decisions: [Approved]\n',
            "  - continues: im/2023-11-17/7a\n    closed: true\n"
            "  - continues: im/2023-11-17/7a\n    tabled: next_meeting\n",
        ),
        encoding="utf-8",
    )
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml")

    refused = governance(folder, "record", "close.yaml")

    assert refused.returncode == 1
    assert "close.yaml" in refused.stderr
    assert "items[1]" in refused.stderr


def test_history_shows_the_timeline_of_an_item(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml")

    shown = governance(folder, "history", "im/2023-11-17/7a", "--json")

    assert shown.returncode == 0, shown.stderr
    timeline = json.loads(shown.stdout)
    assert [entry["type"] for entry in timeline["entries"]] == ["ItemRaised", "ItemTabled"]


def test_usage_errors_exit_2(folder: Path) -> None:
    assert governance(folder, "status", "--as-of", "yesterday").returncode == 2
    assert governance(folder, "no-such-command").returncode == 2


def test_a_missing_file_is_an_input_error(folder: Path) -> None:
    refused = governance(folder, "record", "missing.yaml")

    assert refused.returncode == 1
    assert "missing.yaml" in refused.stderr


def test_demo_shows_forgotten_items_overdue_assignments_and_obligations(tmp_path: Path) -> None:
    shown = governance(tmp_path, "demo", "--json")

    assert shown.returncode == 0, shown.stderr
    status = json.loads(shown.stdout)
    assert any(row["status"] == "overdue" for row in status["tabled_items"])
    assert any(row["status"] == "overdue" for row in status["assignments"])
    assert any(row["status"] == "overdue" for row in status["obligations"])
    assert not (tmp_path / "governance.db").exists()


def test_decisions_lists_each_decision_with_its_item_and_meeting(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml", "im-2023-12-08.yaml")

    listed = governance(folder, "decisions", "--body", "im", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {
        "decisions": [
            {
                "id": "im/2023-12-08/2/d1",
                "item": "im/2023-12-08/2",
                "title": "Previous minutes",
                "body": "im",
                "meeting": "im/2023-12-08",
                "decided_on": "2023-12-08",
                "text": "Approved",
            }
        ]
    }
    piped = governance(folder, "decisions", "--search", "approved")  # TSV when piped
    assert piped.stdout.splitlines() == [
        "decided on\titem\ttitle\tdecision",
        "2023-12-08\tim/2023-12-08/2\tPrevious minutes\tApproved",
    ]
    table = governance(folder, "decisions", "--search", "approved", "--format", "table")
    assert "im/2023-12-08/2" in table.stdout
    assert "Decisions (1)" in table.stdout
    csv = governance(folder, "decisions", "--format", "csv", "--since", "2024-01-01")
    assert (csv.returncode, csv.stdout) == (0, "")
    unknown = governance(folder, "decisions", "--body", "xx")
    assert unknown.returncode == 1
    assert "no body 'xx'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_agenda_lists_what_the_next_meeting_must_take_up(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml")

    shown = governance(folder, "agenda", "im")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# Agenda: IM-nätverket, 8 Dec 2023\n")
    assert "Students who stay at home" in shown.stdout
    skeleton = governance(folder, "agenda", "im", "--format", "yaml", "--output", "next.yaml")
    assert skeleton.returncode == 0, skeleton.stderr
    assert 'continues: "im/2023-11-17/7a"' in (folder / "next.yaml").read_text(encoding="utf-8")
    word = governance(folder, "agenda", "im", "--format", "docx")
    assert word.returncode == 0, word.stderr
    assert (folder / "agenda-im-2023-12-08.docx").stat().st_size > 0
    assert "agenda-im-2023-12-08.docx" in word.stderr

    recorded = governance(folder, "record", "next.yaml")
    assert recorded.returncode == 0, recorded.stderr
    none_coming = governance(folder, "agenda", "im")
    assert none_coming.returncode == 1
    assert "give its date with --date" in none_coming.stderr
    assert "Traceback" not in none_coming.stderr


def test_exports_write_calendars_spreadsheets_and_open_data(folder: Path) -> None:
    governance(folder, "record", "bodies.yaml", "im-2023-11-17.yaml", "im-2023-12-08.yaml")

    ical = governance(folder, "export", "ical", "--body", "im")
    assert ical.returncode == 0, ical.stderr
    assert "UID:meeting:im/2023-11-17@governance-tracker" in ical.stdout
    csv_out = subprocess.run(
        [sys.executable, "-m", "governance", "export", "csv", "--register", "meetings"],
        cwd=folder,
        capture_output=True,
        check=True,
    ).stdout
    assert csv_out.startswith(b"\xef\xbb\xbfid,body,date,status")
    assert b"Tidaholm" in csv_out
    xlsx = governance(folder, "export", "xlsx", "--register", "assignments")
    assert xlsx.returncode == 0, xlsx.stderr
    assert (folder / "assignments.xlsx").stat().st_size > 0
    popolo = governance(folder, "export", "popolo")
    assert popolo.returncode == 0, popolo.stderr
    assert "Karin Berg" not in popolo.stdout
    assert json.loads(popolo.stdout)["organizations"][1] == {
        "id": "im",
        "name": "IM-nätverket",
        "parent_id": "chiefs",
    }
    named = governance(folder, "export", "popolo", "--include-names")
    assert "Karin Berg" in named.stdout
    report = governance(folder, "report", "--as-of", "2023-12-31", "--output", "r.html")
    assert report.returncode == 0, report.stderr
    page = (folder / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "IM-nätverket" in page
    unknown = governance(folder, "export", "ical", "--body", "xx")
    assert unknown.returncode == 1
    assert "no body 'xx'" in unknown.stderr


PROTOCOL = """\
Protokoll IM-nätverket 231117
Plats: Tidaholm
Närvarande: Karin Berg (Tidaholm), Per Lind (Skövde)

§ 5 Uppdragsbeskrivningen
Per fick i uppdrag att se över uppdragsbeskrivningen till nästa möte.

§ 7 Övriga frågor
Följande bordläggs till nästa möte:
- Elever som stannar hemma
"""


def test_draft_prints_a_draft_that_cites_its_lines_and_records_once_checked(
    tmp_path: Path,
) -> None:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "protokoll.txt").write_text(PROTOCOL, encoding="utf-8")
    assert governance(tmp_path, "record", "bodies.yaml").returncode == 0
    drafted = governance(tmp_path, "draft", "protokoll.txt", "--store", "governance.db")
    assert drafted.returncode == 0, drafted.stderr
    assert '# rad 6: "Per fick i uppdrag att se över uppdragsbeskrivningen' in drafted.stdout
    assert '# rad 9: "Följande bordläggs till nästa möte:"' in drafted.stdout
    assert "Traceback" not in drafted.stderr
    (tmp_path / "utkast.yaml").write_text(drafted.stdout, encoding="utf-8")
    recorded = governance(tmp_path, "record", "utkast.yaml", "--format", "table")
    assert recorded.returncode == 0, recorded.stderr
    assert "recorded minutes im/2023-11-17" in recorded.stdout


def test_draft_writes_json_and_an_output_file_but_never_over_one(tmp_path: Path) -> None:
    (tmp_path / "protokoll.txt").write_text(PROTOCOL, encoding="utf-8")
    as_json = governance(tmp_path, "draft", "protokoll.txt", "--json")
    data = json.loads(as_json.stdout)
    assert data["sources"]["items[2].tabled"] == {
        "line": 9,
        "text": "Följande bordläggs till nästa möte:",
    }
    assert (
        governance(tmp_path, "draft", "protokoll.txt", "--output", "utkast.yaml").returncode == 0
    )
    assert (tmp_path / "utkast.yaml").read_text(encoding="utf-8").startswith("# Utkast")
    again = governance(tmp_path, "draft", "protokoll.txt", "--output", "utkast.yaml")
    assert again.returncode == 1
    assert "exists already" in again.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.txt", b"", "tom.txt: the file is empty"),
        ("bild.txt", bytes(range(256)), "bild.txt: expected text, but this is a binary file"),
        ("protokoll.odt", b"x", "protokoll.odt: expected a protocol as .txt, .md, .docx or .pdf"),
    ],
)
def test_draft_refuses_bad_input_without_a_traceback(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = governance(tmp_path, "draft", name)
    assert result.returncode == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
