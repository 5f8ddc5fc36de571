"""Meetings per body: held meetings with their dates, approvals and submissions of
minutes, and "the next held meeting of a body after a date".

Held dates are kept as sorted lists per body, so the questions the other read models ask
("which meetings were held between two dates") are answered by bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from datetime import date
from typing import assert_never

import attrs

from governance.domain.events import (
    AnyEvent,
    BodyEvent,
    EntryCorrected,
    Event,
    ItemEvent,
    MandateEvent,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
    MinutesSubmitted,
)
from governance.projections._order import in_valid_time_order


@attrs.define
class BodyMeetings:
    """What the record says about the meetings of one body."""

    held: list[date] = attrs.Factory(list)
    held_ids: dict[date, str] = attrs.Factory(dict)


@attrs.define
class MeetingsView:
    """The meetings read model; build it with `fold` or step it with `evolve`."""

    bodies: dict[str, BodyMeetings] = attrs.Factory(dict)
    approved_on: dict[str, date] = attrs.Factory(dict)
    submitted_on: dict[str, date] = attrs.Factory(dict)

    def of(self, body_id: str) -> BodyMeetings:
        return self.bodies.get(body_id) or BodyMeetings()


def evolve(view: MeetingsView, event: AnyEvent) -> MeetingsView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case MeetingHeld():
            body = view.bodies.setdefault(event.body_id, BodyMeetings())
            if event.occurred_on not in body.held_ids:
                insort(body.held, event.occurred_on)
                body.held_ids[event.occurred_on] = event.meeting_id
        case MinutesApproved():
            _keep_earliest(view.approved_on, event.meeting_id, event.occurred_on)
        case MinutesSubmitted():
            _keep_earliest(view.submitted_on, event.meeting_id, event.occurred_on)
        case MeetingScheduled():
            pass
        case BodyEvent() | MandateEvent() | ItemEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def _keep_earliest(dates: dict[str, date], key: str, on: date) -> None:
    if key not in dates or on < dates[key]:
        dates[key] = on


def fold(events: Iterable[Event], view: MeetingsView | None = None) -> MeetingsView:
    result = view if view is not None else MeetingsView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def held_between(
    view: MeetingsView, body_id: str, after: date | None, until: date | None
) -> Iterator[date]:
    """Dates of held meetings of the body with ``after < date <= until`` (None: no bound),
    in date order; lazily, so a caller that stops early pays for what it read."""
    held = view.of(body_id).held
    lo = 0 if after is None else bisect_right(held, after)
    hi = len(held) if until is None else bisect_right(held, until)
    return (held[index] for index in range(lo, hi))


def held_during(view: MeetingsView, body_id: str, first: date, last: date) -> Iterator[date]:
    """Dates of held meetings of the body with ``first <= date <= last``, in date order."""
    held = view.of(body_id).held
    lo, hi = bisect_left(held, first), bisect_right(held, last)
    return (held[index] for index in range(lo, hi))


def count_held(view: MeetingsView, body_id: str, first: date, last: date) -> int:
    """How many meetings the body held with ``first <= date <= last``."""
    held = view.of(body_id).held
    return max(0, bisect_right(held, last) - bisect_left(held, first))


def nth_held_from(view: MeetingsView, body_id: str, first: date, n: int) -> date | None:
    """The date of the n-th (1-based) meeting the body held on or after ``first``."""
    held = view.of(body_id).held
    index = bisect_left(held, first) + n - 1
    return held[index] if n >= 1 and index < len(held) else None


def next_held_after(
    view: MeetingsView, body_id: str, after: date, *, until: date | None = None
) -> date | None:
    """The first meeting the body held after ``after`` (and on or before ``until``)."""
    held = view.of(body_id).held
    index = bisect_right(held, after)
    if index == len(held):
        return None
    found = held[index]
    return None if until is not None and found > until else found


def held_meeting_id(view: MeetingsView, body_id: str, on: date) -> str | None:
    return view.of(body_id).held_ids.get(on)
