"""The deciders: ``decide(command, state, context) -> Decision``.

Pure: the digest of the document and the date of recording come in with the context;
nothing here reads a clock, a file or a database. A ``Decision`` holds the new events in
the order they are to be saved, and notices (warnings) that do not stop recording.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, assert_never, cast

import attrs

from governance.domain import ids, references
from governance.domain.commands import (
    Command,
    CorrectMinutes,
    IssueMandate,
    ItemEntry,
    MandateReport,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.errors import (
    BodyHierarchyError,
    ConflictingRecordError,
    DuplicateEntryError,
    InvalidAliasError,
    InvalidMandateError,
    InvalidPeriodError,
    InvalidTextError,
    InvalidValueError,
    MeetingAlreadyRecordedError,
    MinutesDateError,
    NotConcernedError,
    NothingToCorrectError,
    NotIssuerError,
    Path,
    RuleViolationError,
    UnknownBodyError,
    UnknownMandateError,
    UnknownObligationError,
)
from governance.domain.events import (
    AnyItemEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyRegistered,
    BodyRevised,
    DecisionRecorded,
    EntryCorrected,
    Event,
    ItemClosed,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
    MandateEnded,
    MandateIssued,
    MandateReported,
    MandateRevised,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
    MinutesSubmitted,
    ObligationWaived,
)
from governance.domain.items import first_violation
from governance.domain.messages import Choices, Message, Names, as_message, msg
from governance.domain.names import (
    MAX_NAME_LENGTH,
    MAX_TASK_LENGTH,
    name_key,
    nearest,
    normalised,
)
from governance.domain.state import MeetingState, RecordState, retract
from governance.domain.values import (
    MAX_MEETINGS_PER_YEAR,
    MAX_WITHIN_DAYS,
    Due,
    Obligation,
    date_problem,
)


@attrs.frozen
class Notice:
    """A warning: recorded anyway, but worth a secretary's attention.

    ``message`` is the warning in the current language, ``text`` the message itself.
    """

    path: Path
    text: Message = attrs.field(converter=as_message)

    @property
    def message(self) -> str:
        return str(self.text)


@attrs.frozen
class Context:
    """What a decision needs besides the command and the state.

    ``digest`` identifies the document's content (for minutes, without the approval and
    submission dates); ``today`` is the date of recording; ``declared_bodies`` are bodies
    registered by documents of the same file, which may be referred to before they come.
    """

    digest: str
    today: date
    declared_bodies: frozenset[str] = frozenset()


@attrs.frozen
class Decision:
    events: tuple[Event, ...] = ()
    notices: tuple[Notice, ...] = ()


def decide(command: Command, state: RecordState, context: Context) -> Decision:
    command = normalised(command)
    _refuse_dates_out_of_bounds(command)
    match command:
        case RegisterBody():
            return decide_register_body(command, state, context)
        case IssueMandate():
            return decide_issue_mandate(command, state, context)
        case RecordMinutes():
            return decide_record_minutes(command, state, context)
        case CorrectMinutes():
            return decide_correct_minutes(command, state, context)
        case _:
            assert_never(command)


def _dates(value: object, path: Path) -> Iterator[tuple[date, Path]]:
    """Every date a command holds, with its path."""
    match value:
        case date():
            yield value, path
        case Due(on=on) if on is not None:
            yield on, path
        case tuple():
            for index, element in enumerate(value):
                yield from _dates(element, (*path, index))
        case _ if attrs.has(type(value)):
            for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
                yield from _dates(getattr(value, field.name), (*path, field.name))


def _refuse_dates_out_of_bounds(command: Command) -> None:
    """A command built in Python skips the parser's checks: every date it holds must be
    one the record takes, or the queries that compute with it would fail."""
    for on, path in _dates(command, ()):
        problem = date_problem(on)
        if problem is not None:
            raise InvalidValueError(problem, path=path[1:] if path[:1] == ("minutes",) else path)


def _require_body(state: RecordState, context: Context, body_id: str, *path: str | int) -> None:
    if body_id in context.declared_bodies or state.body(body_id).current is not None:
        return
    raise UnknownBodyError(
        msg(
            "body.unknown",
            "body '{body_id}' is not registered; record its body document first",
            body_id=body_id,
        ),
        path=path,
    )


# --- bodies ---------------------------------------------------------------------------


def _refuse_bad_text(texts: Iterable[tuple[str, Path, int]]) -> None:
    """Names (and tasks) are never empty, nor longer than the record takes."""
    for text, path, longest in texts:
        if not text.strip():
            raise InvalidTextError(
                msg("text.empty", "expected a name or a text, got an empty one"), path=path
            )
        if len(text) > longest:
            raise InvalidTextError(
                msg(
                    "text.too-long",
                    "expected at most {longest} characters, got {length}",
                    longest=longest,
                    length=len(text),
                ),
                path=path,
            )


def _body_texts(command: RegisterBody) -> Iterator[tuple[str, Path, int]]:
    yield command.name, ("name",), MAX_NAME_LENGTH
    for index, member in enumerate(command.members):
        yield member.name, ("members", index, "name"), MAX_NAME_LENGTH
    for alias in command.aliases:
        yield alias.variant, ("aliases", alias.variant), MAX_NAME_LENGTH
        yield alias.canonical, ("aliases", alias.variant), MAX_NAME_LENGTH


def _refuse_parent_cycles(command: RegisterBody, state: RecordState) -> None:
    """A body is never its own parent, nor its parent's parent, and so on up."""
    chain = [command.body_id]
    parent = command.parent
    while parent is not None and parent not in chain[1:]:
        chain.append(parent)
        if parent == command.body_id:
            raise BodyHierarchyError(
                msg(
                    "body.own-parent",
                    "{body_id} would be its own parent ({chain}); a body's parent is a body "
                    "above it",
                    body_id=command.body_id,
                    chain=" → ".join(chain),
                ),
                path=("parent",),
            )
        current = state.body(parent).current
        parent = None if current is None else current.parent


