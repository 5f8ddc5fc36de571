"""The items register: every item with its latest step, who holds it, and its tablings.

An item's status is its latest lifecycle step (valid time; of one date, the one folded
last): ``open`` (raised, taken up or reopened), ``decided``, ``tabled``, ``referred``
(to ``referred_to``, which holds it until it takes it up) or ``closed``. ``body`` is the
body that holds it now: the one that raised it, or the one it was referred to.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, assert_never

import attrs

from governance.domain.events import (
    AnyEvent,
    AssignmentEvent,
    DecisionRecorded,
    Event,
    ItemClosed,
    ItemEvent,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
)
from governance.projections._order import in_valid_time_order

ItemStatus = Literal["open", "decided", "tabled", "referred", "closed"]

_STEPS: dict[type[ItemEvent], ItemStatus] = {
    ItemRaised: "open",
    ItemTakenUp: "open",
    ItemReopened: "open",
    DecisionRecorded: "decided",
    ItemTabled: "tabled",
    ItemReferred: "referred",
    ItemClosed: "closed",
}


@attrs.frozen
class ItemRow:
    """One row of the items register."""

    id: str
    body: str
    title: str | None
    raised_on: date | None
    status: ItemStatus
    status_since: date
    first_tabled_on: date | None = None
    times_tabled: int = 0
    referred_by: str | None = None
    referred_to: str | None = None


@attrs.define
class ItemTrack:
    body: str
    title: str | None = None
    raised_on: date | None = None
    status: ItemStatus = "open"
    status_since: date | None = None
    first_tabled_on: date | None = None
    times_tabled: int = 0
    referred_by: str | None = None
    referred_to: str | None = None


@attrs.define
class ItemRegisterView:
    """The items register; build it with `fold` or step it with `evolve`."""

    items: dict[str, ItemTrack] = attrs.Factory(dict)


def evolve(view: ItemRegisterView, event: AnyEvent) -> ItemRegisterView:
    """Fold one event into the view (updated in place and returned)."""
    if not isinstance(event, ItemEvent):
        return view
    step = _STEPS.get(type(event))
    if step is None:
        return view
    track = view.items.get(event.item_id)
    if track is None:
        track = view.items[event.item_id] = ItemTrack(body=event.body_id)
    on = event.occurred_on
    match event:
        case ItemRaised():
            track.title, track.raised_on = event.title, on
        case ItemTakenUp():
            if event.title is not None and track.raised_on is None:
                track.title = event.title
        case ItemTabled():
            track.times_tabled += 1
            if track.first_tabled_on is None or on < track.first_tabled_on:
                track.first_tabled_on = on
        case DecisionRecorded() | ItemReferred() | ItemClosed() | ItemReopened():
            pass
        case AssignmentEvent():
            pass
        case _:
            assert_never(event)
    if track.status_since is None or on >= track.status_since:
        track.status, track.status_since = step, on
        track.body = event.to_body if isinstance(event, ItemReferred) else event.body_id
        track.referred_by = event.body_id if isinstance(event, ItemReferred) else None
        track.referred_to = event.to_body if isinstance(event, ItemReferred) else None
    return view


def fold(events: Iterable[Event], view: ItemRegisterView | None = None) -> ItemRegisterView:
    result = view if view is not None else ItemRegisterView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def item_rows(view: ItemRegisterView, *, body: str | None = None) -> list[ItemRow]:
    """The items sorted by id; ``body`` keeps those the body holds now."""
    rows = []
    for item_id in sorted(view.items):
        track = view.items[item_id]
        if body is not None and track.body != body:
            continue
        assert track.status_since is not None
        rows.append(
            ItemRow(
                id=item_id,
                body=track.body,
                title=track.title,
                raised_on=track.raised_on,
                status=track.status,
                status_since=track.status_since,
                first_tabled_on=track.first_tabled_on,
                times_tabled=track.times_tabled,
                referred_by=track.referred_by,
                referred_to=track.referred_to,
            )
        )
    return rows
