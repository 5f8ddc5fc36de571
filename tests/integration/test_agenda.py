"""The next meeting's agenda, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from governance import (
    NEXT_MEETING,
    ComingMeeting,
    Governance,
    GovernanceError,
    ItemEntry,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    parse_text,
)
from governance.publish import agenda_docx, agenda_markdown, agenda_yaml, build_agenda
from tests import scenario

#: 8 Dec, as scenario.DEC_8 but it announces the meeting of 26 Jan and gives an
#: assignment due there.
DEC_8 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2023, 12, 8), place="Tibro", mode="on_site"),
    items=(
        ItemEntry(
            number="3",
            title="Study visit",
            assignments=(
                NewAssignment(to=("Karin Berg",), task="Book the bus", due=NEXT_MEETING),
            ),
        ),
    ),
    schedule=(ComingMeeting(date=date(2024, 1, 26), place="Skövde", time="09:00-12:00"),),
)


def test_an_item_tabled_at_one_meeting_is_on_the_next_meetings_agenda(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    agenda = build_agenda(record, "im")

    assert (agenda.on, agenda.place, agenda.time) == (date(2023, 12, 8), "Tibro", "09:00-12:00")
    assert agenda.previous_meeting == "im/2023-11-17"
    assert [(t.row.id, t.first_tabled_on, t.row.status) for t in agenda.tabled] == [
        ("im/2023-11-17/7a", date(2023, 11, 17), "open")
    ]
    # due at the next meeting, and the dated one is not due before the meeting after
    assert [row.id for row in agenda.assignments] == ["im/2023-11-17/5/a2"]
    text = agenda_markdown(agenda)
    assert "Students who stay at home" in text
    assert "im/2023-11-17/5/a2: Karin Berg: Ask the chiefs" in text


def test_once_taken_up_an_item_is_not_on_the_agenda_and_forgotten_ones_are(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)

    agenda = build_agenda(record, "im")

    assert agenda.on == date(2024, 1, 26)
    # not taken up on 8 Dec: still on the agenda, overdue
    assert [(t.row.id, t.row.status) for t in agenda.tabled] == [("im/2023-11-17/7a", "overdue")]
    assert {row.id: row.status for row in agenda.assignments} == {
        "im/2023-11-17/5/a1": "overdue",
        "im/2023-11-17/5/a2": "overdue",
        "im/2023-12-08/3/a1": "open",
    }
    taken_up = RecordMinutes(
        body_id="im",
        meeting=MeetingDetails(date=date(2024, 1, 26)),
        items=(ItemEntry(continues="im/2023-11-17/7a", decisions=("Raised with the chiefs",)),),
        schedule=(ComingMeeting(date=date(2024, 3, 22)),),
    )
    record.record(taken_up)
    assert [t.row.id for t in build_agenda(record, "im").tabled] == []


def test_the_minutes_skeleton_recorded_with_its_decisions_leaves_nothing_it_lists_overdue(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    agenda = build_agenda(record, "im")
    listed = {t.row.id for t in agenda.tabled} | {row.id for row in agenda.assignments}
    skeleton = (
        agenda_yaml(agenda)
        .replace("decisions: []", "decisions: [Raised with the chiefs]")
        .replace("status: progress", "status: done")
    )

    record.record_minutes(parse_text(skeleton, source="agenda.yaml"))

    after = record.status(as_of=date(2024, 12, 31), body="im")
    overdue = {row.id for row in after.tabled_items if row.status == "overdue"} | {
        row.id for row in after.assignments if row.status == "overdue"
    }
    assert len(listed) == 4
    assert not (listed & overdue)


def test_the_skeleton_records_as_it_is(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)
    skeleton = agenda_yaml(build_agenda(record, "im"))

    (outcome,) = record.record_minutes(parse_text(skeleton, source="agenda.yaml"))

    assert outcome.is_new
    after = record.status(as_of=date(2023, 12, 9))
    assert "im/2023-11-17/7a" not in {row.id for row in after.tabled_items}
    # reported on (in progress) at the meeting it was due at: not overdue
    assert {row.id: row.status for row in after.assignments}["im/2023-11-17/5/a2"] == "open"


def test_the_year_count_and_reports_due_before_the_meeting_after_are_listed(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    agenda = build_agenda(record, "im", on=date(2023, 12, 8))

    owed = {(o.row.obligation, o.row.period): o.row for o in agenda.obligations}
    year = owed[("meetings", "2023")]
    assert (year.status, year.count, year.required) == ("due", 1, 6)
    assert ("status-report", "2023-11-15") in owed  # overdue: not reported
    assert ("review", "2023") in owed  # due in December, before the meeting after
    assert all(o.issued_by == "chiefs" for o in agenda.obligations)


def test_items_referred_to_the_body_are_on_its_agenda(record: Governance) -> None:
    referred = RecordMinutes(
        body_id="im",
        meeting=MeetingDetails(date=date(2023, 12, 8)),
        items=(ItemEntry(continues="im/2023-11-17/7a", referred_to="gy"),),
    )
    record.record(*scenario.SETUP, scenario.NOV_17, referred)

    agenda = build_agenda(record, "gy", on=date(2024, 2, 9))

    assert [row.id for row in agenda.referred] == ["im/2023-11-17/7a"]
    assert "referred by im on 8 Dec 2023" in agenda_markdown(agenda, "en")


def test_the_agenda_as_a_word_document(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)
    stream = io.BytesIO()

    agenda_docx(build_agenda(record, "im"), stream)

    stream.seek(0)
    paragraphs = [p.text for p in docx.Document(stream).paragraphs]
    assert paragraphs[0] == "Agenda: IM-nätverket, 8 Dec 2023"
    assert "3. Students who stay at home" in paragraphs
    assert any("im/2023-11-17/7a" in text for text in paragraphs)


def test_without_an_announced_meeting_the_date_is_asked_for(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)

    with pytest.raises(GovernanceError, match=r"no coming meeting of im .* 8 Dec 2023.*--date"):
        build_agenda(record, "im")
    assert build_agenda(record, "im", on=date(2024, 1, 26)).place is None