def _refuse_bad_aliases(command: RegisterBody) -> None:
    """An alias is another spelling of a name: given once, never the name itself, and
    pointing to a name, not to another alias."""
    variants: dict[str, str] = {}
    for alias in command.aliases:
        key = name_key(alias.variant)
        if key in variants:
            raise InvalidAliasError(
                msg(
                    "alias.twice",
                    "the alias '{variant}' is given twice (also as '{other}')",
                    variant=alias.variant,
                    other=variants[key],
                ),
                path=("aliases", alias.variant),
            )
        variants[key] = alias.variant
    for alias in command.aliases:
        if name_key(alias.canonical) == name_key(alias.variant):
            raise InvalidAliasError(
                msg(
                    "alias.itself",
                    "the alias '{variant}' points to itself; an alias names another spelling",
                    variant=alias.variant,
                ),
                path=("aliases", alias.variant),
            )
        if name_key(alias.canonical) in variants:
            raise InvalidAliasError(
                msg(
                    "alias.to-alias",
                    "the alias '{variant}' points to '{canonical}', which is itself an alias; "
                    "point every alias to the name as the body lists it",
                    variant=alias.variant,
                    canonical=alias.canonical,
                ),
                path=("aliases", alias.variant),
            )


def decide_register_body(command: RegisterBody, state: RecordState, context: Context) -> Decision:
    _refuse_bad_text(_body_texts(command))
    _refuse_bad_aliases(command)
    _refuse_parent_cycles(command, state)
    if command.parent is not None:
        _require_body(state, context, command.parent, "parent")
    current = state.body(command.body_id).current
    if current is not None and current.digest == context.digest:
        return Decision()
    fields: dict[str, Any] = {
        "body_id": command.body_id,
        "name": command.name,
        "parent": command.parent,
        "address": command.address,
        "members": command.members,
        "aliases": command.aliases,
        "digest": context.digest,
        "occurred_on": context.today,
    }
    event = BodyRegistered(**fields) if current is None else BodyRevised(**fields)
    return Decision((event,))


# --- mandates -------------------------------------------------------------------------


