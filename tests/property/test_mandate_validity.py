"""Rule 5 within a mandate's validity, against a reference written from the rule's words.

docs/rules.md: "Only meetings held within a mandate's validity (from ``valid_from`` to
``valid_to`` or the date it was ended, both included) count towards it. For a year the
mandate covers only in part, the minimum is prorated by the days covered, rounded up,
unless the mandate says ``partial_years: full`` (the whole minimum) or ``exempt``
(nothing that year). A year's minimum is due while the part of the year the mandate
covers runs, fulfilled once enough meetings are held in it, overdue once it has ended
short." Status as of a date knows only what happened by then: a mandate ended later is
not ended yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from math import ceil

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain.events import Event, MandateEnded
from governance.domain.values import Obligation, PartialYears
from governance.projections import compute_status
from tests.unit.test_projections import BODIES, held, mandate

FIRST, LAST = date(2022, 1, 1), date(2026, 12, 31)


@attrs.frozen
class Case:
    count: int
    partial_years: PartialYears
    issued_on: date
    valid_from: date
    valid_to: date | None
    ended_on: date | None
    meetings: frozenset[date]
    as_of: date


@st.composite
def cases(draw: st.DrawFn) -> Case:
    valid_from = draw(st.dates(FIRST, LAST))
    after = st.dates(valid_from, LAST)
    return Case(
        count=draw(st.integers(1, 366) | st.integers(1, 12)),
        partial_years=draw(st.sampled_from(("prorate", "full", "exempt"))),
        issued_on=draw(st.dates(FIRST - timedelta(days=90), valid_from)),
        valid_from=valid_from,
        valid_to=draw(st.none() | after),
        ended_on=draw(st.none() | after),
        meetings=draw(st.frozensets(st.dates(FIRST, LAST), max_size=40)),
        as_of=draw(st.dates(FIRST, LAST + timedelta(days=400))),
    )


def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def reference(case: Case) -> dict[str, tuple[int, int, str, date | None]]:
    """The minimum_meetings rows, by year: (required, held, status, fulfilled on)."""
    if case.issued_on > case.as_of or case.valid_from > case.as_of:
        return {}
    ended_by_then = case.ended_on if case.ended_on and case.ended_on <= case.as_of else None
    known_ends = [end for end in (case.valid_to, ended_by_then) if end is not None]
    end = min(known_ends) if known_ends else None
    rows: dict[str, tuple[int, int, str, date | None]] = {}
    last_year = case.as_of.year if end is None else min(case.as_of, end).year
    for year in range(case.valid_from.year, last_year + 1):
        whole_year = list(days_of(year))
        covered = [d for d in whole_year if d >= case.valid_from and (end is None or d <= end)]
        if not covered:
            continue
        if len(covered) == len(whole_year) or case.partial_years == "full":
            required = case.count
        elif case.partial_years == "exempt":
            continue
        else:
            required = ceil(Fraction(case.count * len(covered), len(whole_year)))
        counted = sorted(d for d in case.meetings if d in covered and d <= case.as_of)
        if len(counted) >= required:
            rows[str(year)] = (required, len(counted), "fulfilled", counted[required - 1])
        elif case.as_of > covered[-1]:
            rows[str(year)] = (required, len(counted), "overdue", None)
        else:
            rows[str(year)] = (required, len(counted), "due", None)
    return rows


def events_of(case: Case) -> list[Event]:
    issued = mandate(
        Obligation("meetings", "minimum_meetings", count=case.count),
        Obligation("minutes", "submit_minutes", within_days=14),
        issued_on=case.issued_on.isoformat(),
        valid_from=case.valid_from.isoformat(),
        valid_to=None if case.valid_to is None else case.valid_to.isoformat(),
    )
    events: list[Event] = [*BODIES, attrs.evolve(issued, partial_years=case.partial_years)]
    if case.ended_on is not None:
        events.append(MandateEnded(mandate_id="im-2023", occurred_on=case.ended_on, digest="e"))
    events.extend(held("im", day.isoformat()) for day in sorted(case.meetings))
    return events


@given(cases())
@settings(max_examples=300, deadline=None)
def test_minimum_meetings_equal_the_reference_from_the_rule_s_words(case: Case) -> None:
    status = compute_status(events_of(case), as_of=case.as_of)
    computed = {
        row.period: (row.required, row.count, row.status, row.fulfilled_on)
        for row in status.obligations
        if row.obligation == "meetings"
    }

    assert computed == reference(case)


@given(cases())
@settings(max_examples=100, deadline=None)
def test_minutes_are_owed_for_exactly_the_meetings_the_minimum_counts(case: Case) -> None:
    """One validity for every obligation: a meeting counts towards the minimum if and only
    if its minutes are owed under the same mandate."""
    status = compute_status(events_of(attrs.evolve(case, partial_years="full")), as_of=case.as_of)
    owed = {row.period for row in status.obligations if row.obligation == "minutes"}
    counted = sum(row.count or 0 for row in status.obligations if row.obligation == "meetings")

    assert len(owed) == counted
