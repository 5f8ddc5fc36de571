"""Valid-time order: the order in which the read models fold events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from governance.domain.events import EntryCorrected, Event


def in_valid_time_order(events: Iterable[Event]) -> list[Event]:
    """The events sorted by ``occurred_on``; events of one date keep their given order.

    Folding in this order makes minutes recorded late give the same read models as
    minutes recorded on time (``sorted`` is stable).
    """
    return sorted(events, key=_occurred_on)


def _occurred_on(event: Event) -> date:
    return event.occurred_on


def without_retracted(events: Iterable[Event]) -> list[Event]:
    """The events in log order less those that corrections retracted, and less the
    corrections themselves: the record as it stands after every correction it knows.

    A correction retracts the latest equal event recorded before it.
    """
    given = list(events)
    retracted = {
        gone for event in given if isinstance(event, EntryCorrected) for gone in event.retracted
    }
    if not retracted:
        return [event for event in given if not isinstance(event, EntryCorrected)]
    suspects = {(type(gone), gone.occurred_on) for gone in retracted}  # cheaper than a hash
    kept: list[Event | None] = []
    where: dict[Event, list[int]] = {}
    for event in given:
        if isinstance(event, EntryCorrected):
            for gone in event.retracted:
                places = where.get(gone)
                if places:
                    kept[places.pop()] = None
            continue
        if (type(event), event.occurred_on) in suspects and event in retracted:
            where.setdefault(event, []).append(len(kept))
        kept.append(event)
    return [event for event in kept if event is not None]