def _check_mandate(command: IssueMandate) -> None:
    if command.valid_to is not None and command.valid_to < command.valid_from:
        raise InvalidMandateError(
            msg(
                "mandate.ends-before-start",
                "valid_to {valid_to} is before valid_from {valid_from}",
                valid_to=command.valid_to,
                valid_from=command.valid_from,
            ),
            path=("valid_to",),
        )
    if command.ended_on is not None and command.ended_on < command.valid_from:
        raise InvalidMandateError(
            msg(
                "mandate.ended-before-start",
                "ended_on {ended_on} is before valid_from {valid_from}",
                ended_on=command.ended_on,
                valid_from=command.valid_from,
            ),
            path=("ended_on",),
        )
    seen: set[str] = set()
    for index, obligation in enumerate(command.obligations):
        problem = _obligation_problem(obligation)
        if problem is not None:
            raise InvalidMandateError(problem, path=("obligations", index))
        if obligation.id in seen:
            raise DuplicateEntryError(
                msg(
                    "mandate.obligation-twice",
                    "obligation id '{id}' appears twice",
                    id=obligation.id,
                ),
                path=("obligations", index, "id"),
            )
        seen.add(obligation.id)
    task_ids = [task.id for goal in command.goals for task in goal.tasks]
    clash = seen.intersection(task_ids) or {t for t in task_ids if task_ids.count(t) > 1}
    if clash:
        raise DuplicateEntryError(
            msg(
                "mandate.id-twice",
                "id '{value}' is used by more than one task or obligation",
                value=sorted(clash)[0],
            ),
            path=("goals",),
        )


def _obligation_problem(obligation: Obligation) -> str | None:
    """What is wrong with an obligation's fields for its kind, if anything."""
    match obligation.kind:
        case "minimum_meetings":
            if obligation.count is None or not 1 <= obligation.count <= MAX_MEETINGS_PER_YEAR:
                return (
                    "a minimum_meetings obligation needs a count from 1 to "
                    f"{MAX_MEETINGS_PER_YEAR}"
                )
        case "submit_minutes":
            within = obligation.within_days
            if within is None or not 0 <= within <= MAX_WITHIN_DAYS:
                return f"a submit_minutes obligation needs within_days from 0 to {MAX_WITHIN_DAYS}"
        case "report":
            if (obligation.due is None) == (obligation.month is None):
                return "a report obligation needs either a due date or a month, not both"
            if obligation.month is not None and not 1 <= obligation.month <= 12:
                return f"month {obligation.month} is not a month (1-12)"
        case "review":
            if obligation.month is None or not 1 <= obligation.month <= 12:
                return "a review obligation needs a month (1-12)"
        case _:
            assert_never(obligation.kind)
    return None


def decide_issue_mandate(command: IssueMandate, state: RecordState, context: Context) -> Decision:
    _require_body(state, context, command.issued_by, "issued_by")
    _require_body(state, context, command.issued_to, "issued_to")
    for index, obligation in enumerate(command.obligations):
        if obligation.to is not None:
            _require_body(state, context, obligation.to, "obligations", index, "to")
    _check_mandate(command)
    mandate = state.mandate(command.mandate_id)
    events: list[Event] = []
    if all(version.digest != context.digest for version in mandate.versions):
        fields: dict[str, Any] = {
            "mandate_id": command.mandate_id,
            "occurred_on": command.issued_on,
            "issued_by": command.issued_by,
            "issued_to": command.issued_to,
            "valid_from": command.valid_from,
            "valid_to": command.valid_to,
            "goals": command.goals,
            "obligations": command.obligations,
            "partial_years": command.partial_years,
            "digest": context.digest,
        }
        events.append(
            MandateIssued(**fields) if not mandate.versions else MandateRevised(**fields)
        )
    if command.ended_on is not None:
        if mandate.ended_on is None:
            events.append(
                MandateEnded(
                    mandate_id=command.mandate_id,
                    occurred_on=command.ended_on,
                    digest=context.digest,
                )
            )
        elif mandate.ended_on != command.ended_on:
            raise ConflictingRecordError(
                msg(
                    "mandate.already-ended",
                    "mandate {mandate_id} is already recorded as ended on {ended_on}",
                    mandate_id=command.mandate_id,
                    ended_on=mandate.ended_on,
                ),
                path=("ended_on",),
            )
    return Decision(tuple(events))


# --- minutes --------------------------------------------------------------------------


