"""The SQLite application recorder: eventsourcing's, inserting events with the register
rows of their streams in one transaction (see `governance.store._registers`), and reading
the log's rows without what a rebuild does not use. Its writes wait their turn (see
`governance.store._sqlite`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore

from governance.store._registers import (
    DECISIONS_TABLE,
    REFERENCES_TABLE,
    REGISTERS,
    REGISTERS_STATE_TABLE,
    REGISTERS_TABLE,
    STREAM_BODIES_TABLE,
    SUBJECTS_TABLE,
    VERSION_TABLE,
    VIEWS,
    KeepViews,
    MakeRows,
    RegisterTables,
    StreamStates,
    Tx,
    grouped,
)
from governance.store._sqlite import WaitingSQLiteRecorder, wait_for_the_lock


@runtime_checkable
class StateRecorder(Protocol):
    """A recorder that reads the log's rows without what a rebuild does not use."""

    def select_states(
        self, *, after: int, stop: int | None, limit: int
    ) -> list[tuple[int, str, bytes]]:
        """``(position, topic, state)`` of the rows after ``after`` up to ``stop``, in
        log order, at most ``limit``."""

    def select_stream_states(
        self, originator_ids: Sequence[UUID]
    ) -> list[tuple[UUID, int, str, bytes]]:
        """``(originator_id, version, topic, state)`` of the rows of the streams, in one
        query; each stream's rows in order of version."""

    def select_states_containing(
        self, *, after: int, needle: bytes, limit: int
    ) -> list[tuple[int, str, bytes]]:
        """As `select_states`, only the rows whose stored state contains ``needle``
        (searched by the database)."""

    def first_position(self, originator_id: UUID) -> int | None:
        """The log position of the stream's first row (None: the stream is empty)."""


class SQLiteRegisterRecorder(WaitingSQLiteRecorder):
    """eventsourcing's SQLite application recorder, keeping the registers; its writes
    wait their turn (see `governance.store._sqlite`)."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self._registers = SQLiteRegisterTables(datastore, events_table_name)
        super().__init__(datastore, events_table_name)
        rows = f"SELECT rowid, topic, state FROM {self.events_table_name} WHERE rowid > ?"
        self.select_states_statement = f"{rows} ORDER BY rowid LIMIT ?"
        self.select_states_until_statement = f"{rows} AND rowid <= ? ORDER BY rowid LIMIT ?"
        self.select_states_containing_statement = (
            f"{rows} AND instr(state, ?) > 0 ORDER BY rowid LIMIT ?"
        )

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *self._registers.create_statements(),
        ]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events and (given ``registers=``, see `governance.store._registers`)
        the register rows of their streams, in one transaction that waits its turn for
        the write lock."""
        make: MakeRows | None = kwargs.get(REGISTERS)
        views: KeepViews | None = kwargs.get(VIEWS)

        def write() -> list[int]:
            with self.datastore.transaction(commit=True) as c:
                positions = []
                for s in stored_events:
                    c.execute(
                        self.insert_events_statement,
                        (_uuid(s.originator_id).hex, s.originator_version, s.topic, s.state),
                    )
                    positions.append(int(c.lastrowid))
                if make is not None:
                    self.registers.after_insert(
                        _SQLiteTx(c, self.events_table_name),
                        positions,
                        [_uuid(s.originator_id) for s in stored_events],
                        make,
                        views,
                    )
                return positions

        return wait_for_the_lock(self.datastore, write)

    @property
    def registers(self) -> RegisterTables:
        return self._registers

    def select_states_containing(
        self, *, after: int, needle: bytes, limit: int
    ) -> list[tuple[int, str, bytes]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(self.select_states_containing_statement, (after, needle, limit))
            return [(row[0], row[1], row[2]) for row in c.fetchall()]

    def first_position(self, originator_id: UUID) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name} WHERE originator_id = ? "
                "ORDER BY originator_version LIMIT 1",
                (originator_id.hex,),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def select_stream_states(
        self, originator_ids: Sequence[UUID]
    ) -> list[tuple[UUID, int, str, bytes]]:
        marks = ",".join("?" * len(originator_ids))
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT originator_id, originator_version, topic, state FROM "
                f"{self.events_table_name} WHERE originator_id IN ({marks}) "
                "ORDER BY originator_version",
                [originator_id.hex for originator_id in originator_ids],
            )
            return [(UUID(row[0]), row[1], row[2], row[3]) for row in c.fetchall()]

    def select_states(
        self, *, after: int, stop: int | None, limit: int
    ) -> list[tuple[int, str, bytes]]:
        with self.datastore.transaction(commit=False) as c:
            if stop is None:
                c.execute(self.select_states_statement, (after, limit))
            else:
                c.execute(self.select_states_until_statement, (after, stop, limit))
            return [(row[0], row[1], row[2]) for row in c.fetchall()]


