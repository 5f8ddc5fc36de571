"""Minutes recorded late say how many later meetings, already in the record, missed what
they warn about too ("…, nor at the N meetings held since"): the body's meetings after
this one and before the thing was next taken up (an item) or reported on (an
assignment), less those where the item had an event, one of its assignments reported on
among them. The count is worked out here from the minutes recorded before, not from the
events, and held to what a recording says; on memory, where the warnings come from the
whole log, and on SQLite, where they come through the register tables.

The histories seldom hold a later meeting that reported on an item's assignment without
taking the item up, and so the count less such meetings (a test of 150 examples did not
find one); tests/integration/test_notices_once.py pins that case."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from governance import Governance
from governance.domain import ids
from governance.domain.commands import Command, RecordMinutes
from governance.domain.messages import Message
from governance.testing import histories, late_arrivals
from tests.conftest import StepClock

NOT_TAKEN_UP = "notice.tabled-not-taken-up"
NOT_REPORTED = {"notice.assignment-not-reported", "notice.assignment-to-nobody-not-reported"}

HISTORY_AND_ARRIVAL = histories(max_years=1).flatmap(
    lambda history: st.tuples(st.just(history), late_arrivals(history, max_delay_days=150))
)


def _counted(message: Message) -> tuple[str, str, int] | None:
    """(code, item or assignment, later meetings counted) of a warning about something
    not taken up or reported on; None for another notice."""
    params = dict(message.params)
    count = 0
    if message.code == "notice.missed-once-since":
        count = 1
    elif message.code == "notice.missed-since":
        given = params["count"]
        assert isinstance(given, int)
        assert given >= 2
        count = given
    inner = params.get("notice", message) if count else message
    assert isinstance(inner, Message)
    if inner.code != NOT_TAKEN_UP and inner.code not in NOT_REPORTED:
        return None
    inner_params = dict(inner.params)
    subject = inner_params.get("item", inner_params.get("assignment"))
    assert isinstance(subject, str)
    return inner.code, subject, count


def _expected(
    recorded: list[RecordMinutes], minutes: RecordMinutes, code: str, subject: str
) -> int:
    """The later meetings of the body, among the minutes recorded before, that missed
    ``subject``: held after ``minutes`` and before the first later minutes (of any body)
    that take the item up or report on the assignment; for an item, not those where it
    had an event (taken up, or one of its assignments reported on)."""
    body, held_on = minutes.body_id, minutes.meeting.date
    later = [m for m in recorded if m.meeting.date > held_on]
    item = subject if code == NOT_TAKEN_UP else None

    def handles(other: RecordMinutes) -> bool:
        if item is not None:
            return any(entry.continues == item for entry in other.items)
        return any(
            report.assignment_id == subject
            for entry in other.items
            for report in entry.assignment_reports
        )

    def attends(other: RecordMinutes) -> bool:
        if item is None:
            return False
        return any(
            entry.continues == item
            or any(
                ids.item_of_assignment(report.assignment_id) == item
                for report in entry.assignment_reports
            )
            for entry in other.items
        )

    until = min((m.meeting.date for m in later if handles(m)), default=date.max)
    attended = {m.meeting.date for m in later if attends(m)}
    held = {m.meeting.date for m in later if m.body_id == body and m.meeting.date < until}
    return len(held - attended)


def _check(store: str, arrival: list[Command]) -> int:
    """Record ``arrival`` in order; how many warnings of late minutes counted a meeting."""
    app = Governance(store, clock=StepClock())
    recorded: list[RecordMinutes] = []
    counted = 0
    try:
        for command in arrival:
            notices = app.record(command).notices
            if not isinstance(command, RecordMinutes):
                continue
            for notice in notices:
                found = _counted(notice.text)
                if found is None:
                    continue
                code, subject, count = found
                assert count == _expected(recorded, command, code, subject), (
                    command.meeting.date,
                    subject,
                )
                counted += count > 0
            recorded.append(command)
    finally:
        app.close()
    return counted


@given(HISTORY_AND_ARRIVAL)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_late_minutes_count_the_later_meetings_that_missed_it_too(
    tmp_path_factory: pytest.TempPathFactory,
    history_and_arrival: tuple[list[Command], list[Command]],
) -> None:
    _, arrival = history_and_arrival
    on_memory = _check("memory:", arrival)
    on_sqlite = _check(str(tmp_path_factory.mktemp("late") / "g.db"), arrival)
    assert on_memory == on_sqlite
    event("warnings that counted later meetings: " + ("some" if on_memory else "none"))