def decide_record_minutes(
    command: RecordMinutes, state: RecordState, context: Context
) -> Decision:
    if state.body(command.body_id).current is None and command.body_id in context.declared_bodies:
        raise UnknownBodyError(
            msg(
                "body.registered-after-minutes",
                "body '{body_id}' is registered further down in this file; put its body "
                "document before its minutes",
                body_id=command.body_id,
            ),
            path=("body",),
        )
    _require_body(state, context, command.body_id, "body")
    _refuse_bad_text(_minutes_texts(command))
    meeting_id = ids.meeting_id(command.body_id, command.meeting.date)
    meeting = state.meeting(meeting_id)
    if meeting.held is not None:
        if meeting.held.digest != context.digest:
            raise MeetingAlreadyRecordedError(
                msg(
                    "minutes.already-recorded",
                    "the minutes of {meeting_id} are already recorded with other content; to "
                    'change them, record a correction: governance record --correct "REASON" FILE',
                    meeting_id=meeting_id,
                ),
                path=("meeting", "date"),
            )
        return Decision(tuple(_approval_events(command, meeting, meeting_id)))

    held_on = command.meeting.date
    events: list[Event] = [
        MeetingHeld(
            meeting_id=meeting_id,
            body_id=command.body_id,
            occurred_on=held_on,
            place=command.meeting.place,
            mode=command.meeting.mode,
            time=command.meeting.time,
            attendees=command.meeting.attendees,
            secretary=command.meeting.secretary,
            adjusters=command.meeting.adjusters,
            digest=context.digest,
        )
    ]
    events.extend(_approval_events(command, meeting, meeting_id))
    notices: list[Notice] = []
    item_events: list[tuple[AnyItemEvent, Path]] = []
    seen_items: dict[str, int] = {}
    for index, entry in enumerate(command.items):
        item = _item_id(command, entry, index)
        if item in seen_items:
            raise DuplicateEntryError(
                msg(
                    "minutes.item-twice",
                    "item {item} appears twice in these minutes (also items[{value}])",
                    item=item,
                    value=seen_items[item],
                ),
                path=("items", index),
            )
        seen_items[item] = index
        if entry.referred_to is not None:
            _require_body(state, context, entry.referred_to, "items", index, "referred_to")
        if entry.tabled is not None and entry.closed:
            raise RuleViolationError(
                msg(
                    "item.tabled-and-closed",
                    "an item is either tabled or closed at one meeting, not both; keep the one "
                    "the meeting did",
                ),
                path=("items", index, "closed"),
            )
        if entry.continues is not None:
            references.check_taken_up(state, item, ("items", index, "continues"))
        if entry.continues is not None and not references.is_raised(state.item(item)):
            notices.append(
                Notice(
                    ("items", index, "continues"),
                    msg(
                        "notice.item-not-yet-recorded",
                        "{item} is not in the record yet; it is taken up here and its earlier "
                        "minutes will slot in when they are recorded",
                        item=item,
                    ),
                )
            )
        try:
            for event, path in _item_entry_events(command, entry, item, meeting_id):
                item_events.append((event, ("items", index, *path)))
        except RuleViolationError as error:  # located in the entry: locate it in the minutes
            raise error.at("items", index) from None
    new_events = [event for event, _ in item_events]
    for event, path in item_events:
        if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            references.check_reported(state, event, new_events, path)
    references.refuse_missing_referred(command, state, meeting_id, item_events)
    notices.extend(_unknown_assignment_notices(item_events, state))
    notices.extend(_near_name_notices(command, state))
    _check_item_timelines(item_events, state)
    events.extend(event for event, _ in item_events)
    events.extend(_report_events(command, state, meeting_id))
    events.extend(_waiver_events(command, state, meeting_id))
    events.extend(_schedule_events(command, meeting_id))
    return Decision(tuple(events), tuple(notices))


def _minutes_texts(command: RecordMinutes) -> Iterator[tuple[str, Path, int]]:
    for name, path in _named_people(command):
        yield name, path, MAX_NAME_LENGTH
    for item_index, entry in enumerate(command.items):
        for index, new in enumerate(entry.assignments):
            where: Path = ("items", item_index, "assignments", index)
            if not new.to:
                yield "", (*where, "to"), MAX_NAME_LENGTH
            yield new.task, (*where, "task"), MAX_TASK_LENGTH


