"""The facts the record is made of: past-tense, frozen, each with its valid time.

Every event carries ``occurred_on``, the date it happened (valid time). Where and
when it was recorded (transaction time) is the store's business, not the event's.
Each class has a ``schema_version``; an older stored shape is upcast on read by
``upcast_v<n>_v<n+1>`` static methods on the class (see ``governance.store``).

Events are ``attrs.frozen(slots=False)``: eventsourcing's machinery reads ``vars()``.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, TypeAlias, TypeGuard, assert_never, get_args

import attrs

from governance.domain.ids import StreamKind
from governance.domain.values import (
    Alias,
    Attendee,
    Due,
    Goal,
    MeetingMode,
    Member,
    Obligation,
    PartialYears,
)


@attrs.frozen(slots=False, kw_only=True)
class Event:
    """Base of all governance events."""

    schema_version: ClassVar[int] = 1
    stream_kind: ClassVar[StreamKind]

    occurred_on: date

    @property
    def stream_id(self) -> str:
        """The natural id of the stream (aggregate) this event belongs to."""
        raise NotImplementedError

    @property
    def stream_name(self) -> str:
        """The stream's full name, e.g. ``item:im/2023-11-17/7a``."""
        return f"{self.stream_kind}:{self.stream_id}"


# --- bodies ---------------------------------------------------------------------------


@attrs.frozen(slots=False, kw_only=True)
class BodyEvent(Event):
    stream_kind: ClassVar[StreamKind] = "body"
    body_id: str

    @property
    def stream_id(self) -> str:
        return self.body_id


@attrs.frozen(slots=False, kw_only=True)
class BodyDescribed(BodyEvent):
    """What a body document says: the fields of a registration or a revision."""

    name: str
    parent: str | None = None
    address: str | None = None
    members: tuple[Member, ...] = ()
    aliases: tuple[Alias, ...] = ()
    digest: str


@attrs.frozen(slots=False, kw_only=True)
class BodyRegistered(BodyDescribed):
    """The first body document with this id."""


@attrs.frozen(slots=False, kw_only=True)
class BodyRevised(BodyDescribed):
    """A later body document changed the name, parent, address, members or aliases."""


# --- mandates -------------------------------------------------------------------------


@attrs.frozen(slots=False, kw_only=True)
class MandateEvent(Event):
    stream_kind: ClassVar[StreamKind] = "mandate"
    mandate_id: str

    @property
    def stream_id(self) -> str:
        return self.mandate_id


