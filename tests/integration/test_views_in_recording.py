"""The persisted views kept in the recording transaction (SQLite and PostgreSQL): once
``governance follow`` has made them, recordings made through the library keep them equal
to a fresh rebuild at the log's position, with no follower run; views that are not
there, or behind, are left alone; a follower racing a recording never leaves rows of
one position under the other's."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest

from governance import Alias, Governance, Member, parse_file
from governance._queries import Queries
from governance.demo import demo_files
from governance.domain.commands import CorrectMinutes
from governance.domain.events import BodyEvent, ItemReferred
from governance.projections import without_retracted
from governance.projections.status import fold
from governance.views import PersistedViews
from governance.views._rows import Tables, view_rows
from governance.views._schema import VIEW_TABLES
from governance.views._store import Meta
from tests.integration.test_views import (
    DEMO_DAY,
    NOV_17_CORRECTED,
    _close_stores,
    _latest_of,
    _open,
    _record_by_other_means,
    _schema,
    views_url,
)
from tests.scenario import DEC_8, IM, NOV_17, SETUP

__all__ = ["_close_stores", "views_url"]  # the fixtures of test_views, used here

JAN_31 = date(2024, 1, 31)
FEB_1 = date(2024, 2, 1)


def _snapshot(app: Governance) -> tuple[int, Meta | None, Tables]:
    """The views' position, meta row and rows."""
    snapshot = PersistedViews(app).snapshot(rows=True)
    return snapshot.position, snapshot.meta, snapshot.rows


def _folded(app: Governance, day: date) -> Tables:
    """The rows a fresh write of the follower as of ``day`` gives: those of a fold of the
    whole log's events dated up to ``day`` (body registrations whatever their date)."""
    events = without_retracted([entry.event for entry in app.read_log()])
    known = [e for e in events if isinstance(e, BodyEvent) or e.occurred_on <= day]
    return view_rows(fold(known), as_of=day)


def _assert_current_and_rebuilt(app: Governance, day: date) -> None:
    """The views hold every event of the log, as of ``day``, and their rows are those a
    fresh fold of the whole log gives."""
    position, meta, rows = _snapshot(app)
    assert meta is not None
    assert (position, meta.status_as_of) == (app.log_position(), day)
    assert rows == _folded(app, day)


def _as_a_rebuild_writes_them(app: Governance, url: str, day: date) -> None:
    """The views' rows, position and dates are those a follower rebuilding them from
    scratch writes."""
    position, meta, rows = _snapshot(app)
    _open(url).follower(today=lambda: day, rebuild=True).catch_up()
    again, rebuilt, rows_again = _snapshot(app)
    assert meta is not None
    assert rebuilt is not None
    assert (position, rows) == (again, rows_again)
    assert attrs.evolve(meta, updated_at=None) == attrs.evolve(rebuilt, updated_at=None)


def test_recordings_keep_the_views_equal_to_a_rebuild_with_no_follower(views_url: str) -> None:
    app = _open(views_url)
    files = [parse_file(path) for path in demo_files()]
    setup, minutes = files[:2], files[2:]
    app.record_minutes(*setup)
    app.follower(today=lambda: DEMO_DAY).catch_up()
    # Late minutes (dated before minutes already recorded), referrals, assignment and
    # mandate reports, one file a transaction, then the rest in one transaction.
    late = minutes[::3]
    order = [m for m in minutes if m not in late][:10] + late[:4]
    assert any(_latest_of(m) < max(map(_latest_of, order[:k])) for k, m in enumerate(order) if k)
    for minutes_file in order:
        app.record_minutes(minutes_file)
        _assert_current_and_rebuilt(app, DEMO_DAY)
    app.record_minutes(*(m for m in minutes if m not in order))
    _assert_current_and_rebuilt(app, DEMO_DAY)
    status = app.status(as_of=DEMO_DAY, include_all=True)
    assert {r.status for r in status.tabled_items} >= {"open", "overdue"}
    assert {r.status for r in status.obligations} >= {"fulfilled", "overdue"}
    assert any(isinstance(entry.event, ItemReferred) for entry in app.read_log())
    _as_a_rebuild_writes_them(app, views_url, DEMO_DAY)


