"""Rebuilding the registers while others read: a reader sees the old rows or the new,
never an empty or partial table; and two writers on one store leave the tables equal to
a rebuild from the log."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from governance import Governance
from governance.demo import demo_files
from governance.domain.commands import RecordMinutes
from governance.minutes import parse_file
from tests.conftest import StepClock
from tests.integration.test_concurrency import _bodies, weekly_minutes

DAY = date(2024, 6, 1)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: object) -> str:
    if request.param == "sqlite":
        return f"{tmp_path}/registers.db"
    return str(request.getfixturevalue("fresh_postgres_url"))


def _recorded(store: str) -> Governance:
    app = Governance(store, clock=StepClock())
    app.record_minutes(*(parse_file(path) for path in demo_files()))
    return app


def test_a_reader_never_sees_a_partial_table_while_the_registers_are_rebuilt(
    store: str,
) -> None:
    app = _recorded(store)
    expected = app.status(as_of=DAY, include_all=True, known_at=app.log_position())
    rows = app.recorder.registers.select_rows()  # type: ignore[attr-defined]
    seen: list[object] = []
    done = threading.Event()

    # opened before the rebuilds begin: opening creates missing tables, a write that
    # would wait for the rebuilds' write lock
    reader = Governance(store, env={"CREATE_TABLE": "no"})

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(reader._status_from_registers(DAY, None, True) == expected)
        finally:
            reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    rebuilds = 0
    deadline = time.monotonic() + 120
    try:
        while (rebuilds < 5 or len(seen) < 20) and time.monotonic() < deadline:
            assert app.rebuild_registers() == app.log_position()
            rebuilds += 1
    finally:
        done.set()
        thread.join(60)
    assert len(seen) >= 20
    assert all(seen), f"{seen.count(False)} of {len(seen)} reads differed"
    assert app.recorder.registers.select_rows() == rows  # type: ignore[attr-defined]
    app.close()


def test_two_writers_leave_the_tables_equal_to_a_rebuild(store: str) -> None:
    """Two writers record the weeks of two networks, each every other week, at once:
    their recordings of one network touch the same items."""
    first = Governance(store, clock=StepClock())
    first.record(*_bodies(2))
    weeks = [weekly_minutes(body, week) for week in range(12) for body in ("n0", "n1")]
    errors: list[BaseException] = []

    def write(share: list[RecordMinutes]) -> None:
        app = Governance(store, env={"CREATE_TABLE": "no"}, clock=StepClock())
        try:
            for minutes in share:
                app.record(minutes)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            app.close()

    threads = [threading.Thread(target=write, args=(weeks[n::2],)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    tables = first.recorder.registers  # type: ignore[attr-defined]
    kept = tables.select_rows()
    assert tables.lag()[0] == first.log_position()
    first.rebuild_registers()
    assert tables.select_rows() == kept
    assert first._status_from_registers(DAY, None, True) == first.status(
        as_of=DAY, include_all=True, known_at=first.log_position()
    )
    first.close()
