"""The testing kit's late arrivals: a history's minutes in an order late minutes come in,
and the record they make is the same as on time."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain.commands import Command, RecordMinutes
from governance.projections import compute_status, status_to_json
from governance.testing import apply_commands, histories, late_arrivals

HISTORY_AND_ARRIVAL = histories(max_years=1).flatmap(
    lambda history: st.tuples(st.just(history), late_arrivals(history, max_delay_days=60))
)


def _minutes(commands: list[Command]) -> list[RecordMinutes]:
    return [command for command in commands if isinstance(command, RecordMinutes)]


@given(HISTORY_AND_ARRIVAL)
@settings(max_examples=50, deadline=None)
def test_late_arrivals_keep_the_setup_first_and_each_minutes_once(
    history_and_arrival: tuple[list[Command], list[Command]],
) -> None:
    history, arrival = history_and_arrival
    setup = [command for command in history if not isinstance(command, RecordMinutes)]

    assert arrival[: len(setup)] == setup
    assert sorted(map(repr, arrival)) == sorted(map(repr, history))
    # Minutes more than the largest delay apart arrive in the order they were held.
    held = [minutes.meeting.date for minutes in _minutes(arrival)]
    for index, day in enumerate(held):
        assert all((later - day).days >= -60 for later in held[index + 1 :])


@given(HISTORY_AND_ARRIVAL)
@settings(max_examples=30, deadline=None)
def test_minutes_recorded_as_they_arrive_give_the_status_of_minutes_on_time(
    history_and_arrival: tuple[list[Command], list[Command]],
) -> None:
    history, arrival = history_and_arrival
    _, on_time = apply_commands(history)
    _, late = apply_commands(arrival)
    for day in sorted({minutes.meeting.date for minutes in _minutes(history)}):
        assert status_to_json(compute_status(late, as_of=day)) == status_to_json(
            compute_status(on_time, as_of=day)
        )


def test_a_negative_delay_is_refused() -> None:
    with pytest.raises(ValueError, match="max_delay_days"):
        late_arrivals([], max_delay_days=-1)


def test_with_no_delay_minutes_arrive_on_their_day() -> None:
    @given(histories(start=date(2024, 1, 1), max_years=1).flatmap(late_arrivals_now))
    @settings(max_examples=20, deadline=None)
    def in_date_order(arrival: list[Command]) -> None:
        held = [minutes.meeting.date for minutes in _minutes(arrival)]
        assert held == sorted(held)

    in_date_order()


def late_arrivals_now(history: list[Command]) -> st.SearchStrategy[list[Command]]:
    return late_arrivals(history, max_delay_days=0)
