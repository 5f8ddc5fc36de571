"""The register rows of one stream: for which dates, and for which body, the stream
has something the status shows.

Every read model of the status keeps one record per entity (an item with its
assignments, a meeting, a mandate with its reports and waivers, a body), and an
entity's events are all in its own stream. So the status as of a date is the status
folded from the streams that have something to show on that date, each folded from its
own events dated up to it; the register rows say which streams those are. A stream's
rows change only on the dates of its own events, and are made again from the stream's
own events (never the body's history) whenever the stream is written.

A row is ``(stream, kind, body, valid_from, valid_to, listed, submitted_on, due_on,
due_meeting_after, due_meeting_before)``: from ``valid_from`` up to the day before
``valid_to`` (open-ended when None) the stream concerns ``body``; ``listed`` is whether
the status shows it without ``include_all`` (an item tabled, an assignment open, every
mandate, meeting and body), where an item whose only rows are assignments done or
cancelled is not listed. A meeting's row starts on the day it was held and holds the
day its minutes were first submitted: all the status reads of a meeting, so that its
stream need not be read.

The ``due_*`` columns of an item's row say when what it shows of the body (an item
tabled, assignments open) is overdue: the `Deadline` (``governance.projections._deadline``)
that `tabled_items.deadline` and `assignments.deadline` give and their statuses read, so
that the status of what is overdue is a query (see `governance.store`): on a day
after ``due_on`` (the earliest date something is due on), or once the body has held a
meeting after ``due_meeting_after`` (the earliest day something due "at the next
meeting" was tabled or given) and before ``due_meeting_before`` (no bound when None: an
assignment's first report, made before that meeting, keeps it open). Of several things,
the row says when the first of them could be overdue; which of them are is the fold's
to say. A row's interval ends wherever what its columns say changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby

import attrs

from governance.domain import ids
from governance.domain.events import (
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentReported,
    BodyEvent,
    DecisionRecorded,
    Event,
    ItemEvent,
    ItemReferred,
    MandateDescribed,
    MeetingEvent,
    MeetingHeld,
    MinutesSubmitted,
)
from governance.projections import assignments as assignments_model
from governance.projections import decisions as decisions_model
from governance.projections import mandates as mandates_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections._deadline import NEVER, Deadline
from governance.projections._order import (
    current_of_stream,
    in_valid_time_order,
    without_retracted,
)
from governance.projections.assignments import AssignmentsView
from governance.projections.decisions import DecisionRow
from governance.projections.mandates import MandatesView
from governance.projections.tabled_items import TabledItemsView

#: The first date of every register row of a body: a body's registration is reference
#: data, applying on every date.
ALWAYS = date.min


@attrs.frozen
class RegisterRow:
    stream: str
    kind: str
    body: str
    valid_from: date
    valid_to: date | None
    listed: bool
    #: for a meeting: the day its minutes were first submitted (None: not yet)
    submitted_on: date | None = None
    #: for an item: overdue on the days after this one
    due_on: date | None = None
    #: for an item: overdue once the body held a meeting after this day ...
    due_meeting_after: date | None = None
    #: ... and before this one (None: any such meeting)
    due_meeting_before: date | None = None


@attrs.frozen
class _Shown:
    """What a stream shows of one body on a date: whether the status lists it, and when
    it is overdue (see `RegisterRow`)."""

    listed: bool
    deadline: Deadline = NEVER

    def row(self, stream: str, kind: str, body: str, start: date, end: date | None) -> RegisterRow:
        return RegisterRow(
            stream,
            kind,
            body,
            start,
            end,
            self.listed,
            None,
            self.deadline.due_on,
            self.deadline.meeting_after,
            self.deadline.meeting_before,
        )

    def __or__(self, other: _Shown) -> _Shown:
        """Both shown: listed if either is; overdue as soon as either could be."""
        first, second = self.deadline, other.deadline
        after = _earliest(first.meeting_after, second.meeting_after)
        if first.meeting_after is None or second.meeting_after is None:
            before = first.meeting_before or second.meeting_before
        elif first.meeting_before is None or second.meeting_before is None:
            before = None
        else:
            before = max(first.meeting_before, second.meeting_before)
        due_on = _earliest(first.due_on, second.due_on)
        return _Shown(self.listed or other.listed, Deadline(due_on, after, before))


def _earliest(first: date | None, second: date | None) -> date | None:
    if first is None or second is None:
        return first or second
    return min(first, second)


Marks = dict[str, _Shown]


def stream_rows(stream: str, events: Iterable[Event]) -> list[RegisterRow]:
    """The register rows of ``stream``, from all its stored events in stream order
    (corrections included: what they retracted is left out here)."""
    kind = stream.partition(":")[0]
    current = in_valid_time_order(without_retracted(events))
    if not current:
        return []
    if kind == "body":
        return [RegisterRow(stream, kind, stream.partition(":")[2], ALWAYS, None, True)]
    if kind == "meeting":  # what the status reads of a meeting: when held and submitted
        held = [event for event in current if isinstance(event, MeetingHeld)]
        if not held:
            return []
        submitted = [e.occurred_on for e in current if isinstance(e, MinutesSubmitted)]
        return [
            RegisterRow(
                stream,
                kind,
                held[0].body_id,
                held[0].occurred_on,
                None,
                True,
                min(submitted) if submitted else None,
            )
        ]
    marks = _item_marks(current) if kind == "item" else _mandate_marks(current)
    return _intervals(stream, kind, marks)


def _item_marks(events: Sequence[Event]) -> list[tuple[date, Marks]]:
    """What an item's stream shows on each of its dates: the body it is tabled by
    (listed), and the bodies that gave its assignments (listed while open); and when
    each is overdue (`tabled_items.deadline`, `assignments.deadline`)."""
    tabled, assignments = TabledItemsView(), AssignmentsView()
    marks: list[tuple[date, Marks]] = []
    for on, same_day in groupby(events, key=lambda event: event.occurred_on):
        day = list(same_day)  # in stream order: each fold keeps it, one date alike
        tabled_items_model.fold(day, tabled)
        assignments_model.fold(day, assignments)
        marks.append((on, _item_shown(tabled, assignments)))
    return marks


def _item_shown(tabled: TabledItemsView, assignments: AssignmentsView) -> Marks:
    shown: Marks = {}

    def show(body: str, what: _Shown) -> None:
        known = shown.get(body)
        shown[body] = what if known is None else known | what

    for assignment_id, given in assignments.given.items():
        report = assignments.reports.get(assignment_id)
        listed = report is None or report.outcome is None
        show(given.body_id, _Shown(listed, assignments_model.deadline(given, report)))
    for track in tabled.items.values():
        tabling = track.last_tabling
        if not track.last_step_is_tabling or tabling is None:
            continue
        show(tabling.body_id, _Shown(True, tabled_items_model.deadline(track, tabling)))
    return shown


def _mandate_marks(events: Sequence[Event]) -> list[tuple[date, Marks]]:
    """A mandate is shown, for the body it is issued to, once it is issued."""
    view = MandatesView()
    marks: list[tuple[date, Marks]] = []
    for on, same_day in groupby(events, key=lambda event: event.occurred_on):
        mandates_model.fold(same_day, view)
        marks.append(
            (
                on,
                {
                    track.current.issued_to: _Shown(True)
                    for track in view.mandates.values()
                    if track.current is not None
                },
            )
        )
    return marks


def _intervals(stream: str, kind: str, marks: list[tuple[date, Marks]]) -> list[RegisterRow]:
    """Maximal runs of one body's mark over the dates: a row per run."""
    rows: list[RegisterRow] = []
    bodies = sorted({body for _, shown in marks for body in shown})
    for body in bodies:
        start: date | None = None
        state: _Shown | None = None
        for on, shown in marks:
            now = shown.get(body)
            if now == state:
                continue
            if state is not None and start is not None:
                rows.append(state.row(stream, kind, body, start, on))
            start, state = on, now
        if state is not None and start is not None:
            rows.append(state.row(stream, kind, body, start, None))
    return rows


