"""Mandates: the version in force of each mandate, and whether it is upcoming, active,
expired or ended on a date.

The version in force is the ``MandateIssued`` or ``MandateRevised`` issued last (valid
time; of one date, the one folded last).
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
    MandateEnded,
    MandateIssued,
    MandateReported,
    MandateRevised,
    MeetingEvent,
    ObligationWaived,
)
from governance.projections._order import in_valid_time_order

MandateStatus = Literal["upcoming", "active", "expired", "ended"]


@attrs.frozen
class MandateRow:
    """One row of the mandates register."""

    id: str
    issued_by: str
    issued_to: str
    valid_from: date
    valid_to: date | None
    ended_on: date | None
    status: MandateStatus


@attrs.define
class MandateTrack:
    current: MandateIssued | MandateRevised | None = None
    ended_on: date | None = None

    def end(self) -> date | None:
        """The last day of the version in force: the earlier of ``valid_to`` and the
        date it was ended, if any."""
        assert self.current is not None
        ends = [d for d in (self.current.valid_to, self.ended_on) if d is not None]
        return min(ends) if ends else None


@attrs.define
class MandatesView:
    """The mandates read model; build it with `fold` or step it with `evolve`."""

    mandates: dict[str, MandateTrack] = attrs.Factory(dict)


def evolve(view: MandatesView, event: AnyEvent) -> MandatesView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case MandateIssued() | MandateRevised():
            track = view.mandates.setdefault(event.mandate_id, MandateTrack())
            if track.current is None or event.occurred_on >= track.current.occurred_on:
                track.current = event
        case MandateEnded():
            track = view.mandates.setdefault(event.mandate_id, MandateTrack())
            if track.ended_on is None or event.occurred_on < track.ended_on:
                track.ended_on = event.occurred_on
        case MandateReported() | ObligationWaived():
            pass
        case BodyEvent() | MeetingEvent() | ItemEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def fold(events: Iterable[Event], view: MandatesView | None = None) -> MandatesView:
    result = view if view is not None else MandatesView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def mandate_status(track: MandateTrack, as_of: date) -> MandateStatus:
    assert track.current is not None
    if track.ended_on is not None and track.ended_on <= as_of:
        return "ended"
    if as_of < track.current.valid_from:
        return "upcoming"
    if track.current.valid_to is not None and as_of > track.current.valid_to:
        return "expired"
    return "active"


def mandate_rows(view: MandatesView, *, as_of: date) -> list[MandateRow]:
    """Every issued mandate with its status as of ``as_of``, sorted by id."""
    rows = []
    for mandate_id in sorted(view.mandates):
        track = view.mandates[mandate_id]
        current = track.current
        if current is None:
            continue
        rows.append(
            MandateRow(
                id=mandate_id,
                issued_by=current.issued_by,
                issued_to=current.issued_to,
                valid_from=current.valid_from,
                valid_to=current.valid_to,
                ended_on=track.ended_on if track.ended_on and track.ended_on <= as_of else None,
                status=mandate_status(track, as_of),
            )
        )
    return rows
