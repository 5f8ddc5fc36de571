"""Tabled items (rule 2): items whose last step was to be tabled, open or overdue.

An item is tabled while its last lifecycle event (raised, taken up, decided, tabled,
referred, closed, reopened) is an ``ItemTabled``. It is due at the next held meeting of
its body, or on a date. It is overdue once a later held meeting of its body did not take
it up (no event of the item at that meeting), or once its date has passed without it
being taken up.
"""

from __future__ import annotations

import sys
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
from governance.domain.values import Due
from governance.projections._deadline import NEVER, Deadline
from governance.projections._order import in_valid_time_order
from governance.projections.meetings import MeetingsView

TabledStatus = Literal["open", "overdue"]

_LIFECYCLE = (
    ItemRaised,
    ItemTakenUp,
    DecisionRecorded,
    ItemTabled,
    ItemReferred,
    ItemClosed,
    ItemReopened,
)


@attrs.frozen
class TabledItemRow:
    """One row of the tabled-items register."""

    id: str
    body: str
    title: str | None
    tabled_on: date
    times_tabled: int
    due: Due
    status: TabledStatus


@attrs.define
class ItemTrack:
    """What the register needs to know about one item."""

    raised_title: str | None = None
    taken_up_title: str | None = None
    taken_up_title_on: date | None = None
    last_step_on: date | None = None
    last_step_is_tabling: bool = False
    last_tabling: ItemTabled | None = None
    times_tabled: int = 0
    last_event_on: date | None = None
    #: The meetings with an event of the item: few, and their ids shared by every item
    #: of a meeting (a million-event log holds hundreds of thousands of items).
    meetings: tuple[str, ...] = ()


@attrs.define
class TabledItemsView:
    """The tabled-items read model; build it with `fold` or step it with `evolve`."""

    items: dict[str, ItemTrack] = attrs.Factory(dict)


def _shared(text: str | None) -> str | None:
    """One copy of a text kept by many items (titles such as "Previous minutes")."""
    return None if text is None else sys.intern(text)


def evolve(view: TabledItemsView, event: AnyEvent) -> TabledItemsView:
    """Fold one event into the view (updated in place and returned).

    Robust to late arrivals: the last step is the one with the latest ``occurred_on``
    (of one date, the one folded last), whatever order events are folded in.
    """
    if not isinstance(event, ItemEvent):
        return view
    track = view.items.get(event.item_id)
    if track is None:
        track = view.items[event.item_id] = ItemTrack()
    on = event.occurred_on
    if event.meeting_id not in track.meetings:
        track.meetings = (*track.meetings, sys.intern(event.meeting_id))
    if track.last_event_on is None or on > track.last_event_on:
        track.last_event_on = on
    match event:
        case ItemRaised():
            track.raised_title = _shared(event.title)
        case ItemTakenUp():
            later = track.taken_up_title_on is None or on >= track.taken_up_title_on
            if event.title is not None and later:
                track.taken_up_title = _shared(event.title)
                track.taken_up_title_on = on
        case ItemTabled():
            track.times_tabled += 1
            if track.last_tabling is None or on >= track.last_tabling.occurred_on:
                track.last_tabling = event
        case DecisionRecorded() | ItemReferred() | ItemClosed() | ItemReopened():
            pass
        case AssignmentEvent():
            pass
        case _:
            assert_never(event)
    if isinstance(event, _LIFECYCLE) and (track.last_step_on is None or on >= track.last_step_on):
        track.last_step_on = on
        track.last_step_is_tabling = isinstance(event, ItemTabled)
    return view


def fold(events: Iterable[Event], view: TabledItemsView | None = None) -> TabledItemsView:
    result = view if view is not None else TabledItemsView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def tabled_item_rows(
    view: TabledItemsView, meetings: MeetingsView, *, as_of: date
) -> list[TabledItemRow]:
    """The items tabled as of ``as_of``, sorted by id."""
    rows = []
    for item_id in sorted(view.items):
        track = view.items[item_id]
        tabling = track.last_tabling
        if not track.last_step_is_tabling or tabling is None:
            continue
        rows.append(
            TabledItemRow(
                id=item_id,
                body=tabling.body_id,
                title=track.raised_title or track.taken_up_title,
                tabled_on=tabling.occurred_on,
                times_tabled=track.times_tabled,
                due=tabling.until,
                status="overdue" if _is_overdue(track, tabling, meetings, as_of) else "open",
            )
        )
    return rows


def deadline(track: ItemTrack, tabling: ItemTabled) -> Deadline:
    """When an item whose last step is ``tabling`` is overdue: once a later meeting of its
    body did not take it up (`Deadline.passed` with the item's meetings attended), or after
    its date unless it was taken up since."""
    if tabling.until.on is None:
        return Deadline(meeting_after=tabling.occurred_on)
    if taken_up_since(track, tabling):
        return NEVER
    return Deadline(due_on=tabling.until.on)


def taken_up_since(track: ItemTrack, tabling: ItemTabled) -> bool:
    """Whether anything happened to the item after ``tabling``: then an item due on a date
    is never overdue."""
    return track.last_event_on is not None and track.last_event_on > tabling.occurred_on


def _is_overdue(
    track: ItemTrack, tabling: ItemTabled, meetings: MeetingsView, as_of: date
) -> bool:
    return deadline(track, tabling).passed(as_of, meetings, tabling.body_id, track.meetings)
