"""Rows the log order does not account for, and damaged rows, on SQLite and PostgreSQL.

eventsourcing reads the log from position 1 on and a stream by its id: a row hidden at
position 0 or below is in a stream but in no log order. Each tampering here must be
reported, with its position, by verifying the store against a digest taken before, by
the consistency check against that digest, and by ``verify.py`` in an export; and
recording must refuse to decide on a stream that disagrees with the log.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import attrs
import pytest
from typer.testing import CliRunner

from governance import CorruptRecordError, Governance, ItemEntry
from governance.audit import (
    check_consistency,
    export_log,
    read_digest,
    take_digest,
    verify_store,
    write_digest,
)
from governance.audit import verify as verifier
from governance.audit.digest import Consistency
from governance.cli import app as cli
from governance.domain.events import ItemClosed
from governance.store.mapper import StoredFact, stream_uuid
from tests.integration.test_audit import (
    EVENTS,
    PostgresTable,
    SQLiteTable,
    Store,
    _record_scenario,
)
from tests.scenario import DEC_8

OPEN_ITEM = "im/2023-11-17/7a"
TAKE_IT_UP = attrs.evolve(
    DEC_8,
    meeting=attrs.evolve(DEC_8.meeting, date=date(2024, 1, 19)),
    items=(ItemEntry(continues=OPEN_ITEM, decisions=("Taken up",)),),
)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The scenario in a real SQLite file or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = str(tmp_path / "governance.db")
        _record_scenario(url)
        return Store(url, SQLiteTable(url))
    url = request.getfixturevalue("fresh_postgres_url")
    _record_scenario(url)
    return Store(url, PostgresTable(url))


def _a_new_streams_row() -> tuple[str, int, str, bytes]:
    return (str(uuid4()), 1, "governance.domain.events:ItemClosed", b"{}")


def _hidden_closing(store: Store, position: int) -> None:
    """An `ItemClosed` with the open item's next version, stored at ``position``."""
    app = store.open()
    try:
        version = sum(1 for _ in app.stream(f"item:{OPEN_ITEM}")) + 1
        closed = ItemClosed(
            occurred_on=date(2023, 12, 8),
            item_id=OPEN_ITEM,
            body_id="im",
            meeting_id="im/2023-12-08",
        )
        fact = StoredFact(
            originator_id=stream_uuid(f"item:{OPEN_ITEM}"),
            originator_version=version,
            recorded_at=datetime(2023, 12, 9, tzinfo=UTC),
            event=closed,
        )
        stored = app.mapper.to_stored_event(fact)
    finally:
        app.close()
    row = (stream_uuid(f"item:{OPEN_ITEM}").hex, version, stored.topic, stored.state)
    store.table.insert(position, row)


def _null(column: str) -> Callable[[Store], None]:
    def tamper(store: Store) -> None:
        table = store.table
        if isinstance(table, SQLiteTable):
            table._run(f"UPDATE stored_events SET {column} = NULL WHERE rowid = 5")
        elif isinstance(table, PostgresTable):
            table._run(f"UPDATE {{t}} SET {column} = NULL WHERE notification_id = 5")

    return tamper


def _skip_a_version(store: Store) -> None:
    """A new last row whose stream goes from its last version to the one after next."""
    origin, version, topic, state = store.table.row(EVENTS)
    store.table.insert(EVENTS + 1, (origin, version + 2, topic, state))


TAMPERING: dict[str, tuple[Callable[[Store], None], int]] = {
    "a row at position 0": (lambda s: s.table.insert(0, _a_new_streams_row()), 0),
    "a row at position -5": (lambda s: s.table.insert(-5, _a_new_streams_row()), -5),
    "a hidden row in an open item's stream": (lambda s: _hidden_closing(s, 0), 0),
    "a NULL state": (_null("state"), 5),
    "a NULL topic": (_null("topic"), 5),
    "a stream version skipped": (_skip_a_version, EVENTS + 1),
}


