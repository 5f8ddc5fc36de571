"""The status folded from the events of chosen streams."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from governance.domain.events import BodyEvent, Event
from governance.projections._order import without_retracted
from governance.projections.status import Status, StatusView, fold, status_of


def status_of_streams(
    streams: Iterable[Sequence[Event]],
    *,
    as_of: date,
    body: str | None = None,
    include_all: bool = False,
) -> Status:
    """The status as of ``as_of`` from the stored events of each stream (in stream
    order, corrections included): the same status as a fold of the whole log gives,
    when the streams are all those the register rows name for that date (every read
    model keeps one record per entity, and an entity's events are all in its stream)."""
    known: list[Event] = []
    for events in streams:
        known.extend(
            event
            for event in without_retracted(events)
            if isinstance(event, BodyEvent) or event.occurred_on <= as_of
        )
    return status_of(fold(known, StatusView()), as_of=as_of, body=body, include_all=include_all)
