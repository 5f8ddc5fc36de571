"""The decision state: what the record holds about the streams a command touches.

``evolve(state, event) -> state`` is pure and total. Item streams are kept in valid-time
order (``occurred_on``, then recording order), so minutes recorded late slot in where
they belong and the rules are checked against the timeline as it happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar, assert_never

import attrs

from governance.domain import ids
from governance.domain.events import (
    AnyBodyEvent,
    AnyItemEvent,
    AnyMandateEvent,
    AnyMeetingEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentReported,
    BodyEvent,
    BodyRegistered,
    BodyRevised,
    EntryCorrected,
    Event,
    ItemEvent,
    MandateEnded,
    MandateEvent,
    MandateIssued,
    MandateReported,
    MandateRevised,
    MeetingEvent,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
    MinutesSubmitted,
    ObligationWaived,
    is_known,
    origin_meeting,
)

_E = TypeVar("_E", bound=Event)


@attrs.frozen
class BodyState:
    body_id: str
    current: BodyRegistered | BodyRevised | None = None


@attrs.frozen
class MandateState:
    mandate_id: str
    versions: tuple[MandateIssued | MandateRevised, ...] = ()
    ended_on: date | None = None

    @property
    def current(self) -> MandateIssued | MandateRevised | None:
        """The version in force: the one issued last (valid time)."""
        if not self.versions:
            return None
        return max(enumerate(self.versions), key=lambda iv: (iv[1].occurred_on, iv[0]))[1]

    @property
    def reportable_ids(self) -> frozenset[str]:
        """Obligation ids and ids of tasks with a reporting duty, over every version."""
        ids: set[str] = set()
        for version in self.versions:
            ids.update(obligation.id for obligation in version.obligations)
            for goal in version.goals:
                ids.update(task.id for task in goal.tasks if task.report is not None)
        return frozenset(ids)


@attrs.frozen
class MeetingState:
    meeting_id: str
    held: MeetingHeld | None = None
    approved_on: date | None = None
    submitted_on: date | None = None


@attrs.frozen
class ItemState:
    item_id: str
    timeline: tuple[AnyItemEvent, ...] = ()


def _in_valid_time_order(events: Iterable[AnyItemEvent]) -> tuple[AnyItemEvent, ...]:
    # sorted() is stable: events of one date keep the order they were recorded in.
    return tuple(sorted(events, key=lambda e: e.occurred_on))


def evolve_body(state: BodyState, event: AnyBodyEvent) -> BodyState:
    match event:
        case BodyRegistered() | BodyRevised():
            return attrs.evolve(state, current=event)
        case _:
            assert_never(event)


def evolve_mandate(state: MandateState, event: AnyMandateEvent) -> MandateState:
    match event:
        case MandateIssued() | MandateRevised():
            return attrs.evolve(state, versions=(*state.versions, event))
        case MandateEnded():
            return attrs.evolve(state, ended_on=event.occurred_on)
        case MandateReported() | ObligationWaived():
            return state
        case _:
            assert_never(event)


def evolve_meeting(state: MeetingState, event: AnyMeetingEvent) -> MeetingState:
    match event:
        case MeetingHeld():
            return attrs.evolve(state, held=event)
        case MinutesApproved():
            return attrs.evolve(state, approved_on=event.occurred_on)
        case MinutesSubmitted():
            return attrs.evolve(state, submitted_on=event.occurred_on)
        case MeetingScheduled():
            return state
        case _:
            assert_never(event)


def evolve_item(state: ItemState, event: AnyItemEvent) -> ItemState:
    return attrs.evolve(state, timeline=_in_valid_time_order((*state.timeline, event)))


@attrs.frozen
class RecordState:
    """The streams a decision needs, by natural id."""

    bodies: Mapping[str, BodyState] = attrs.field(factory=dict)
    mandates: Mapping[str, MandateState] = attrs.field(factory=dict)
    meetings: Mapping[str, MeetingState] = attrs.field(factory=dict)
    items: Mapping[str, ItemState] = attrs.field(factory=dict)
    #: The events each meeting's minutes recorded, in the loaded streams.
    minutes: Mapping[str, tuple[Event, ...]] = attrs.field(factory=dict)
    #: For each meeting, the items whose timelines may refer into its minutes (see
    #: `referring`), each once, in the order they came in.
    referring_items: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def body(self, body_id: str) -> BodyState:
        return self.bodies.get(body_id) or BodyState(body_id)

    def mandate(self, mandate_id: str) -> MandateState:
        return self.mandates.get(mandate_id) or MandateState(mandate_id)

    def meeting(self, meeting_id: str) -> MeetingState:
        return self.meetings.get(meeting_id) or MeetingState(meeting_id)

    def item(self, item_id: str) -> ItemState:
        return self.items.get(item_id) or ItemState(item_id)

    def referring(self, meeting_id: str) -> Iterator[ItemState]:
        """The items whose timelines may refer into the minutes of ``meeting_id``, in the
        order they came into the state: the meeting's own items, and items with a report
        on an assignment given at the meeting (and maybe others, with their timelines
        emptied by corrections). Every item a decision about those minutes must look at,
        without looking at every item the state holds."""
        for item_id in self.referring_items.get(meeting_id, ()):
            yield self.item(item_id)


def _referred_into(event: AnyItemEvent) -> Iterator[str]:
    """The meetings whose minutes ``event`` may refer into: its item's, and for a report
    on an assignment given at a later meeting, that meeting (of the reporting body)."""
    own = ids.meeting_of_item(event.item_id)
    if own is not None:
        yield own
    if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
        later = ids.given_at(event.assignment_id)
        if later is not None:
            yield ids.meeting_id(event.body_id, later)


class _Draft:
    """A state being folded into: each of its maps copied at its first change in the
    fold, then changed in place, so that a fold of many events into a state of many
    streams copies a map once, not once an event. Nothing outside the fold sees the
    copies before they are done."""

    def __init__(self, state: RecordState) -> None:
        self.state = state
        self._copied: set[str] = set()

    def _writable(self, field: str) -> dict[str, Any]:
        """The map ``field`` of the state, copied first if this fold has not yet."""
        mapping: dict[str, Any] = getattr(self.state, field)
        if field not in self._copied:
            mapping = dict(mapping)
            self.state = attrs.evolve(self.state, **{field: mapping})
            self._copied.add(field)
        return mapping

    # One typed put a map, so that mypy sees what goes where.

    def put_minutes(self, meeting_id: str, events: tuple[Event, ...]) -> None:
        self._writable("minutes")[meeting_id] = events

    def put_body(self, body: BodyState) -> None:
        self._writable("bodies")[body.body_id] = body

    def put_mandate(self, mandate: MandateState) -> None:
        self._writable("mandates")[mandate.mandate_id] = mandate

    def put_meeting(self, meeting: MeetingState) -> None:
        self._writable("meetings")[meeting.meeting_id] = meeting

    def put_item(self, item: ItemState, event: AnyItemEvent) -> None:
        """``item`` (changed by ``event``), noted as referring into the meetings
        ``event`` may refer into."""
        self._writable("items")[item.item_id] = item
        for meeting_id in _referred_into(event):
            known = self.state.referring_items.get(meeting_id, ())
            if item.item_id not in known:
                self._writable("referring_items")[meeting_id] = (*known, item.item_id)


def _remove_first(events: tuple[_E, ...], gone: _E) -> tuple[_E, ...]:
    if gone not in events:
        return events
    index = events.index(gone)
    return events[:index] + events[index + 1 :]


def _retract_from_meeting(state: MeetingState, event: AnyMeetingEvent) -> MeetingState:
    match event:
        case MeetingHeld():
            return attrs.evolve(state, held=None) if state.held == event else state
        case MinutesApproved():
            gone = state.approved_on == event.occurred_on
            return attrs.evolve(state, approved_on=None) if gone else state
        case MinutesSubmitted():
            gone = state.submitted_on == event.occurred_on
            return attrs.evolve(state, submitted_on=None) if gone else state
        case MeetingScheduled():
            return state
        case _:
            assert_never(event)


def retract(state: RecordState, events: Iterable[Event]) -> RecordState:
    """The state without ``events``: what a correction takes back."""
    draft = _Draft(state)
    _retract(draft, events)
    return draft.state


def _retract(draft: _Draft, events: Iterable[Event]) -> None:
    for gone in events:
        if not is_known(gone):
            continue
        state = draft.state
        origin = origin_meeting(gone)
        if origin is not None:
            draft.put_minutes(origin, _remove_first(state.minutes.get(origin, ()), gone))
        match gone:
            case ItemEvent():
                item = state.item(gone.item_id)
                draft.put_item(
                    attrs.evolve(item, timeline=_remove_first(item.timeline, gone)), gone
                )
            case MeetingEvent():
                meeting = _retract_from_meeting(state.meeting(gone.meeting_id), gone)
                draft.put_meeting(meeting)
            case BodyEvent() | MandateEvent() | EntryCorrected():
                pass  # kept by their streams alone: a correction of minutes takes none back
            case _:
                assert_never(gone)


def _evolve(draft: _Draft, event: Event) -> None:
    if not is_known(event):
        return
    if isinstance(event, EntryCorrected):
        _retract(draft, event.retracted)
        return
    state = draft.state
    origin = origin_meeting(event)
    if origin is not None:
        draft.put_minutes(origin, (*state.minutes.get(origin, ()), event))
    match event:
        case BodyEvent():
            draft.put_body(evolve_body(state.body(event.body_id), event))
        case MandateEvent():
            mandate = evolve_mandate(state.mandate(event.mandate_id), event)
            draft.put_mandate(mandate)
        case MeetingEvent():
            meeting = evolve_meeting(state.meeting(event.meeting_id), event)
            draft.put_meeting(meeting)
        case ItemEvent():
            draft.put_item(evolve_item(state.item(event.item_id), event), event)
        case _:
            assert_never(event)


def evolve(state: RecordState, event: Event) -> RecordState:
    """Fold one event into the decision state; one of no class of `AnyEvent` changes
    nothing."""
    return fold((event,), state)


def fold(events: Iterable[Event], state: RecordState | None = None) -> RecordState:
    """Fold events into the decision state (see `evolve`), copying each of its maps
    at most once, however many events there are."""
    draft = _Draft(state or RecordState())
    for event in events:
        _evolve(draft, event)
    return draft.state


class Folding:
    """A decision state that one owner folds events into in turns, deciding between
    them (a recording of many files): each of its maps is copied once, at its first
    change, and changed in place after that, so that a turn costs what its own events
    do, not what the state holds. A `state` read is the state until the next `fold`:
    keep none across one."""

    def __init__(self, state: RecordState | None = None) -> None:
        self._draft = _Draft(state or RecordState())

    @property
    def state(self) -> RecordState:
        return self._draft.state

    def fold(self, events: Iterable[Event]) -> None:
        for event in events:
            _evolve(self._draft, event)


__all__ = [
    "BodyState",
    "Folding",
    "ItemState",
    "MandateState",
    "MeetingState",
    "RecordState",
    "evolve",
    "fold",
]