def stream_references(events: Iterable[Event]) -> set[str]:
    """The meetings whose minutes, when they arrive, must have what this stream refers
    to (see `governance.domain.references.awaited_items`): an item's own meeting, and the
    meeting that gives each assignment the stream reports on. Every event counts, those
    corrections retracted too: loading a stream more is harmless, one less is not."""
    meetings: set[str] = set()
    for event in events:
        if not isinstance(event, ItemEvent):
            continue
        own = ids.meeting_of_item(event.item_id)
        if own is not None:
            meetings.add(own)
        if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            given = ids.given_at(event.assignment_id)
            if given is not None:
                meetings.add(ids.meeting_id(event.body_id, given))
    return meetings


def stream_bodies(events: Iterable[Event]) -> set[str]:
    """The bodies a stream's events concern: the body of each (whose registration, whose
    meeting, whose step on an item), the body an item is referred to, and the bodies a
    mandate is issued by and to. Every event counts, those corrections retracted too
    (a correction lists only events of its own stream, recorded in it before or after):
    reading a stream more is harmless, one less is not."""
    bodies: set[str] = set()
    for event in events:
        match event:
            case BodyEvent() | MeetingEvent() | ItemEvent():
                bodies.add(event.body_id)
                if isinstance(event, ItemReferred):
                    bodies.add(event.to_body)
            case MandateDescribed():
                bodies.update((event.issued_by, event.issued_to))
    return bodies


def stream_decisions(stream: str, events: Sequence[Event]) -> list[tuple[int, DecisionRow]]:
    """The decisions of ``stream`` (an item's; others have none), each with its number
    within the item (see `decisions.numbered_rows`), from all its stored events in
    stream order (corrections included). They are folded from what the corrections
    leave of the stream in the order a fold of the whole log reads it
    (`current_of_stream`), which numbers an item's decisions of one date.

    A decision's number and title as of any date it is dated up to are these: it is
    numbered among its item's decisions in valid-time order, so later ones do not
    count, and its title is the one the item was taken up under at its meeting or
    raised with, events dated on or before the decision (an item is raised at the
    meeting its id names, before any meeting that takes it up)."""
    if stream.partition(":")[0] != "item" or not any(
        isinstance(event, DecisionRecorded) for event in events
    ):
        return []
    return decisions_model.numbered_rows(decisions_model.fold(current_of_stream(events)))
