"""Meetings and deadlines as an iCalendar file (RFC 5545, through ``icalendar``).

A VEVENT for every held and announced meeting; a VTODO for every assignment and every
obligation period with a due date. An assignment due "at the next meeting" is due on
that meeting's date once it is announced (or held), and has no due date until then,
with the reason in its description. UIDs are the record's own ids, so a calendar that
imports the file again updates its entries instead of duplicating them; done, fulfilled,
cancelled and waived ones carry STATUS COMPLETED or CANCELLED.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from governance.application import Governance
from governance.domain.messages import Language
from governance.projections import AssignmentRow, MeetingRow, ObligationRow
from governance.publish import _texts as texts
from governance.publish._texts import say

#: Meetings are held in Sweden: times in the minutes are Stockholm wall-clock times.
ZONE = ZoneInfo("Europe/Stockholm")
PRODID = "-//governance-tracker//governance//EN"
UID_DOMAIN = "governance-tracker"
_SPAN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")

_TODO_STATUS = {
    "open": "NEEDS-ACTION",
    "overdue": "NEEDS-ACTION",
    "due": "NEEDS-ACTION",
    "upcoming": "NEEDS-ACTION",
    "done": "COMPLETED",
    "fulfilled": "COMPLETED",
    "cancelled": "CANCELLED",
    "waived": "CANCELLED",
}


def uid(kind: str, natural_id: str) -> str:
    """A UID that is the same in every export of the same record."""
    return f"{kind}:{natural_id}@{UID_DOMAIN}"


def meeting_hours(written: str | None, on: date) -> tuple[datetime, datetime] | None:
    """The start and end of a meeting from its time as written ("09:00-12:00", "9–12"),
    or None when it is not a span of hours."""
    match = _SPAN.match(written or "")
    if match is None:
        return None
    start_h, start_m, end_h, end_m = match.groups()
    try:
        start = time(int(start_h), int(start_m or 0))
        end = time(int(end_h), int(end_m or 0))
    except ValueError:
        return None
    if end <= start:
        return None
    return datetime.combine(on, start, ZONE), datetime.combine(on, end, ZONE)


def _meeting_event(
    meeting: MeetingRow, body_name: str, stamp: datetime, language: Language
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid("meeting", meeting.id))
    event.add("dtstamp", stamp)
    event.add("summary", say(texts.MEETING_SUMMARY, language, body=body_name))
    hours = meeting_hours(meeting.time, meeting.on)
    notes = []
    if hours is None:
        event.add("dtstart", meeting.on)
        event.add("dtend", meeting.on + timedelta(days=1))
        if meeting.time:
            notes.append(say(texts.MEETING_TIME_AS_WRITTEN, language, time=meeting.time))
    else:
        event.add("dtstart", hours[0])
        event.add("dtend", hours[1])
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.status == "held":
        notes.append(say(texts.MEETING_HELD, language, meeting=meeting.id))
    elif meeting.announced_on is not None:
        notes.append(say(texts.MEETING_ANNOUNCED, language, on=meeting.announced_on))
    event.add("description", "\n".join(notes))
    event.add("status", "CONFIRMED")
    return event


def _assignment_due(row: AssignmentRow, meetings: Sequence[MeetingRow]) -> date | None:
    if row.due.on is not None:
        return row.due.on
    later = [m.on for m in meetings if m.body == row.body and m.on > row.given_on]
    return min(later, default=None)


def _assignment_todo(
    row: AssignmentRow,
    meetings: Sequence[MeetingRow],
    body_name: str,
    stamp: datetime,
    language: Language,
) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("uid", uid("assignment", row.id))
    todo.add("dtstamp", stamp)
    todo.add("summary", f"{texts.names(row.to, language)}: {row.task}")
    notes = [
        say(
            texts.ASSIGNMENT_DESCRIPTION,
            language,
            id=row.id,
            item=row.item,
            given_on=row.given_on,
        )
    ]
    due = _assignment_due(row, meetings)
    if row.due.is_next_meeting:
        reason = texts.DUE_AT_NEXT_MEETING if due else texts.DUE_AT_UNANNOUNCED_MEETING
        notes.append(say(reason, language, body=body_name, on=due))
    if due is None or due >= row.given_on:
        todo.add("dtstart", row.given_on)
    if due is not None:
        todo.add("due", due)
    todo.add("description", "\n".join(notes))
    todo.add("status", _TODO_STATUS[row.status])
    return todo


def _obligation_start(row: ObligationRow) -> date | None:
    match row.kind:
        case "minimum_meetings" | "review" if len(row.period) == 4:
            return date(int(row.period), 1, 1)
        case "submit_minutes":
            return date.fromisoformat(row.period)
        case _:
            return None


def _obligation_due(row: ObligationRow) -> date | None:
    if row.due_on is not None:
        return row.due_on
    if row.kind == "minimum_meetings" and len(row.period) == 4:
        return date(int(row.period), 12, 31)
    return None


def _obligation_todo(
    row: ObligationRow, issuer: str, stamp: datetime, language: Language
) -> icalendar.Todo:
    todo = icalendar.Todo()
    period_id = f"{row.mandate}/{row.obligation}/{row.period}"
    todo.add("uid", uid("obligation", period_id))
    todo.add("dtstamp", stamp)
    todo.add("summary", f"{row.mandate}: {row.obligation} ({row.period})")
    due = _obligation_due(row)
    start = _obligation_start(row)
    if start is not None and (due is None or start <= due):
        todo.add("dtstart", start)
    if due is not None:
        todo.add("due", due)
    todo.add(
        "description",
        say(
            texts.OBLIGATION_DESCRIPTION,
            language,
            obligation=row.obligation,
            kind=texts.kind_word(row.kind, language),
            mandate=row.mandate,
            issuer=issuer,
        ),
    )
    todo.add("status", _TODO_STATUS[row.status])
    return todo


def export_ical(
    record: Governance,
    *,
    body: str | None = None,
    as_of: date | None = None,
    stamp: datetime | None = None,
    known_at: int | None = None,
    language: str | None = None,
) -> bytes:
    """The calendar of ``body`` (default: every body) as of ``as_of`` (default: today):
    RFC 5545 bytes. ``stamp`` is every entry's DTSTAMP (default: now, UTC). Summaries
    and descriptions are in ``language`` (``en``, ``sv``; default: the current one)."""
    lang = texts.language_of(language)
    when = stamp or datetime.now(UTC)
    meetings = record.meetings(body=body, known_at=known_at)
    status = record.status(as_of=as_of, body=body, include_all=True, known_at=known_at)
    names = {info.body_id: info.name for info in record.bodies(known_at=known_at)}
    issuers = {row.id: names.get(row.issued_by, row.issued_by) for row in status.mandates}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", names.get(body, body) if body else "governance")
    all_meetings = record.meetings(known_at=known_at) if body is None else meetings
    for meeting in meetings:
        calendar.add_component(
            _meeting_event(meeting, names.get(meeting.body, meeting.body), when, lang)
        )
    for row in status.assignments:
        calendar.add_component(
            _assignment_todo(row, all_meetings, names.get(row.body, row.body), when, lang)
        )
    for obligation in status.obligations:
        issuer = issuers.get(obligation.mandate, "")
        calendar.add_component(_obligation_todo(obligation, issuer, when, lang))
    days = [m.on for m in meetings]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days), last_date=max(days) + timedelta(days=1)
        )
    return bytes(calendar.to_ical())