@attrs.frozen(slots=False, kw_only=True)
class MandateDescribed(MandateEvent):
    """What a mandate document says; ``occurred_on`` is its date of issue."""

    issued_by: str
    issued_to: str
    valid_from: date
    valid_to: date | None = None
    goals: tuple[Goal, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    partial_years: PartialYears = "prorate"
    digest: str


@attrs.frozen(slots=False, kw_only=True)
class MandateIssued(MandateDescribed):
    """The first mandate document with this id."""


@attrs.frozen(slots=False, kw_only=True)
class MandateRevised(MandateDescribed):
    """A later mandate document with the same id and other content."""


@attrs.frozen(slots=False, kw_only=True)
class MandateEnded(MandateEvent):
    """The mandate ended on ``occurred_on``."""

    digest: str


@attrs.frozen(slots=False, kw_only=True)
class MandateReported(MandateEvent):
    """A report to the issuer on one obligation (or task); ``occurred_on`` is when it was made."""

    obligation_id: str
    summary: str | None = None
    meeting_id: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class ObligationWaived(MandateEvent):
    """The issuer waived one period of an obligation."""

    obligation_id: str
    period: str
    reason: str | None = None
    meeting_id: str | None = None


# --- meetings -------------------------------------------------------------------------


@attrs.frozen(slots=False, kw_only=True)
class MeetingEvent(Event):
    stream_kind: ClassVar[StreamKind] = "meeting"
    meeting_id: str
    body_id: str

    @property
    def stream_id(self) -> str:
        return self.meeting_id


@attrs.frozen(slots=False, kw_only=True)
class MeetingScheduled(MeetingEvent):
    """A coming meeting announced in minutes; ``occurred_on`` is when it was announced."""

    scheduled_for: date
    place: str | None = None
    time: str | None = None
    announced_at: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class MeetingHeld(MeetingEvent):
    """``occurred_on`` is the meeting date; ``digest`` identifies the minutes' content."""

    place: str | None = None
    mode: MeetingMode | None = None
    time: str | None = None
    attendees: tuple[Attendee, ...] = ()
    secretary: str | None = None
    adjusters: tuple[str, ...] = ()
    digest: str


@attrs.frozen(slots=False, kw_only=True)
class MinutesApproved(MeetingEvent):
    """The minutes were approved (adjusted, *justerade*) on ``occurred_on``."""


@attrs.frozen(slots=False, kw_only=True)
class MinutesSubmitted(MeetingEvent):
    """The minutes were sent to the federation's address on ``occurred_on``."""

    to: str | None = None


# --- items and their assignments ------------------------------------------------------


@attrs.frozen(slots=False, kw_only=True)
class ItemEvent(Event):
    """An event of an item or of one of its assignments, at a held meeting."""

    stream_kind: ClassVar[StreamKind] = "item"
    item_id: str
    body_id: str
    meeting_id: str

    @property
    def stream_id(self) -> str:
        return self.item_id


@attrs.frozen(slots=False, kw_only=True)
class ItemRaised(ItemEvent):
    number: str
    title: str
    notes: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class ItemTakenUp(ItemEvent):
    """An earlier item taken up again at a later meeting (it keeps its id)."""

    number: str | None = None
    title: str | None = None
    notes: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class DecisionRecorded(ItemEvent):
    text: str


@attrs.frozen(slots=False, kw_only=True)
class ItemTabled(ItemEvent):
    until: Due
    reason: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class ItemReferred(ItemEvent):
    to_body: str


@attrs.frozen(slots=False, kw_only=True)
class ItemClosed(ItemEvent):
    pass


@attrs.frozen(slots=False, kw_only=True)
class ItemReopened(ItemEvent):
    pass


@attrs.frozen(slots=False, kw_only=True)
class AssignmentEvent(ItemEvent):
    assignment_id: str


@attrs.frozen(slots=False, kw_only=True)
class AssignmentGiven(AssignmentEvent):
    to: tuple[str, ...]
    task: str
    due: Due


@attrs.frozen(slots=False, kw_only=True)
class AssignmentReported(AssignmentEvent):
    """A progress report; the assignment stays open."""

    note: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class AssignmentCompleted(AssignmentEvent):
    note: str | None = None


@attrs.frozen(slots=False, kw_only=True)
class AssignmentCancelled(AssignmentEvent):
    note: str | None = None


# --- corrections ----------------------------------------------------------------------


@attrs.frozen(slots=False, kw_only=True)
class EntryCorrected(Event):
    """Recorded minutes were corrected: in one stream, ``retracted`` events no longer hold
    and ``replacements`` hold instead (they are recorded again, after this event).

    History is never rewritten: the retracted events stay in the log, and the record as
    known before the correction still shows them. ``occurred_on`` is the date of the
    corrected meeting (the correction is about that date); ``corrected_on`` is the date
    the correction was made.
    """

    stream: str
    meeting_id: str
    reason: str
    corrected_on: date
    retracted: tuple[Event, ...] = ()
    replacements: tuple[Event, ...] = ()

    @property
    def stream_id(self) -> str:
        return self.stream.partition(":")[2]

    @property
    def stream_name(self) -> str:
        return self.stream


# --- the closed unions -----------------------------------------------------------------
#
# Every event the record holds is of one of these classes (the store decodes no other):
# a ``match`` over one of these unions ends in ``assert_never``, so mypy names every
# fold that does not yet say what a new kind of event does to it.

AnyBodyEvent: TypeAlias = BodyRegistered | BodyRevised
AnyMandateEvent: TypeAlias = (
    MandateIssued | MandateRevised | MandateEnded | MandateReported | ObligationWaived
)
AnyMeetingEvent: TypeAlias = MeetingScheduled | MeetingHeld | MinutesApproved | MinutesSubmitted
AnyAssignmentEvent: TypeAlias = (
    AssignmentGiven | AssignmentReported | AssignmentCompleted | AssignmentCancelled
)
AnyItemEvent: TypeAlias = (
    ItemRaised
    | ItemTakenUp
    | DecisionRecorded
    | ItemTabled
    | ItemReferred
    | ItemClosed
    | ItemReopened
    | AnyAssignmentEvent
)
AnyEvent: TypeAlias = (
    AnyBodyEvent | AnyMandateEvent | AnyMeetingEvent | AnyItemEvent | EntryCorrected
)

#: The classes of `AnyEvent`, in the order of the union.
EVENT_TYPES: tuple[type[Event], ...] = get_args(AnyEvent)
_KNOWN: frozenset[type[Event]] = frozenset(EVENT_TYPES)


def is_known(event: Event) -> TypeGuard[AnyEvent]:
    """Whether the event is of a class of `AnyEvent`: every event a store gives back is.

    A fold given an event of another class (a subclass made outside this module) leaves
    its view as it was.
    """
    return type(event) in _KNOWN


def origin_meeting(event: Event) -> str | None:
    """The meeting whose minutes recorded the event, if minutes recorded it."""
    if not is_known(event):
        return None
    match event:
        case MeetingScheduled():
            return event.announced_at
        case MeetingEvent() | ItemEvent() | MandateReported() | ObligationWaived():
            return event.meeting_id
        case BodyEvent() | MandateIssued() | MandateRevised() | MandateEnded() | EntryCorrected():
            return None
        case _:
            assert_never(event)
