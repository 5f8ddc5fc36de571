"""The persisted views kept by recordings equal a fresh write of the follower.

Once a follower has made the views (after the first command of a history), the other
commands are recorded in the order late minutes come in, one per transaction, with
corrections, and no follower runs: after each recording the views hold every event of
the log and the rows a fold of the whole log as of their date gives (SQLite,
PostgreSQL). Only a correction that retracts an event of the latest date leaves them
behind (see `governance.views._recording`); a follower then catches them up, and the
views and their dates are those a follower rebuilding them writes.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import Governance
from governance.domain.commands import Command, CorrectMinutes, RecordMinutes
from governance.domain.errors import GovernanceError
from governance.testing import histories, late_arrivals
from governance.views import PersistedViews
from governance.views._rows import Tables
from tests.conftest import StepClock
from tests.integration.test_views_in_recording import _folded
from tests.property.test_register_tables import _corrected, postgres_schemas

__all__ = ["postgres_schemas"]  # a fixture of test_register_tables, used here

#: A history as late minutes come in, and where corrections go (after which command,
#: and which minutes recorded by then they correct).
HISTORY = histories(max_years=1).flatmap(
    lambda history: st.tuples(
        late_arrivals(history, max_delay_days=60),
        st.lists(
            st.tuples(st.integers(min_value=1, max_value=10_000), st.integers(0, 10_000)),
            max_size=3,
        ),
    )
)


def _views(app: Governance) -> tuple[int, Any, Tables]:
    snapshot = PersistedViews(app).snapshot(rows=True)
    return snapshot.position, snapshot.meta, snapshot.rows


def _with_corrections(arrival: list[Command], corrections: list[tuple[int, int]]) -> list[Command]:
    """The commands in order, a correction of minutes recorded before it after the
    commands each correction names."""
    commands: list[Command] = []
    after = {at % len(arrival): pick for at, pick in corrections}
    for index, command in enumerate(arrival):
        commands.append(command)
        minutes = [c for c in commands if isinstance(c, RecordMinutes) and c.items]
        if index in after and minutes:
            commands.append(_corrected(minutes[after[index] % len(minutes)]))
    return commands


def _check(store: str, arrival: list[Command], corrections: list[tuple[int, int]]) -> None:
    app = Governance(store, clock=StepClock())
    follower = Governance(store, clock=StepClock())
    try:
        held = [c.meeting.date for c in arrival if isinstance(c, RecordMinutes)]
        day = max(held, default=date(2023, 1, 1)) + timedelta(days=120)
        app.record(arrival[0])
        follower.follower(today=lambda: day).catch_up()
        current = True
        for command in _with_corrections(arrival, corrections)[1:]:
            with contextlib.suppress(GovernanceError):  # refused: nothing recorded
                app.record(command)
            position, meta, rows = _views(app)
            if position == app.log_position():
                assert meta.status_as_of == day
                assert rows == _folded(app, day)
            else:
                # only a correction leaves them behind, and then follow catches them up
                assert isinstance(command, CorrectMinutes) or not current, command
                current = False
        if not current:
            follower.follower(today=lambda: day).catch_up()
        position, meta, rows = _views(app)
        assert (position, meta.status_as_of) == (app.log_position(), day)
        assert rows == _folded(app, day)
        follower.follower(today=lambda: day, rebuild=True).catch_up()
        again, rebuilt, rows_again = _views(app)
        assert (again, rows_again) == (position, rows)
        assert attrs.evolve(rebuilt, updated_at=None) == attrs.evolve(meta, updated_at=None)
    finally:
        app.close()
        follower.close()


@given(HISTORY)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sqlite_views_kept_by_recordings_equal_a_fresh_write(
    tmp_path_factory: pytest.TempPathFactory, history: tuple[list[Command], list[tuple[int, int]]]
) -> None:
    arrival, corrections = history
    _check(str(tmp_path_factory.mktemp("views") / "g.db"), arrival, corrections)


@given(HISTORY)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_postgres_views_kept_by_recordings_equal_a_fresh_write(
    postgres_schemas: Any, history: tuple[list[Command], list[tuple[int, int]]]
) -> None:
    arrival, corrections = history
    _check(postgres_schemas(), arrival, corrections)
