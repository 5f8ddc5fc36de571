"""A rule-based state machine over the deciders, and helpers to record commands.

``GovernanceMachine`` records bodies, mandates and minutes through ``decide`` into a real
``RecordState``, keeps a small model of its own (what each item and assignment should be,
which meetings are held), predicts for every command whether it is accepted and with
which events, or which error it raises, and checks the rules of governance as
invariants after every step. Run it with ``TestGovernance = GovernanceMachine.TestCase``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any, Final, Literal, assert_never

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from governance.domain import ids
from governance.domain.commands import (
    AssignmentReport,
    Command,
    CorrectMinutes,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Waiver,
)
from governance.domain.decide import Context, Decision, decide
from governance.domain.errors import (
    AssignmentClosedError,
    ConflictingRecordError,
    ItemClosedError,
    ItemNotClosedError,
    ItemOwnershipError,
    ItemReferredError,
    MeetingAlreadyRecordedError,
    NothingToCorrectError,
    NotIssuerError,
    RuleViolationError,
    UnknownBodyError,
    UnknownMandateError,
    UnknownObligationError,
)
from governance.domain.events import (
    AnyItemEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentEvent,
    AssignmentGiven,
    AssignmentReported,
    BodyEvent,
    DecisionRecorded,
    EntryCorrected,
    Event,
    ItemClosed,
    ItemEvent,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
    MandateEvent,
    MeetingEvent,
    MeetingHeld,
)
from governance.domain.state import RecordState, fold
from governance.domain.values import Due, ReportStatus
from governance.projections import compute_status
from governance.testing._strategies import (
    BODY_NAMES,
    DECISIONS,
    FOLLOW_UP_TITLE,
    NOTES,
    PEOPLE,
    PLACES,
    TASKS,
    TITLES,
    body_commands,
    dates,
    mandate_commands,
    minutes_commands,
    reportable_ids,
    slugs,
)

RECORDED_ON: Final = date(2026, 1, 1)
"""The date of recording (``Context.today``) the helpers use unless told otherwise."""

_ItemStatus = Literal["open", "tabled", "decided", "referred", "closed"]
_AssignmentStatus = Literal["open", "done", "cancelled"]

_FIRST_MEETING: Final = date(2023, 1, 9)
_LAST_VALID_FROM: Final = date(2024, 6, 30)
_ACTIONS: Final = ("discussed", "tabled", "decided", "assigned", "referred", "closed")
_REPORT_STATUSES: Final[st.SearchStrategy[ReportStatus]] = st.sampled_from(
    ("done", "progress", "cancelled")
)
_REPORTED: Final[dict[ReportStatus, _AssignmentStatus]] = {
    "done": "done",
    "progress": "open",
    "cancelled": "cancelled",
}
_REPORT_EVENTS: Final[dict[ReportStatus, str]] = {
    "done": AssignmentCompleted.__name__,
    "progress": AssignmentReported.__name__,
    "cancelled": AssignmentCancelled.__name__,
}


def _plain(value: object) -> object:
    """A JSON shape of a command: attrs instances as mappings, sets sorted, dates ISO."""
    cls = type(value)
    if attrs.has(cls):
        fields = {field.name: _plain(getattr(value, field.name)) for field in attrs.fields(cls)}
        return {"type": cls.__name__, **fields}
    if isinstance(value, frozenset):
        return sorted(str(member) for member in value)
    if isinstance(value, tuple | list):
        return [_plain(member) for member in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def command_digest(command: Command) -> str:
    """A digest of a command's content, for ``Context.digest``.

    Like the digest the application takes of a document, it leaves out what may be
    added to a document later: the approval and submission dates of minutes and the end
    of a mandate (recording the document again with them records only them). A
    correction has the digest of the minutes it corrects them to.
    """
    if isinstance(command, CorrectMinutes):
        command = command.minutes
    if isinstance(command, RecordMinutes):
        command = attrs.evolve(command, approved_on=None, submitted_on=None)
    elif isinstance(command, IssueMandate):
        command = attrs.evolve(command, ended_on=None)
    text = json.dumps(_plain(command), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def context_for(command: Command, *, today: date = RECORDED_ON) -> Context:
    """The decision context for recording ``command`` alone on ``today``."""
    return Context(digest=command_digest(command), today=today)


def apply_commands(
    commands: Iterable[Command], state: RecordState | None = None, *, today: date = RECORDED_ON
) -> tuple[RecordState, tuple[Event, ...]]:
    """Decide each command in turn and fold its events in, as recording them would.

    Returns the final state and every new event in the order decided. The first command
    the rules refuse raises its ``RuleViolationError``.
    """
    result = state or RecordState()
    recorded: list[Event] = []
    for command in commands:
        decision = decide(command, result, context_for(command, today=today))
        result = fold(decision.events, result)
        recorded.extend(decision.events)
    return result, tuple(recorded)


def _event_key(event: Event) -> tuple[str, str]:
    """An event's type and the id it is about, for comparing events without content."""
    match event:
        case AssignmentEvent():
            about = event.assignment_id
        case ItemEvent():
            about = event.item_id
        case MeetingEvent():
            about = event.meeting_id
        case MandateEvent():
            about = event.mandate_id
        case BodyEvent():
            about = event.body_id
        case EntryCorrected():
            about = event.stream
        case _:
            raise TypeError(f"unknown event type: {type(event).__name__}")
    return type(event).__name__, about


