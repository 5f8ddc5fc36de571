"""Rule 5 within a mandate's validity: only meetings held from ``valid_from`` to
``valid_to`` (or the date it was ended) count, and a year covered only in part asks for a
minimum prorated by the days covered, rounded up, unless ``partial_years`` says otherwise."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from governance.domain.events import Event, MandateEnded
from governance.domain.values import Obligation, PartialYears
from governance.projections.obligations import covered_part, meetings_required
from tests.unit.test_projections import by_period, held, mandate, obligation_json, submitted

FOUR = Obligation("meetings", "minimum_meetings", count=4)
SIX = Obligation("meetings", "minimum_meetings", count=6)
MINUTES = Obligation("minutes", "submit_minutes", within_days=14)


def meetings_2024(*days: str) -> list[Event]:
    return [held("im", f"2024-{day}") for day in days]


def test_a_mandate_that_expired_mid_year_counts_only_the_meetings_it_covered() -> None:
    events = [
        mandate(FOUR, issued_on="2024-01-10", valid_from="2024-01-01", valid_to="2024-06-30"),
        *meetings_2024("02-01", "07-15", "09-20", "11-15"),
    ]

    row = by_period(events, "2024-12-31")[("meetings", "2024")]

    # 4 a year over 182 of 366 days: 1.99, rounded up to 2; only the February meeting counts
    assert (row["required"], row["count"], row["status"]) == (2, 1, "overdue")
    assert (row["covered_from"], row["covered_to"], row["prorated"]) == (
        "2024-01-01",
        "2024-06-30",
        True,
    )


def test_the_covered_part_ended_short_is_overdue_before_the_year_ends() -> None:
    events = [
        mandate(FOUR, issued_on="2024-01-10", valid_from="2024-01-01", valid_to="2024-06-30"),
        *meetings_2024("02-01"),
    ]

    assert by_period(events, "2024-06-30")[("meetings", "2024")]["status"] == "due"
    assert by_period(events, "2024-07-01")[("meetings", "2024")]["status"] == "overdue"


def test_an_ended_mandate_does_not_count_a_meeting_after_its_end() -> None:
    events = [
        mandate(SIX, issued_on="2024-01-10", valid_from="2024-01-01", valid_to=None),
        MandateEnded(mandate_id="im-2023", occurred_on=date(2024, 9, 30), digest="ended"),
        *meetings_2024("01-20", "03-15", "05-10", "09-30", "11-15"),
    ]

    row = by_period(events, "2024-12-31")[("meetings", "2024")]

    # 6 a year over 274 of 366 days: 4.49, rounded up to 5; November is after the end
    assert (row["required"], row["count"], row["status"]) == (5, 4, "overdue")
    assert row["covered_to"] == "2024-09-30"


def test_a_mandate_valid_from_mid_year_is_not_fulfilled_by_meetings_before_it() -> None:
    events = [
        mandate(SIX, issued_on="2024-08-01", valid_from="2024-08-15", valid_to=None),
        *meetings_2024("03-01", "04-01", "05-01", "05-20", "06-01", "06-10"),
    ]

    on_its_first_day = by_period(events, "2024-08-15")[("meetings", "2024")]
    assert (on_its_first_day["count"], on_its_first_day["status"]) == (0, "due")

    events += meetings_2024("08-30", "10-01", "12-01")
    row = by_period(events, "2024-12-31")[("meetings", "2024")]
    # 6 a year over 139 of 366 days: 2.28, rounded up to 3
    assert (row["required"], row["count"], row["status"]) == (3, 3, "fulfilled")
    assert row["fulfilled_by"] == "im/2024-12-01"


def test_before_valid_from_status_shows_no_obligation_of_the_mandate() -> None:
    events = [
        mandate(SIX, MINUTES, issued_on="2024-08-01", valid_from="2024-08-15", valid_to=None),
        *meetings_2024("05-01", "08-01"),
    ]

    assert obligation_json(events, "2024-08-14") == []


def test_submit_minutes_periods_are_the_meetings_the_minimum_counts() -> None:
    events = [
        mandate(SIX, MINUTES, issued_on="2024-01-10", valid_from="2024-03-01", valid_to=None),
        MandateEnded(mandate_id="im-2023", occurred_on=date(2024, 9, 30), digest="ended"),
        *meetings_2024("01-20", "03-01", "05-10", "09-30", "11-15"),
        submitted("im", "2024-03-01", "2024-03-02"),
    ]

    rows = by_period(events, "2024-12-31")
    periods = sorted(period for obligation, period in rows if obligation == "minutes")

    assert periods == ["2024-03-01", "2024-05-10", "2024-09-30"]
    assert rows[("meetings", "2024")]["count"] == len(periods)


@pytest.mark.parametrize(
    ("partial_years", "required"), [("prorate", 3), ("full", 6), ("exempt", None)]
)
def test_partial_years_says_what_a_year_covered_in_part_requires(
    partial_years: PartialYears, required: int | None
) -> None:
    issued = mandate(SIX, issued_on="2024-06-01", valid_from="2024-07-02", valid_to="2025-12-31")
    events = [attrs.evolve(issued, partial_years=partial_years), *meetings_2024("08-01")]

    rows = by_period(events, "2025-12-31")

    # 2 July to 31 December is 183 of 366 days: half of 6 is 3
    assert rows.get(("meetings", "2024"), {}).get("required") == required
    assert rows[("meetings", "2025")]["required"] == 6
    assert "covered_from" not in rows[("meetings", "2025")]
    if partial_years == "full":
        assert rows[("meetings", "2024")]["prorated"] is False


def test_the_worked_example_of_the_rules() -> None:
    """docs/rules.md: a minimum of 6 over half a year requires 3."""
    covered = covered_part(2023, date(2023, 7, 3), None)

    assert covered == (date(2023, 7, 3), date(2023, 12, 31))
    assert meetings_required(6, covered, "prorate") == 3  # 182 of 365 days: 2.99
    assert meetings_required(6, covered, "full") == 6
    assert meetings_required(6, covered, "exempt") is None
    assert covered_part(2024, date(2025, 1, 1), None) is None
    assert covered_part(2024, date(2023, 1, 1), date(2023, 12, 31)) is None
