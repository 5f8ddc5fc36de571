"""The dated timeline of one thing in the record: an item (with its assignments), an
assignment, a mandate (with its reports and waivers), a meeting (with what was done at
it) or a body (its registrations and meetings).

Entries are ordered by valid time (``occurred_on``), then by position in the log.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

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
)
from governance.domain.messages import Choices, Message, msg

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
    """The timeline of ``subject_id``; raises `UnknownSubjectError` if nothing has it."""
    found: dict[HistoryKind, list[LogEntry]] = {kind: [] for kind in _PRECEDENCE}
    defined: set[HistoryKind] = set()
    known_ids: set[str] = set()
    entries = list(entries)
    retracted_by = _retractions(entries)
    for entry in entries:
        for kind, defines in _kinds_of(entry.event, subject_id, known_ids):
            found[kind].append(entry)
            if defines:
                defined.add(kind)
    kinds = [k for k in _PRECEDENCE if k in defined]
    if not kinds:
        raise UnknownSubjectError(_unknown_message(subject_id, known_ids))
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


def _retractions(entries: list[LogEntry]) -> dict[int, int]:
    """Which positions corrections retracted: position -> position of the correction."""
    where: dict[Event, list[int]] = {}
    retracted_by: dict[int, int] = {}
    for entry in entries:
        if isinstance(entry.event, EntryCorrected):
            for gone in entry.event.retracted:
                places = where.get(gone)
                if places:
                    retracted_by[places.pop()] = entry.position
        else:
            where.setdefault(entry.event, []).append(entry.position)
    return retracted_by


def _correction_kinds(event: EntryCorrected, subject_id: str) -> list[tuple[HistoryKind, bool]]:
    kinds: list[tuple[HistoryKind, bool]] = []
    kind, _, natural_id = event.stream.partition(":")
    if natural_id == subject_id and kind in ("item", "mandate", "meeting"):
        kinds.append((kind, False))  # type: ignore[arg-type]
    if event.meeting_id == subject_id and kind != "meeting":
        kinds.append(("meeting", False))
    touched = (*event.retracted, *event.replacements)
    if any(getattr(e, "assignment_id", None) == subject_id for e in touched):
        kinds.append(("assignment", False))
    return kinds


def _kinds_of(
    event: Event, subject_id: str, known_ids: set[str]
) -> list[tuple[HistoryKind, bool]]:
    """The kinds of history of ``subject_id`` the event belongs to, each with whether
    the event shows that a thing of that kind has the id; notes the ids it names."""
    kinds: list[tuple[HistoryKind, bool]] = []
    match event:
        case EntryCorrected():
            return _correction_kinds(event, subject_id)
        case BodyEvent():
            known_ids.add(event.body_id)
            if event.body_id == subject_id:
                kinds.append(("body", True))
        case MandateEvent():
            known_ids.add(event.mandate_id)
            if event.mandate_id == subject_id:
                kinds.append(("mandate", True))
            if (
                isinstance(event, MandateReported | ObligationWaived)
                and event.meeting_id == subject_id
            ):
                kinds.append(("meeting", False))
        case MeetingEvent():
            known_ids.add(event.meeting_id)
            if event.meeting_id == subject_id:
                kinds.append(("meeting", True))
            if event.body_id == subject_id:
                kinds.append(("body", False))
        case ItemEvent():
            known_ids.add(event.item_id)
            if event.item_id == subject_id:
                kinds.append(("item", True))
            if isinstance(event, AssignmentEvent):
                known_ids.add(event.assignment_id)
                if event.assignment_id == subject_id:
                    kinds.append(("assignment", True))
            if event.meeting_id == subject_id:
                kinds.append(("meeting", False))
        case _:
            pass
    return kinds


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


def _with(text: str, detail: str | None, separator: str = ": ") -> str:
    return f"{text}{separator}{detail}" if detail else text


def summarize(event: Event, *, with_item: bool = False) -> str:
    """One readable line for an event ("Tabled until next meeting")."""
    line = _summary(event)
    if with_item and isinstance(event, ItemEvent):
        return f"{event.item_id}: {line}"
    return line


def _summary(event: Event) -> str:
    match event:
        case BodyRegistered() | BodyRevised():
            verb = "Registered" if isinstance(event, BodyRegistered) else "Revised"
            text = f"{verb} as {event.name}"
            if event.parent:
                text += f", answering to {event.parent}"
            if event.members:
                text += f", {len(event.members)} members"
            return text
        case MandateIssued() | MandateRevised():
            verb = "issued" if isinstance(event, MandateIssued) else "revised"
            until = event.valid_to.isoformat() if event.valid_to else "further notice"
            return (
                f"Mandate {verb} by {event.issued_by} to {event.issued_to}, "
                f"valid {event.valid_from.isoformat()} to {until}"
            )
        case MandateEnded():
            return "Mandate ended"
        case MandateReported():
            return _with(f"Reported on {event.obligation_id}", event.summary)
        case ObligationWaived():
            return _with(f"{event.obligation_id} waived for {event.period}", event.reason)
        case MeetingScheduled():
            text = f"Meeting scheduled for {event.scheduled_for.isoformat()}"
            text = _with(text, event.place, " in ")
            return _with(text, event.time, ", ")
        case MeetingHeld():
            text = _with("Meeting held", event.place, " in ")
            text = _with(text, event.mode.replace("_", " ") if event.mode else None, ", ")
            return f"{text}, {len(event.attendees)} attending"
        case MinutesApproved():
            return "Minutes approved"
        case MinutesSubmitted():
            return _with("Minutes submitted", event.to, " to ")
        case ItemRaised():
            return f"Raised as item {event.number}: {event.title}"
        case ItemTakenUp():
            return _with("Taken up again", event.title)
        case DecisionRecorded():
            return f"Decided: {event.text}"
        case ItemTabled():
            until = "next meeting" if event.until.on is None else event.until.on.isoformat()
            return _with(f"Tabled until {until}", event.reason, " — ")
        case ItemReferred():
            return f"Referred to {event.to_body}"
        case ItemClosed():
            return "Closed"
        case ItemReopened():
            return "Reopened"
        case AssignmentGiven():
            due = "next meeting" if event.due.on is None else event.due.on.isoformat()
            return (
                f"Assignment {_short_assignment(event)} given to {', '.join(event.to)}: "
                f"{event.task} (due {due})"
            )
        case AssignmentReported():
            return _with(f"Assignment {_short_assignment(event)}: progress reported", event.note)
        case AssignmentCompleted():
            return _with(f"Assignment {_short_assignment(event)} reported done", event.note)
        case AssignmentCancelled():
            return _with(f"Assignment {_short_assignment(event)} cancelled", event.note)
        case EntryCorrected():
            return (
                f"Corrected ({event.reason}): {len(event.retracted)} retracted, "
                f"{len(event.replacements)} recorded instead"
            )
        case _:
            return type(event).__name__


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