@attrs.frozen
class _Standing:
    """Where an item stands, read off its timeline: its status, the body it belongs to,
    and, while it is referred, the body that referred it (which may take it back)."""

    status: _ItemStatus
    owner: str
    referred_by: str | None = None


def _standings(item_id: str, timeline: Sequence[AnyItemEvent]) -> Iterator[_Standing]:
    """The item's standing before each event of its timeline, and after the last."""
    standing = _Standing("open", str(ids.body_of_item(item_id)))
    for event in timeline:
        yield standing
        match event:
            case ItemRaised() | ItemTakenUp():
                standing = _Standing("open", standing.owner)
            case ItemReopened():
                standing = _Standing("open", event.body_id)
            case DecisionRecorded():
                standing = _Standing("decided", standing.owner)
            case ItemTabled():
                standing = _Standing("tabled", standing.owner)
            case ItemReferred():
                standing = _Standing("referred", event.to_body, referred_by=event.body_id)
            case ItemClosed():
                standing = _Standing("closed", standing.owner)
            case AssignmentEvent():
                pass
            case _:
                assert_never(event)
    yield standing


def _assignment_statuses(timeline: Sequence[AnyItemEvent]) -> dict[str, _AssignmentStatus]:
    statuses: dict[str, _AssignmentStatus] = {}
    for event in timeline:
        match event:
            case AssignmentGiven() | AssignmentReported():
                statuses[event.assignment_id] = "open"
            case AssignmentCompleted():
                statuses[event.assignment_id] = "done"
            case AssignmentCancelled():
                statuses[event.assignment_id] = "cancelled"
            case (
                ItemRaised()
                | ItemTakenUp()
                | ItemReopened()
                | DecisionRecorded()
                | ItemTabled()
                | ItemReferred()
                | ItemClosed()
            ):
                pass
            case _:
                assert_never(event)
    return statuses


@attrs.define
class _Item:
    """An item as the model has it: where it stands, the body it belongs to now (the one
    that raised it, or the one it was referred to), and while it is referred, the body
    that referred it."""

    owner: str
    status: _ItemStatus
    referred_by: str | None = None


@attrs.define
class _Assignment:
    """An assignment as the model has it: its item, the body that gave it (and reports on
    it, wherever the item went since), and whether it is open, done or cancelled."""

    item_id: str
    given_by: str
    status: _AssignmentStatus