def _digest(store: Store, path: Path) -> Path:
    app = store.open()
    try:
        return write_digest(take_digest(app), path)
    finally:
        app.close()


def _audit(app: Governance, digest: Path, export: Path) -> tuple[verifier.Verdict, Consistency]:
    """Verify the store against ``digest``, check its consistency, and export it."""
    try:
        verdict = verify_store(app, digest)
        consistency = check_consistency(app, read_digest(digest))
        export_log(app, export)
    finally:
        app.close()
    return verdict, consistency


@pytest.mark.parametrize("name", TAMPERING)
def test_tampering_is_named_by_verify_consistency_and_the_exports_verifier(
    store: Store, tmp_path: Path, name: str
) -> None:
    tamper, position = TAMPERING[name]
    digest = _digest(store, tmp_path / "before.json")

    tamper(store)

    verdict, consistency = _audit(store.open(), digest, tmp_path / "export")
    assert not verdict.intact
    assert f"position {position}" in verdict.report().splitlines()[0], verdict.report()
    assert not consistency.consistent
    assert f"position {position}" in consistency.message, consistency.message
    exported = subprocess.run(
        [sys.executable, str(tmp_path / "export" / "verify.py"), str(tmp_path / "export")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert exported.returncode == 1, exported.stdout
    assert f"position {position}" in exported.stdout.splitlines()[0], exported.stdout


def test_a_duplicated_position_is_named_on_postgresql(store: Store, tmp_path: Path) -> None:
    table = store.table
    if not isinstance(table, PostgresTable):
        pytest.skip("an SQLite rowid cannot repeat: the database refuses a second row")
    digest = _digest(store, tmp_path / "before.json")
    table._run(
        "DROP INDEX " + table.table.split(".")[0] + ".governance_events_notification_id_idx"
    )
    table.insert(3, _a_new_streams_row())

    # Opening would build the unique index again, and fail on the duplicate: open as is.
    opened = Governance(store.url, env={"CREATE_TABLE": "false"})
    verdict, consistency = _audit(opened, digest, tmp_path / "export")
    assert "position 3: duplicated" in verdict.report(), verdict.report()
    assert "position 3: duplicated" in consistency.message, consistency.message
    exported = verifier.verify_export(tmp_path / "export")
    assert "position 3: duplicated" in exported.report(), exported.report()


def test_a_duplicated_position_in_an_export_is_named(store: Store, tmp_path: Path) -> None:
    app = store.open()
    try:
        export_log(app, tmp_path / "export")
    finally:
        app.close()
    events = tmp_path / "export" / "events.jsonl"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    events.write_text("".join([*lines[:3], lines[2], *lines[3:]]), encoding="utf-8")

    verdict = verifier.verify_export(tmp_path / "export")

    assert "position 3: duplicated" in verdict.report(), verdict.report()


def test_recording_refuses_a_stream_the_log_does_not_account_for(store: Store) -> None:
    _hidden_closing(store, 0)
    app = store.open()
    try:
        with pytest.raises(CorruptRecordError) as caught:
            app.record(TAKE_IT_UP)
        assert app.log_position() == EVENTS
        assert app.status(as_of=date(2024, 1, 1)).tabled_items  # status does not see the row
    finally:
        app.close()
    message = str(caught.value)
    assert f"item:{OPEN_ITEM} disagrees with the log at position 0" in message
    assert "audit verify" in message


def test_the_untampered_record_takes_the_item_up(store: Store) -> None:
    app = store.open()
    try:
        outcome = app.record(TAKE_IT_UP)
    finally:
        app.close()
    assert outcome.is_new


def test_a_row_at_position_0_fails_audit_verify_from_the_command_line(
    store: Store, tmp_path: Path
) -> None:
    store.table.insert(0, _a_new_streams_row())

    result = CliRunner().invoke(cli, ["audit", "verify", "--store", store.url])

    assert result.exit_code == 1, result.output
    assert "position 0: outside the log" in result.output