def test_views_made_on_an_empty_log_are_kept_from_the_first_recording(views_url: str) -> None:
    app = _open(views_url)
    app.follower(today=lambda: JAN_31).catch_up()  # position 0: no tracking row yet

    app.record(*SETUP, NOV_17, DEC_8)

    _assert_current_and_rebuilt(app, JAN_31)
    _as_a_rebuild_writes_them(app, views_url, JAN_31)


def test_a_correction_is_kept_in_the_views_by_the_recording(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17, DEC_8)
    app.follower(today=lambda: JAN_31).catch_up()
    assert [r.id for r in PersistedViews(app).status().tabled_items] == ["im/2023-11-17/7a"]

    # It retracts events of 17 November; the latest date (8 December) stays.
    app.record(CorrectMinutes(minutes=NOV_17_CORRECTED, reason="7a was closed, not tabled"))

    _assert_current_and_rebuilt(app, JAN_31)
    assert PersistedViews(app).status().tabled_items == ()
    _as_a_rebuild_writes_them(app, views_url, JAN_31)


def test_a_correction_retracting_the_latest_date_is_left_to_follow(views_url: str) -> None:
    app = _open(views_url)
    sent = attrs.evolve(DEC_8, submitted_on=date(2023, 12, 20))
    app.record(*SETUP, NOV_17, sent)
    follower = app.follower(today=lambda: date(2023, 12, 1))  # before the latest event
    follower.catch_up()
    before = _snapshot(app)

    # The minutes submitted on 20 December, the latest date, are now submitted on 10
    # December: only the dates of the whole log say what the latest date is now.
    app.record(
        CorrectMinutes(minutes=attrs.evolve(sent, submitted_on=date(2023, 12, 10)), reason="typo")
    )

    assert _snapshot(app) == before
    assert follower.catch_up().position == app.log_position()
    meta = PersistedViews(app).snapshot().meta
    assert meta is not None
    assert (meta.status_as_of, meta.latest_event_on) == (date(2023, 12, 10), date(2023, 12, 10))


def test_events_dated_after_the_views_date_are_left_to_follow(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    follower = app.follower(today=lambda: date(2023, 12, 1))
    follower.catch_up()
    before = _snapshot(app)

    app.record(DEC_8)  # dated after the views' date: a follower moves the date to it

    assert _snapshot(app) == before
    assert follower.catch_up().status_as_of == date(2023, 12, 8)
    _assert_current_and_rebuilt(app, date(2023, 12, 8))


def test_a_stream_another_writer_changed_after_the_recording_read_it_is_read_again(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    app.follower(today=lambda: JAN_31).catch_up()
    other = _open(views_url)
    # "Per Lind" is now spelled "Per Lindqvist": the assignment to him shows the new name
    secretary = Member(name="Per Lindqvist", municipality="Skövde", roles=frozenset({"secretary"}))
    revised = attrs.evolve(
        IM,
        members=(IM.members[0], secretary),
        aliases=(Alias(variant="Per Lind", canonical="Per Lindqvist"),),
    )
    save = app.save

    def another_writer_first(*args: Any, **kwargs: Any) -> Any:
        other.record(revised)  # commits after the recording read the body's stream
        return save(*args, **kwargs)

    monkeypatch.setattr(app, "save", another_writer_first)
    app.record(DEC_8)  # writes items of im, not the body's stream

    _assert_current_and_rebuilt(app, JAN_31)
    assert any(
        row.to == ("Per Lindqvist",)
        for row in PersistedViews(app).status(include_all=True).assignments
    )


# --- left alone --------------------------------------------------------------------------


def _view_tables(url: str) -> list[str]:
    if "://" not in url:
        with sqlite3.connect(url) as connection:
            found = connection.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'governance_%'"
            ).fetchall()
    else:
        with psycopg.connect(url.split("?", maxsplit=1)[0]) as connection:
            found = connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                [_schema(url)],
            ).fetchall()
    views = {"governance_views", "governance_tracking", "governance_tabled_items"}
    return sorted(str(name) for (name,) in found if name in views)