def _approval_events(
    command: RecordMinutes, meeting: MeetingState, meeting_id: str
) -> Iterator[Event]:
    held_on = command.meeting.date
    for key, on, recorded in (
        ("approved_on", command.approved_on, meeting.approved_on),
        ("submitted_on", command.submitted_on, meeting.submitted_on),
    ):
        if on is None or on == recorded:
            continue
        if on < held_on:
            raise MinutesDateError(
                msg(
                    "minutes.date-before-meeting",
                    "{key} {on} is before the meeting itself ({held_on})",
                    key=key,
                    on=on,
                    held_on=held_on,
                ),
                path=(key,),
            )
        if recorded is not None:
            raise ConflictingRecordError(
                msg(
                    "minutes.date-already-recorded",
                    "the minutes of {meeting_id} are already recorded with {key} {recorded}",
                    meeting_id=meeting_id,
                    key=key,
                    recorded=recorded,
                ),
                path=(key,),
            )
        base: dict[str, Any] = {
            "meeting_id": meeting_id,
            "body_id": command.body_id,
            "occurred_on": on,
        }
        if key == "approved_on":
            yield MinutesApproved(**base)
        else:
            yield MinutesSubmitted(**base)


def _item_id(command: RecordMinutes, entry: ItemEntry, index: int) -> str:
    if entry.continues is not None:
        if not ids.is_item_id(entry.continues):
            raise RuleViolationError(
                msg(
                    "item.not-an-item-id",
                    "'{continues}' is not an item id; expected <body>/<YYYY-MM-DD>/<number>",
                    continues=entry.continues,
                ),
                path=("items", index, "continues"),
            )
        raised_on = ids.item_date(entry.continues)
        if raised_on is None:
            raise RuleViolationError(
                msg(
                    "item.no-calendar-date",
                    "'{continues}' does not name a meeting date in the calendar",
                    continues=entry.continues,
                ),
                path=("items", index, "continues"),
            )
        if raised_on >= command.meeting.date:
            raise RuleViolationError(
                msg(
                    "item.not-earlier",
                    "{continues} is not an item of an earlier meeting; 'continues' takes up an "
                    "item raised before {date}",
                    continues=entry.continues,
                    date=command.meeting.date,
                ),
                path=("items", index, "continues"),
            )
        return entry.continues
    if entry.number is None:
        raise RuleViolationError(
            msg(
                "item.needs-number",
                "an item needs a 'number', or 'continues' with the id of an earlier item",
            ),
            path=("items", index),
        )
    if entry.title is None:
        raise RuleViolationError(
            msg("item.needs-title", "a new item needs a 'title'"), path=("items", index)
        )
    return ids.item_id(command.body_id, command.meeting.date, entry.number)


def _item_entry_events(
    command: RecordMinutes, entry: ItemEntry, item: str, meeting_id: str
) -> Iterator[tuple[AnyItemEvent, Path]]:
    """The events of one item entry, in the order they happen at the meeting."""
    on = command.meeting.date
    base: dict[str, Any] = {
        "item_id": item,
        "body_id": command.body_id,
        "meeting_id": meeting_id,
        "occurred_on": on,
    }
    if entry.reopened:
        yield ItemReopened(**base), ("reopened",)
    if entry.continues is None:
        assert entry.number is not None
        assert entry.title is not None
        yield ItemRaised(**base, number=entry.number, title=entry.title, notes=entry.notes), ()
    else:
        yield (
            ItemTakenUp(**base, number=entry.number, title=entry.title, notes=entry.notes),
            ("continues",),
        )
    for index, report in enumerate(entry.assignment_reports):
        owner = ids.item_of_assignment(report.assignment_id)
        if owner is None:
            raise RuleViolationError(
                msg(
                    "assignment.not-an-assignment-id",
                    "'{assignment_id}' is not an assignment id; expected <item id>/a<n>",
                    assignment_id=report.assignment_id,
                ),
                path=("assignment_reports", index, "assignment"),
            )
        _refuse_impossible_or_later(
            report.assignment_id, on, ("assignment_reports", index, "assignment")
        )
        report_base: dict[str, Any] = {
            **base,
            "item_id": owner,
            "assignment_id": report.assignment_id,
        }
        path: Path = ("assignment_reports", index)
        match report.status:
            case "done":
                yield AssignmentCompleted(**report_base, note=report.note), path
            case "cancelled":
                yield AssignmentCancelled(**report_base, note=report.note), path
            case "progress":
                yield AssignmentReported(**report_base, note=report.note), path
            case _:
                assert_never(report.status)
    for index, text in enumerate(entry.decisions):
        yield DecisionRecorded(**base, text=text), ("decisions", index)
    given_at = None if entry.continues is None else on
    for index, new in enumerate(entry.assignments):
        yield (
            AssignmentGiven(
                **base,
                assignment_id=ids.assignment_id(item, index + 1, given_at),
                to=new.to,
                task=new.task,
                due=new.due,
            ),
            ("assignments", index),
        )
    if entry.tabled is not None:
        yield ItemTabled(**base, until=entry.tabled.until, reason=entry.tabled.reason), ("tabled",)
    if entry.referred_to is not None:
        yield ItemReferred(**base, to_body=entry.referred_to), ("referred_to",)
    if entry.closed:
        yield ItemClosed(**base), ("closed",)


