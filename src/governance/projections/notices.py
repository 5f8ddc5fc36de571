"""Warnings for minutes about to be recorded: tabled items and assignments of the body
that were due at this meeting and that the minutes leave untouched."""

from __future__ import annotations

from collections.abc import Iterable

from governance.domain.commands import RecordMinutes
from governance.domain.decide import Notice
from governance.domain.events import BodyEvent, Event
from governance.domain.messages import Names, msg
from governance.projections import assignments as assignments_model
from governance.projections import meetings as meetings_model
from governance.projections import status as status_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections._order import without_retracted
from governance.projections.status import StatusView


def minutes_notices(events: Iterable[Event], command: RecordMinutes) -> list[Notice]:
    """Notices for ``command`` given the events already recorded.

    A tabled item of the body is due at this meeting if it is due at the next meeting and
    no meeting of the body was held since the tabling, or if its date is on or before the
    meeting; it is noticed when the minutes do not take it up (``continues``). An open
    assignment of the body is due if it is due at the next meeting and was given at an
    earlier meeting, or if its date is on or before the meeting; it is noticed when the
    minutes do not report on it. Minutes of a meeting already recorded give no notices.
    """
    held_on = command.meeting.date
    view = status_model.fold(
        e
        for e in without_retracted(events)
        if isinstance(e, BodyEvent) or e.occurred_on <= held_on
    )
    return notices_from_view(view, command)


def notices_from_view(view: StatusView, command: RecordMinutes) -> list[Notice]:
    """Notices for ``command`` from the read models of the events already recorded (less
    those corrections retracted) dated up to the meeting; see `minutes_notices`."""
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
        if item.due.on is None:
            since = meetings_model.next_held_after(
                view.meetings, body, item.tabled_on, until=held_on
            )
            due_here = since is None
        else:
            due_here = item.due.on <= held_on
        if due_here:
            message = msg(
                "notice.tabled-not-taken-up",
                "{item}, tabled on {tabled_on}, was not taken up",
                item=item.id,
                tabled_on=item.tabled_on,
            )
            notices.append(Notice(("items",), message))
    for assignment in assignments_model.assignment_rows(
        view.assignments, view.meetings, view.bodies, as_of=held_on
    ):
        if assignment.body != body or assignment.id in reported:
            continue
        if assignment.given_on >= held_on:
            continue
        if assignment.due.on is None or assignment.due.on <= held_on:
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
            notices.append(Notice(("items",), message))
    return notices
