"""Rules 2, 3 and 4: the life of an item and of the assignments given on it.

An item's events, in valid-time order, are replayed through ``step``; the first event
that the rules do not allow raises a specific error. Because the whole timeline is
checked, minutes recorded late are held to the same rules as minutes recorded on time,
and a late entry that contradicts a later one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, assert_never

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
    AnyItemEvent,
    AssignmentCancelled,
    AssignmentCompleted,
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
from governance.domain.messages import Message, msg

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

    @classmethod
    def of(cls, item_id: str) -> ItemLife:
        """The item before its first event: owned by the body its id names."""
        return cls(item_id, owner=body_of_item(item_id))

    def assignment(self, assignment_id: str) -> AssignmentStatus | None:
        return dict(self.assignments).get(assignment_id)

    def giver(self, assignment_id: str) -> str | None:
        return dict(self.givers).get(assignment_id)

    def with_assignment(self, assignment_id: str, status: AssignmentStatus) -> ItemLife:
        others = tuple(a for a in self.assignments if a[0] != assignment_id)
        return attrs.evolve(self, assignments=(*others, (assignment_id, status)))


def _when(day: date | None) -> date | Message:
    return day if day else msg("item.earlier-meeting", "an earlier meeting")


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
            msg(
                "item.referred-owner",
                "{item_id} was referred to {owner} on {since}; only {owner} can take it up, not "
                "{body_id}",
                item_id=life.item_id,
                owner=life.owner,
                since=_when(life.since),
                body_id=event.body_id,
            )
        )
    raise ItemOwnershipError(
        msg(
            "item.other-owner",
            "{item_id} belongs to {owner}; {body_id} can take it up only after {owner} refers it "
            "to {body_id} (referred_to: {body_id})",
            item_id=life.item_id,
            owner=life.owner,
            body_id=event.body_id,
        )
    )


def _refuse_if_gone(life: ItemLife, doing: Message) -> None:
    if life.status == "closed":
        raise ItemClosedError(
            msg(
                "item.closed",
                "{item_id} was closed on {since} and cannot be {doing}; add 'reopened: true' to "
                "the item to reopen it first",
                item_id=life.item_id,
                since=_when(life.since),
                doing=doing,
            )
        )
    if life.status == "referred":
        raise ItemReferredError(
            msg(
                "item.referred",
                "{item_id} was referred to {referred_to} on {since} and cannot be {doing} here; "
                "it is for {referred_to} to take it up",
                item_id=life.item_id,
                referred_to=life.referred_to,
                since=_when(life.since),
                doing=doing,
            )
        )


def step(life: ItemLife, event: AnyItemEvent) -> ItemLife:
    """The item after ``event``, or the rule violation the event would be."""
    _check_owner(life, event)
    match event:
        case ItemRaised():
            if life.raised_at is not None:
                raise ItemAlreadyRaisedError(
                    msg(
                        "item.already-raised",
                        "{item_id} was already raised at {raised_at}; use 'continues' to take it "
                        "up again",
                        item_id=event.item_id,
                        raised_at=life.raised_at,
                    )
                )
            if life.status != "unknown":
                raise ConflictingRecordError(
                    msg(
                        "item.raised-earlier",
                        "{item_id} is raised on {occurred_on}, but the record already has it on "
                        "the earlier date {since}",
                        item_id=event.item_id,
                        occurred_on=_when(event.occurred_on),
                        since=_when(life.since),
                    )
                )
            return attrs.evolve(
                life, status="open", raised_at=event.meeting_id, since=event.occurred_on
            )
        case ItemTakenUp():
            if life.status == "closed":
                _refuse_if_gone(life, msg("item.doing.taken-up", "taken up"))
            return attrs.evolve(life, status="open", since=event.occurred_on)
        case ItemReopened():
            if life.status not in ("closed", "referred"):
                raise ItemNotClosedError(
                    msg(
                        "item.not-closed",
                        "{item_id} is not closed or referred, so it cannot be reopened",
                        item_id=event.item_id,
                    )
                )
            return attrs.evolve(
                life,
                status="open",
                since=event.occurred_on,
                referred_to=None,
                owner=event.body_id,
            )
        case DecisionRecorded():
            _refuse_if_gone(life, msg("item.doing.decided", "decided"))
            return attrs.evolve(life, status="decided", since=event.occurred_on)
        case ItemTabled():
            _refuse_if_gone(life, msg("item.doing.tabled", "tabled"))
            return attrs.evolve(life, status="tabled", since=event.occurred_on)
        case ItemReferred():
            _refuse_if_gone(life, msg("item.doing.referred", "referred"))
            return attrs.evolve(
                life,
                status="referred",
                since=event.occurred_on,
                referred_to=event.to_body,
                owner=event.to_body,
            )
        case ItemClosed():
            if life.status == "closed":
                raise ItemClosedError(
                    msg(
                        "item.already-closed",
                        "{item_id} was already closed on {since}",
                        item_id=event.item_id,
                        since=_when(life.since),
                    )
                )
            return attrs.evolve(life, status="closed", since=event.occurred_on)
        case AssignmentGiven():
            _refuse_if_gone(life, msg("item.doing.given-assignments", "given assignments"))
            if life.giver(event.assignment_id) is not None:
                raise DuplicateEntryError(
                    msg(
                        "assignment.already-given",
                        "assignment {assignment_id} was already given",
                        assignment_id=event.assignment_id,
                    )
                )
            # A report recorded before the assignment (same day) keeps what it said.
            status = life.assignment(event.assignment_id) or "open"
            life = attrs.evolve(life, givers=(*life.givers, (event.assignment_id, event.body_id)))
            return life.with_assignment(event.assignment_id, status)
        case AssignmentReported() | AssignmentCompleted() | AssignmentCancelled():
            return _report(life, event)
        case _:
            assert_never(event)


def _report(
    life: ItemLife, event: AssignmentReported | AssignmentCompleted | AssignmentCancelled
) -> ItemLife:
    giver = life.giver(event.assignment_id)
    if giver is not None and giver != event.body_id:
        raise ItemOwnershipError(
            msg(
                "assignment.other-giver",
                "assignment {assignment_id} was given by {giver}; only {giver} reports on it, "
                "not {body_id}",
                assignment_id=event.assignment_id,
                giver=giver,
                body_id=event.body_id,
            )
        )
    current = life.assignment(event.assignment_id)
    if current in ("done", "cancelled"):
        raise AssignmentClosedError(
            msg(
                "assignment.closed",
                "assignment {assignment_id} was already reported {current}; it takes no further "
                "reports",
                assignment_id=event.assignment_id,
                current=msg("assignment.reported-done", "done")
                if current == "done"
                else msg("assignment.reported-cancelled", "cancelled"),
            )
        )
    match event:
        case AssignmentCompleted():
            return life.with_assignment(event.assignment_id, "done")
        case AssignmentCancelled():
            return life.with_assignment(event.assignment_id, "cancelled")
        case AssignmentReported():
            return life.with_assignment(event.assignment_id, "open")
        case _:
            assert_never(event)


@attrs.frozen
class TimelineViolation:
    """Where in a merged timeline the rules broke, and how."""

    index: int
    error: RuleViolationError


def first_violation(item_id: str, timeline: Sequence[AnyItemEvent]) -> TimelineViolation | None:
    life = ItemLife.of(item_id)
    for index, event in enumerate(timeline):
        try:
            life = step(life, event)
        except RuleViolationError as error:
            return TimelineViolation(index, error)
    return None