def _refuse_impossible_or_later(assignment_id: str, on: date, path: Path) -> None:
    """The dates in an assignment id are dates the record takes, none after the meeting
    that reports on it: an assignment is reported on after it is given."""
    for written in ids.written_dates(assignment_id):
        day = ids.calendar_date(written)
        problem = (
            msg(
                "assignment.date-not-in-calendar",
                "{written} in {assignment_id} is not a date in the calendar",
                written=written,
                assignment_id=assignment_id,
            )
            if day is None
            else date_problem(day)
        )
        if problem is not None:
            raise RuleViolationError(problem, path=path)
        assert day is not None
        if day > on:
            raise RuleViolationError(
                msg(
                    "assignment.later-than-report",
                    "{assignment_id} is given at a meeting on {day}, after this one ({on}); "
                    "an assignment is reported on at a later meeting than the one that gives it",
                    assignment_id=assignment_id,
                    day=day,
                    on=on,
                ),
                path=path,
            )


def _unknown_assignment_notices(
    item_events: list[tuple[AnyItemEvent, Path]], state: RecordState
) -> Iterator[Notice]:
    given = {
        e.assignment_id
        for item in state.items.values()
        for e in item.timeline
        if isinstance(e, AssignmentGiven)
    } | {e.assignment_id for e, _ in item_events if isinstance(e, AssignmentGiven)}
    for event, path in item_events:
        if not isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            continue
        if event.assignment_id not in given:
            yield Notice(
                path,
                msg(
                    "notice.assignment-not-yet-recorded",
                    "assignment {assignment_id} is not in the record yet; "
                    "the report is kept and applies once its minutes are recorded",
                    assignment_id=event.assignment_id,
                ),
            )


#: Who an assignment may go to besides people: the roles of a body, or all its members.
_ASSIGNEE_WORDS = frozenset({"chair", "secretary", "presidium", "liaison", "all members"})


def _named_people(command: RecordMinutes) -> Iterator[tuple[str, Path]]:
    """Every person the minutes name, with the path of the name."""
    meeting = command.meeting
    for index, attendee in enumerate(meeting.attendees):
        yield attendee.name, ("meeting", "attendees", index)
    if meeting.secretary is not None:
        yield meeting.secretary, ("meeting", "secretary")
    for index, name in enumerate(meeting.adjusters):
        yield name, ("meeting", "adjusters", index)
    for item_index, entry in enumerate(command.items):
        for index, new in enumerate(entry.assignments):
            for name in new.to:
                yield name, ("items", item_index, "assignments", index, "to")


def _near_name_notices(command: RecordMinutes, state: RecordState) -> Iterator[Notice]:
    """A name that is no member or alias of the body but close to one: a "did you mean".

    Names are matched whole (see `governance.domain.names`): "Anna E" is not taken for
    "Anna Ekk", and someone who is no member (a guest) is named as written.
    """
    body = state.body(command.body_id).current
    if body is None or not (body.members or body.aliases):
        return
    known = [member.name for member in body.members]
    known += [alias.variant for alias in body.aliases]
    keys = {name_key(name) for name in known} | _ASSIGNEE_WORDS
    warned: set[str] = set()
    for name, path in _named_people(command):
        key = name_key(name)
        if key in keys or key in warned:
            continue
        close = nearest(name, known)
        if close:
            warned.add(key)
            yield Notice(
                path,
                msg(
                    "notice.name-near-member",
                    "'{name}' is not a member of {body_id} nor a registered alias; did you "
                    "mean {close}? If it is the same person, write the name as the body lists "
                    "it or add an alias to the body document",
                    name=name,
                    body_id=command.body_id,
                    close=Choices(close),
                ),
            )


