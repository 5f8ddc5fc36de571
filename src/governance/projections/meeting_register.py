"""The meetings register: every held meeting and every meeting announced but not (yet)
held, with place and time when known.

A meeting announced and later held is one row, ``held``, with the place and time of the
minutes (else of the announcement). An announcement of a meeting is superseded by a
later announcement of the same meeting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, assert_never

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
from governance.domain.values import MeetingMode
from governance.projections._order import in_valid_time_order
from governance.projections.meetings import _keep_earliest

MeetingStatus = Literal["held", "scheduled"]


@attrs.frozen
class MeetingRow:
    """One meeting of a body; ``attendees`` is how many the minutes list."""

    id: str
    body: str
    on: date
    status: MeetingStatus
    place: str | None = None
    time: str | None = None
    mode: MeetingMode | None = None
    attendees: int = 0
    announced_on: date | None = None
    approved_on: date | None = None
    submitted_on: date | None = None


@attrs.define
class MeetingRegisterView:
    """The meetings register; build it with `fold` or step it with `evolve`."""

    held: dict[str, MeetingHeld] = attrs.Factory(dict)
    announced: dict[str, MeetingScheduled] = attrs.Factory(dict)
    approved_on: dict[str, date] = attrs.Factory(dict)
    submitted_on: dict[str, date] = attrs.Factory(dict)


def evolve(view: MeetingRegisterView, event: AnyEvent) -> MeetingRegisterView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case MeetingHeld():
            view.held.setdefault(event.meeting_id, event)
        case MeetingScheduled():
            known = view.announced.get(event.meeting_id)
            if known is None or event.occurred_on >= known.occurred_on:
                view.announced[event.meeting_id] = event
        case MinutesApproved():
            _keep_earliest(view.approved_on, event.meeting_id, event.occurred_on)
        case MinutesSubmitted():
            _keep_earliest(view.submitted_on, event.meeting_id, event.occurred_on)
        case BodyEvent() | MandateEvent() | ItemEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def fold(events: Iterable[Event], view: MeetingRegisterView | None = None) -> MeetingRegisterView:
    result = view if view is not None else MeetingRegisterView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def meeting_rows(view: MeetingRegisterView, *, body: str | None = None) -> list[MeetingRow]:
    """The meetings by date, then body: held ones and those announced but not held."""
    rows = []
    for meeting_id in view.held.keys() | view.announced.keys():
        held = view.held.get(meeting_id)
        announced = view.announced.get(meeting_id)
        if held is not None:
            row = MeetingRow(
                id=meeting_id,
                body=held.body_id,
                on=held.occurred_on,
                status="held",
                place=held.place or (announced.place if announced else None),
                time=held.time or (announced.time if announced else None),
                mode=held.mode,
                attendees=len(held.attendees),
                announced_on=announced.occurred_on if announced else None,
                approved_on=view.approved_on.get(meeting_id),
                submitted_on=view.submitted_on.get(meeting_id),
            )
        else:
            assert announced is not None
            row = MeetingRow(
                id=meeting_id,
                body=announced.body_id,
                on=announced.scheduled_for,
                status="scheduled",
                place=announced.place,
                time=announced.time,
                announced_on=announced.occurred_on,
            )
        if body is None or row.body == body:
            rows.append(row)
    return sorted(rows, key=lambda row: (row.on, row.body, row.id))


def meeting_to_json(row: MeetingRow) -> dict[str, object]:
    return {
        "id": row.id,
        "body": row.body,
        "date": row.on.isoformat(),
        "status": row.status,
        "place": row.place,
        "time": row.time,
        "mode": row.mode,
        "attendees": row.attendees,
        "announced_on": None if row.announced_on is None else row.announced_on.isoformat(),
        "approved_on": None if row.approved_on is None else row.approved_on.isoformat(),
        "submitted_on": None if row.submitted_on is None else row.submitted_on.isoformat(),
    }
