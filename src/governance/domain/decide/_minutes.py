"""Meetings and their minutes: a meeting held, its approval and submission, the
meetings it schedules, and the names of the people the minutes mention.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.domain import ids
from governance.domain.commands import RecordMinutes
from governance.domain.decide._common import (
    Context,
    Decision,
    Notice,
    refuse_bad_text,
    require_body,
)
from governance.domain.decide._items import decide_items
from governance.domain.decide._mandates import report_events, waiver_events
from governance.domain.errors import (
    ConflictingRecordError,
    MeetingAlreadyRecordedError,
    MinutesDateError,
    Path,
    UnknownBodyError,
)
from governance.domain.events import (
    Event,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
    MinutesSubmitted,
)
from governance.domain.messages import Choices, msg
from governance.domain.names import MAX_NAME_LENGTH, MAX_TASK_LENGTH, name_key, nearest
from governance.domain.state import MeetingState, RecordState


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
    require_body(state, context, command.body_id, "body")
    refuse_bad_text(_minutes_texts(command))
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
    item_events, notices = decide_items(command, state, context, meeting_id)
    notices.extend(_near_name_notices(command, state))
    events.extend(event for event, _ in item_events)
    events.extend(report_events(command, state, meeting_id))
    events.extend(waiver_events(command, state, meeting_id))
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