def _check_item_timelines(
    item_events: list[tuple[AnyItemEvent, Path]], state: RecordState
) -> None:
    """Replay each touched item's whole timeline with the new events slotted in."""
    by_item: dict[str, list[tuple[AnyItemEvent, Path | None]]] = {}
    for new_event, _ in item_events:
        if new_event.item_id not in by_item:
            by_item[new_event.item_id] = [
                (old, None) for old in state.item(new_event.item_id).timeline
            ]
    for new_event, new_path in item_events:
        by_item[new_event.item_id].append((new_event, new_path))
    for item, entries in by_item.items():
        merged = sorted(entries, key=lambda entry: entry[0].occurred_on)
        violation = first_violation(item, [event for event, _ in merged])
        if violation is None:
            continue
        culprit, path = merged[violation.index]
        if path is not None:
            raise violation.error.at(*path)
        first_new = next(p for _, p in merged if p is not None)
        raise ConflictingRecordError(
            msg(
                "minutes.contradict-record",
                "these minutes contradict the record of {meeting_id}: {message}",
                meeting_id=culprit.meeting_id,
                message=violation.error.text,
            ),
            path=first_new or (),
        )


def _report_events(command: RecordMinutes, state: RecordState, meeting_id: str) -> Iterator[Event]:
    for index, report in enumerate(command.reports):
        _require_obligation(state, report.mandate_id, report.obligation_id, "reports", index)
        _require_concerned(state, command.body_id, report, index)
        yield MandateReported(
            mandate_id=report.mandate_id,
            occurred_on=report.on,
            obligation_id=report.obligation_id,
            summary=report.summary,
            meeting_id=meeting_id,
        )


def _require_concerned(
    state: RecordState, body_id: str, report: MandateReport, index: int
) -> None:
    """A report on a mandate is recorded in the minutes of the body that reports (the
    mandate's recipient) or of a body that receives it (its issuer, or the obligation's
    ``to``), never of a body the mandate does not concern."""
    mandate = state.mandate(report.mandate_id).current
    assert mandate is not None
    concerned = {mandate.issued_by, mandate.issued_to}
    concerned |= {
        o.to for o in mandate.obligations if o.id == report.obligation_id and o.to is not None
    }
    if body_id not in concerned:
        raise NotConcernedError(
            msg(
                "report.not-concerned",
                "mandate {mandate_id} is issued by {issued_by} to {issued_to}; a report on it "
                "belongs in the minutes of {bodies}, not of {body_id}",
                mandate_id=report.mandate_id,
                issued_by=mandate.issued_by,
                issued_to=mandate.issued_to,
                bodies=Names(sorted(concerned)),
                body_id=body_id,
            ),
            path=("reports", index, "mandate"),
        )


def _waiver_events(command: RecordMinutes, state: RecordState, meeting_id: str) -> Iterator[Event]:
    for index, waiver in enumerate(command.waivers):
        _require_obligation(state, waiver.mandate_id, waiver.obligation_id, "waivers", index)
        current = state.mandate(waiver.mandate_id).current
        assert current is not None
        if not _is_period(waiver.period):
            raise InvalidPeriodError(
                msg(
                    "waiver.bad-period",
                    "period '{period}' is neither a year (YYYY) nor a date (YYYY-MM-DD)",
                    period=waiver.period,
                ),
                path=("waivers", index, "period"),
            )
        first_year = current.valid_from.year
        last_year = current.valid_to.year if current.valid_to else None
        year = int(waiver.period[:4])
        if year < first_year or (last_year is not None and year > last_year):
            raise InvalidPeriodError(
                msg(
                    "waiver.period-outside-mandate",
                    "period '{period}' is outside mandate {mandate_id} ({valid_from} to "
                    "{valid_to})",
                    period=waiver.period,
                    mandate_id=waiver.mandate_id,
                    valid_from=current.valid_from,
                    valid_to=current.valid_to or msg("mandate.further-notice", "further notice"),
                ),
                path=("waivers", index, "period"),
            )
        current = state.mandate(waiver.mandate_id).current
        assert current is not None
        if current.issued_by != command.body_id:
            raise NotIssuerError(
                msg(
                    "waiver.not-issuer",
                    "only {issued_by}, which issued mandate {mandate_id}, can waive its "
                    "obligations; these are minutes of {body_id}",
                    issued_by=current.issued_by,
                    mandate_id=waiver.mandate_id,
                    body_id=command.body_id,
                ),
                path=("waivers", index),
            )
        yield ObligationWaived(
            mandate_id=waiver.mandate_id,
            occurred_on=command.meeting.date,
            obligation_id=waiver.obligation_id,
            period=waiver.period,
            reason=waiver.reason,
            meeting_id=meeting_id,
        )