def _uuid(originator_id: UUID | str) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)


def _to_sqlite(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class _SQLiteTx(Tx):
    def __init__(self, cursor: SQLiteCursor, events_table_name: str) -> None:
        self.cursor = cursor
        self.events = events_table_name

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, [_to_sqlite(value) for value in params])
        return [tuple(row) for row in self.cursor.fetchall()]

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(sql, [_to_sqlite(value) for value in params])

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.cursor.executemany(sql, [[_to_sqlite(v) for v in row] for row in params])

    def stream_states(self, originator_ids: Sequence[UUID]) -> StreamStates:
        if not originator_ids:
            return {}
        marks = ",".join("?" * len(originator_ids))
        self.cursor.execute(
            f"SELECT originator_id, originator_version, rowid, topic, state FROM {self.events} "
            # a row at a position the log does not reach is not read, as the log is not
            f"WHERE originator_id IN ({marks}) AND rowid > 0",
            [originator_id.hex for originator_id in originator_ids],
        )
        by_hex = {originator_id.hex: originator_id for originator_id in originator_ids}
        return grouped(
            (by_hex[row[0]], row[1], row[2], row[3], row[4]) for row in self.cursor.fetchall()
        )

    def day(self, value: Any) -> date | None:
        return None if value is None else date.fromisoformat(value)


class SQLiteRegisterTables(RegisterTables):
    """The registers in the store's SQLite file."""

    types = MappingProxyType(
        {"text": "TEXT", "date": "TEXT", "boolean": "INTEGER", "integer": "INTEGER"}
    )
    table_options = " WITHOUT ROWID"
    first_state = "INSERT OR IGNORE INTO {state} VALUES (1, 0)"

    position = "rowid"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str) -> None:
        self.datastore = datastore
        self.events_table_name = events_table_name
        self.names = {
            "registers": REGISTERS_TABLE,
            "state": REGISTERS_STATE_TABLE,
            "references": REFERENCES_TABLE,
            "events": events_table_name,
            "references_by_stream": f"{REFERENCES_TABLE}_stream",
            "subjects": SUBJECTS_TABLE,
            "subjects_by_stream": f"{SUBJECTS_TABLE}_stream",
            "stream_bodies": STREAM_BODIES_TABLE,
            "stream_bodies_by_stream": f"{STREAM_BODIES_TABLE}_stream",
            "shown": f"{REGISTERS_TABLE}_shown",
            "by_body": f"{REGISTERS_TABLE}_body",
            "decisions": DECISIONS_TABLE,
            "decisions_by_body": f"{DECISIONS_TABLE}_body",
            "version": VERSION_TABLE,
        }

    def missing(self, table: str) -> str:
        return (
            "NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' "
            f"AND name = '{{{table}}}')"
        )

    def columns(self, tx: Tx) -> list[str]:
        return [
            str(row[0])
            for row in tx.rows(
                "SELECT name FROM pragma_table_info(?) ORDER BY cid", (REGISTERS_TABLE,)
            )
        ]

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.datastore.transaction(commit=False) as c:
            yield _SQLiteTx(c, self.events_table_name)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self.datastore.transaction(commit=True) as c:
            # a write first: the transaction waits for SQLite's write lock, and reads
            # the latest state from here on
            c.execute(self.sql("UPDATE {state} SET made_to = made_to"))
            yield _SQLiteTx(c, self.events_table_name)
