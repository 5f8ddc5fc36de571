"""Valid-time order: the order in which the read models fold events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from governance.domain.events import Event


def in_valid_time_order(events: Iterable[Event]) -> list[Event]:
    """The events sorted by ``occurred_on``; events of one date keep their given order.

    Folding in this order makes minutes recorded late give the same read models as
    minutes recorded on time (``sorted`` is stable).
    """
    return sorted(events, key=_occurred_on)


def _occurred_on(event: Event) -> date:
    return event.occurred_on
