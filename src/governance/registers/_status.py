"""The status folded from the events of chosen streams."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from governance.domain.commands import RecordMinutes
from governance.domain.decide import Notice
from governance.domain.events import BodyEvent, Event
from governance.projections._order import without_retracted
from governance.projections.meetings import BodyMeetings, MeetingsView
from governance.projections.notices import LaterMeetings, notices_from_view
from governance.projections.status import Status, StatusView, fold, status_of
from governance.registers._rows import RegisterRow


def meetings_of_rows(rows: Iterable[RegisterRow], *, as_of: date) -> MeetingsView:
    """The meetings read model as of ``as_of`` from meeting rows (see `RegisterRow`): the
    held meetings, and the minutes submitted by then; what a fold of the meetings' own
    events dated up to ``as_of`` gives of them (announced meetings and approvals aside,
    which no status reads)."""
    view = MeetingsView()
    for row in sorted(rows, key=lambda row: row.valid_from):
        if row.valid_from > as_of:
            continue
        meeting_id = row.stream.partition(":")[2]
        body = view.bodies.setdefault(row.body, BodyMeetings())
        if row.valid_from not in body.held_ids:
            body.held.append(row.valid_from)
            body.held_ids[row.valid_from] = meeting_id
        if row.submitted_on is not None and row.submitted_on <= as_of:
            view.submitted_on[meeting_id] = row.submitted_on
    return view


def view_of_streams(
    streams: Iterable[Sequence[Event]], *, meetings: MeetingsView | None = None, as_of: date
) -> StatusView:
    """The read models of the status as of ``as_of`` folded from the stored events of
    each stream (in stream order, corrections included): the same as a fold of the
    whole log gives for what the streams concern, every read model keeping one record
    per entity and an entity's events being all in its stream. ``meetings`` (see
    `meetings_of_rows`) stands for the meetings' streams."""
    known: list[Event] = []
    for events in streams:
        known.extend(
            event
            for event in without_retracted(events)
            if isinstance(event, BodyEvent) or event.occurred_on <= as_of
        )
    view = fold(known, StatusView())
    if meetings is not None:
        view.meetings = meetings
    return view


def status_of_streams(
    streams: Iterable[Sequence[Event]],
    *,
    meetings: MeetingsView | None = None,
    as_of: date,
    body: str | None = None,
    include_all: bool = False,
) -> Status:
    """The status as of ``as_of`` from the `view_of_streams`: the same status as a fold
    of the whole log gives, when the streams are all those the register rows name for
    that date."""
    view = view_of_streams(streams, meetings=meetings, as_of=as_of)
    return status_of(view, as_of=as_of, body=body, include_all=include_all)


def notices_of_streams(
    streams: Iterable[Sequence[Event]],
    meetings: Sequence[RegisterRow],
    pending: Sequence[Event],
    command: RecordMinutes,
) -> list[Notice]:
    """The warnings for ``command`` (see `minutes_notices`) from the stored events of the
    streams the register rows name for its body on its day, the rows of the body's
    meetings, and those of the events this recording decided before it that the
    warnings may need (``pending``, in order; see `Batch.pending_touching`): what
    `minutes_notices` gives from the whole record, when no pending event corrects a
    meeting."""
    body, held_on = command.body_id, command.meeting.date
    recorded = without_retracted([event for events in streams for event in events] + list(pending))
    view = StatusView(meetings=meetings_of_rows(meetings, as_of=held_on))
    fold((e for e in recorded if isinstance(e, BodyEvent) or e.occurred_on <= held_on), view)
    later = LaterMeetings.of(recorded, body, held_on)  # the pending meetings' among them
    held = {row.valid_from for row in meetings if row.valid_from > held_on}
    later = attrs.evolve(later, held=tuple(sorted(held.union(later.held))))
    return notices_from_view(view, command, later)
