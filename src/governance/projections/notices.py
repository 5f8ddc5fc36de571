"""Warnings for minutes about to be recorded: tabled items and assignments of the body
that first fell due at this meeting and that the minutes leave untouched.

A forgotten item is warned about once, at the meeting where it first falls due, not again
at every later meeting. Minutes recorded late, after later meetings are in the record,
count those later meetings that did not take it up either ("nor at the 2 meetings held
since")."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from governance.domain.commands import RecordMinutes
from governance.domain.decide import Notice
from governance.domain.events import (
    AssignmentEvent,
    AssignmentGiven,
    BodyEvent,
    Event,
    ItemEvent,
    MeetingHeld,
)
from governance.domain.messages import Message, Names, msg
from governance.projections import assignments as assignments_model
from governance.projections import meetings as meetings_model
from governance.projections import status as status_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections._order import without_retracted
from governance.projections.status import StatusView


@attrs.frozen
class LaterMeetings:
    """What the record holds after a meeting: the later meetings of its body, and when each
    item and assignment was next taken up or reported on. Empty unless minutes are
    recorded late."""

    held: tuple[date, ...] = ()
    handled: Mapping[str, date] = MappingProxyType({})

    @classmethod
    def of(cls, events: Iterable[Event], body: str, after: date) -> LaterMeetings:
        held: set[date] = set()
        handled: dict[str, date] = {}
        for event in events:
            if event.occurred_on <= after:
                continue
            if isinstance(event, MeetingHeld) and event.body_id == body:
                held.add(event.occurred_on)
            subject = _handled_subject(event)
            if subject is not None and event.occurred_on < handled.get(subject, date.max):
                handled[subject] = event.occurred_on
        return cls(tuple(sorted(held)), MappingProxyType(handled))

    def missed(self, subject: str) -> int:
        """How many later meetings were held before ``subject`` was taken up or reported."""
        until = self.handled.get(subject)
        return bisect_left(self.held, until) if until is not None else len(self.held)


def _handled_subject(event: Event) -> str | None:
    """The item or assignment an event takes up or reports on, if any."""
    match event:
        case AssignmentGiven():
            return None
        case AssignmentEvent():
            return event.assignment_id
        case ItemEvent():
            return event.item_id
        case _:
            return None


def minutes_notices(events: Iterable[Event], command: RecordMinutes) -> list[Notice]:
    """Notices for ``command`` given the events already recorded.

    A tabled item of the body is due at this meeting if it is due at the next meeting and
    no meeting of the body was held since the tabling, or if its date is on or before the
    meeting and no meeting of the body was held from that date until this one; it is
    noticed when the minutes do not take it up (``continues``). An open assignment of the
    body is due alike: at the first meeting after the one that gave it, or at the first
    meeting on or after its date; it is noticed when the minutes do not report on it.
    Minutes of a meeting already recorded give no notices.
    """
    held_on = command.meeting.date
    recorded = without_retracted(events)
    view = status_model.fold(
        e for e in recorded if isinstance(e, BodyEvent) or e.occurred_on <= held_on
    )
    return notices_from_view(view, command, LaterMeetings.of(recorded, command.body_id, held_on))


def notices_from_view(
    view: StatusView, command: RecordMinutes, later: LaterMeetings | None = None
) -> list[Notice]:
    """Notices for ``command`` from the read models of the events already recorded (less
    those corrections retracted) dated up to the meeting, and ``later``, what the record
    holds after it; see `minutes_notices`."""
    later = later or LaterMeetings()
    body, held_on = command.body_id, command.meeting.date
    if meetings_model.held_meeting_id(view.meetings, body, held_on) is not None:
        return []
    taken_up = {entry.continues for entry in command.items}
    reported = {
        report.assignment_id for entry in command.items for report in entry.assignment_reports
    }
    notices = []
    for item in tabled_items_model.tabled_item_rows(
        view.tabled_items, view.meetings, as_of=held_on
    ):
        if item.body != body or item.id in taken_up or item.tabled_on >= held_on:
            continue
        if _first_due_here(view, body, held_on, since=item.tabled_on, on=item.due.on):
            message = msg(
                "notice.tabled-not-taken-up",
                "{item}, tabled on {tabled_on}, was not taken up",
                item=item.id,
                tabled_on=item.tabled_on,
            )
            notices.append(Notice(("items",), _with_missed(message, later.missed(item.id))))
    for assignment in assignments_model.assignment_rows(
        view.assignments, view.meetings, view.bodies, as_of=held_on
    ):
        if assignment.body != body or assignment.id in reported:
            continue
        if assignment.given_on >= held_on:
            continue
        if _first_due_here(view, body, held_on, since=assignment.given_on, on=assignment.due.on):
            message = (
                msg(
                    "notice.assignment-not-reported",
                    "{assignment}, given on {given_on} to {to}, was not reported on",
                    assignment=assignment.id,
                    given_on=assignment.given_on,
                    to=Names(assignment.to),
                )
                if assignment.to
                else msg(
                    "notice.assignment-to-nobody-not-reported",
                    "{assignment}, given on {given_on} to nobody, was not reported on",
                    assignment=assignment.id,
                    given_on=assignment.given_on,
                )
            )
            missed = later.missed(assignment.id)
            notices.append(Notice(("items",), _with_missed(message, missed)))
    return notices


def _first_due_here(
    view: StatusView, body: str, held_on: date, *, since: date, on: date | None
) -> bool:
    """Whether the meeting on ``held_on`` is the first of the body at which something
    given or tabled on ``since`` falls due: at the next meeting (``on`` None) or on a date."""
    held = view.meetings.of(body).held
    if on is None:
        return bisect_right(held, since) == bisect_left(held, held_on)
    first = max(bisect_left(held, on), bisect_right(held, since))
    return on <= held_on and first == bisect_left(held, held_on)


def _with_missed(message: Message, missed: int) -> Message:
    """``message``, and how many later meetings in the record missed it too."""
    if missed == 0:
        return message
    if missed == 1:
        return msg(
            "notice.missed-once-since",
            "{notice}, nor at the meeting held since",
            notice=message,
        )
    return msg(
        "notice.missed-since",
        "{notice}, nor at the {count} meetings held since",
        notice=message,
        count=missed,
    )
