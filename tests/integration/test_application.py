"""The application on every backend: recording, idempotence, atomicity, queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from governance import (
    Governance,
    ItemEntry,
    RecordMinutes,
    RuleViolationError,
    Tabling,
    status_to_json,
)
from governance.domain.errors import (
    InvalidValueError,
    ItemClosedError,
    MeetingAlreadyRecordedError,
    UnknownBodyError,
)
from governance.domain.values import NEXT_MEETING
from tests.conftest import StepClock
from tests.scenario import DEC_8, NOV_17, SETUP


def test_recording_the_example_gives_the_contract_status(record: Governance) -> None:
    record.record(*SETUP)
    record.record(NOV_17)
    record.record(DEC_8)

    status = status_to_json(record.status(as_of=date(2023, 12, 8)))

    assert status["as_of"] == "2023-12-08"
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
    by_id = {row["id"]: row for row in status["assignments"]}
    assert by_id["im/2023-11-17/5/a1"]["status"] == "open"
    assert by_id["im/2023-11-17/5/a2"]["status"] == "overdue"
    assert status["mandates"] == [
        {
            "id": "im-2023",
            "issued_to": "im",
            "valid_from": "2023-01-01",
            "valid_to": "2025-12-31",
            "status": "active",
        }
    ]


def test_before_the_next_meeting_the_tabled_item_is_open(record: Governance) -> None:
    record.record(*SETUP, NOV_17, DEC_8)

    status = status_to_json(record.status(as_of=date(2023, 12, 1)))

    assert [row["status"] for row in status["tabled_items"]] == ["open"]


def test_recording_the_same_minutes_again_records_nothing(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    position = record.log_position()

    again = record.record(NOV_17)

    assert not again.is_new
    assert record.log_position() == position


def test_different_minutes_for_a_recorded_meeting_are_refused(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    position = record.log_position()
    changed = attrs.evolve(NOV_17, items=NOV_17.items[:1])

    with pytest.raises(MeetingAlreadyRecordedError):
        record.record(changed)

    assert record.log_position() == position


def test_a_batch_is_recorded_whole_or_not_at_all(record: Governance) -> None:
    record.record(*SETUP)
    position = record.log_position()
    unknown_body = attrs.evolve(DEC_8, body_id="nobody")

    with pytest.raises(UnknownBodyError):
        record.record(NOV_17, unknown_body)

    assert record.log_position() == position
    assert record.status(as_of=date(2023, 12, 31)).tabled_items == ()


def test_approval_and_submission_added_later_record_just_those(record: Governance) -> None:
    record.record(*SETUP, DEC_8)

    outcome = record.record(attrs.evolve(DEC_8, approved_on=date(2023, 12, 11)))

    assert [type(event).__name__ for event in outcome.events] == ["MinutesApproved"]


def test_a_closed_item_cannot_be_tabled_and_nothing_is_recorded(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    close = attrs.evolve(DEC_8, items=(ItemEntry(continues="im/2023-11-17/7a", closed=True),))
    record.record(close)
    position = record.log_position()
    table_again = RecordMinutes(
        body_id="im",
        meeting=attrs.evolve(DEC_8.meeting, date=date(2024, 1, 19)),
        items=(ItemEntry(continues="im/2023-11-17/7a", tabled=Tabling(until=NEXT_MEETING)),),
    )

    with pytest.raises(ItemClosedError) as raised:
        record.record(table_again)

    assert raised.value.path == ("items", 0, "continues")
    assert record.log_position() == position


def test_minutes_recorded_late_that_contradict_later_minutes_are_refused(
    record: Governance,
) -> None:
    record.record(*SETUP, NOV_17)
    record.record(
        attrs.evolve(
            DEC_8,
            items=(ItemEntry(continues="im/2023-11-17/7a", tabled=Tabling(until=NEXT_MEETING)),),
        )
    )
    closes_before = RecordMinutes(
        body_id="im",
        meeting=attrs.evolve(DEC_8.meeting, date=date(2023, 12, 1)),
        items=(ItemEntry(continues="im/2023-11-17/7a", closed=True),),
    )

    with pytest.raises(RuleViolationError, match="contradict the record of im/2023-12-08"):
        record.record(closes_before)


def test_as_of_and_known_at_give_earlier_states(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    before_december = record.log_position()
    record.record(DEC_8)

    today = date(2023, 12, 8)
    known_then = status_to_json(record.status(as_of=today, known_at=before_december))
    known_now = status_to_json(record.status(as_of=today))

    assert [row["status"] for row in known_then["tabled_items"]] == ["open"]
    assert [row["status"] for row in known_now["tabled_items"]] == ["overdue"]


def test_history_of_an_item_shows_when_things_happened_and_were_recorded(
    record: Governance,
) -> None:
    record.record(*SETUP, NOV_17)

    timeline = record.history("im/2023-11-17/7a")

    assert timeline.kind == "item"
    assert [entry.event_type for entry in timeline.entries] == ["ItemRaised", "ItemTabled"]
    assert all(entry.position > 0 for entry in timeline.entries)


def test_reopening_the_store_replays_the_same_state(store_url: str) -> None:
    if store_url == "memory:":
        pytest.skip("a memory store ends with its process")
    first = Governance(store_url, clock=StepClock())
    first.record(*SETUP, NOV_17, DEC_8)
    incremental = status_to_json(first.status(as_of=date(2024, 1, 31)))
    first.close()

    replayed = Governance(store_url)

    assert status_to_json(replayed.status(as_of=date(2024, 1, 31))) == incremental
    replayed.close()


@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        ({"mode": "online"}, ("meeting", "mode"), "expected one of 'on_site', 'digital'"),
        ({"date": "2023-11-17"}, (), "cannot be stored"),
        ({"place": 5}, (), "would not be stored as given"),
        ({"attendees": [("Karin Berg", "Tidaholm")]}, (), "cannot be stored"),
    ],
)
def test_a_command_with_a_value_of_the_wrong_kind_is_refused_and_nothing_is_recorded(
    record: Governance, change: dict[str, Any], path: tuple[str, ...], expected: str
) -> None:
    record.record(*SETUP)
    before = record.log_position()
    bad = attrs.evolve(NOV_17, meeting=attrs.evolve(NOV_17.meeting, **change))

    with pytest.raises(InvalidValueError, match=expected) as raised:
        record.record(bad)

    assert raised.value.path == path
    assert record.log_position() == before
    assert record.status(as_of=date(2023, 12, 31)) is not None  # the log still reads