def test_a_store_without_views_records_and_makes_none(views_url: str) -> None:
    app = _open(views_url)

    app.record(*SETUP, NOV_17)
    app.record(DEC_8)

    assert _view_tables(views_url) == []
    assert [r.id for r in app.status(as_of=JAN_31).tabled_items] == ["im/2023-11-17/7a"]


def test_views_behind_the_log_are_left_for_follow(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    follower = app.follower(today=lambda: JAN_31)
    follower.catch_up()
    _record_by_other_means(views_url, NOV_17)
    behind = _snapshot(app)
    assert behind[0] < app.log_position()

    app.record(DEC_8)

    assert _snapshot(app) == behind
    assert follower.catch_up().position == app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)


def test_views_of_another_version_are_left_alone(views_url: str) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    app.follower(today=lambda: JAN_31).catch_up()
    _set_version(views_url, 1)
    before = _snapshot(app)

    app.record(NOV_17)

    assert _snapshot(app) == before


def test_views_missing_a_table_are_left_alone_on_sqlite(tmp_path: Path) -> None:
    url = str(tmp_path / "governance.db")
    app = _open(url)
    app.record(*SETUP)
    app.follower(today=lambda: JAN_31).catch_up()
    position = PersistedViews(app).position()
    with sqlite3.connect(url) as connection:
        connection.execute("DROP TABLE governance_meetings")

    app.record(NOV_17)  # records all the same

    assert position < app.log_position()
    assert PersistedViews(app).position() == position
    assert app.follower(today=lambda: JAN_31).catch_up().position == app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)


def _set_version(url: str, version: int) -> None:
    if "://" not in url:
        with sqlite3.connect(url) as connection:
            connection.execute("UPDATE governance_views SET schema_version = ?", [version])
        return
    with psycopg.connect(url.split("?", maxsplit=1)[0]) as connection:
        connection.execute(
            f'UPDATE "{_schema(url)}".governance_views SET schema_version = %s', [version]
        )


# --- a follower and a recording at once -----------------------------------------------


def test_a_follower_that_folded_before_a_recording_does_not_write_over_it(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    today = [JAN_31]
    follower = _open(views_url).follower(today=lambda: today[0])
    follower.catch_up()
    today[0] = FEB_1  # the follower folds again for the new day ...
    writer = _open(views_url)
    fold = Queries.view_from_registers
    folded: list[int] = []

    def then_a_recording(self: Queries, day: date, *, after: int) -> Any:
        found = fold(self, day, after=after)
        if found is not None and not folded:
            folded.append(found[0])
            writer.record(DEC_8)  # ... and a recording moves the views on before it writes
        return found

    monkeypatch.setattr(Queries, "view_from_registers", then_a_recording)
    follower.catch_up()

    assert folded
    assert folded[0] < app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)  # the recording's rows, not the older fold's
    follower.catch_up()
    _assert_current_and_rebuilt(app, FEB_1)


def test_a_recording_waits_for_a_follower_writing_and_goes_on_from_its_rows(
    views_url: str,
) -> None:
    app = _open(views_url)
    app.record(*SETUP)
    follower = _open(views_url).follower(today=lambda: JAN_31)
    follower.catch_up()
    _record_by_other_means(views_url, NOV_17)
    writer = _open(views_url)
    recorder = follower.views.recorder
    upsert = recorder._upsert
    recording = threading.Thread(target=lambda: writer.record(DEC_8))
    positions: list[int] = []

    def upsert_with_a_recording_waiting(c: Any, table: Any, rows: Any) -> None:
        upsert(c, table, rows)
        if not recording.is_alive() and not positions:
            positions.append(writer.log_position())
            recording.start()
            time.sleep(0.5)  # it inserts, then waits for the views' write lock
            positions.append(writer.log_position())

    recorder._upsert = upsert_with_a_recording_waiting  # type: ignore[method-assign]
    follower.catch_up()
    recording.join()
    del recorder._upsert

    assert positions[0] == positions[1]  # not committed while the follower wrote
    assert positions[1] < app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)