class GovernanceMachine(RuleBasedStateMachine):
    """Record bodies, mandates and minutes; predict every outcome from a small model.

    The model knows the registered bodies, the issued mandates, the minutes of every
    held meeting, what each item (``open``, ``tabled``, ``decided``, ``referred``,
    ``closed``) and assignment (``open``, ``done``, ``cancelled``) should be, and which
    body each item belongs to (the one that raised it, or the one it was referred to).
    Meetings are held on later and later dates, except late minutes that raise new items
    on an earlier date; held minutes are also recorded again, approved later and
    corrected. Rules that break a rule of governance must raise its error and change
    nothing; the others must be accepted with exactly the predicted events. Invariants
    check rules 1–6 over the record after every step; rule 5 against the model's own
    count of what each mandate covers, with partial validity and explicit ends.
    """

    bodies = Bundle("bodies")
    mandates = Bundle("mandates")

    def __init__(self) -> None:
        super().__init__()
        self.record = RecordState()
        self.log: list[Event] = []
        self.registered: dict[str, RegisterBody] = {}
        self.issued: dict[str, IssueMandate] = {}
        self.held: dict[str, RecordMinutes] = {}
        self.items: dict[str, _Item] = {}
        self.assignments: dict[str, _Assignment] = {}
        self.ended: dict[str, date] = {}
        self.waived: set[tuple[str, str, str]] = set()
        self.last_meeting = _FIRST_MEETING

    # --- recording and predicting -------------------------------------------------------

    def _decide(self, command: Command) -> Decision:
        return decide(command, self.record, context_for(command))

    def _record(self, command: Command, expected: Counter[tuple[str, str]]) -> None:
        decision = self._decide(command)
        recorded = Counter(_event_key(event) for event in decision.events)
        assert recorded == expected, f"recorded {recorded}, expected {expected}"
        self.record = fold(decision.events, self.record)
        self.log.extend(decision.events)

    def _refused(self, command: Command, error: type[RuleViolationError]) -> None:
        try:
            self._decide(command)
        except error:
            return
        except RuleViolationError as other:
            raise AssertionError(f"{error.__name__} expected, got {other!r}") from other
        raise AssertionError(f"{error.__name__} expected, but the command was accepted")

    def _expected(self, minutes: RecordMinutes) -> Counter[tuple[str, str]]:
        """The events recording new minutes must give, by type and id."""
        on = minutes.meeting.date
        meeting = f"{minutes.body_id}/{on.isoformat()}"
        expected: Counter[tuple[str, str]] = Counter({("MeetingHeld", meeting): 1})
        if minutes.approved_on is not None:
            expected["MinutesApproved", meeting] += 1
        if minutes.submitted_on is not None:
            expected["MinutesSubmitted", meeting] += 1
        for entry in minutes.items:
            item = entry.continues or f"{meeting}/{entry.number}"
            expected["ItemReopened", item] += entry.reopened
            expected["ItemTakenUp" if entry.continues else "ItemRaised", item] += 1
            for report in entry.assignment_reports:
                expected[_REPORT_EVENTS[report.status], report.assignment_id] += 1
            expected["DecisionRecorded", item] += len(entry.decisions)
            given_at = f"/{on.isoformat()}" if entry.continues else ""
            for n in range(1, len(entry.assignments) + 1):
                expected["AssignmentGiven", f"{item}{given_at}/a{n}"] += 1
            expected["ItemTabled", item] += entry.tabled is not None
            expected["ItemReferred", item] += entry.referred_to is not None
            expected["ItemClosed", item] += entry.closed
        for mandate_report in minutes.reports:
            expected["MandateReported", mandate_report.mandate_id] += 1
        for waiver in minutes.waivers:
            expected["ObligationWaived", waiver.mandate_id] += 1
        for coming in minutes.schedule:
            expected["MeetingScheduled", f"{minutes.body_id}/{coming.date.isoformat()}"] += 1
        return +expected

    def _learn(self, minutes: RecordMinutes, entries: Iterable[ItemEntry] | None = None) -> None:
        """Update the model with accepted minutes, of which ``entries`` (default: every
        item) are new to the record."""
        on = minutes.meeting.date
        self.held[ids.meeting_id(minutes.body_id, on)] = minutes
        for entry in minutes.items if entries is None else entries:
            if entry.continues is None:
                item = ids.item_id(minutes.body_id, on, str(entry.number))
                self.items[item] = _Item(minutes.body_id, "open")
            else:
                item = entry.continues
                self.items[item].status, self.items[item].referred_by = "open", None
                if entry.reopened:
                    self.items[item].owner = minutes.body_id
            model = self.items[item]
            for report in entry.assignment_reports:
                self.assignments[report.assignment_id].status = _REPORTED[report.status]
            if entry.decisions:
                model.status = "decided"
            given_at = None if entry.continues is None else on
            for n in range(1, len(entry.assignments) + 1):
                assignment = ids.assignment_id(item, n, given_at)
                self.assignments[assignment] = _Assignment(item, minutes.body_id, "open")
            if entry.tabled is not None:
                model.status = "tabled"
            if entry.referred_to is not None:
                model.status, model.owner = "referred", entry.referred_to
                model.referred_by = minutes.body_id
            if entry.closed:
                model.status = "closed"

    def _record_minutes(self, minutes: RecordMinutes) -> None:
        self._record(minutes, self._expected(minutes))
        self._learn(minutes)

    # --- what the model holds -----------------------------------------------------------

    def _items_in(self, *statuses: _ItemStatus) -> list[str]:
        return sorted(item for item, model in self.items.items() if model.status in statuses)

    def _assignments_in(self, *statuses: _AssignmentStatus) -> list[str]:
        return sorted(a for a, model in self.assignments.items() if model.status in statuses)

    def _next_meeting_on(self, data: st.DataObject) -> date:
        self.last_meeting += timedelta(days=data.draw(st.integers(1, 45), label="days later"))
        return self.last_meeting

    def _minutes(
        self,
        body_id: str,
        on: date,
        *items: ItemEntry,
        reports: tuple[MandateReport, ...] = (),
        waivers: tuple[Waiver, ...] = (),
    ) -> RecordMinutes:
        return RecordMinutes(
            body_id=body_id,
            meeting=MeetingDetails(date=on, place=PLACES[on.toordinal() % len(PLACES)]),
            items=items,
            reports=reports,
            waivers=waivers,
        )

    def _taking_up(
        self,
        item: str,
        action: str,
        data: st.DataObject,
        *,
        by: str,
        reopened: bool = False,
        reports: tuple[AssignmentReport, ...] = (),
    ) -> RecordMinutes:
        """Minutes of a new meeting of ``by`` that take up ``item`` and do ``action``."""
        on = self._next_meeting_on(data)
        effect: dict[str, Any]
        match action:
            case "tabled":
                until = data.draw(st.sampled_from((Due.next_meeting(), Due(on + timedelta(30)))))
                effect = {"tabled": Tabling(until=until, reason=NOTES[0])}
            case "decided":
                effect = {"decisions": (data.draw(st.sampled_from(DECISIONS)),)}
            case "assigned":
                task = data.draw(st.sampled_from(TASKS))
                effect = {"assignments": (NewAssignment(to=PEOPLE[:1], task=task, due=Due()),)}
            case "referred":
                others = [body for body in sorted(self.registered) if body != by]
                effect = {"referred_to": data.draw(st.sampled_from(others))}
            case "closed":
                effect = {"closed": True}
            case _:
                effect = {"notes": NOTES[-1]}
        entry = ItemEntry(continues=item, reopened=reopened, assignment_reports=reports, **effect)
        return self._minutes(by, on, entry)

    def _actions(self) -> tuple[str, ...]:
        """What a meeting can do with an item: refer it only if there is another body."""
        if len(self.registered) > 1:
            return _ACTIONS
        return tuple(action for action in _ACTIONS if action != "referred")

    def _follow_up(self, assignment: str, status: ReportStatus) -> RecordMinutes:
        """New minutes of the body that gave the assignment, reporting on it under an item
        of its own."""
        report = AssignmentReport(assignment_id=assignment, status=status, note=NOTES[0])
        entry = ItemEntry(number="1", title=FOLLOW_UP_TITLE, assignment_reports=(report,))
        return self._minutes(self.assignments[assignment].given_by, self.last_meeting, entry)

    # --- bodies and mandates ------------------------------------------------------------

    @initialize(target=bodies, data=st.data())
    def register_the_chiefs_and_a_network(self, data: st.DataObject) -> object:
        """Start with the chiefs and the IM network, which has held one meeting."""
        for body_id in ("chiefs", "im"):
            self.register_body(body_id, data)
        self.hold_a_meeting_raising_items("im", data)
        return multiple("chiefs", "im")

    def _above(self, body_id: str) -> list[str]:
        """The body and the bodies above it: none of them can be placed under it."""
        chain = [body_id]
        parent = self.registered[body_id].parent
        while parent is not None and parent not in chain:
            chain.append(parent)
            known = self.registered.get(parent)
            parent = None if known is None else known.parent
        return chain

    @rule(target=bodies, body_id=st.sampled_from(sorted(BODY_NAMES)), data=st.data())
    def register_body(self, body_id: str, data: st.DataObject) -> str:
        parents = [p for p in sorted(self.registered) if body_id not in self._above(p)]
        command = data.draw(body_commands(body_id=body_id, parents=parents))
        known = self.registered.get(body_id)
        expected: Counter[tuple[str, str]] = Counter()
        if known is None:
            expected["BodyRegistered", body_id] += 1
        elif command_digest(known) != command_digest(command):
            expected["BodyRevised", body_id] += 1
        self._record(command, expected)
        self.registered[body_id] = command
        return body_id

    @rule(data=st.data())
    def record_a_document_again(self, data: st.DataObject) -> None:
        """Rule 1: the same body document or minutes recorded again record nothing."""
        documents: list[Command] = [*self.registered.values(), *self.held.values()]
        self._record(data.draw(st.sampled_from(documents)), Counter())

    @rule(body_id=bodies, data=st.data(), where=st.sampled_from(("minutes", "parent", "referral")))
    def name_an_unknown_body(self, body_id: str, data: st.DataObject, where: str) -> None:
        """Rule 1: minutes, a parent or a referral naming an unregistered body are refused."""
        unknown = data.draw(slugs().filter(lambda slug: slug not in self.registered))
        on = self._next_meeting_on(data)
        command: Command
        match where:
            case "minutes":
                command = self._minutes(unknown, on, ItemEntry(number="1", title=TITLES[0]))
            case "parent":
                command = RegisterBody(body_id=body_id, name=BODY_NAMES["vux"], parent=unknown)
            case _:
                entry = ItemEntry(number="1", title=TITLES[1], referred_to=unknown)
                command = self._minutes(body_id, on, entry)
        self._refused(command, UnknownBodyError)

    @rule(target=mandates, issued_by=bodies, issued_to=bodies, data=st.data())
    def issue_mandate(self, issued_by: str, issued_to: str, data: st.DataObject) -> str:
        mandate_id = f"{issued_to}-{len(self.issued) + 1}"
        command = data.draw(
            mandate_commands(
                issued_by,
                issued_to,
                mandate_id=mandate_id,
                min_value=date(2022, 1, 1),
                max_value=_LAST_VALID_FROM,
            )
        )
        self._record(command, Counter({("MandateIssued", mandate_id): 1}))
        self.issued[mandate_id] = command
        return mandate_id

    @rule(mandate_id=mandates, data=st.data())
    def end_a_mandate(self, mandate_id: str, data: st.DataObject) -> None:
        """Rule 5: a mandate ends once, on a date not before it is valid; recording its
        document again with that date records nothing, with another date is refused."""
        mandate = self.issued[mandate_id]
        soon = max(mandate.valid_from, self.last_meeting + timedelta(days=30))
        ended_on = data.draw(dates(min_value=mandate.valid_from, max_value=soon))
        ended = attrs.evolve(mandate, ended_on=ended_on)
        known = self.ended.get(mandate_id)
        if known is None:
            self._record(ended, Counter({("MandateEnded", mandate_id): 1}))
            self.ended[mandate_id] = ended_on
        elif known == ended_on:
            self._record(ended, Counter())
        else:
            self._refused(ended, ConflictingRecordError)

    # --- meetings -----------------------------------------------------------------------

    def _new_minutes(self, body_id: str, on: date, data: st.DataObject) -> RecordMinutes:
        reports_on = [
            (mandate_id, obligation)
            for mandate_id, mandate in sorted(self.issued.items())
            if mandate.issued_to == body_id
            for obligation in reportable_ids(mandate)
        ]
        others = [body for body in sorted(self.registered) if body != body_id]
        return data.draw(minutes_commands(body_id, on=on, refer_to=others, reports_on=reports_on))

    @rule(body_id=bodies, data=st.data())
    def hold_a_meeting_raising_items(self, body_id: str, data: st.DataObject) -> None:
        self._record_minutes(self._new_minutes(body_id, self._next_meeting_on(data), data))

    @precondition(lambda self: self.last_meeting - _FIRST_MEETING > timedelta(days=60))
    @rule(body_id=bodies, data=st.data())
    def record_late_minutes_raising_items(self, body_id: str, data: st.DataObject) -> None:
        earlier = dates(min_value=_FIRST_MEETING, max_value=self.last_meeting - timedelta(1))
        on = data.draw(earlier.filter(lambda d: ids.meeting_id(body_id, d) not in self.held))
        self._record_minutes(self._new_minutes(body_id, on, data))

    @precondition(lambda self: any(m.approved_on is None for m in self.held.values()))
    @rule(data=st.data(), days=st.integers(0, 20))
    def approve_held_minutes_later(self, data: st.DataObject, days: int) -> None:
        meeting = data.draw(
            st.sampled_from(sorted(m for m, c in self.held.items() if c.approved_on is None))
        )
        minutes = self.held[meeting]
        approved = attrs.evolve(minutes, approved_on=minutes.meeting.date + timedelta(days))
        self._record(approved, Counter({("MinutesApproved", meeting): 1}))
        self.held[meeting] = approved

    @precondition(lambda self: bool(self.held))
    @rule(data=st.data())
    def record_other_minutes_for_a_held_meeting(self, data: st.DataObject) -> None:
        minutes = self.held[data.draw(st.sampled_from(sorted(self.held)))]
        place = data.draw(st.sampled_from([p for p in PLACES if p != minutes.meeting.place]))
        other = attrs.evolve(minutes, meeting=attrs.evolve(minutes.meeting, place=place))
        self._refused(other, MeetingAlreadyRecordedError)

    @precondition(lambda self: bool(self.held))
    @rule(data=st.data())
    def correct_held_minutes(self, data: st.DataObject) -> None:
        """Rule 6: a correction says in each stream it touches what no longer holds, what
        holds instead, and why; here the place was wrong and an item was left out."""
        meeting = data.draw(st.sampled_from(sorted(self.held)))
        minutes = self.held[meeting]
        place = data.draw(st.sampled_from([p for p in PLACES if p != minutes.meeting.place]))
        number = f"{len(minutes.items) + 1}k"
        left_out = ItemEntry(number=number, title=TITLES[2], decisions=(DECISIONS[0],))
        corrected = attrs.evolve(
            minutes,
            meeting=attrs.evolve(minutes.meeting, place=place),
            items=(*minutes.items, left_out),
        )
        item = ids.item_id(minutes.body_id, minutes.meeting.date, number)
        expected = Counter(
            {
                ("EntryCorrected", ids.stream_name("meeting", meeting)): 1,
                ("EntryCorrected", ids.stream_name("item", item)): 1,
                ("MeetingHeld", meeting): 1,
                ("ItemRaised", item): 1,
                ("DecisionRecorded", item): 1,
            }
        )
        self._record(CorrectMinutes(minutes=corrected, reason=NOTES[0]), expected)
        self._learn(corrected, (left_out,))

    @precondition(lambda self: bool(self.held))
    @rule(data=st.data())
    def correct_minutes_to_what_they_already_say(self, data: st.DataObject) -> None:
        minutes = self.held[data.draw(st.sampled_from(sorted(self.held)))]
        self._record(CorrectMinutes(minutes=minutes, reason=NOTES[0]), Counter())

    @rule(body_id=bodies, data=st.data(), reason=st.sampled_from(("", "  ", NOTES[0])))
    def correct_minutes_without_a_reason_or_a_record(
        self, body_id: str, data: st.DataObject, reason: str
    ) -> None:
        """Rule 6: a correction needs minutes in the record and a reason."""
        held = sorted(m for m, minutes in self.held.items() if minutes.body_id == body_id)
        if held and not reason.strip():
            minutes = self.held[data.draw(st.sampled_from(held))]
        else:
            minutes = self._minutes(body_id, self._next_meeting_on(data))
        self._refused(CorrectMinutes(minutes=minutes, reason=reason), NothingToCorrectError)

    # --- items --------------------------------------------------------------------------

    @precondition(lambda self: bool(self._items_in("open", "tabled", "decided", "referred")))
    @rule(data=st.data())
    def take_up_an_item(self, data: st.DataObject) -> None:
        """The body an item belongs to (or was referred to) takes it up and acts on it."""
        item = data.draw(st.sampled_from(self._items_in("open", "tabled", "decided", "referred")))
        action = data.draw(st.sampled_from(self._actions()))
        owner = self.items[item].owner
        # Rule 4: only the body that gave an assignment reports on it.
        own = [
            a
            for a in self._assignments_in("open")
            if self.assignments[a].item_id == item and self.assignments[a].given_by == owner
        ]
        reported = (
            data.draw(st.lists(st.sampled_from(own), unique=True, max_size=2)) if own else []
        )
        reports = tuple(
            AssignmentReport(assignment_id=a, status=data.draw(_REPORT_STATUSES)) for a in reported
        )
        self._record_minutes(self._taking_up(item, action, data, by=owner, reports=reports))

    @precondition(lambda self: bool(self._items_in("closed", "referred")))
    @rule(data=st.data())
    def reopen_an_item(self, data: st.DataObject) -> None:
        """Rule 3: a closed item is reopened by its body; a referred one by either body."""
        item = data.draw(st.sampled_from(self._items_in("closed", "referred")))
        model = self.items[item]
        by = data.draw(st.sampled_from([model.owner, *filter(None, [model.referred_by])]))
        action = data.draw(st.sampled_from(self._actions()))
        self._record_minutes(self._taking_up(item, action, data, by=by, reopened=True))

    @precondition(lambda self: bool(self._items_in("open", "tabled", "decided")))
    @rule(data=st.data())
    def reopen_an_item_that_is_not_closed(self, data: st.DataObject) -> None:
        item = data.draw(st.sampled_from(self._items_in("open", "tabled", "decided")))
        minutes = self._taking_up(
            item, "discussed", data, by=self.items[item].owner, reopened=True
        )
        self._refused(minutes, ItemNotClosedError)

    @precondition(lambda self: bool(self._items_in("closed")))
    @rule(data=st.data())
    def take_up_a_closed_item(self, data: st.DataObject) -> None:
        """Rule 3: a closed item cannot be taken up, tabled, decided, referred or assigned."""
        item = data.draw(st.sampled_from(self._items_in("closed")))
        action = data.draw(st.sampled_from(self._actions()))
        minutes = self._taking_up(item, action, data, by=self.items[item].owner)
        self._refused(minutes, ItemClosedError)

    @precondition(lambda self: bool(self._items_in("referred")))
    @rule(data=st.data())
    def take_up_an_item_referred_away(self, data: st.DataObject) -> None:
        """Rule 2: the body that referred an item away cannot act on it any more."""
        item = data.draw(st.sampled_from(self._items_in("referred")))
        action = data.draw(st.sampled_from(self._actions()))
        referred_by = str(self.items[item].referred_by)
        self._refused(self._taking_up(item, action, data, by=referred_by), ItemReferredError)

    @precondition(lambda self: bool(self._items_in("open", "tabled", "decided", "closed")))
    @rule(data=st.data())
    def take_up_another_body_s_item(self, data: st.DataObject) -> None:
        """Rule 1: a body acts only on its own items and on those referred to it."""
        item = data.draw(st.sampled_from(self._items_in("open", "tabled", "decided", "closed")))
        others = [body for body in sorted(self.registered) if body != self.items[item].owner]
        by = data.draw(st.sampled_from(others))
        action = data.draw(st.sampled_from(self._actions()))
        self._refused(self._taking_up(item, action, data, by=by), ItemOwnershipError)

    # --- assignments --------------------------------------------------------------------

    @precondition(lambda self: bool(self._assignments_in("open")))
    @rule(data=st.data(), status=_REPORT_STATUSES)
    def report_on_an_assignment(self, data: st.DataObject, status: ReportStatus) -> None:
        assignment = data.draw(st.sampled_from(self._assignments_in("open")))
        self._next_meeting_on(data)
        self._record_minutes(self._follow_up(assignment, status))

    @precondition(lambda self: bool(self._assignments_in("done", "cancelled")))
    @rule(data=st.data(), status=_REPORT_STATUSES)
    def report_on_a_finished_assignment(self, data: st.DataObject, status: ReportStatus) -> None:
        assignment = data.draw(st.sampled_from(self._assignments_in("done", "cancelled")))
        self._next_meeting_on(data)
        self._refused(self._follow_up(assignment, status), AssignmentClosedError)

    # --- reports to the issuer and waivers ----------------------------------------------

    @rule(mandate_id=mandates, data=st.data())
    def report_on_a_mandate(self, mandate_id: str, data: st.DataObject) -> None:
        mandate = self.issued[mandate_id]
        on = self._next_meeting_on(data)
        report = MandateReport(
            mandate_id=mandate_id,
            obligation_id=data.draw(st.sampled_from(reportable_ids(mandate))),
            on=on + timedelta(days=data.draw(st.integers(0, 30))),
            summary=NOTES[0],
        )
        self._record_minutes(self._minutes(mandate.issued_to, on, reports=(report,)))

    @rule(body_id=bodies, data=st.data())
    def report_on_an_unknown_mandate_or_obligation(
        self, body_id: str, data: st.DataObject
    ) -> None:
        """Rule 5: a report names a recorded mandate and one of its obligations."""
        on = self._next_meeting_on(data)
        own = sorted(m for m, mandate in self.issued.items() if mandate.issued_to == body_id)
        of_a_known_mandate: bool = data.draw(st.booleans(), label="of a known mandate")
        if own and of_a_known_mandate:
            mandate_id = data.draw(st.sampled_from(own))
            known = reportable_ids(self.issued[mandate_id])
            obligation = data.draw(slugs().filter(lambda slug: slug not in known))
            error: type[RuleViolationError] = UnknownObligationError
        else:
            mandate_id = data.draw(slugs().filter(lambda slug: slug not in self.issued))
            obligation, error = "meetings", UnknownMandateError
        report = MandateReport(mandate_id=mandate_id, obligation_id=obligation, on=on)
        self._refused(self._minutes(body_id, on, reports=(report,)), error)

    @rule(mandate_id=mandates, body_id=bodies, data=st.data())
    def waive_an_obligation(self, mandate_id: str, body_id: str, data: st.DataObject) -> None:
        mandate = self.issued[mandate_id]
        on = self._next_meeting_on(data)
        waiver = Waiver(
            mandate_id=mandate_id,
            obligation_id=data.draw(st.sampled_from(reportable_ids(mandate))),
            period=str(mandate.valid_from.year),
            reason=NOTES[0],
        )
        minutes = self._minutes(body_id, on, waivers=(waiver,))
        if body_id == mandate.issued_by:
            self._record_minutes(minutes)
            self.waived.add((mandate_id, waiver.obligation_id, waiver.period))
        else:
            self._refused(minutes, NotIssuerError)

    # --- the rules of governance --------------------------------------------------------

    @invariant()
    def item_events_belong_to_held_meetings_of_the_item_s_body(self) -> None:
        """Rule 1: every item event happened at a held meeting of the body the item
        belonged to then, of the body that referred it (taking it back), or, for a report
        on an assignment, of the body that gave it."""
        for item_id, item in self.record.items.items():
            givers: dict[str, str] = {}
            standings = _standings(item_id, item.timeline)  # one more: after the last event
            for event, before in zip(item.timeline, standings, strict=False):
                held = self.record.meeting(event.meeting_id).held
                assert held is not None, f"{event} is not at a held meeting"
                assert (held.body_id, held.occurred_on) == (event.body_id, event.occurred_on)
                if isinstance(event, AssignmentGiven):
                    givers[event.assignment_id] = event.body_id
                allowed = {before.owner}
                if isinstance(event, ItemReopened) and before.referred_by is not None:
                    allowed.add(before.referred_by)
                if isinstance(event, AssignmentEvent):
                    allowed.add(givers[event.assignment_id])
                assert event.body_id in allowed, event

    @invariant()
    def each_meeting_is_held_once(self) -> None:
        """Rule 1: one MeetingHeld per held meeting in the log, less those a correction
        retracted, and only for minutes the model recorded."""
        held: Counter[str] = Counter()
        for event in self.log:
            if isinstance(event, MeetingHeld):
                held[event.meeting_id] += 1
            elif isinstance(event, EntryCorrected):
                held.subtract(e.meeting_id for e in event.retracted if isinstance(e, MeetingHeld))
        assert +held == Counter(dict.fromkeys(self.held, 1))

    @invariant()
    def closed_items_take_nothing_until_reopened(self) -> None:
        """Rule 3: after closing, an item has no events but a reopening (or reports on
        assignments given before)."""
        after_closing = (
            ItemReopened,
            AssignmentReported,
            AssignmentCompleted,
            AssignmentCancelled,
        )
        for item in self.record.items.values():
            closed = False
            for event in item.timeline:
                assert not closed or isinstance(event, after_closing), f"{event} after closing"
                if isinstance(event, ItemClosed | ItemReopened):
                    closed = isinstance(event, ItemClosed)

    @invariant()
    def assignment_reports_follow_their_assignment(self) -> None:
        """Rule 4: every report is on an assignment given earlier on the same item."""
        for item in self.record.items.values():
            given: set[str] = set()
            for event in item.timeline:
                if isinstance(event, AssignmentGiven):
                    given.add(event.assignment_id)
                elif isinstance(event, AssignmentEvent):
                    assert event.assignment_id in given, f"{event} reports an unknown assignment"

    @invariant()
    def record_agrees_with_the_model(self) -> None:
        """Rules 2–4: items and assignments stand where the model says."""
        for item_id, item in self.items.items():
            timeline = self.record.item(item_id).timeline
            *_, standing = _standings(item_id, timeline)
            assert (standing.status, standing.owner) == (item.status, item.owner), item_id
            statuses = _assignment_statuses(timeline)
            for assignment_id, assignment in self.assignments.items():
                if assignment.item_id == item_id:
                    assert statuses.get(assignment_id) == assignment.status, assignment_id

    def _expected_obligations(
        self, mandate_id: str, as_of: date
    ) -> dict[tuple[str, str], tuple[str, int | None, int | None]]:
        """The model's minimum_meetings and submit_minutes rows of a mandate as of a date,
        by obligation and period: status, meetings required and meetings counted."""
        mandate = self.issued[mandate_id]
        if mandate.issued_on > as_of or mandate.valid_from > as_of:
            return {}
        ended_on = self.ended.get(mandate_id)
        ends = [mandate.valid_to, ended_on if ended_on and ended_on <= as_of else None]
        end = min((day for day in ends if day is not None), default=date.max)
        covered = {  # the meetings of the recipient the mandate covers, held by as_of
            minutes.meeting.date: minutes
            for minutes in self.held.values()
            if minutes.body_id == mandate.issued_to
            and mandate.valid_from <= minutes.meeting.date <= min(end, as_of)
        }
        rows: dict[tuple[str, str], tuple[str, int | None, int | None]] = {}
        for obligation in mandate.obligations:
            if obligation.kind == "minimum_meetings" and obligation.count is not None:
                for year in range(mandate.valid_from.year, min(end, as_of).year + 1):
                    first = max(date(year, 1, 1), mandate.valid_from)
                    last = min(date(year, 12, 31), end)
                    days, year_days = (
                        (last - first).days + 1,
                        date(year, 12, 31).timetuple().tm_yday,
                    )
                    if days < year_days and mandate.partial_years == "exempt":
                        continue
                    required = obligation.count
                    if days < year_days and mandate.partial_years == "prorate":
                        required = -(-obligation.count * days // year_days)
                    count = sum(first <= day <= last for day in covered)
                    status = "fulfilled" if count >= required else "due"
                    if status == "due" and as_of > last:
                        status = "overdue"
                    rows[obligation.id, str(year)] = (status, required, count)
            elif obligation.kind == "submit_minutes" and obligation.within_days is not None:
                for day, minutes in covered.items():
                    submitted = minutes.submitted_on is not None and minutes.submitted_on <= as_of
                    late = as_of > day + timedelta(days=obligation.within_days)
                    status = "fulfilled" if submitted else "overdue" if late else "due"
                    rows[obligation.id, day.isoformat()] = (status, None, None)
        return {
            key: ("waived", *row[1:]) if (mandate_id, *key) in self.waived else row
            for key, row in rows.items()
        }

    @invariant()
    def obligations_count_only_what_each_mandate_covers(self) -> None:
        """Rule 5: a mandate's minimum of meetings a year and its minutes owed count only
        the meetings held within its validity (from valid_from to valid_to or its end); a
        year covered only in part requires the minimum prorated by the days covered,
        rounded up, the whole minimum, or nothing, as the mandate's partial_years says;
        before valid_from, status shows no obligation of it."""
        as_of = self.last_meeting
        status = compute_status(self.log, as_of=as_of)
        for mandate_id in self.issued:
            computed = {
                (row.obligation, row.period): (row.status, row.required, row.count)
                for row in status.obligations
                if row.mandate == mandate_id and row.kind in ("minimum_meetings", "submit_minutes")
            }
            assert computed == self._expected_obligations(mandate_id, as_of), mandate_id
            if self.issued[mandate_id].valid_from > as_of:
                assert all(row.mandate != mandate_id for row in status.obligations)

    @invariant()
    def replaying_the_log_rebuilds_the_record(self) -> None:
        """Rule 6: folding every recorded event from scratch gives the same state."""
        assert fold(self.log) == self.record
