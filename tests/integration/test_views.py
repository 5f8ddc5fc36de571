"""Persisted views on SQLite and PostgreSQL: equal to a fresh rebuild, exactly once, current
or saying why not; ``governance follow`` on the command line; the tables as documented."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from governance import (
    Due,
    Governance,
    ItemEntry,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    Tabling,
    parse_file,
)
from governance._queries import Queries
from governance.cli import app as cli_app
from governance.demo import demo_files
from governance.domain.commands import Command, CorrectMinutes
from governance.domain.events import BodyEvent
from governance.minutes import MinutesFile
from governance.projections import without_retracted
from governance.projections.status import StatusView, fold
from governance.recording import RegisterUpkeep
from governance.store.url import store_settings
from governance.testing import histories
from governance.views import (
    SCHEMA_VERSION,
    Outcome,
    PersistedViews,
    ViewsUnavailableError,
    describe_lag,
    views_status,
)
from governance.views._follower import PASSES
from governance.views._rows import Tables, view_rows
from governance.views._store import iter_tables
from tests.scenario import DEC_8, NOV_17, SETUP

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT = ROOT / "docs" / "deployment.md"
#: The demo's minutes end in December 2024; its status is looked at on the last day.
DEMO_DAY = date(2024, 12, 31)
SMALL_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "4"}
_opened: list[Governance] = []


def _open(url: str) -> Governance:
    app = Governance(url, env=SMALL_POOL)
    _opened.append(app)
    return app


def _open_with(settings: dict[str, str]) -> Governance:
    """A store opened with eventsourcing's settings rather than a URL."""
    app = Governance(env={**settings, **SMALL_POOL})
    _opened.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_stores() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().close()


