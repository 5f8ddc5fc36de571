"""Decisions: every decision recorded, with the item and the meeting it belongs to.

A decision is numbered within its item in valid-time order (``<item id>/d1``, ``/d2``,
…); its item's title is the title the item had at that meeting (the title it was taken
up under there, else the title it was raised with).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import assert_never

import attrs

from governance.domain.events import (
    AnyEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyEvent,
    DecisionRecorded,
    EntryCorrected,
    Event,
    ItemClosed,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
    MandateEvent,
    MeetingEvent,
)
from governance.projections._order import in_valid_time_order


@attrs.frozen
class DecisionRow:
    """One row of the decisions register."""

    id: str
    item: str
    title: str | None
    body: str
    meeting: str
    decided_on: date
    text: str


@attrs.define
class DecisionsView:
    """The decisions read model; build it with `fold` or step it with `evolve`."""

    raised_titles: dict[str, str] = attrs.Factory(dict)
    #: (item, meeting) -> the title the item was taken up under at that meeting.
    meeting_titles: dict[tuple[str, str], str] = attrs.Factory(dict)
    decisions: list[DecisionRecorded] = attrs.Factory(list)


def evolve(view: DecisionsView, event: AnyEvent) -> DecisionsView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case ItemRaised():
            view.raised_titles[event.item_id] = event.title
        case ItemTakenUp():
            if event.title is not None:
                view.meeting_titles[event.item_id, event.meeting_id] = event.title
        case DecisionRecorded():
            view.decisions.append(event)
        case (
            ItemTabled()
            | ItemReferred()
            | ItemClosed()
            | ItemReopened()
            | AssignmentGiven()
            | AssignmentReported()
            | AssignmentCompleted()
            | AssignmentCancelled()
        ):
            pass
        case BodyEvent() | MandateEvent() | MeetingEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def fold(events: Iterable[Event], view: DecisionsView | None = None) -> DecisionsView:
    result = view if view is not None else DecisionsView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def numbered_rows(view: DecisionsView) -> list[tuple[int, DecisionRow]]:
    """Every decision with its number within its item (``/d<n>`` of its id), in
    valid-time order (decisions of one date in the order folded)."""
    numbered: dict[str, int] = {}
    rows = []
    for decision in sorted(view.decisions, key=lambda d: d.occurred_on):
        n = numbered[decision.item_id] = numbered.get(decision.item_id, 0) + 1
        row = DecisionRow(
            id=f"{decision.item_id}/d{n}",
            item=decision.item_id,
            title=view.meeting_titles.get((decision.item_id, decision.meeting_id))
            or view.raised_titles.get(decision.item_id),
            body=decision.body_id,
            meeting=decision.meeting_id,
            decided_on=decision.occurred_on,
            text=decision.text,
        )
        rows.append((n, row))
    return rows


def decision_rows(
    view: DecisionsView,
    *,
    body: str | None = None,
    since: date | None = None,
    search: str | None = None,
) -> list[DecisionRow]:
    """The decisions by date, then item, then the order they were recorded in;
    ``body`` keeps one body's, ``since`` those decided on or after it, ``search`` those
    whose text or item title contains the word (ignoring case)."""
    return chosen(numbered_rows(view), body=body, since=since, search=search)


def chosen(
    rows: Iterable[tuple[int, DecisionRow]],
    *,
    body: str | None = None,
    since: date | None = None,
    search: str | None = None,
) -> list[DecisionRow]:
    """Of numbered decision rows (see `numbered_rows`), those `decision_rows` keeps, in
    its order: by date, then item, then number."""
    needle = search.casefold() if search else None
    kept = (
        (n, row)
        for n, row in rows
        if (body is None or row.body == body)
        and (since is None or row.decided_on >= since)
        and (needle is None or needle in f"{row.text}\n{row.title or ''}".casefold())
    )
    return [
        row
        for _, row in sorted(
            kept, key=lambda entry: (entry[1].decided_on, entry[1].item, entry[0])
        )
    ]


def decision_to_json(row: DecisionRow) -> dict[str, object]:
    return {
        "id": row.id,
        "item": row.item,
        "title": row.title,
        "body": row.body,
        "meeting": row.meeting,
        "decided_on": row.decided_on.isoformat(),
        "text": row.text,
    }
