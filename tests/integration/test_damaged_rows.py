"""A damaged row (a NULL state or topic) is named, never a traceback: `status`, `history`,
`follow` and every audit command exit 1 with one line that gives its position and
advises `audit verify` (which itself names it as tampering), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from typer.testing import CliRunner

from governance import CorruptRecordError, ItemEntry
from governance.audit import take_digest, write_digest
from governance.cli import app as cli
from tests.integration.test_audit import EVENTS, PostgresTable, SQLiteTable, Store
from tests.integration.test_tamper_rows import TAKE_IT_UP, store

__all__ = ["store"]  # the fixture: the scenario in SQLite and in PostgreSQL

#: Position 9 is the ItemRaised of item im/2023-11-17/5 (see test_audit.EVENTS).
DAMAGED = 9


def _set_null(store: Store, column: str) -> None:
    table = store.table
    if isinstance(table, SQLiteTable):
        table._run(f"UPDATE stored_events SET {column} = NULL WHERE rowid = {DAMAGED}")
    elif isinstance(table, PostgresTable):
        table._run(f"UPDATE {{t}} SET {column} = NULL WHERE notification_id = {DAMAGED}")


COMMANDS = {
    "status": ["status", "--as-of", "2024-01-10"],
    "status --known-at": ["status", "--as-of", "2024-01-10", "--known-at", "17"],
    "history": ["history", "im/2023-11-17/5"],
    "follow --once": ["follow", "--once"],
    "audit digest": ["audit", "digest"],
    "audit export": ["audit", "export", "{tmp}/export"],
    "audit consistency": ["audit", "consistency", "{tmp}/before.json"],
}


@pytest.mark.parametrize("column", ["state", "topic"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_row_is_one_line_naming_its_position(
    store: Store, tmp_path: Path, command: str, column: str
) -> None:
    app = store.open()
    write_digest(take_digest(app), tmp_path / "before.json")
    app.close()
    _set_null(store, column)
    args = [arg.format(tmp=tmp_path) for arg in COMMANDS[command]]

    result = CliRunner().invoke(cli, [*args, "--store", store.url])

    output = result.output.strip()
    assert result.exit_code == 1, output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert f"position {DAMAGED}" in output.splitlines()[-1], output
    assert "audit verify" in output or "not intact" in output or "altered" in output, output


@pytest.mark.parametrize("column", ["state", "topic"])
def test_audit_verify_names_a_damaged_row(store: Store, column: str) -> None:
    _set_null(store, column)

    result = CliRunner().invoke(cli, ["audit", "verify", "--store", store.url])

    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"not intact: position {DAMAGED}: damaged: its {column}")


def test_recording_refuses_a_stream_with_a_damaged_row(store: Store) -> None:
    _set_null(store, "state")
    take_up = attrs.evolve(
        TAKE_IT_UP, items=(ItemEntry(continues="im/2023-11-17/5", decisions=("Taken up",)),)
    )
    app = store.open()
    try:
        with pytest.raises(CorruptRecordError, match=f"at position {DAMAGED}: its version 1 is"):
            app.record(take_up)
        assert app.log_position() == EVENTS
    finally:
        app.close()
