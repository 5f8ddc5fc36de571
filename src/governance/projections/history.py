"""The dated timeline of one thing in the record: an item (with its assignments), an
assignment, a mandate (with its reports and waivers), a meeting (with what was done at
it) or a body (its registrations and meetings).

Entries are ordered by valid time (``occurred_on``), then by position in the log.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal, assert_never

import attrs

from governance.domain.errors import GovernanceError
from governance.domain.events import (
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentEvent,
    AssignmentGiven,
    AssignmentReported,
    BodyEvent,
    BodyRegistered,
    BodyRevised,
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
)
from governance.domain.messages import ENGLISH, Choices, Message, Names, as_message, msg
from governance.domain.values import Due
from governance.projections._order import retracted_positions

HistoryKind = Literal["item", "assignment", "mandate", "meeting", "body"]

# When one id names things of several kinds (a body and a mandate both called "chiefs"),
# the first kind here wins.
_PRECEDENCE: tuple[HistoryKind, ...] = ("item", "assignment", "meeting", "mandate", "body")


class UnknownSubjectError(GovernanceError, LookupError):
    """No item, assignment, meeting, mandate or body in the record has the id."""


@attrs.frozen
class LogEntry:
    """An event as stored: its position in the log and when it was recorded."""

    position: int
    recorded_at: datetime
    event: Event


@attrs.frozen
class HistoryEntry:
    occurred_on: date
    position: int
    recorded_at: datetime
    event_type: str
    summary: str
    event: Event
    #: The log position of the correction that retracted this event, if one did.
    retracted_by: int | None = None

    @property
    def meeting_id(self) -> str | None:
        """The meeting the event happened at or belongs to, if any."""
        meeting = getattr(self.event, "meeting_id", None)
        return meeting if isinstance(meeting, str) else None


@attrs.frozen
class History:
    subject_id: str
    kind: HistoryKind
    entries: tuple[HistoryEntry, ...] = ()


def history(entries: Iterable[LogEntry], subject_id: str) -> History:
    """The timeline of ``subject_id``; raises `UnknownSubjectError` if nothing has it.

    ``entries`` may be the whole log, or (read through the registers) every entry of
    the streams `subjects_of` says have entries of ``subject_id``: a correction retracts
    only events of its own stream, so the timeline is the same.
    """
    found: dict[HistoryKind, list[LogEntry]] = {kind: [] for kind in _PRECEDENCE}
    defined: set[HistoryKind] = set()
    known_ids: set[str] = set()
    entries = list(entries)
    retracted_by = retracted_positions((entry.position, entry.event) for entry in entries)
    for entry in entries:
        for named, kind, defines in _subjects(entry.event):
            if defines:
                known_ids.add(named)
            if named == subject_id:
                found[kind].append(entry)
                if defines:
                    defined.add(kind)
    kinds = [k for k in _PRECEDENCE if k in defined]
    if not kinds:
        raise unknown_subject(subject_id, known_ids)
    kind = kinds[0]
    timeline = sorted(found[kind], key=lambda e: (e.event.occurred_on, e.position))
    prefix_items = kind in ("meeting", "body")
    return History(
        subject_id,
        kind,
        tuple(
            HistoryEntry(
                occurred_on=entry.event.occurred_on,
                position=entry.position,
                recorded_at=entry.recorded_at,
                event_type=type(entry.event).__name__,
                summary=summarize(entry.event, with_item=prefix_items),
                event=entry.event,
                retracted_by=retracted_by.get(entry.position),
            )
            for entry in timeline
        ),
    )


def subjects_of(events: Iterable[Event]) -> dict[str, bool]:
    """The ids whose timelines have entries among ``events`` (a stream's, corrections
    and retracted events included), each with whether the events show that a thing has
    the id (as `history` sees it): what the registers keep to find a timeline's
    streams."""
    subjects: dict[str, bool] = {}
    for event in events:
        for named, _, defines in _subjects(event):
            subjects[named] = subjects.get(named, False) or defines
    return subjects


#: ``(id, kind, defines)``: the event has an entry in the timeline of the thing of that
#: kind with that id, and shows (``defines``) that such a thing is in the record.
Subject = tuple[str, HistoryKind, bool]


def _correction_subjects(event: EntryCorrected) -> list[Subject]:
    subjects: list[Subject] = []
    kind, _, natural_id = event.stream.partition(":")
    if kind in ("item", "mandate", "meeting"):
        subjects.append((natural_id, kind, False))  # type: ignore[arg-type]
    if kind != "meeting":
        subjects.append((event.meeting_id, "meeting", False))
    touched = (*event.retracted, *event.replacements)
    for assignment in dict.fromkeys(getattr(e, "assignment_id", None) for e in touched):
        if isinstance(assignment, str):
            subjects.append((assignment, "assignment", False))
    return subjects


def _subjects(event: Event) -> list[Subject]:
    """The timelines the event has an entry in (see `Subject`)."""
    if not is_known(event):
        return []
    match event:
        case EntryCorrected():
            return _correction_subjects(event)
        case BodyEvent():
            return [(event.body_id, "body", True)]
        case MandateEvent():
            subjects: list[Subject] = [(event.mandate_id, "mandate", True)]
            if (
                isinstance(event, MandateReported | ObligationWaived)
                and event.meeting_id is not None
            ):
                subjects.append((event.meeting_id, "meeting", False))
            return subjects
        case MeetingEvent():
            return [(event.meeting_id, "meeting", True), (event.body_id, "body", False)]
        case ItemEvent():
            subjects = [(event.item_id, "item", True)]
            if isinstance(event, AssignmentEvent):
                subjects.append((event.assignment_id, "assignment", True))
            subjects.append((event.meeting_id, "meeting", False))
            return subjects
        case _:
            assert_never(event)


def unknown_subject(subject_id: str, known_ids: Iterable[str]) -> UnknownSubjectError:
    """The error for an id nothing in the record has, with the likely typos among
    ``known_ids`` (the ids things in the record have)."""
    return UnknownSubjectError(_unknown_message(subject_id, set(known_ids)))


def _unknown_message(subject_id: str, known_ids: set[str]) -> Message:
    close = difflib.get_close_matches(subject_id, _neighbours(subject_id, known_ids), n=3)
    if close:
        return msg(
            "history.unknown-id-did-you-mean",
            "nothing in the record has the id '{id}'; did you mean {close}?",
            id=subject_id,
            close=Choices(close),
        )
    return msg(
        "history.unknown-id",
        "nothing in the record has the id '{id}'; give the id of a body (im), "
        "a mandate (im-2023), a meeting (im/2023-11-17), an item (im/2023-11-17/7a) "
        "or an assignment (im/2023-11-17/5/a1)",
        id=subject_id,
    )


def _neighbours(subject_id: str, known_ids: set[str]) -> list[str]:
    """The known ids that share the longest leading path with ``subject_id`` (all of
    them if none does): the likely typos, without comparing against the whole record."""
    parts = subject_id.split("/")
    for length in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:length]) + "/"
        near = sorted(i for i in known_ids if i.startswith(prefix))
        if near:
            return near
    return sorted(known_ids)


def _short_assignment(event: AssignmentEvent) -> str:
    prefix = event.item_id + "/"
    aid = event.assignment_id
    return aid[len(prefix) :] if aid.startswith(prefix) else aid


def _with(text: Message, detail: str | None) -> Message:
    """``text: detail``, or ``text`` alone when there is no detail."""
    return msg("history.detail", "{text}: {detail}", text=text, detail=detail) if detail else text


def summarize(event: Event, *, with_item: bool = False) -> str:
    """One readable line for an event in English ("Tabled until next meeting")."""
    return describe(event, with_item=with_item).render(ENGLISH)


def describe(event: Event, *, with_item: bool = False) -> Message:
    """One line for an event, to be written in any language (``str()``: the current one)."""
    line = _summary(event)
    if with_item and isinstance(event, ItemEvent):
        return msg("history.of-item", "{item}: {line}", item=event.item_id, line=line)
    return line


def _registered(event: BodyRegistered | BodyRevised) -> Message:
    if isinstance(event, BodyRegistered):
        text = msg("history.body-registered", "Registered as {name}", name=event.name)
    else:
        text = msg("history.body-revised", "Revised as {name}", name=event.name)
    if event.parent:
        text = msg(
            "history.body-parent", "{text}, answering to {parent}", text=text, parent=event.parent
        )
    if event.members:
        text = msg(
            "history.body-members", "{text}, {count} members", text=text, count=len(event.members)
        )
    return text


def _mandate(event: MandateIssued | MandateRevised) -> Message:
    until = (
        msg("history.valid-to", "to {on}", on=event.valid_to)
        if event.valid_to
        else msg("history.further-notice", "to further notice")
    )
    values = {"by": event.issued_by, "to": event.issued_to, "valid_from": event.valid_from}
    if isinstance(event, MandateIssued):
        return msg(
            "history.mandate-issued",
            "Mandate issued by {by} to {to}, valid {valid_from} {until}",
            until=until,
            **values,
        )
    return msg(
        "history.mandate-revised",
        "Mandate revised by {by} to {to}, valid {valid_from} {until}",
        until=until,
        **values,
    )


def _scheduled(event: MeetingScheduled) -> Message:
    text = msg("history.scheduled", "Meeting scheduled for {on}", on=event.scheduled_for)
    if event.place:
        text = msg("history.scheduled-place", "{text} in {place}", text=text, place=event.place)
    if event.time:
        text = msg("history.with-time", "{text}, {time}", text=text, time=event.time)
    return text


_MODES = {
    "on_site": msg("history.mode.on-site", "on site"),
    "digital": msg("history.mode.digital", "digital"),
    "hybrid": msg("history.mode.hybrid", "hybrid"),
}


def _held(event: MeetingHeld) -> Message:
    text = msg("history.held", "Meeting held")
    if event.place:
        text = msg("history.held-place", "{text} in {place}", text=text, place=event.place)
    if event.mode:
        mode = _MODES.get(event.mode, event.mode)
        text = msg("history.held-mode", "{text}, {mode}", text=text, mode=mode)
    return msg(
        "history.held-attending",
        "{text}, {count} attending",
        text=text,
        count=len(event.attendees),
    )


def _due(due: Due) -> Message | date:
    return msg("history.next-meeting", "next meeting") if due.on is None else due.on


def _summary(event: Event) -> Message:
    if not is_known(event):
        return as_message(type(event).__name__)
    match event:
        case BodyRegistered() | BodyRevised():
            return _registered(event)
        case MandateIssued() | MandateRevised():
            return _mandate(event)
        case MandateEnded():
            return msg("history.mandate-ended", "Mandate ended")
        case MandateReported():
            reported = msg(
                "history.reported", "Reported on {obligation}", obligation=event.obligation_id
            )
            return _with(reported, event.summary)
        case ObligationWaived():
            waived = msg(
                "history.waived",
                "{obligation} waived for {period}",
                obligation=event.obligation_id,
                period=event.period,
            )
            return _with(waived, event.reason)
        case MeetingScheduled():
            return _scheduled(event)
        case MeetingHeld():
            return _held(event)
        case MinutesApproved():
            return msg("history.approved", "Minutes approved")
        case MinutesSubmitted():
            if event.to:
                return msg("history.submitted-to", "Minutes submitted to {to}", to=event.to)
            return msg("history.submitted", "Minutes submitted")
        case ItemRaised():
            return msg(
                "history.raised",
                "Raised as item {number}: {title}",
                number=event.number,
                title=event.title,
            )
        case ItemTakenUp():
            return _with(msg("history.taken-up", "Taken up again"), event.title)
        case DecisionRecorded():
            return msg("history.decided", "Decided: {text}", text=event.text)
        case ItemTabled():
            tabled = msg("history.tabled", "Tabled until {until}", until=_due(event.until))
            if event.reason:
                return msg(
                    "history.tabled-because", "{text} — {reason}", text=tabled, reason=event.reason
                )
            return tabled
        case ItemReferred():
            return msg("history.referred", "Referred to {body}", body=event.to_body)
        case ItemClosed():
            return msg("history.closed", "Closed")
        case ItemReopened():
            return msg("history.reopened", "Reopened")
        case AssignmentGiven():
            return msg(
                "history.assignment-given",
                "Assignment {assignment} given to {to}: {task} (due {due})",
                assignment=_short_assignment(event),
                to=Names(event.to),
                task=event.task,
                due=_due(event.due),
            )
        case AssignmentReported():
            reported = msg(
                "history.assignment-progress",
                "Assignment {assignment}: progress reported",
                assignment=_short_assignment(event),
            )
            return _with(reported, event.note)
        case AssignmentCompleted():
            done = msg(
                "history.assignment-done",
                "Assignment {assignment} reported done",
                assignment=_short_assignment(event),
            )
            return _with(done, event.note)
        case AssignmentCancelled():
            cancelled = msg(
                "history.assignment-cancelled",
                "Assignment {assignment} cancelled",
                assignment=_short_assignment(event),
            )
            return _with(cancelled, event.note)
        case EntryCorrected():
            return msg(
                "history.corrected",
                "Corrected ({reason}): {retracted} retracted, {replacements} recorded instead",
                reason=event.reason,
                retracted=len(event.retracted),
                replacements=len(event.replacements),
            )
        case _:
            assert_never(event)


def history_to_json(h: History) -> dict[str, Any]:
    """``{"id", "kind", "entries": [...]}`` with ISO dates and times."""
    return {
        "id": h.subject_id,
        "kind": h.kind,
        "entries": [
            {
                "occurred_on": entry.occurred_on.isoformat(),
                "position": entry.position,
                "recorded_at": entry.recorded_at.isoformat(),
                "type": entry.event_type,
                "summary": entry.summary,
                "meeting": entry.meeting_id,
                **({"retracted_by": entry.retracted_by} if entry.retracted_by else {}),
            }
            for entry in h.entries
        ],
    }
