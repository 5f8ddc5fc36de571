"""When something owed is overdue (`Deadline.passed`): the one reading that the tabled
items' and assignments' statuses share, and that the store's SQL mirrors."""

from __future__ import annotations

from datetime import date

import pytest

from governance.domain import ids
from governance.domain.events import MeetingHeld
from governance.projections import meetings as meetings_model
from governance.projections._deadline import NEVER, Deadline

IM_MEETINGS = meetings_model.fold(
    MeetingHeld(
        meeting_id=ids.meeting_id("im", on), body_id="im", occurred_on=on, digest=f"m-{on}"
    )
    for on in (date(2024, 3, 1), date(2024, 4, 5))
)


def passed(deadline: Deadline, as_of: str, attended: tuple[str, ...] = ()) -> bool:
    return deadline.passed(date.fromisoformat(as_of), IM_MEETINGS, "im", attended)


@pytest.mark.parametrize(("as_of", "overdue"), [("2024-03-10", False), ("2024-03-11", True)])
def test_a_thing_due_on_a_date_is_overdue_on_the_days_after_it(as_of: str, overdue: bool) -> None:
    assert passed(Deadline(due_on=date(2024, 3, 10)), as_of) is overdue


@pytest.mark.parametrize(("as_of", "overdue"), [("2024-02-29", False), ("2024-03-01", True)])
def test_a_thing_due_at_the_next_meeting_is_overdue_once_it_is_held(
    as_of: str, overdue: bool
) -> None:
    assert passed(Deadline(meeting_after=date(2024, 2, 1)), as_of) is overdue


def test_a_meeting_on_the_day_it_became_due_is_not_the_next_one() -> None:
    assert not passed(Deadline(meeting_after=date(2024, 3, 1)), "2024-03-31")
    assert passed(Deadline(meeting_after=date(2024, 3, 1)), "2024-04-05")


@pytest.mark.parametrize(
    ("reported", "overdue"), [("2024-02-20", False), ("2024-03-01", False), ("2024-03-02", True)]
)
def test_a_first_report_by_the_next_meeting_keeps_it_open(reported: str, overdue: bool) -> None:
    before = date.fromisoformat(reported)
    assert passed(
        Deadline(meeting_after=date(2024, 2, 1), meeting_before=before), "2024-06-01"
    ) is (overdue)


def test_only_the_first_meeting_that_counts_decides() -> None:
    first = (ids.meeting_id("im", date(2024, 3, 1)),)
    deadline = Deadline(meeting_after=date(2024, 2, 1))
    assert not passed(deadline, "2024-04-04", attended=first)
    assert passed(deadline, "2024-04-05", attended=first)
    before = Deadline(meeting_after=date(2024, 2, 1), meeting_before=date(2024, 4, 1))
    assert not passed(before, "2024-06-01", attended=first)


def test_never_is_never_overdue() -> None:
    assert not passed(NEVER, "2099-01-01")


def test_the_deciding_meeting_is_the_first_later_one_that_counts() -> None:
    first = (ids.meeting_id("im", date(2024, 3, 1)),)
    deadline = Deadline(meeting_after=date(2024, 2, 1))
    assert deadline.deciding_meeting(IM_MEETINGS, "im") == date(2024, 3, 1)
    assert deadline.deciding_meeting(IM_MEETINGS, "im", first) == date(2024, 4, 5)
    assert deadline.deciding_meeting(IM_MEETINGS, "im", first, until=date(2024, 4, 4)) is None
    assert Deadline(due_on=date(2024, 2, 1)).deciding_meeting(IM_MEETINGS, "im") is None
