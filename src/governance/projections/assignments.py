"""Assignments (rule 4): given to people at a meeting, open until reported done or
cancelled; one due "at the next meeting" is overdue once the next held meeting of its
body passed without a report, one due on a date is overdue after it.

Reports on an assignment whose giving is not (yet) in the record are kept, and apply
once the ``AssignmentGiven`` arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, assert_never

import attrs

from governance.domain.events import (
    AnyEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyEvent,
    DecisionRecorded,
    EntryCorrected,
    Event,
    ItemClosed,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
    MandateEvent,
    MeetingEvent,
)
from governance.domain.values import Due
from governance.projections import bodies as bodies_model
from governance.projections._deadline import NEVER, Deadline
from governance.projections._order import in_valid_time_order
from governance.projections.bodies import BodiesView
from governance.projections.meetings import MeetingsView

AssignmentStatus = Literal["open", "overdue", "done", "cancelled"]
Outcome = Literal["done", "cancelled"]


@attrs.frozen
class AssignmentRow:
    """One row of the assignments register; ``body`` is the body that gave it."""

    id: str
    item: str
    body: str
    to: tuple[str, ...]
    task: str
    given_on: date
    due: Due
    status: AssignmentStatus


@attrs.define
class ReportTrack:
    """The reports on one assignment: the first of any kind, and the final one."""

    first_report_on: date | None = None
    outcome: Outcome | None = None
    outcome_on: date | None = None


@attrs.define
class AssignmentsView:
    """The assignments read model; build it with `fold` or step it with `evolve`."""

    given: dict[str, AssignmentGiven] = attrs.Factory(dict)
    reports: dict[str, ReportTrack] = attrs.Factory(dict)


def evolve(view: AssignmentsView, event: AnyEvent) -> AssignmentsView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case AssignmentGiven():
            known = view.given.get(event.assignment_id)
            if known is None or event.occurred_on < known.occurred_on:
                view.given[event.assignment_id] = event
        case AssignmentReported():
            _report(view, event.assignment_id, event.occurred_on, None)
        case AssignmentCompleted():
            _report(view, event.assignment_id, event.occurred_on, "done")
        case AssignmentCancelled():
            _report(view, event.assignment_id, event.occurred_on, "cancelled")
        case (
            ItemRaised()
            | ItemTakenUp()
            | DecisionRecorded()
            | ItemTabled()
            | ItemReferred()
            | ItemClosed()
            | ItemReopened()
        ):
            pass
        case BodyEvent() | MandateEvent() | MeetingEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def _report(view: AssignmentsView, assignment_id: str, on: date, outcome: Outcome | None) -> None:
    track = view.reports.get(assignment_id)
    if track is None:
        track = view.reports[assignment_id] = ReportTrack()
    if track.first_report_on is None or on < track.first_report_on:
        track.first_report_on = on
    if outcome is not None and (track.outcome_on is None or on < track.outcome_on):
        track.outcome = outcome
        track.outcome_on = on


def fold(events: Iterable[Event], view: AssignmentsView | None = None) -> AssignmentsView:
    result = view if view is not None else AssignmentsView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def assignment_rows(
    view: AssignmentsView,
    meetings: MeetingsView,
    bodies: BodiesView,
    *,
    as_of: date,
    include_all: bool = False,
) -> list[AssignmentRow]:
    """The assignments as of ``as_of``, sorted by id: open and overdue ones, and with
    ``include_all`` also those done or cancelled."""
    rows = []
    for assignment_id in sorted(view.given):
        given = view.given[assignment_id]
        status = _status(given, view.reports.get(assignment_id), meetings, as_of)
        if status in ("done", "cancelled") and not include_all:
            continue
        rows.append(
            AssignmentRow(
                id=assignment_id,
                item=given.item_id,
                body=given.body_id,
                to=bodies_model.resolve_names(bodies, given.body_id, given.to),
                task=given.task,
                given_on=given.occurred_on,
                due=given.due,
                status=status,
            )
        )
    return rows


def deadline(given: AssignmentGiven, reports: ReportTrack | None) -> Deadline:
    """When an assignment is overdue: after its date, or once the next meeting of the body
    that gave it has been held without a report before it; done or cancelled, never."""
    if reports is not None and reports.outcome is not None:
        return NEVER
    if given.due.on is not None:
        return Deadline(due_on=given.due.on)
    first_report_on = reports.first_report_on if reports is not None else None
    return Deadline(meeting_after=given.occurred_on, meeting_before=first_report_on)


def _status(
    given: AssignmentGiven, reports: ReportTrack | None, meetings: MeetingsView, as_of: date
) -> AssignmentStatus:
    if reports is not None and reports.outcome is not None:
        return reports.outcome
    overdue = deadline(given, reports).passed(as_of, meetings, given.body_id)
    return "overdue" if overdue else "open"
