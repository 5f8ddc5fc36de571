"""Warnings for minutes about to be recorded: tabled items and assignments of the body
that first fell due at this meeting and that the minutes leave untouched.

A forgotten item is warned about once, at the meeting where it first falls due, not again
at every later meeting. Minutes recorded late, after later meetings are in the record,
count those later meetings that missed it too ("nor at the 2 meetings held since"): held
before it was taken up (an assignment, before it was reported on) and, for an item, with
no event of it, as the status counts them (a meeting that reported on one of the item's
assignments does not count)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from governance.domain import ids
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
from governance.projections._deadline import Deadline
from governance.projections._order import without_retracted
from governance.projections.status import StatusView


@attrs.frozen
class LaterMeetings:
    """What the record holds after a meeting: the later meetings of its body, when each
    item and assignment was next taken up or reported on, and the later dates each item
    had an event at (its own or one of its assignments'). Empty unless minutes are
    recorded late."""

    held: tuple[date, ...] = ()
    handled: Mapping[str, date] = MappingProxyType({})
    attended: Mapping[str, frozenset[date]] = MappingProxyType({})

    @classmethod
    def of(cls, events: Iterable[Event], body: str, after: date) -> LaterMeetings:
        held: set[date] = set()
        handled: dict[str, date] = {}
        attended: dict[str, set[date]] = {}
        for event in events:
            if event.occurred_on <= after:
                continue
            if isinstance(event, MeetingHeld) and event.body_id == body:
                held.add(event.occurred_on)
            if isinstance(event, ItemEvent):
                attended.setdefault(event.item_id, set()).add(event.occurred_on)
            subject = _handled_subject(event)
            if subject is not None and event.occurred_on < handled.get(subject, date.max):
                handled[subject] = event.occurred_on
        return cls(
            tuple(sorted(held)),
            MappingProxyType(handled),
            MappingProxyType({item: frozenset(dates) for item, dates in attended.items()}),
        )

    def missed(self, subject: str) -> int:
        """How many later meetings missed ``subject``: held before it was taken up or
        reported on, and for an item without any event of it (`Deadline.passed` counts
        no other meeting against it either)."""
        until = self.handled.get(subject)
        before = self.held[: bisect_left(self.held, until)] if until is not None else self.held
        attended = self.attended.get(subject, frozenset())
        return sum(1 for held_on in before if held_on not in attended)


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

    A tabled item of the body due at the next meeting falls due at the meeting the status
    counts as the one it missed (`Deadline.deciding_meeting`): the first of the body after
    the tabling that had no event of the item, so that a meeting which only reported on
    one of its assignments does not count; it is noticed at this meeting when no earlier
    one counts and these minutes have no event of it either (do not take it up or report
    on its assignments). One due on a date falls due at the first meeting on or after its
    date, unless it was taken up since (then it is never overdue). An open assignment of
    the body is due alike: at the first meeting after the one that gave it unless reported
    on by then, or at the first meeting on or after its date; it is noticed when the
    minutes do not report on it.
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
    reported = {
        report.assignment_id for entry in command.items for report in entry.assignment_reports
    }
    # The items these minutes have an event of: taken up, or reported on through one of
    # their assignments; the status does not count this meeting against them.
    attended = {entry.continues for entry in command.items} | {
        ids.item_of_assignment(assignment_id) for assignment_id in reported
    }
    notices = []
    for item in tabled_items_model.tabled_item_rows(
        view.tabled_items, view.meetings, as_of=held_on
    ):
        if item.body != body or item.id in attended or item.tabled_on >= held_on:
            continue
        track = view.tabled_items.items[item.id]
        assert track.last_tabling is not None  # a row is an item whose last step is a tabling
        deadline = tabled_items_model.deadline(track, track.last_tabling)
        if _falls_due_here(
            view, body, held_on, deadline, attended=track.meetings, since=item.tabled_on
        ):
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
        deadline = assignments_model.deadline(
            view.assignments.given[assignment.id], view.assignments.reports.get(assignment.id)
        )
        if _falls_due_here(view, body, held_on, deadline, attended=(), since=assignment.given_on):
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


def _falls_due_here(
    view: StatusView,
    body: str,
    held_on: date,
    deadline: Deadline,
    *,
    attended: Container[str],
    since: date,
) -> bool:
    """Whether the meeting on ``held_on``, not yet held and not attended by what it is
    about, is the first of the body at which something given or tabled on ``since`` with
    ``deadline`` falls due. Due at a meeting: when no earlier meeting decides it
    (`Deadline.deciding_meeting`, as the status reads it) and it is overdue if this one
    does. Due on a date: at the first meeting on or after the date, unless it can no
    longer be overdue."""
    if deadline.meeting_after is not None:
        earlier = deadline.deciding_meeting(view.meetings, body, attended, until=held_on)
        return earlier is None and (
            deadline.meeting_before is None or held_on < deadline.meeting_before
        )
    on = deadline.due_on
    if on is None:
        return False
    held = view.meetings.of(body).held
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
