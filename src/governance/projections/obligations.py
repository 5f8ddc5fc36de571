"""Reporting obligations of mandates (rule 5), evaluated per period.

Each obligation of the version in force of a mandate (and each task of its goals with a
duty to report) yields rows, one per period, each ``upcoming``, ``due``, ``fulfilled``,
``overdue`` or ``waived``:

- ``minimum_meetings``: one row per calendar year ("YYYY"), counting the meetings the
  recipient held in the part of the year the mandate covers (see `covered_part`); due
  while that part runs, overdue once it ended short. In a year the mandate covers only in
  part, the minimum is prorated by the days covered, rounded up, unless the mandate says
  ``partial_years: full`` (the whole minimum) or ``exempt`` (no row for that year); see
  `meetings_required`;
- ``submit_minutes``: one row per meeting the recipient held while the mandate was in
  force (the meeting date), due until ``within_days`` after it, then overdue;
- ``report``: one row for its date (the date), or one per year for its month ("YYYY",
  due on the last day of the month); upcoming until the due date, due on it, overdue
  after; fulfilled by a report on the obligation (within the year, for a yearly one);
- ``review``: one row per year ("YYYY"); upcoming before its month, due during it,
  overdue after; fulfilled by a report on the obligation or a revision of the mandate
  within the year;
- a task with ``report`` set is a ``report`` obligation under the task's id: yearly
  (continuous or yearly: due on 31 December) or once on its date.

A waiver of an obligation for a period makes that row ``waived``, whatever else holds.
Only mandates in force at some time up to the as-of date yield rows; periods stop at
the end of the mandate's validity or the date it was ended.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Literal, assert_never

import attrs

from governance.domain import ids
from governance.domain.events import (
    AnyEvent,
    BodyEvent,
    EntryCorrected,
    Event,
    ItemEvent,
    MandateEnded,
    MandateIssued,
    MandateReported,
    MandateRevised,
    MeetingEvent,
    ObligationWaived,
)
from governance.domain.values import Obligation, ObligationKind, PartialYears
from governance.projections import meetings as meetings_model
from governance.projections._order import in_valid_time_order
from governance.projections.mandates import MandatesView, MandateTrack
from governance.projections.meetings import MeetingsView

_MONTHS = range(1, 13)

ObligationStatus = Literal["upcoming", "due", "fulfilled", "overdue", "waived"]


@attrs.frozen
class ObligationRow:
    """One period of one obligation of a mandate.

    ``required`` and ``count`` are set for ``minimum_meetings``; ``due_on`` for every
    other kind; ``fulfilled_on`` and ``fulfilled_by`` (the meeting id, or e.g.
    "MandateReported on 2023-11-15") when fulfilled; ``late`` when fulfilled after
    ``due_on``. ``covered_from`` and ``covered_to`` are set when the mandate covers only
    part of a ``minimum_meetings`` year, and ``prorated`` when ``required`` is prorated
    for that part.
    """

    mandate: str
    obligation: str
    kind: ObligationKind
    period: str
    status: ObligationStatus
    required: int | None = None
    count: int | None = None
    due_on: date | None = None
    fulfilled_on: date | None = None
    fulfilled_by: str | None = None
    late: bool = False
    covered_from: date | None = None
    covered_to: date | None = None
    prorated: bool = False


@attrs.define
class ObligationsView:
    """Reports, revisions and waivers by mandate; build it with `fold` or step it with
    `evolve`. The obligations themselves come from the mandates read model."""

    reports: dict[tuple[str, str], list[date]] = attrs.Factory(dict)
    revisions: dict[str, list[date]] = attrs.Factory(dict)
    waivers: dict[tuple[str, str, str], date] = attrs.Factory(dict)


def evolve(view: ObligationsView, event: AnyEvent) -> ObligationsView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case MandateReported():
            key = (event.mandate_id, event.obligation_id)
            insort(view.reports.setdefault(key, []), event.occurred_on)
        case MandateRevised():
            insort(view.revisions.setdefault(event.mandate_id, []), event.occurred_on)
        case ObligationWaived():
            waiver = (event.mandate_id, event.obligation_id, event.period)
            if waiver not in view.waivers or event.occurred_on < view.waivers[waiver]:
                view.waivers[waiver] = event.occurred_on
        case MandateIssued() | MandateEnded():
            pass
        case BodyEvent() | MeetingEvent() | ItemEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def fold(events: Iterable[Event], view: ObligationsView | None = None) -> ObligationsView:
    result = view if view is not None else ObligationsView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def obligation_rows(
    view: ObligationsView, mandates: MandatesView, meetings: MeetingsView, *, as_of: date
) -> list[ObligationRow]:
    """Every period of every obligation as of ``as_of``, sorted by (mandate, obligation,
    period)."""
    rows: list[ObligationRow] = []
    for mandate_id, track in mandates.mandates.items():
        if track.current is None or track.current.valid_from > as_of:
            continue
        periods = _Periods(mandate_id, track, view, meetings, as_of)
        for obligation in track.current.obligations:
            rows.extend(periods.of_obligation(obligation))
        for goal in track.current.goals:
            for task in goal.tasks:
                if task.report in ("continuous", "yearly"):
                    rows.extend(periods.yearly_report(task.id))
                elif task.report == "date" and task.report_due is not None:
                    rows.extend(periods.dated_report(task.id, task.report_due))
    rows = [_waived(row, view, as_of) for row in rows]
    rows.sort(key=lambda row: (row.mandate, row.obligation, row.period))
    return rows


def _waived(row: ObligationRow, view: ObligationsView, as_of: date) -> ObligationRow:
    waived_on = view.waivers.get((row.mandate, row.obligation, row.period))
    if waived_on is None or waived_on > as_of:
        return row
    return attrs.evolve(row, status="waived", fulfilled_on=None, fulfilled_by=None, late=False)


def covered_part(year: int, valid_from: date, end: date | None) -> tuple[date, date] | None:
    """The first and last day of ``year`` that a mandate valid from ``valid_from`` to
    ``end`` (its ``valid_to`` or the date it was ended, whichever is earlier; both days
    included) covers, or None if it covers none of it."""
    first = max(date(year, 1, 1), valid_from)
    last = date(year, 12, 31) if end is None else min(date(year, 12, 31), end)
    return (first, last) if first <= last else None


def meetings_required(
    count: int, covered: tuple[date, date], partial_years: PartialYears
) -> int | None:
    """The meetings a ``minimum_meetings`` obligation of ``count`` a year requires in the
    ``covered`` part of a year: all of them for a whole year; for a part, ``count``
    prorated by the days covered and rounded up (6 over half a year: 3), the whole
    ``count`` (``partial_years: full``), or none at all (``exempt``: None)."""
    first, last = covered
    days_in_year = 366 if calendar.isleap(first.year) else 365
    days = (last - first).days + 1
    if days == days_in_year or partial_years == "full":
        return count
    if partial_years == "exempt":
        return None
    return -(-count * days // days_in_year)


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _first_between(dates: list[date], first: date | None, last: date) -> date | None:
    """The earliest of sorted ``dates`` with ``first <= date <= last``."""
    index = 0 if first is None else bisect_left(dates, first)
    return dates[index] if index < len(dates) and dates[index] <= last else None


def _report_status(as_of: date, due_on: date) -> ObligationStatus:
    if as_of < due_on:
        return "upcoming"
    return "due" if as_of == due_on else "overdue"


class _Periods:
    """The periods of the obligations of one mandate, as of one date."""

    def __init__(
        self,
        mandate_id: str,
        track: MandateTrack,
        view: ObligationsView,
        meetings: MeetingsView,
        as_of: date,
    ) -> None:
        assert track.current is not None
        self.mandate_id = mandate_id
        self.issued_to = track.current.issued_to
        self.valid_from = track.current.valid_from
        self.partial_years = track.current.partial_years
        self.ended_on = track.ended_on
        self.end = track.end()
        self.view = view
        self.meetings = meetings
        self.as_of = as_of
        self.last = as_of if self.end is None else min(as_of, self.end)
        self.years = range(self.valid_from.year, self.last.year + 1)

    def of_obligation(self, obligation: Obligation) -> Iterator[ObligationRow]:
        match obligation.kind:
            case "minimum_meetings":
                return self.minimum_meetings(obligation.id, obligation.count or 0)
            case "submit_minutes":
                return self.submit_minutes(obligation.id, obligation.within_days or 0)
            case "report" if obligation.due is not None:
                return self.dated_report(obligation.id, obligation.due)
            case "report" | "review" if obligation.month in _MONTHS:
                assert obligation.month is not None
                return self.monthly(obligation.id, obligation.kind, obligation.month)
            case _:
                return iter(())

    def reports(self, obligation_id: str) -> list[date]:
        return self.view.reports.get((self.mandate_id, obligation_id), [])

    def minimum_meetings(self, obligation_id: str, count: int) -> Iterator[ObligationRow]:
        for year in self.years:
            covered = covered_part(year, self.valid_from, self.end)
            if covered is None:
                continue
            required = meetings_required(count, covered, self.partial_years)
            if required is None:
                continue
            first, last = covered
            held = meetings_model.count_held(
                self.meetings, self.issued_to, first, min(last, self.as_of)
            )
            reached_on = None
            if held >= required:
                status: ObligationStatus = "fulfilled"
                reached_on = meetings_model.nth_held_from(
                    self.meetings, self.issued_to, first, required
                )
            else:
                status = "due" if self.as_of <= last else "overdue"
            partial = covered != (date(year, 1, 1), date(year, 12, 31))
            yield ObligationRow(
                mandate=self.mandate_id,
                obligation=obligation_id,
                kind="minimum_meetings",
                period=str(year),
                status=status,
                required=required,
                count=held,
                fulfilled_on=reached_on,
                fulfilled_by=None
                if reached_on is None
                else ids.meeting_id(self.issued_to, reached_on),
                covered_from=first if partial else None,
                covered_to=last if partial else None,
                prorated=partial and self.partial_years == "prorate",
            )

    def submit_minutes(self, obligation_id: str, within_days: int) -> Iterator[ObligationRow]:
        for held_on in meetings_model.held_during(
            self.meetings, self.issued_to, self.valid_from, self.last
        ):
            due_on = held_on + timedelta(days=within_days)
            submitted_on = self.meetings.submitted_on.get(ids.meeting_id(self.issued_to, held_on))
            if submitted_on is not None and submitted_on > self.as_of:
                submitted_on = None
            if submitted_on is None:
                status: ObligationStatus = "due" if self.as_of <= due_on else "overdue"
            else:
                status = "fulfilled"
            yield self.dated_row(
                obligation_id,
                "submit_minutes",
                held_on.isoformat(),
                status=status,
                due_on=due_on,
                fulfilled_on=submitted_on,
                fulfilling_event="MinutesSubmitted",
            )

    def dated_report(self, obligation_id: str, due_on: date) -> Iterator[ObligationRow]:
        if self.ended_on is not None and due_on > self.ended_on:
            return
        reported_on = _first_between(self.reports(obligation_id), None, self.as_of)
        yield self.dated_row(
            obligation_id,
            "report",
            due_on.isoformat(),
            status="fulfilled" if reported_on else _report_status(self.as_of, due_on),
            due_on=due_on,
            fulfilled_on=reported_on,
            fulfilling_event="MandateReported",
        )

    def yearly_report(self, obligation_id: str) -> Iterator[ObligationRow]:
        for year in self.years:
            due_on = date(year, 12, 31)
            reported_on = _first_between(
                self.reports(obligation_id), date(year, 1, 1), min(due_on, self.as_of)
            )
            yield self.dated_row(
                obligation_id,
                "report",
                str(year),
                status="fulfilled" if reported_on else _report_status(self.as_of, due_on),
                due_on=due_on,
                fulfilled_on=reported_on,
                fulfilling_event="MandateReported",
            )

    def monthly(
        self, obligation_id: str, kind: ObligationKind, month: int
    ) -> Iterator[ObligationRow]:
        for year in self.years:
            month_starts, due_on = date(year, month, 1), _last_day_of_month(year, month)
            if due_on < self.valid_from or (self.end is not None and month_starts > self.end):
                continue
            first, last = date(year, 1, 1), min(date(year, 12, 31), self.as_of)
            reported_on = _first_between(self.reports(obligation_id), first, last)
            fulfilled_on, fulfilling_event = reported_on, "MandateReported"
            if kind == "review":
                revised_on = _first_between(
                    self.view.revisions.get(self.mandate_id, []), first, last
                )
                if revised_on is not None and (reported_on is None or revised_on < reported_on):
                    fulfilled_on, fulfilling_event = revised_on, "MandateRevised"
            if fulfilled_on is not None:
                status: ObligationStatus = "fulfilled"
            elif kind == "report":
                status = _report_status(self.as_of, due_on)
            elif self.as_of < month_starts:
                status = "upcoming"
            else:
                status = "due" if self.as_of <= due_on else "overdue"
            yield self.dated_row(
                obligation_id,
                kind,
                str(year),
                status=status,
                due_on=due_on,
                fulfilled_on=fulfilled_on,
                fulfilling_event=fulfilling_event,
            )

    def dated_row(
        self,
        obligation_id: str,
        kind: ObligationKind,
        period: str,
        *,
        status: ObligationStatus,
        due_on: date,
        fulfilled_on: date | None,
        fulfilling_event: str,
    ) -> ObligationRow:
        return ObligationRow(
            mandate=self.mandate_id,
            obligation=obligation_id,
            kind=kind,
            period=period,
            status=status,
            due_on=due_on,
            fulfilled_on=fulfilled_on,
            fulfilled_by=None
            if fulfilled_on is None
            else f"{fulfilling_event} on {fulfilled_on.isoformat()}",
            late=fulfilled_on is not None and fulfilled_on > due_on,
        )
