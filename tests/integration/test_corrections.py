"""Rule 6 on every backend: corrections are new events; the past stays knowable."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance import Governance, ItemEntry, Tabling, status_to_json
from governance.domain.commands import CorrectMinutes
from governance.domain.errors import (
    ConflictingRecordError,
    MeetingAlreadyRecordedError,
    NothingToCorrectError,
)
from governance.domain.events import EntryCorrected, ItemClosed, ItemTabled
from governance.domain.values import NEXT_MEETING
from governance.store.mapper import StoredFact
from tests.conftest import StepClock
from tests.scenario import DEC_8, NOV_17, SETUP

# The secretary wrote that 7a was tabled; in fact the meeting closed it.
NOV_17_CORRECTED = attrs.evolve(
    NOV_17,
    items=(
        *NOV_17.items[:2],
        ItemEntry(number="7a", title="Students who stay at home", closed=True),
    ),
)
REASON = "7a was closed, not tabled (checked with the chair)"


def test_a_changed_file_is_refused_with_how_to_correct_it(record: Governance) -> None:
    record.record(*SETUP, NOV_17)

    with pytest.raises(MeetingAlreadyRecordedError, match="--correct"):
        record.record(NOV_17_CORRECTED)


def test_a_correction_records_the_difference_and_status_follows_it(record: Governance) -> None:
    record.record(*SETUP, NOV_17, DEC_8)

    outcome = record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))

    corrections = [e for e in outcome.events if isinstance(e, EntryCorrected)]
    retracted = [e for c in corrections for e in c.retracted]
    assert {type(e).__name__ for e in retracted} == {"MeetingHeld", "ItemTabled"}
    assert all(c.reason == REASON for c in corrections)
    assert any(isinstance(e, ItemClosed) for e in outcome.events)
    assert record.status(as_of=date(2023, 12, 31)).tabled_items == ()


def test_known_at_before_the_correction_shows_the_original(record: Governance) -> None:
    record.record(*SETUP, NOV_17, DEC_8)
    before = record.log_position()
    answers = {
        p: status_to_json(record.status(as_of=date(2023, 12, 31), known_at=p))
        for p in range(before + 1)
    }

    record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))

    for position, answer in answers.items():
        assert status_to_json(record.status(as_of=date(2023, 12, 31), known_at=position)) == answer
    assert [row["id"] for row in answers[before]["tabled_items"]] == ["im/2023-11-17/7a"]


def test_history_shows_original_and_correction_marked(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))

    timeline = record.history("im/2023-11-17/7a")

    types = [entry.event_type for entry in timeline.entries]
    assert types == ["ItemRaised", "ItemTabled", "EntryCorrected", "ItemClosed"]
    tabled = timeline.entries[1]
    correction = timeline.entries[2]
    assert isinstance(tabled.event, ItemTabled)
    assert tabled.retracted_by == correction.position
    assert REASON in correction.summary


def test_correcting_minutes_not_in_the_record_is_refused(record: Governance) -> None:
    record.record(*SETUP)

    with pytest.raises(NothingToCorrectError):
        record.record(CorrectMinutes(minutes=NOV_17, reason=REASON))


def test_a_correction_that_changes_nothing_records_nothing(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    position = record.log_position()

    outcome = record.record(CorrectMinutes(minutes=NOV_17, reason=REASON))

    assert not outcome.is_new
    assert record.log_position() == position


def test_a_correction_is_held_to_the_rules_over_the_whole_timeline(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    record.record(
        attrs.evolve(
            DEC_8,
            items=(ItemEntry(continues="im/2023-11-17/7a", tabled=Tabling(until=NEXT_MEETING)),),
        )
    )
    position = record.log_position()

    with pytest.raises(ConflictingRecordError):
        record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))

    assert record.log_position() == position


def test_a_correction_can_itself_be_corrected(record: Governance) -> None:
    record.record(*SETUP, NOV_17)
    record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))

    record.record(CorrectMinutes(minutes=NOV_17, reason="the chair was wrong after all"))

    rows = record.status(as_of=date(2023, 11, 30)).tabled_items
    assert [row.id for row in rows] == ["im/2023-11-17/7a"]


@given(as_of=st.dates(date(2023, 11, 1), date(2024, 3, 1)), data=st.data())
@settings(max_examples=40, deadline=None)
def test_status_known_at_equals_a_fresh_replay_of_the_log_up_to_there(
    as_of: date, data: st.DataObject
) -> None:
    record = Governance("memory:", clock=StepClock())
    record.record(*SETUP, NOV_17, DEC_8)
    record.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason=REASON))
    log = record.read_log()
    known_at = data.draw(st.integers(0, len(log)))

    fresh = Governance("memory:")
    fresh.save(*[_fact(record, entry.position) for entry in log[:known_at]])

    assert status_to_json(fresh.status(as_of=as_of)) == status_to_json(
        record.status(as_of=as_of, known_at=known_at)
    )


def _fact(record: Governance, position: int) -> StoredFact:
    (notification,) = record.recorder.select_notifications(start=position, limit=1)
    fact = record.mapper.to_domain_event(notification)
    assert isinstance(fact, StoredFact)
    return fact
