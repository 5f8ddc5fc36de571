"""What a secretary or an embedding system asks the record to take in.

A minutes file holds documents; each document is one command. The minutes command
is composite: one held meeting with its items, reports and schedule.
"""

from __future__ import annotations

from datetime import date

import attrs

from governance.domain.values import (
    Alias,
    Attendee,
    Due,
    Goal,
    MeetingMode,
    Member,
    Obligation,
    PartialYears,
    ReportStatus,
)


@attrs.frozen(kw_only=True)
class RegisterBody:
    """Register a body, or revise it when a body with the same id is already registered."""

    body_id: str
    name: str
    parent: str | None = None
    address: str | None = None
    members: tuple[Member, ...] = ()
    aliases: tuple[Alias, ...] = ()


@attrs.frozen(kw_only=True)
class IssueMandate:
    """Issue a mandate, revise it (same id, other content) or end it (``ended_on``)."""

    mandate_id: str
    issued_by: str
    issued_to: str
    issued_on: date
    valid_from: date
    valid_to: date | None = None
    goals: tuple[Goal, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    partial_years: PartialYears = "prorate"
    ended_on: date | None = None


@attrs.frozen(kw_only=True)
class MeetingDetails:
    date: date
    place: str | None = None
    mode: MeetingMode | None = None
    time: str | None = None
    attendees: tuple[Attendee, ...] = ()
    secretary: str | None = None
    adjusters: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class NewAssignment:
    to: tuple[str, ...]
    task: str
    due: Due


@attrs.frozen(kw_only=True)
class AssignmentReport:
    assignment_id: str
    status: ReportStatus
    note: str | None = None


@attrs.frozen(kw_only=True)
class Tabling:
    until: Due
    reason: str | None = None


@attrs.frozen(kw_only=True)
class ItemEntry:
    """One numbered item (§) of the minutes.

    A new item has a ``number``; an item that ``continues`` an earlier one names its id
    and keeps it.
    """

    number: str | None = None
    title: str | None = None
    notes: str | None = None
    continues: str | None = None
    reopened: bool = False
    decisions: tuple[str, ...] = ()
    assignments: tuple[NewAssignment, ...] = ()
    assignment_reports: tuple[AssignmentReport, ...] = ()
    tabled: Tabling | None = None
    referred_to: str | None = None
    closed: bool = False


@attrs.frozen(kw_only=True)
class MandateReport:
    mandate_id: str
    obligation_id: str
    on: date
    summary: str | None = None


@attrs.frozen(kw_only=True)
class Waiver:
    """The issuer of a mandate waives one period of one of its obligations."""

    mandate_id: str
    obligation_id: str
    period: str
    reason: str | None = None


@attrs.frozen(kw_only=True)
class ComingMeeting:
    date: date
    place: str | None = None
    time: str | None = None


@attrs.frozen(kw_only=True)
class RecordMinutes:
    """Record the minutes of one held meeting of a body."""

    body_id: str
    meeting: MeetingDetails
    items: tuple[ItemEntry, ...] = ()
    reports: tuple[MandateReport, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    approved_on: date | None = None
    submitted_on: date | None = None
    schedule: tuple[ComingMeeting, ...] = ()


@attrs.frozen(kw_only=True)
class CorrectMinutes:
    """Correct the recorded minutes of a meeting: ``minutes`` is what they should say."""

    minutes: RecordMinutes
    reason: str


Command = RegisterBody | IssueMandate | RecordMinutes | CorrectMinutes