def _is_period(text: str) -> bool:
    if len(text) == 4 and text.isdigit():
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _require_obligation(
    state: RecordState, mandate_id: str, obligation_id: str, key: str, index: int
) -> None:
    mandate = state.mandate(mandate_id)
    if mandate.current is None:
        raise UnknownMandateError(
            msg(
                "mandate.unknown",
                "mandate '{mandate_id}' is not recorded; record the mandate document first",
                mandate_id=mandate_id,
            ),
            path=(key, index, "mandate"),
        )
    if obligation_id not in mandate.reportable_ids:
        known = ", ".join(sorted(mandate.reportable_ids)) or "none"
        raise UnknownObligationError(
            msg(
                "mandate.unknown-obligation",
                "mandate '{mandate_id}' has no obligation or reportable task '{obligation_id}' "
                "(it has: {known})",
                mandate_id=mandate_id,
                obligation_id=obligation_id,
                known=known,
            ),
            path=(key, index, "obligation"),
        )


def _schedule_events(command: RecordMinutes, meeting_id: str) -> Iterator[Event]:
    held_on = command.meeting.date
    for index, coming in enumerate(command.schedule):
        if coming.date <= held_on:
            raise MinutesDateError(
                msg(
                    "schedule.not-after-meeting",
                    "a scheduled meeting on {date} is not after this meeting ({held_on})",
                    date=coming.date,
                    held_on=held_on,
                ),
                path=("schedule", index, "date"),
            )
        yield MeetingScheduled(
            meeting_id=ids.meeting_id(command.body_id, coming.date),
            body_id=command.body_id,
            occurred_on=held_on,
            scheduled_for=coming.date,
            place=coming.place,
            time=coming.time,
            announced_at=meeting_id,
        )


# --- corrections ----------------------------------------------------------------------


def _without(events: list[Event], others: list[Event]) -> list[Event]:
    """``events`` less ``others``, as multisets, keeping the order of ``events``."""
    remaining = list(others)
    kept = []
    for event in events:
        if event in remaining:
            remaining.remove(event)
        else:
            kept.append(event)
    return kept


def _kept_unless_restated(event: Event, minutes: RecordMinutes) -> bool:
    """Approval and submission dates stay unless the corrected minutes give others."""
    if isinstance(event, MinutesApproved):
        return minutes.approved_on is None
    if isinstance(event, MinutesSubmitted):
        return minutes.submitted_on is None
    return False


def decide_correct_minutes(
    command: CorrectMinutes, state: RecordState, context: Context
) -> Decision:
    """Rule 6: a correction retracts what the minutes said and records what they say now.

    The corrected minutes are decided as if the original had never been recorded, so
    they are held to every rule; then only the difference is recorded.
    """
    minutes = command.minutes
    meeting_id = ids.meeting_id(minutes.body_id, minutes.meeting.date)
    previous = list(state.minutes.get(meeting_id, ()))
    if not any(isinstance(event, MeetingHeld) for event in previous):
        raise NothingToCorrectError(
            msg(
                "correction.nothing-to-correct",
                "the minutes of {meeting_id} are not in the record, so there is nothing to "
                "correct; record them without --correct",
                meeting_id=meeting_id,
            ),
            path=("meeting", "date"),
        )
    if not command.reason.strip():
        raise NothingToCorrectError(
            msg("correction.needs-reason", "a correction needs a reason"), path=("meeting",)
        )
    cleared = retract(state, previous)
    fresh = decide_record_minutes(minutes, cleared, context)
    retracted = [
        event
        for event in _without(previous, list(fresh.events))
        if not _kept_unless_restated(event, minutes)
    ]
    added = _without(list(fresh.events), previous)
    if not retracted and not added:
        return Decision(notices=fresh.notices)
    streams = list(dict.fromkeys(e.stream_name for e in (*retracted, *added)))
    corrections: list[Event] = [
        EntryCorrected(
            stream=stream,
            meeting_id=meeting_id,
            reason=command.reason,
            corrected_on=context.today,
            occurred_on=minutes.meeting.date,
            retracted=tuple(e for e in retracted if e.stream_name == stream),
            replacements=tuple(e for e in added if e.stream_name == stream),
        )
        for stream in streams
    ]
    return Decision((*corrections, *added), fresh.notices)
