"""Corrections (rule 6): corrected minutes retract what the minutes said and record
what they say now.
"""

from __future__ import annotations

from governance.domain import ids
from governance.domain.commands import CorrectMinutes, RecordMinutes
from governance.domain.decide._common import Context, Decision
from governance.domain.decide._minutes import decide_record_minutes
from governance.domain.errors import NothingToCorrectError
from governance.domain.events import (
    EntryCorrected,
    Event,
    MeetingHeld,
    MinutesApproved,
    MinutesSubmitted,
)
from governance.domain.messages import msg
from governance.domain.state import RecordState, retract


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
