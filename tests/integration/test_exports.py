"""Calendars, spreadsheets and open data, read back with the libraries other programs use;
on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import openpyxl
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT3

from governance import (
    AssignmentReport,
    Governance,
    ItemEntry,
    MeetingDetails,
    RecordMinutes,
)
from governance.publish import (
    REGISTERS,
    export_ical,
    export_popolo,
    register_table,
    write_csv,
    write_xlsx,
)
from tests import scenario

SCHEMAS = Path(__file__).resolve().parent.parent / "popolo_schemas"
STAMP = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)

#: 8 Dec: the assignment due then is cancelled, and an item gets a Swedish decision.
DEC_8 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2023, 12, 8), place="Tibro"),
    items=(
        ItemEntry(
            number="2",
            title="Föregående protokoll",
            decisions=("Protokollet godkändes; åtgärder för ökad närvaro",),
            assignment_reports=(
                AssignmentReport(assignment_id="im/2023-11-17/5/a2", status="cancelled"),
            ),
        ),
    ),
)


def _components(data: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]


def test_the_calendar_parses_back_with_stable_uids(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    first = _components(export_ical(record, as_of=date(2023, 12, 1), stamp=STAMP))

    assert all("UID" in c and "DTSTAMP" in c for c in first)
    dated = [c for c in first if "DUE" in c and "DTSTART" in c]
    assert len(dated) >= 3  # the check below is not vacuous
    for component in dated:
        assert component.decoded("DUE") >= component.decoded("DTSTART")
    events = {str(c["UID"]): c for c in first if c.name == "VEVENT"}
    assert set(events) == {
        "meeting:im/2023-11-17@governance-tracker",
        "meeting:im/2023-12-08@governance-tracker",
    }
    announced = events["meeting:im/2023-12-08@governance-tracker"]
    assert str(announced["LOCATION"]) == "Tibro"
    assert announced.decoded("DTSTART").hour == 9  # "09:00-12:00", Stockholm time
    todos = {str(c["UID"]): c for c in first if c.name == "VTODO"}
    # due "at the next meeting": the date of the meeting announced for 8 Dec
    at_next = todos["assignment:im/2023-11-17/5/a2@governance-tracker"]
    assert at_next.decoded("DUE") == date(2023, 12, 8)
    assert "next meeting" in str(at_next["DESCRIPTION"])
    assert str(at_next["STATUS"]) == "NEEDS-ACTION"
    assert "obligation:im-2023/status-report/2023-11-15@governance-tracker" in todos

    record.record(DEC_8)
    again = _components(export_ical(record, as_of=date(2023, 12, 31), stamp=STAMP))
    uids = {str(c["UID"]) for c in again}
    assert set(events) | set(todos) <= uids  # the same entries: updated, not duplicated
    cancelled = next(c for c in again if str(c["UID"]) == str(at_next["UID"]))
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_an_assignment_due_at_an_unannounced_meeting_has_no_due_date(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)
    given = RecordMinutes(
        body_id="im",
        meeting=MeetingDetails(date=date(2024, 1, 26)),
        items=(
            ItemEntry(
                number="3",
                title="Study visit",
                assignments=(
                    scenario.NOV_17.items[1].assignments[1],  # due at the next meeting
                ),
            ),
        ),
    )
    record.record(given)

    todos = {str(c["UID"]): c for c in _components(export_ical(record, body="im", stamp=STAMP))}

    todo = todos["assignment:im/2024-01-26/3/a1@governance-tracker"]
    assert "DUE" not in todo
    assert "not announced yet" in str(todo["DESCRIPTION"])


@pytest.mark.parametrize("register", REGISTERS)
def test_spreadsheets_read_back_equal_the_register(
    record: Governance, register: str, tmp_path: Path
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    table = register_table(record, register, as_of=date(2023, 12, 31))
    assert table.rows, f"the scenario has {register}"

    workbook_path = tmp_path / "register.xlsx"
    write_xlsx(table, workbook_path)
    sheet = openpyxl.load_workbook(workbook_path).active
    assert sheet is not None
    read = list(sheet.iter_rows(values_only=True))
    assert list(read[0]) == list(table.headers)
    assert [tuple(_as_date(cell) for cell in row) for row in read[1:]] == list(table.rows)

    csv_path = tmp_path / "register.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv(table, stream)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == list(table.headers)
    assert lines[1:] == [[_csv_text(cell) for cell in row] for row in table.rows]


def test_swedish_letters_survive_the_spreadsheets(record: Governance, tmp_path: Path) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    table = register_table(record, "decisions")
    write_xlsx(table, tmp_path / "d.xlsx")
    text = io.StringIO()
    write_csv(table, text)

    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    expected = "Protokollet godkändes; åtgärder för ökad närvaro"
    assert expected in cells
    assert "Föregående protokoll" in cells
    assert expected in text.getvalue()


def _as_date(cell: object) -> object:
    return cell.date() if isinstance(cell, datetime) else cell


def _csv_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def _validator(name: str) -> jsonschema.Draft3Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["id"], DRAFT3.create_resource(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft3Validator(
        schema, registry=registry, format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER
    )


COLLECTIONS = {
    "organizations": "organization",
    "persons": "person",
    "memberships": "membership",
    "events": "event",
    "motions": "motion",
}


def test_every_popolo_document_validates_against_the_schemas(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)

    for include_names in (False, True):
        data = export_popolo(record, include_names=include_names)
        json.dumps(data)  # plain JSON
        for collection, schema in COLLECTIONS.items():
            validator = _validator(schema)
            for document in data[collection]:
                validator.validate(document)
        assert data["events"]
        assert data["motions"]
        assert data["memberships"]


def test_popolo_names_members_only_when_asked(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    anonymous = json.dumps(export_popolo(record), ensure_ascii=False)
    named = export_popolo(record, include_names=True)

    assert "Karin Berg" not in anonymous
    assert "Per Lind" not in anonymous
    assert {"id": "person/karin-berg", "name": "Karin Berg"} in named["persons"]
    chair = next(m for m in named["memberships"] if m.get("person_id") == "person/karin-berg")
    assert (chair["organization_id"], chair["role"], chair["label"]) == ("im", "chair", "Tidaholm")


def test_the_schemas_refuse_a_document_of_the_wrong_shape() -> None:
    with pytest.raises(jsonschema.ValidationError):
        _validator("event").validate({"id": "x", "start_date": "17 Nov 2023"})