def test_a_rebuild_while_a_recording_waits_for_the_views_lets_both_through(
    views_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _open(views_url)
    app.record(*SETUP, NOV_17)
    app.follower(today=lambda: JAN_31).catch_up()
    writer = _open(views_url)
    failed: list[BaseException] = []

    def record() -> None:
        try:
            writer.record(DEC_8)
        except BaseException as error:  # handed to the test
            failed.append(error)

    recording = threading.Thread(target=record)
    views = type(PersistedViews(app).recorder)
    drop = views._drop

    def drop_with_a_recording_waiting(self: Any, c: Any) -> None:
        recording.start()
        time.sleep(0.5)  # it waits for the lock the rebuild holds
        drop(self, c)  # DROP TABLE: on PostgreSQL a deadlock, were the locks taken the other way

    monkeypatch.setattr(views, "_drop", drop_with_a_recording_waiting)
    follower = _open(views_url).follower(today=lambda: JAN_31, rebuild=True)
    recording.join()
    monkeypatch.undo()

    assert failed == []
    follower.catch_up()
    _assert_current_and_rebuilt(app, JAN_31)


def _writer_grants(url: str, role: str, tracking: str | None) -> list[str]:
    """What docs/deployment.md says a writer with ``CREATE_TABLE=no`` needs; with
    ``tracking`` (its privileges on governance_tracking), also what it needs to keep the
    persisted views."""
    schema = f'"{_schema(url)}"'

    def tables(*names: str) -> str:
        return ", ".join(f"{schema}.{name}" for name in names)

    views = [
        f"GRANT SELECT, UPDATE ON {schema}.governance_views TO {role}",
        f"GRANT {tracking} ON {schema}.governance_tracking TO {role}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON "
        + tables(*(table.name for table in VIEW_TABLES))
        + f" TO {role}",
    ]
    return [
        f"CREATE ROLE {role} LOGIN",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON {schema}.governance_events TO {role}",
        "GRANT SELECT, INSERT, DELETE ON "
        + tables(
            "governance_registers",
            "governance_references",
            "governance_subjects",
            "governance_stream_bodies",
            "governance_decisions",
        )
        + f" TO {role}",
        f"GRANT SELECT, UPDATE ON {schema}.governance_registers_state TO {role}",
        f"GRANT SELECT ON {schema}.governance_registers_version TO {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ] + ([] if tracking is None else views)


@contextmanager
def _writer(url: str, *, tracking: str | None = None) -> Iterator[Governance]:
    """A store opened with ``CREATE_TABLE=no`` by a role granted what a writer needs (see
    `_writer_grants`)."""
    role = f"writer_{_schema(url)}"
    admin = url.split("?", maxsplit=1)[0]
    with psycopg.connect(admin, autocommit=True) as connection:
        for grant in _writer_grants(url, role, tracking):
            connection.execute(grant)
    try:
        writer = Governance(url.replace("postgres@", f"{role}@", 1), env={"CREATE_TABLE": "no"})
        try:
            yield writer
        finally:
            writer.close()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


def test_a_writer_not_granted_the_views_records_and_leaves_them_to_follow(
    fresh_postgres_url: str,
) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.record(*SETUP)
    app.follower(today=lambda: JAN_31).catch_up()
    before = _snapshot(app)

    with _writer(url) as writer:
        writer.record(NOV_17)

    assert _snapshot(app) == before
    assert app.follower(today=lambda: JAN_31).catch_up().position == app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)


@pytest.mark.parametrize(
    ("tracking", "kept"), [("SELECT, INSERT, UPDATE", True), ("SELECT, UPDATE", False)]
)
def test_views_made_on_an_empty_log_are_kept_by_a_writer_that_may_insert_the_tracking_row(
    fresh_postgres_url: str, tracking: str, kept: bool
) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.follower(today=lambda: JAN_31).catch_up()  # position 0: no tracking row yet
    before = _snapshot(app)

    with _writer(url, tracking=tracking) as writer:  # the documented grants, or less
        writer.record(*SETUP, NOV_17)

    if not kept:  # recorded all the same
        assert _snapshot(app) == before
        assert app.follower(today=lambda: JAN_31).catch_up().position == app.log_position()
    _assert_current_and_rebuilt(app, JAN_31)
