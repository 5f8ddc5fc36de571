"""The order the read models fold events in, and what corrections take out of it.

What a correction retracts is defined here once (`retracted_positions`); the list
(`without_retracted`), the stream (`current_events`) and the timeline of one thing
(`governance.projections.history`) all ask it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from governance.domain.events import AnyEvent, EntryCorrected, Event, is_known


def in_valid_time_order(events: Iterable[Event]) -> list[AnyEvent]:
    """The events sorted by ``occurred_on``; events of one date keep their given order.

    Folding in this order makes minutes recorded late give the same read models as
    minutes recorded on time (``sorted`` is stable). Events of no class of `AnyEvent`
    are left out: no read model folds them.
    """
    return sorted(filter(is_known, events), key=_occurred_on)


def _occurred_on(event: Event) -> date:
    return event.occurred_on


def _position(entry: tuple[int, Event]) -> int:
    return entry[0]


def retracted_positions(log: Iterable[tuple[int, Event]]) -> dict[int, int]:
    """The positions of the events that corrections retracted, each with the position of
    the correction that retracted it.

    A correction retracts, for each event it lists, the latest equal event recorded
    before it that no earlier correction retracted. ``log`` is (position, event) in log
    order; events no correction lists (see `could_be_retracted`) may be left out of it.
    """
    where: dict[Event, list[int]] = {}
    retracted_by: dict[int, int] = {}
    for position, event in log:
        if isinstance(event, EntryCorrected):
            for gone in event.retracted:
                places = where.get(gone)
                if places:
                    retracted_by[places.pop()] = position
        else:
            where.setdefault(event, []).append(position)
    return retracted_by


def could_be_retracted(corrections: Iterable[Event]) -> Callable[[Event], bool]:
    """Whether an event equals one that ``corrections`` list as retracted.

    Most events differ in type or date from all of those, which is cheaper to see than
    their equality (a hash of every field).
    """
    retracted = {
        gone
        for correction in corrections
        if isinstance(correction, EntryCorrected)
        for gone in correction.retracted
    }
    suspects = {(type(gone), gone.occurred_on) for gone in retracted}

    def suspect(event: Event) -> bool:
        return (type(event), event.occurred_on) in suspects and event in retracted

    return suspect


def without_retracted(events: Iterable[Event]) -> list[Event]:
    """The events in log order less those that corrections retracted, and less the
    corrections themselves: the record as it stands after every correction it knows."""
    given = list(events)
    corrections = [event for event in given if isinstance(event, EntryCorrected)]
    if not corrections:
        return given
    suspect = could_be_retracted(corrections)
    gone = retracted_positions(
        (position, event)
        for position, event in enumerate(given)
        if isinstance(event, EntryCorrected) or suspect(event)
    )
    return [
        event
        for position, event in enumerate(given)
        if position not in gone and not isinstance(event, EntryCorrected)
    ]


def current_events(
    log: Iterable[tuple[int, Event]], corrections: Iterable[tuple[int, Event]]
) -> Iterator[Event]:
    """The events of ``log`` less those that corrections retracted, and less the
    corrections, as they stream past: ``corrections`` are every correction in ``log``,
    read ahead (with their positions).

    The same events as `without_retracted` keeps, in log order except that the few
    events a correction could have retracted come last. The read models do not depend
    on that order (they fold late minutes like any others).
    """
    held = list(corrections)
    suspect = could_be_retracted(correction for _, correction in held)
    for position, event in log:
        if suspect(event):
            held.append((position, event))
        elif not isinstance(event, EntryCorrected):
            yield event
    held.sort(key=_position)
    gone = retracted_positions(held)
    for position, event in held:
        if position not in gone and not isinstance(event, EntryCorrected):
            yield event


def current_of_stream(events: Sequence[Event]) -> Iterator[Event]:
    """What `current_events` keeps of one stream's events (all its stored events in
    stream order, corrections included), in the order it gives them: a correction
    retracts only events of its own stream, where it is recorded, so this is what a
    fold of the whole log reads of the stream."""
    log = list(enumerate(events))
    return current_events(log, [entry for entry in log if isinstance(entry[1], EntryCorrected)])
