"""Value objects of the governance domain: dates owed, people, obligations."""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

Role = Literal["chair", "secretary", "presidium", "liaison", "member"]
MeetingMode = Literal["on_site", "digital", "hybrid"]
ReportStatus = Literal["done", "progress", "cancelled"]
ObligationKind = Literal["minimum_meetings", "submit_minutes", "report", "review"]
TaskReport = Literal["continuous", "yearly", "date"]
PartialYears = Literal["prorate", "full", "exempt"]
"""What a ``minimum_meetings`` obligation asks of a year its mandate covers only in part:
the minimum prorated by the days covered (rounded up), the whole minimum, or nothing."""

PARTIAL_YEARS: tuple[PartialYears, ...] = ("prorate", "full", "exempt")

# The bounds of what the record takes, so that every date a query computes from a
# recorded value (a deadline, the end of a year) is still a date, and every number fits
# the persisted views' integer columns.

FIRST_DAY = date(1900, 1, 1)
"""The earliest date the record takes, anywhere: meetings, mandates, deadlines, ids."""
LAST_DAY = date(2999, 12, 31)
"""The latest date the record takes."""
MAX_WITHIN_DAYS = 365
"""The most days a ``submit_minutes`` obligation allows (0 is the meeting day itself)."""
MAX_MEETINGS_PER_YEAR = 366
"""The highest ``minimum_meetings`` count: a body holds at most one meeting a day."""

ROLES: tuple[Role, ...] = ("chair", "secretary", "presidium", "liaison", "member")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_problem(day: date) -> str | None:
    """Why the record does not take ``day``, if it does not: outside its bounds."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {day}"


def format_day(day: date, *, with_year: bool = True) -> str:
    """``17 Nov 2023`` (or ``17 Nov``), whatever the locale."""
    day_and_month = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{day_and_month} {day.year}" if with_year else day_and_month


@attrs.frozen
class Due:
    """When something is owed: at the next held meeting of the body, or on a date."""

    on: date | None = None

    @classmethod
    def next_meeting(cls) -> Due:
        return cls(None)

    @property
    def is_next_meeting(self) -> bool:
        return self.on is None

    def __str__(self) -> str:
        return "next_meeting" if self.on is None else self.on.isoformat()


NEXT_MEETING = Due.next_meeting()


@attrs.frozen
class Member:
    """A member of a body, as its body document lists them."""

    name: str
    municipality: str | None = None
    roles: frozenset[Role] = frozenset({"member"})


@attrs.frozen
class Alias:
    """Another spelling of a member's name ("Lundqvist" for "Lundkvist")."""

    variant: str
    canonical: str


@attrs.frozen
class Attendee:
    name: str
    municipality: str | None = None


@attrs.frozen
class Task:
    """A task of a mandate's goal, with an optional duty to report on it."""

    id: str
    text: str
    report: TaskReport | None = None
    report_due: date | None = None


@attrs.frozen
class Goal:
    code: str
    title: str
    tasks: tuple[Task, ...] = ()


@attrs.frozen
class Obligation:
    """What a mandate obliges its recipient to do; which fields apply depends on `kind`.

    - ``minimum_meetings``: at least ``count`` held meetings per calendar year;
    - ``submit_minutes``: every held meeting's minutes submitted within ``within_days``;
    - ``report``: a report to ``to`` by ``due``, or every year by the end of ``month``;
    - ``review``: the mandate reviewed once a year, by the end of ``month``.
    """

    id: str
    kind: ObligationKind
    count: int | None = None
    within_days: int | None = None
    to: str | None = None
    due: date | None = None
    month: int | None = None
