"""The register tables equal a fresh fold of the log, for every as-of date tried, and
the warnings read through them equal those read from the whole log.

Minutes are recorded in the order late minutes come in, one file per transaction, with
corrections; then the status read through the tables (SQLite, PostgreSQL) is compared
with the status folded from the whole log (what a memory store, which has no tables,
always does), for every meeting date, the days around them and dates outside the
record, for every body and with and without ``include_all``; so is what is overdue, the
tables' query of it against the overdue rows of the folded status; and the tables equal
the ones a rebuild from the log makes.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import Governance
from governance.demo import demo_files
from governance.domain.commands import Command, CorrectMinutes, RecordMinutes
from governance.domain.errors import GovernanceError
from governance.minutes import parse_file
from governance.projections import Status
from governance.store._registers import COLUMNS, RegisterRecorder
from governance.testing import histories, late_arrivals
from tests.conftest import StepClock, _admin_connect, postgres_url

HISTORY = histories(max_years=1).flatmap(
    lambda history: st.tuples(
        late_arrivals(history, max_delay_days=60),
        st.lists(st.integers(min_value=0, max_value=10_000), max_size=3),
    )
)


def _corrected(minutes: RecordMinutes) -> CorrectMinutes:
    """The minutes with their last item struck, as a correction."""
    return CorrectMinutes(
        minutes=attrs.evolve(minutes, items=minutes.items[:-1]), reason="wrong item"
    )


def record_history(app: Governance, arrival: list[Command], corrections: list[int]) -> None:
    """Record the commands in the order they arrive, one transaction each (those the
    rules refuse leave nothing), then the corrections ``corrections`` pick of the
    minutes with items (each strikes the minutes' last item; refused ones too)."""
    for command in arrival:
        with contextlib.suppress(GovernanceError):
            app.record(command)
    minutes = [c for c in arrival if isinstance(c, RecordMinutes) and c.items]
    for pick in corrections:
        if minutes:
            with contextlib.suppress(GovernanceError):  # refused: nothing recorded
                app.record(_corrected(minutes[pick % len(minutes)]))


def _days(commands: list[Command]) -> list[date]:
    held = sorted({c.meeting.date for c in commands if isinstance(c, RecordMinutes)})
    days = {date(1999, 1, 1), date(2100, 1, 1)}
    for day in held:
        days.update((day - timedelta(days=1), day, day + timedelta(days=1)))
    return sorted(days)


def _overdue_rows_of(status: Status) -> Status:
    return attrs.evolve(
        status,
        tabled_items=tuple(row for row in status.tabled_items if row.status == "overdue"),
        assignments=tuple(row for row in status.assignments if row.status == "overdue"),
        obligations=tuple(row for row in status.obligations if row.status == "overdue"),
        mandates=(),
    )


def _check(store: str, arrival: list[Command], corrections: list[int]) -> None:
    app = Governance(store, clock=StepClock())
    memory = Governance("memory:", clock=StepClock())  # no tables: warnings from the log
    try:
        assert isinstance(app.recorder, RegisterRecorder)
        for command in arrival:
            # the warnings read through the tables are those read from the whole log
            assert app.record(command).notices == memory.record(command).notices
        minutes = [c for c in arrival if isinstance(c, RecordMinutes) and c.items]
        for pick in corrections:
            if minutes:
                correction = _corrected(minutes[pick % len(minutes)])
                with contextlib.suppress(GovernanceError):  # refused: nothing recorded
                    memory.record(correction)
                with contextlib.suppress(GovernanceError):
                    app.record(correction)
        tables = app.recorder.registers
        assert tables.lag()[0] == app.log_position()
        everything = app.log_position()
        bodies = [None, *(info.body_id for info in app.bodies())]
        for day in _days(arrival):
            for body in bodies:
                for include_all in (False, True):
                    from_tables = app._status_from_registers(day, body, include_all)
                    folded = app.status(
                        as_of=day, body=body, include_all=include_all, known_at=everything
                    )
                    assert from_tables == folded, (day, body, include_all)
                    overdue = app._status_from_registers(day, body, include_all, overdue_only=True)
                    assert overdue == _overdue_rows_of(folded), (day, body, include_all)
        kept = tables.select_rows()
        tables.rebuild(app._register_rows)
        assert tables.select_rows() == kept
    finally:
        app.close()
        memory.close()


@given(HISTORY)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sqlite_tables_equal_a_fold_of_the_log(
    tmp_path_factory: pytest.TempPathFactory, history: tuple[list[Command], list[int]]
) -> None:
    arrival, corrections = history
    _check(str(tmp_path_factory.mktemp("registers") / "g.db"), arrival, corrections)


@pytest.fixture(scope="module")
def postgres_schemas(postgres_database: str) -> Any:
    def fresh() -> str:
        schema = f"r_{uuid.uuid4().hex[:12]}"
        with _admin_connect(postgres_database) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        return postgres_url(postgres_database, schema)

    return fresh


@given(HISTORY)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_postgres_tables_equal_a_fold_of_the_log(
    postgres_schemas: Any, history: tuple[list[Command], list[int]]
) -> None:
    arrival, corrections = history
    _check(postgres_schemas(), arrival, corrections)


#: Checks one recorded history on a store: ``check(store, arrival, corrections)``.
Check = Callable[[str, list[Command], list[int]], None]


def on_sqlite_and_postgres(check: Check, folder: str) -> tuple[Any, Any]:
    """Property tests that ``check`` each `HISTORY` on a fresh SQLite store (12
    examples) and a fresh PostgreSQL schema (6); a module names them ``test_…``, and
    imports the ``postgres_schemas`` fixture."""

    @given(HISTORY)
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def on_sqlite(
        tmp_path_factory: pytest.TempPathFactory, history: tuple[list[Command], list[int]]
    ) -> None:
        arrival, corrections = history
        check(str(tmp_path_factory.mktemp(folder) / "g.db"), arrival, corrections)

    @given(HISTORY)
    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    def on_postgres(postgres_schemas: Any, history: tuple[list[Command], list[int]]) -> None:
        arrival, corrections = history
        check(postgres_schemas(), arrival, corrections)

    return on_sqlite, on_postgres


def test_a_store_made_before_the_tables_is_caught_up(tmp_path: Path) -> None:
    """Rows saved without the tables (here: the tables dropped) are caught up on the
    first status, and the status is the fold's."""
    store = str(tmp_path / "old.db")
    app = Governance(store, clock=StepClock())
    app.record_minutes(*(parse_file(path) for path in demo_files()))
    tables = app.recorder.registers  # type: ignore[attr-defined]
    with tables.write() as tx:
        tx.run(tables.sql("DELETE FROM {registers}"))
        tx.run(tables.sql("UPDATE {state} SET made_to = 0"))
    app.close()
    again = Governance(store, clock=StepClock())
    day = date(2024, 6, 1)
    assert again._status_from_registers(day, None, False) == again.status(
        as_of=day, known_at=again.log_position()
    )
    assert again.recorder.registers.lag()[0] == again.log_position()  # type: ignore[attr-defined]
    again.close()


def test_tables_an_earlier_version_made_are_made_again(tmp_path: Path) -> None:
    """Register tables with other columns (made by an earlier version) are dropped and
    made again from the log, once, before they are read or written."""
    store = tmp_path / "earlier.db"
    app = Governance(str(store), clock=StepClock())
    files = [parse_file(path) for path in demo_files()]
    app.record_minutes(*files[:-1])
    app.close()
    with sqlite3.connect(store) as connection:
        connection.execute("DROP TABLE governance_registers")
        connection.execute(
            "CREATE TABLE governance_registers (stream TEXT, kind TEXT, body TEXT, "
            "valid_from TEXT, valid_to TEXT, listed INTEGER)"
        )
    again = Governance(str(store), clock=StepClock())
    again.record_minutes(files[-1])  # written after the tables are made again
    day = date(2024, 6, 1)
    assert again._status_from_registers(day, None, True) == again.status(
        as_of=day, include_all=True, known_at=again.log_position()
    )
    tables = again.recorder.registers  # type: ignore[attr-defined]
    with tables.read() as tx:
        assert tuple(tables.columns(tx)) == COLUMNS
    assert tables.lag()[0] == again.log_position()
    again.close()


BATCH = histories(max_years=1).flatmap(
    lambda history: st.tuples(
        late_arrivals(history, max_delay_days=60),
        st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), max_size=3),
    )
)


@given(BATCH)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_minutes_recorded_in_one_call_warn_as_recorded_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, batch: tuple[list[Command], list[tuple[int, int]]]
) -> None:
    """One call of many minutes (with corrections among them), through the tables and
    on a store without them, gives each document the warnings it gets recorded alone
    after those before it, warnings read from the whole log."""
    arrival, corrections = batch
    commands: list[Command] = list(arrival)
    for pick, at in corrections:
        minutes = [c for c in commands if isinstance(c, RecordMinutes) and c.items]
        if minutes:
            commands.insert(at % (len(commands) + 1), _corrected(minutes[pick % len(minutes)]))
    one_by_one = Governance("memory:", clock=StepClock())
    accepted: list[Command] = []
    alone = []
    for command in commands:
        try:
            alone.append(one_by_one.record(command).documents[0].notices)
        except GovernanceError:
            continue  # refused: nothing recorded, and left out of the call
        accepted.append(command)
    one_by_one.close()
    stores = [str(tmp_path_factory.mktemp("registers") / "g.db"), "memory:"]
    for store in stores:
        app = Governance(store, clock=StepClock())
        try:
            together = app.record(*accepted).documents
            assert [document.notices for document in together] == alone, store
        finally:
            app.close()
