"""Rules 2, 3 and 4: the life of an item and of the assignments given on it.

An item's events, in valid-time order, are replayed through ``step``; the first event
that the rules do not allow raises a specific error. Because the whole timeline is
checked, minutes recorded late are held to the same rules as minutes recorded on time,
and a late entry that contradicts a later one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

import attrs

from governance.domain.errors import (
    AssignmentClosedError,
    ConflictingRecordError,
    DuplicateEntryError,
    ItemAlreadyRaisedError,
    ItemClosedError,
    ItemNotClosedError,
    ItemOwnershipError,
    ItemReferredError,
    RuleViolationError,
)
from governance.domain.events import (
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentEvent,
    AssignmentGiven,
    AssignmentReported,
    DecisionRecorded,
    ItemClosed,
    ItemEvent,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
)
from governance.domain.ids import body_of_item
from governance.domain.values import format_day

ItemStatus = Literal["unknown", "open", "tabled", "decided", "referred", "closed"]
AssignmentStatus = Literal["open", "done", "cancelled"]


@attrs.frozen
class ItemLife:
    """Where an item stands after some of its events."""

    item_id: str
    owner: str | None = None
    status: ItemStatus = "unknown"
    raised_at: str | None = None
    since: date | None = None
    referred_to: str | None = None
    assignments: tuple[tuple[str, AssignmentStatus], ...] = ()
    #: Who gave each assignment: only that body reports on it.
    givers: tuple[tuple[str, str], ...] = ()

    def assignment(self, assignment_id: str) -> AssignmentStatus | None:
        return dict(self.assignments).get(assignment_id)

    def giver(self, assignment_id: str) -> str | None:
        return dict(self.givers).get(assignment_id)

    def with_assignment(self, assignment_id: str, status: AssignmentStatus) -> ItemLife:
        others = tuple(a for a in self.assignments if a[0] != assignment_id)
        return attrs.evolve(self, assignments=(*others, (assignment_id, status)))


def _when(day: date | None) -> str:
    return format_day(day) if day else "an earlier meeting"


def _check_owner(life: ItemLife, event: ItemEvent) -> None:
    """Rule 1: only the body that owns an item acts on it at its meetings.

    A referred item may also be reopened by the body that referred it: it takes it back.
    Reports on assignments are for the body that gave them, wherever the item went since.
    """
    if life.owner is None or event.body_id == life.owner:
        return
    if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
        return
    if isinstance(event, ItemReopened) and life.status == "referred":
        return
    if life.status == "referred":
        raise ItemReferredError(
            f"{life.item_id} was referred to {life.owner} on {_when(life.since)}; only "
            f"{life.owner} can take it up, not {event.body_id}"
        )
    raise ItemOwnershipError(
        f"{life.item_id} belongs to {life.owner}; {event.body_id} can take it up only after "
        f"{life.owner} refers it to {event.body_id} (referred_to: {event.body_id})"
    )


def _refuse_if_gone(life: ItemLife, doing: str) -> None:
    if life.status == "closed":
        raise ItemClosedError(
            f"{life.item_id} was closed on {_when(life.since)} and cannot be {doing}; "
            "add 'reopened: true' to the item to reopen it first"
        )
    if life.status == "referred":
        raise ItemReferredError(
            f"{life.item_id} was referred to {life.referred_to} on {_when(life.since)} and "
            f"cannot be {doing} here; it is for {life.referred_to} to take it up"
        )


def step(life: ItemLife, event: ItemEvent) -> ItemLife:
    """The item after ``event``, or the rule violation the event would be."""
    _check_owner(life, event)
    match event:
        case ItemRaised():
            if life.raised_at is not None:
                raise ItemAlreadyRaisedError(
                    f"{event.item_id} was already raised at {life.raised_at}; "
                    "use 'continues' to take it up again"
                )
            if life.status != "unknown":
                raise ConflictingRecordError(
                    f"{event.item_id} is raised on {_when(event.occurred_on)}, but the record "
                    f"already has it on the earlier date {_when(life.since)}"
                )
            return attrs.evolve(
                life, status="open", raised_at=event.meeting_id, since=event.occurred_on
            )
        case ItemTakenUp():
            if life.status == "closed":
                _refuse_if_gone(life, "taken up")
            return attrs.evolve(life, status="open", since=event.occurred_on)
        case ItemReopened():
            if life.status not in ("closed", "referred"):
                raise ItemNotClosedError(
                    f"{event.item_id} is not closed or referred, so it cannot be reopened"
                )
            return attrs.evolve(
                life,
                status="open",
                since=event.occurred_on,
                referred_to=None,
                owner=event.body_id,
            )
        case DecisionRecorded():
            _refuse_if_gone(life, "decided")
            return attrs.evolve(life, status="decided", since=event.occurred_on)
        case ItemTabled():
            _refuse_if_gone(life, "tabled")
            return attrs.evolve(life, status="tabled", since=event.occurred_on)
        case ItemReferred():
            _refuse_if_gone(life, "referred")
            return attrs.evolve(
                life,
                status="referred",
                since=event.occurred_on,
                referred_to=event.to_body,
                owner=event.to_body,
            )
        case ItemClosed():
            if life.status == "closed":
                raise ItemClosedError(f"{event.item_id} was already closed on {_when(life.since)}")
            return attrs.evolve(life, status="closed", since=event.occurred_on)
        case AssignmentGiven():
            _refuse_if_gone(life, "given assignments")
            if life.giver(event.assignment_id) is not None:
                raise DuplicateEntryError(f"assignment {event.assignment_id} was already given")
            # A report recorded before the assignment (same day) keeps what it said.
            status = life.assignment(event.assignment_id) or "open"
            life = attrs.evolve(life, givers=(*life.givers, (event.assignment_id, event.body_id)))
            return life.with_assignment(event.assignment_id, status)
        case AssignmentReported() | AssignmentCompleted() | AssignmentCancelled():
            return _report(life, event)
        case _:
            raise TypeError(f"not an item event: {type(event).__name__}")


def _report(life: ItemLife, event: AssignmentEvent) -> ItemLife:
    giver = life.giver(event.assignment_id)
    if giver is not None and giver != event.body_id:
        raise ItemOwnershipError(
            f"assignment {event.assignment_id} was given by {giver}; only {giver} "
            f"reports on it, not {event.body_id}"
        )
    current = life.assignment(event.assignment_id)
    if current in ("done", "cancelled"):
        raise AssignmentClosedError(
            f"assignment {event.assignment_id} was already reported {current}; "
            "it takes no further reports"
        )
    match event:
        case AssignmentCompleted():
            return life.with_assignment(event.assignment_id, "done")
        case AssignmentCancelled():
            return life.with_assignment(event.assignment_id, "cancelled")
        case _:
            return life.with_assignment(event.assignment_id, "open")


def replay(item_id: str, timeline: Sequence[ItemEvent]) -> ItemLife:
    """Replay a valid-time-ordered timeline; raises on the first rule violation."""
    life = ItemLife(item_id, owner=body_of_item(item_id))
    for event in timeline:
        life = step(life, event)
    return life


@attrs.frozen
class TimelineViolation:
    """Where in a merged timeline the rules broke, and how."""

    index: int
    error: RuleViolationError


def first_violation(item_id: str, timeline: Sequence[ItemEvent]) -> TimelineViolation | None:
    life = ItemLife(item_id, owner=body_of_item(item_id))
    for index, event in enumerate(timeline):
        try:
            life = step(life, event)
        except RuleViolationError as error:
            return TimelineViolation(index, error)
    return None
