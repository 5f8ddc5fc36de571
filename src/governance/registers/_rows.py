"""The register rows of one stream: for which dates, and for which body, the stream
has something the status shows.

Every read model of the status keeps one record per entity (an item with its
assignments, a meeting, a mandate with its reports and waivers, a body), and an
entity's events are all in its own stream. So the status as of a date is the status
folded from the streams that have something to show on that date, each folded from its
own events dated up to it; the register rows say which streams those are. A stream's
rows change only on the dates of its own events, and are made again from the stream's
own events (never the body's history) whenever the stream is written.

A row is ``(stream, kind, body, valid_from, valid_to, listed, submitted_on)``: from ``valid_from``
up to the day before ``valid_to`` (open-ended when None) the stream concerns ``body``;
``listed`` is whether the status shows it without ``include_all`` (an item tabled, an
assignment open, every mandate, meeting and body), where an item whose only rows are
assignments done or cancelled is not listed. A meeting's row starts on the day it was
held and holds the day its minutes were first submitted: all the status reads of a
meeting, so that its stream need not be read.
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
    Event,
    ItemEvent,
    MeetingHeld,
    MinutesSubmitted,
)
from governance.projections import assignments as assignments_model
from governance.projections import mandates as mandates_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections._order import in_valid_time_order, without_retracted
from governance.projections.assignments import AssignmentsView
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


Marks = dict[str, bool]


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
    (listed), and the bodies that gave its assignments (listed while open)."""
    tabled, assignments = TabledItemsView(), AssignmentsView()
    marks: list[tuple[date, Marks]] = []
    for on, same_day in groupby(events, key=lambda event: event.occurred_on):
        day = list(same_day)  # in stream order: each fold keeps it, one date alike
        tabled_items_model.fold(day, tabled)
        assignments_model.fold(day, assignments)
        shown: Marks = {}
        for assignment_id, given in assignments.given.items():
            report = assignments.reports.get(assignment_id)
            open_ = report is None or report.outcome is None
            shown[given.body_id] = shown.get(given.body_id, False) or open_
        for track in tabled.items.values():
            if track.last_step_is_tabling and track.last_tabling is not None:
                shown[track.last_tabling.body_id] = True
        marks.append((on, shown))
    return marks


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
                    track.current.issued_to: True
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
        state: bool | None = None
        for on, shown in marks:
            now = shown.get(body)
            if now == state:
                continue
            if state is not None and start is not None:
                rows.append(RegisterRow(stream, kind, body, start, on, state))
            start, state = on, now
        if state is not None and start is not None:
            rows.append(RegisterRow(stream, kind, body, start, None, state))
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