@pytest.fixture(params=["sqlite", "postgres"])
def views_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store of each kind that keeps persisted views."""
    if request.param == "sqlite":
        return str(tmp_path / "governance.db")
    return str(request.getfixturevalue("fresh_postgres_url"))


def _record_by_other_means(url: str, *commands: Command) -> None:
    """Record through eventsourcing's own recorder: events without register rows, which
    leave the registers and the persisted views behind the log (see
    `test_follow_catches_up_the_registers_with_events_written_by_other_means`)."""
    settings = store_settings(url)
    del settings["APPLICATION_RECORDER_TOPIC"]
    other = Governance(env={**settings, **SMALL_POOL})
    try:
        other.record(*commands)
    finally:
        other.close()


def _record_demo(app: Governance) -> None:
    app.record_minutes(*(parse_file(path) for path in demo_files()))


def _rebuilt(app: Governance, as_of: date) -> Tables:
    """The rows a fresh rebuild from the whole log gives."""
    events = [entry.event for entry in app.read_log()]
    return view_rows(fold(without_retracted(events)), as_of=as_of)


def _rows(app: Governance) -> Tables:
    return PersistedViews(app).snapshot(rows=True).rows


def _assert_answers_like_the_log(app: Governance, as_of: date) -> None:
    for body in [None, "im", "gy", "chiefs", "vux"]:
        for include_all in (False, True):
            expected = app.status(as_of=as_of, body=body, include_all=include_all)
            assert views_status(app, as_of, body, include_all) == expected


# --- equal to a fresh rebuild ---------------------------------------------------------


def test_the_views_of_the_demo_equal_a_fresh_rebuild(views_url: str) -> None:
    app = _open(views_url)
    _record_demo(app)

    progress = app.follower(today=lambda: DEMO_DAY).catch_up()

    assert progress.position == app.log_position()
    assert progress.status_as_of == DEMO_DAY
    assert _rows(app) == _rebuilt(app, DEMO_DAY)
    _assert_answers_like_the_log(app, DEMO_DAY)
    status = app.status(as_of=DEMO_DAY)
    assert status.tabled_items
    assert status.obligations
    assert {r.status for r in status.tabled_items} == {"open", "overdue"}


def test_minutes_recorded_late_and_one_by_one_keep_the_views_equal(views_url: str) -> None:
    app = _open(views_url)
    follower = app.follower(today=lambda: DEMO_DAY)
    files = [parse_file(path) for path in demo_files()]
    setup, minutes = files[:2], files[2:]
    app.record_minutes(*setup)
    # Every third file a few files late: its events are dated before events already folded.
    late = minutes[::3]
    on_time = [m for m in minutes if m not in late]
    order = [*on_time[:4], *[m for pair in zip(on_time[4:], late, strict=False) for m in pair]]
    order += [m for m in [*on_time, *late] if m not in order]
    late_files = [
        k for k, m in enumerate(order) if k and _latest_of(m) < max(map(_latest_of, order[:k]))
    ]
    assert len(late_files) >= 3
    for minutes_file in order:
        app.record_minutes(minutes_file)
        follower.catch_up()
        assert _rows(app) == _rebuilt(app, DEMO_DAY)
    _assert_answers_like_the_log(app, DEMO_DAY)


def _latest_of(minutes_file: MinutesFile) -> date:
    return max(
        document.command.meeting.date
        for document in minutes_file.documents
        if isinstance(document.command, RecordMinutes)
    )


NOV_17_CORRECTED = attrs.evolve(
    NOV_17,
    items=(
        *NOV_17.items[:2],
        ItemEntry(number="7a", title="Students who stay at home", closed=True),
    ),
)


def test_a_correction_is_followed_by_the_views(views_url: str) -> None:
    app = _open(views_url)
    follower = app.follower(today=lambda: date(2024, 1, 31))
    app.record(*SETUP, NOV_17, DEC_8)
    follower.catch_up()
    assert [r.id for r in PersistedViews(app).status().tabled_items] == ["im/2023-11-17/7a"]

    app.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason="7a was closed, not tabled"))
    follower.catch_up()

    assert PersistedViews(app).status().tabled_items == ()
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))
    assert views_status(app, date(2024, 1, 31)) == app.status(as_of=date(2024, 1, 31))


def test_a_correction_that_moves_the_latest_date_earlier_moves_the_status_date(
    views_url: str,
) -> None:
    app = _open(views_url)
    sent = attrs.evolve(DEC_8, submitted_on=date(2023, 12, 20))
    app.record(*SETUP, NOV_17, sent)
    follower = app.follower(today=lambda: date(2023, 12, 1))  # before the latest event
    follower.catch_up()
    assert PersistedViews(app).status_as_of() == date(2023, 12, 20)

    # It retracts the minutes submitted on 20 Dec, the latest date, and records them as
    # submitted on 10 Dec: the follower reads the dates of the log again.
    app.record(
        CorrectMinutes(minutes=attrs.evolve(sent, submitted_on=date(2023, 12, 10)), reason="typo")
    )
    follower.catch_up()

    meta = PersistedViews(app).snapshot().meta
    assert meta is not None
    assert (meta.status_as_of, meta.latest_event_on) == (date(2023, 12, 10), date(2023, 12, 10))
    assert _rows(app) == _rebuilt(app, date(2023, 12, 10))


@given(history=histories(max_years=1), data=st.data())
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_history_in_any_order_gives_views_equal_to_a_rebuild(
    tmp_path_factory: pytest.TempPathFactory, history: list[Command], data: st.DataObject
) -> None:
    app = Governance(str(tmp_path_factory.mktemp("views") / "governance.db"))
    setup = [c for c in history if not isinstance(c, RecordMinutes)]
    minutes = data.draw(st.permutations([c for c in history if isinstance(c, RecordMinutes)]))
    app.record(*setup)
    day = max([c.meeting.date for c in minutes], default=date(2023, 1, 1)) + timedelta(days=30)
    follower = app.follower(today=lambda: day)
    for command in minutes:
        app.record(command)
        if data.draw(st.booleans()):
            follower.catch_up()
    follower.catch_up()

    assert _rows(app) == _rebuilt(app, day)
    assert views_status(app, day, include_all=True) == app.status(as_of=day, include_all=True)
    app.close()


def test_a_follower_started_again_reads_the_log_only_after_the_views(views_url: str) -> None:
    app = _open(views_url)
    _record_demo(app)
    _open(views_url).follower(today=lambda: DEMO_DAY).catch_up()
    views_at = PersistedViews(app).snapshot().position
    _record_by_other_means(views_url, LATER)  # through the library it would move the views
    again = _open(views_url)
    select = again.recorder.select_notifications
    read: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        notifications = select(*args, **kwargs)
        read.extend(notification.id for notification in notifications)
        return notifications

    again.recorder.select_notifications = counted  # type: ignore[method-assign]

    progress = again.follower(today=lambda: DEMO_DAY).catch_up()

    assert views_at > 400
    assert sorted(read) == list(range(views_at + 1, app.log_position() + 1))
    assert (progress.events, progress.position) == (len(read), app.log_position())
    assert _rows(app) == _rebuilt(app, DEMO_DAY)


def test_follow_catches_up_the_registers_with_events_written_by_other_means(
    views_url: str,
) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    follower = app.follower(today=lambda: date(2024, 1, 31))
    follower.catch_up()
    settings = store_settings(views_url)
    del settings["APPLICATION_RECORDER_TOPIC"]  # eventsourcing's own: no register rows
    other = Governance(env={**settings, **SMALL_POOL})
    other.record(NOV_17, DEC_8)
    with pytest.raises(ViewsUnavailableError, match="register tables"):
        other.follower().catch_up()  # it keeps no registers to write the views from
    other.close()
    tables = app.recorder.registers  # type: ignore[attr-defined]
    assert tables.lag()[0] < app.log_position()

    assert follower.catch_up().position == app.log_position()

    assert tables.lag() == (app.log_position(), app.log_position())
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))
    assert [r.id for r in PersistedViews(app).status().tabled_items] == ["im/2023-11-17/7a"]


# --- while recordings come in ----------------------------------------------------------


def _counted_folds(
    monkeypatch: pytest.MonkeyPatch, before: Callable[[], object] = lambda: None
) -> list[int | None]:
    """The positions of the folds the registers give the followers (None: none given),
    each after ``before()``."""
    fold = Queries.view_from_registers
    folds: list[int | None] = []

    def counted(self: Queries, day: date, *, after: int) -> Any:
        before()
        found = fold(self, day, after=after)
        folds.append(found[0] if found else None)
        return found

    monkeypatch.setattr(Queries, "view_from_registers", counted)
    return folds


def _a_file_recorded_before_each_fold(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Governance, list[MinutesFile], list[int | None]]:
    """A store holding the first three demo files, whose other files another process
    records one before each fold of the registers, while they last: the store, the files
    left and the positions of the folds."""
    app = _open(url)
    files = [parse_file(path) for path in demo_files()]
    app.record_minutes(*files[:3])
    writer = _open(url)
    rest = files[3:]
    folds = _counted_folds(
        monkeypatch, lambda: writer.record_minutes(rest.pop(0)) if rest else None
    )
    return app, rest, folds


def test_a_write_by_other_means_while_the_follower_reads_the_registers_is_read_again(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    settings = store_settings(views_url)
    del settings["APPLICATION_RECORDER_TOPIC"]  # eventsourcing's own: no register rows
    other = _open_with(settings)
    current = RegisterUpkeep.current
    pending = [NOV_17]

    def current_then_a_write(upkeep: RegisterUpkeep) -> bool:
        made = current(upkeep)
        if pending:
            other.record(pending.pop())  # the registers are behind again when read
        return made

    monkeypatch.setattr(RegisterUpkeep, "current", current_then_a_write)

    progress = app.follower(today=lambda: date(2024, 1, 31)).catch_up()

    assert progress.written
    assert progress.position == app.log_position()
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))


def test_registers_that_cannot_be_made_current_leave_the_views_for_the_next_pass(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    follower = app.follower(today=lambda: date(2024, 1, 31))
    # An SQLite lock held past the timeout, for one, while the registers are caught up.
    monkeypatch.setattr(RegisterUpkeep, "current", lambda upkeep: False)

    progress = follower.catch_up()

    assert (progress.outcome, progress.position) == (Outcome.NOT_WRITTEN, 0)
    assert PersistedViews(app).position() == 0
    monkeypatch.undo()
    assert follower.catch_up().position == app.log_position()
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))


def test_recordings_committing_while_the_follower_folds_do_not_keep_it_from_writing(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, rest, folds = _a_file_recorded_before_each_fold(views_url, monkeypatch)

    progress = app.follower(today=lambda: DEMO_DAY).catch_up()

    # It read on to the registers' position and wrote the fold it had.
    assert progress.written
    assert folds == [progress.position]
    assert len(rest) == len(demo_files()) - 4
    assert _rows(app) == _rebuilt(app, DEMO_DAY)


def test_a_fold_missing_a_position_before_its_own_is_not_written(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    writer = _open(views_url)
    fold = Queries.view_from_registers
    folds: list[int] = []

    def missing_a_position_at_first(self: Queries, day: date, *, after: int) -> Any:
        if not folds:  # a recording commits after the follower read the log
            writer.record(NOV_17)
        found = fold(self, day, after=after)
        assert found is not None
        folds.append(found[0])
        if len(folds) == 1:  # as if a transaction still held a position before it
            return found[0], False, StatusView()
        return found

    monkeypatch.setattr(Queries, "view_from_registers", missing_a_position_at_first)
    app.record(DEC_8)

    progress = app.follower(today=lambda: date(2024, 1, 31)).catch_up()

    assert folds == [app.log_position()] * 2  # read on to its position, then folded again
    assert progress.position == app.log_position()
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))


def test_a_catch_up_whose_date_moves_with_every_fold_gives_up_after_a_few(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file is dated later than the one before: the views' date moves.
    app, rest, folds = _a_file_recorded_before_each_fold(views_url, monkeypatch)
    follower = app.follower(today=lambda: date(2023, 1, 1))

    progress = follower.catch_up()

    assert (progress.outcome, progress.position) == (Outcome.NOT_WRITTEN, 0)
    assert len(folds) == 2 * PASSES  # two a pass: again where the date moved, no more
    rest.clear()  # the recordings stop: the next pass writes
    progress = follower.catch_up()
    assert progress.position == app.log_position()
    latest = max(e.event.occurred_on for e in app.read_log() if not isinstance(e.event, BodyEvent))
    assert progress.status_as_of == latest
    assert _rows(app) == _rebuilt(app, progress.status_as_of)


def test_a_stop_while_the_log_is_read_writes_nothing(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    _record_demo(app)
    follower = app.follower(today=lambda: DEMO_DAY)
    folds = _counted_folds(monkeypatch)
    stop = threading.Event()
    select = app.recorder.select_notifications

    def read_then_stop(*args: Any, **kwargs: Any) -> Any:
        stop.set()  # Ctrl-C while the notifications are read
        return select(*args, **kwargs)

    monkeypatch.setattr(app.recorder, "select_notifications", read_then_stop)

    progress = follower.catch_up(stop)

    assert (progress.outcome, progress.position, folds) == (Outcome.STOPPED, 0, [])
    assert PersistedViews(app).position() == 0


def test_follow_once_stopped_while_reading_says_that_nothing_was_written(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    _record_demo(app)
    folds = _counted_folds(monkeypatch)
    recorder = type(app.recorder)
    select = recorder.select_notifications

    def sigterm_then_read(self: Any, *args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)  # handled by follow: it sets its stop
        return select(self, *args, **kwargs)

    monkeypatch.setattr(recorder, "select_notifications", sigterm_then_read)

    result = CliRunner().invoke(cli_app, ["follow", "--once", "--store", views_url])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "nothing written: stopped before the log was read; the views stay at position 0, "
        "status as of -",
        "stopped by SIGTERM, views at position 0",
    ]
    assert folds == []
    assert PersistedViews(app).position() == 0


def _schema(url: str) -> str:
    """The schema a PostgreSQL store URL names."""
    return parse_qs(urlsplit(url).query)["schema"][0]


def test_follow_waiting_before_a_gap_folds_nothing_until_it_is_final(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.record(*SETUP)
    follower = _open(url).follower(today=lambda: date(2024, 1, 31))
    follower.catch_up()
    _record_by_other_means(url, NOV_17)  # through the library it would move the views
    admin = url.split("?", maxsplit=1)[0]
    with psycopg.connect(admin) as connection:  # a position taken and rolled back
        connection.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))",
            [f"{_schema(url)}.governance_events"],
        )
        connection.rollback()
    _record_by_other_means(url, DEC_8)
    folds = _counted_folds(monkeypatch)
    with psycopg.connect(admin) as holder:  # a writer still in its transaction
        holder.execute(f'LOCK TABLE "{_schema(url)}".governance_events IN ROW EXCLUSIVE MODE')
        views_at = [follower.catch_up().position for _ in range(3)]
        holder.rollback()

    assert folds == []  # past the gap the registers' fold could not be written
    assert views_at == [PersistedViews(app).position()] * 3
    assert views_at[0] < app.log_position()
    assert follower.catch_up().position == app.log_position()
    assert len(folds) == 1
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))


def test_the_registers_say_whether_a_position_is_missing_before_theirs(
    fresh_postgres_url: str,
) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.record(*SETUP)
    before = app.log_position()
    with psycopg.connect(url.split("?", maxsplit=1)[0]) as connection:
        connection.execute(  # a position taken and rolled back
            "SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))",
            [f"{_schema(url)}.governance_events"],
        )
        connection.rollback()
    app.record(NOV_17)
    tables = app.recorder.registers  # type: ignore[attr-defined]

    found = [
        tables.streams_of_views(date(2024, 1, 31), after=after)
        for after in (0, before, before + 1)
    ]

    assert [f[:2] for f in found if f] == [
        (app.log_position(), False),
        (app.log_position(), False),
        (app.log_position(), True),
    ]


# --- exactly once ---------------------------------------------------------------------


def test_a_write_that_fails_half_way_changes_nothing(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    follower = app.follower(today=lambda: date(2024, 1, 31))
    follower.catch_up()
    before = PersistedViews(app).snapshot(rows=True)
    _record_by_other_means(views_url, DEC_8)  # through the library it would move the views
    recorder = follower.views.recorder
    upsert = recorder._upsert
    written: list[str] = []

    def upsert_then_fail(c: Any, table: Any, rows: Any) -> None:
        upsert(c, table, rows)
        written.append(table.name)
        if len(written) == 2:
            raise RuntimeError("the process died here")

    recorder._upsert = upsert_then_fail  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        follower.catch_up()
    del recorder._upsert

    after = PersistedViews(app).snapshot(rows=True)
    assert len(written) == 2
    assert (after.position, after.rows, after.meta) == (before.position, before.rows, before.meta)
    follower.catch_up()
    assert PersistedViews(app).snapshot().lag == 0
    assert _rows(app) == _rebuilt(app, date(2024, 1, 31))


def test_two_followers_taking_turns_keep_the_views_right(views_url: str) -> None:
    app = _open(views_url)
    first = _open(views_url).follower(today=lambda: DEMO_DAY)
    second = _open(views_url).follower(today=lambda: DEMO_DAY)
    files = [parse_file(path) for path in demo_files()]
    app.record_minutes(*files[:10])
    first.catch_up()
    app.record_minutes(*files[10:20])
    second.catch_up()  # moves past what the first wrote
    app.record_minutes(*files[20:])
    assert first.catch_up().position == app.log_position()  # its copy of the rows was stale
    assert second.catch_up().position == app.log_position()

    assert _rows(app) == _rebuilt(app, DEMO_DAY)


def test_a_follower_behind_another_leaves_the_tables_alone(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    _open(views_url).follower(today=lambda: date(2024, 1, 31)).catch_up()
    behind = PersistedViews(app).snapshot(rows=True)
    app.record(DEC_8)
    _open(views_url).follower(today=lambda: date(2024, 1, 31)).catch_up()
    ahead = PersistedViews(app).snapshot(rows=True)
    assert behind.meta is not None

    kept = PersistedViews(app).recorder.write(
        position=behind.position, rows=behind.rows, meta=behind.meta, known=None
    )

    assert kept.position == ahead.position
    assert PersistedViews(app).snapshot(rows=True) == ahead


# --- the date the statuses refer to ---------------------------------------------------


def test_the_statuses_move_to_a_new_day(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    today = [date(2023, 12, 1)]
    follower = app.follower(today=lambda: today[0])
    follower.catch_up()
    due_on_date = "im/2023-11-17/5/a1"  # due 31 Dec 2023
    statuses = {r.id: r.status for r in PersistedViews(app).status().assignments}
    assert statuses[due_on_date] == "open"

    today[0] = date(2024, 1, 2)
    progress = follower.catch_up()

    assert (progress.events, progress.written) == (0, True)
    assert PersistedViews(app).status_as_of() == date(2024, 1, 2)
    statuses = {r.id: r.status for r in PersistedViews(app).status().assignments}
    assert statuses[due_on_date] == "overdue"
    assert views_status(app, date(2024, 1, 2)) == app.status(as_of=date(2024, 1, 2))
    assert views_status(app, date(2023, 12, 1)) is None


def test_events_dated_after_today_move_the_status_date_with_them(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17, DEC_8)
    app.follower(today=lambda: date(2023, 12, 1)).catch_up()

    assert PersistedViews(app).status_as_of() == date(2023, 12, 8)
    assert views_status(app, date(2023, 12, 8)) == app.status(as_of=date(2023, 12, 8))


# --- plain SQL, as documented ---------------------------------------------------------


def _documented_sql() -> dict[str, str]:
    text = DEPLOYMENT.read_text(encoding="utf-8")
    return dict(re.findall(r"```sql name=(\S+)\n(.*?)```", text, re.DOTALL))


def _query(url: str, sql: str, day: date) -> list[dict[str, Any]]:
    if "://" not in url:
        with sqlite3.connect(url) as connection:
            connection.row_factory = sqlite3.Row
            found = connection.execute(sql.replace("CURRENT_DATE", f"'{day.isoformat()}'"))
            return [dict(row) for row in found]
    database, schema = url.split("?schema=")
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f'SET search_path TO "{schema}"')
        cursor = connection.execute(
            sql.replace("CURRENT_DATE", f"DATE '{day.isoformat()}'").encode()
        )
        columns = [column.name for column in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


#: After the demo: an item tabled until a date, and an assignment due on a date, both
#: after the last event, so that the documented queries meet dates on both sides.
LATER = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2024, 12, 20)),
    items=(
        ItemEntry(number="3", title="Budget", tabled=Tabling(until=Due(date(2025, 2, 1)))),
        ItemEntry(
            number="4",
            title="Visits",
            assignments=(NewAssignment(to=("Per Lind",), task="Plan", due=Due(date(2025, 3, 1))),),
        ),
    ),
)


def test_the_documented_queries_answer_as_of_any_later_date(views_url: str) -> None:
    app = _open(views_url)
    _record_demo(app)
    app.record(LATER)
    app.follower(today=lambda: date(2024, 12, 20)).catch_up()
    sql = _documented_sql()
    assert set(sql) >= {"tabled-items-as-of-today", "assignments-as-of-today"}
    latest = PersistedViews(app).snapshot().meta
    assert latest is not None
    assert latest.latest_event_on == date(2024, 12, 20)

    for day in (date(2024, 12, 20), date(2025, 1, 31), date(2025, 2, 2), date(2025, 3, 2)):
        status = app.status(as_of=day, include_all=True)
        tabled = _query(views_url, sql["tabled-items-as-of-today"], day)
        assert {r["item_id"]: r["status"] for r in tabled} == {
            r.id: r.status for r in status.tabled_items
        }
        assignments = _query(views_url, sql["assignments-as-of-today"], day)
        assert {r["assignment_id"]: r["status"] for r in assignments} == {
            r.id: r.status for r in status.assignments
        }
        mandates = _query(views_url, sql["mandates-as-of-today"], day)
        assert {r["mandate_id"]: r["status"] for r in mandates} == {
            r.id: r.status for r in status.mandates
        }
    statuses = {r["item_id"]: r["status"] for r in tabled}
    assert statuses["im/2024-12-20/3"] == "overdue"


def test_the_documented_lag_query_runs(fresh_postgres_url: str) -> None:
    app = _open(fresh_postgres_url)
    app.record(*SETUP)
    app.follower(today=lambda: DEMO_DAY).catch_up()
    _record_by_other_means(fresh_postgres_url, NOV_17)

    (row,) = _query(fresh_postgres_url, _documented_sql()["views-lag"], DEMO_DAY)

    assert (row["views_position"], row["log_position"]) == (4, app.log_position())


def test_every_column_is_documented() -> None:
    text = DEPLOYMENT.read_text(encoding="utf-8")
    for table in iter_tables():
        section = text.split(f"#### `{table.name}`", 1)[1].split("\n#", 1)[0]
        documented = re.findall(r"^\| `(\w+)` \| (\w+) \|", section, re.MULTILINE)
        assert documented == [(c.name, c.kind) for c in table.columns], table.name


# --- when the views cannot answer -----------------------------------------------------


def test_without_views_the_answer_is_none_and_says_why(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP)

    assert views_status(app, DEMO_DAY) is None
    assert "no persisted views" in describe_lag(app)

    app.follower(today=lambda: DEMO_DAY).catch_up()
    assert views_status(app, DEMO_DAY) == app.status(as_of=DEMO_DAY)
    assert "current" in describe_lag(app, DEMO_DAY)

    assert views_status(app, DEMO_DAY - timedelta(days=1)) is None
    assert "as of 2024-12-31, not 2024-12-30" in describe_lag(app, DEMO_DAY - timedelta(days=1))

    _record_by_other_means(views_url, NOV_17)  # through the library it would move the views
    assert views_status(app, DEMO_DAY) is None
    assert PersistedViews(app).lag() == app.log_position() - 4
    assert f"behind (at 4 of {app.log_position()})" in describe_lag(app, DEMO_DAY)


def test_a_memory_store_has_no_persisted_views() -> None:
    app = Governance("memory:")

    assert views_status(app, DEMO_DAY) is None
    assert "memory: store" in describe_lag(app)
    with pytest.raises(ViewsUnavailableError, match="memory: store"):
        app.follower()


def _set_schema_version(url: str, version: int) -> None:
    update = f"UPDATE governance_views SET schema_version = {version}"
    if "://" not in url:
        with sqlite3.connect(url) as connection:
            connection.execute(update)
        return
    database, schema = url.split("?schema=")
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f'SET search_path TO "{schema}"')
        connection.execute(update.encode())


def test_views_of_another_version_are_rebuilt_or_refused(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    app.follower(today=lambda: DEMO_DAY).catch_up()

    _set_schema_version(views_url, SCHEMA_VERSION - 1)
    assert views_status(app, DEMO_DAY) is None
    assert "--rebuild" in describe_lag(app)
    app.follower(today=lambda: DEMO_DAY).catch_up()  # an older version: rebuilt
    assert views_status(app, DEMO_DAY) == app.status(as_of=DEMO_DAY)

    _set_schema_version(views_url, SCHEMA_VERSION + 1)
    with pytest.raises(ViewsUnavailableError, match="newer version"):
        app.follower()
    app.follower(rebuild=True, today=lambda: DEMO_DAY).catch_up()
    assert views_status(app, DEMO_DAY) == app.status(as_of=DEMO_DAY)


# --- following --------------------------------------------------------------------------


def test_a_notification_wakes_the_follower_on_postgres(fresh_postgres_url: str) -> None:
    app = _open(fresh_postgres_url)
    app.record(*SETUP)
    follower = _open(fresh_postgres_url).follower(today=lambda: DEMO_DAY)
    stop = threading.Event()
    thread = threading.Thread(target=follower.run, args=(stop,), kwargs={"poll": 600})
    thread.start()
    try:
        _wait_for(lambda: PersistedViews(app).snapshot().position == app.log_position())
        app.record(NOV_17)  # with a 10-minute poll, only LISTEN/NOTIFY brings this in
        _wait_for(lambda: PersistedViews(app).snapshot().position == app.log_position())
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert views_status(app, DEMO_DAY) == app.status(as_of=DEMO_DAY)


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- the command ------------------------------------------------------------------------


def test_follow_once_catches_up_and_says_so(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    end = app.log_position()

    result = CliRunner().invoke(
        cli_app, ["follow", "--store", views_url, "--once"], env=SMALL_POOL
    )

    assert result.exit_code == 0, result.output
    assert f"views at position 0, log at {end}" in result.output
    assert f"views current at position {end} (were at 0)" in result.output
    assert PersistedViews(app).lag() == 0


def test_follow_on_a_memory_store_is_a_one_line_error() -> None:
    result = CliRunner().invoke(cli_app, ["follow", "--store", "memory:"])

    assert result.exit_code == 1
    assert result.output.strip().startswith("error: a memory: store keeps nothing")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_follow_stops_cleanly_on_a_signal_and_resumes(
    views_url: str, stop_with: signal.Signals
) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"} | SMALL_POOL
    command = [sys.executable, "-m", "governance", "follow", "--store", views_url, "--poll", "0.1"]
    starts = []
    for minutes in (NOV_17, DEC_8):  # started twice: the second run goes on from the first
        follow = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert follow.stdout is not None
        starts.append((follow.stdout.readline(), app.log_position()))
        app.record(minutes)
        _wait_for(lambda: PersistedViews(app).snapshot().lag == 0)
        follow.send_signal(stop_with)
        output = follow.communicate(timeout=30)[0]

        assert follow.returncode == 0, output
        assert f"stopped by {stop_with.name}, views at position {app.log_position()}" in output
        assert "Traceback" not in output
    (first, _), (second, at_second) = starts
    assert first.startswith("following")
    assert "views at position 0," in first
    assert f"views at position {at_second}, log at {at_second}" in second
    assert _rows(app) == _rebuilt(app, PersistedViews(app).status_as_of() or DEMO_DAY)
