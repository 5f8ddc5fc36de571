"""The persisted views in the SQLite file of the store.

SQLite has one writer at a time and allocates log positions (rowids) under its write
lock, so positions become visible in order and a gap is never filled in later: the
follower polls. Dates are stored as ISO text (``YYYY-MM-DD``, comparable with
``date('now')``), booleans as 0 and 1, and the update time as ISO text in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore, SQLiteTrackingRecorder

from governance.views._schema import (
    META,
    SCHEMA_VERSION,
    TRACKING_TABLE,
    VIEW_TABLES,
    Dialect,
    Key,
    Row,
    Table,
    Value,
)
from governance.views._store import (
    Meta,
    PollingWaiter,
    ViewsRecorder,
    ViewsSql,
    Waiter,
    iter_tables,
)

DIALECT = Dialect(
    placeholder="?",
    types={
        "text": "TEXT",
        "date": "TEXT",
        "integer": "INTEGER",
        "boolean": "INTEGER",
        "timestamp": "TEXT",
    },
    qualify=lambda name: name,
)


def _to_sqlite(value: Value) -> Any:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _from_sqlite(table: Table, raw: Any) -> Row:
    values: list[Value] = []
    for column, value in zip(table.columns, raw, strict=True):
        if value is None:
            values.append(None)
        elif column.kind == "date":
            values.append(date.fromisoformat(value))
        elif column.kind == "timestamp":
            values.append(datetime.fromisoformat(value))
        elif column.kind == "boolean":
            values.append(bool(value))
        else:
            values.append(value)
    return tuple(values)


class SQLiteViews(SQLiteTrackingRecorder, ViewsRecorder[SQLiteCursor]):
    """The view tables and ``governance_tracking`` in the store's SQLite file."""

    def __init__(
        self, datastore: SQLiteDatastore, *, application_name: str, events_table_name: str
    ) -> None:
        self.application_name = application_name
        self.events_table_name = events_table_name
        super().__init__(datastore)
        self.insert_tracking_statement = (
            f"INSERT INTO {TRACKING_TABLE} VALUES (:application_name, :notification_id) "
            "ON CONFLICT (application_name) DO UPDATE SET notification_id = :notification_id "
            f"WHERE {TRACKING_TABLE}.notification_id < :notification_id "
            "RETURNING notification_id"
        )
        self.select_max_tracking_id_statement = (
            f"SELECT MAX(notification_id) FROM {TRACKING_TABLE} WHERE application_name=?"
        )

    def construct_create_table_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE} (application_name TEXT, "
            "notification_id INTEGER, PRIMARY KEY (application_name)) WITHOUT ROWID",
            *(DIALECT.create(table) for table in iter_tables()),
        ]

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute(DIALECT.insert_meta(), (self.application_name, SCHEMA_VERSION))

    @contextmanager
    def _read_transaction(self) -> Iterator[SQLiteCursor]:
        with self.datastore.transaction(commit=False) as c:
            yield c

    @contextmanager
    def _write_transaction(self) -> Iterator[SQLiteCursor]:
        with self.datastore.transaction(commit=True) as c:
            # A write first: the transaction takes SQLite's write lock (waiting for
            # another writer if need be) and reads the latest state from here on.
            c.execute(
                f"UPDATE {META.name} SET name = name WHERE name = ?", (self.application_name,)
            )
            yield c

    def _tables_exist(self, c: SQLiteCursor) -> bool:
        c.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            (META.name, TRACKING_TABLE),
        )
        return bool(c.fetchone()[0] == 2)

    def _read_meta(self, c: SQLiteCursor) -> Meta | None:
        c.execute(DIALECT.select_meta(), (self.application_name,))
        raw = c.fetchone()
        return self.meta_from(None if raw is None else _from_sqlite(META, raw))

    def _write_meta(self, c: SQLiteCursor, meta: Meta) -> None:
        name, *values = (_to_sqlite(value) for value in self.meta_row(meta))
        c.execute(DIALECT.update_meta(), (*values[1:], name))

    def _position(self, c: SQLiteCursor) -> int:
        return self._max_tracking_id(self.application_name, c) or 0

    def _track(self, c: SQLiteCursor, position: int) -> None:
        self._insert_tracking(c, Tracking(self.application_name, position))

    def _log_position(self, c: SQLiteCursor) -> int:
        c.execute(f"SELECT MAX(rowid) FROM {self.events_table_name}")
        return int(c.fetchone()[0] or 0)

    def _select(self, c: SQLiteCursor, table: Table) -> list[Row]:
        c.execute(DIALECT.select(table))
        return [_from_sqlite(table, raw) for raw in c.fetchall()]

    def _upsert(self, c: SQLiteCursor, table: Table, rows: list[Row]) -> None:
        if rows:
            c.executemany(DIALECT.upsert(table), [[_to_sqlite(v) for v in row] for row in rows])

    def _delete(self, c: SQLiteCursor, table: Table, keys: list[Key]) -> None:
        if keys:
            c.executemany(DIALECT.delete(table), [[_to_sqlite(v) for v in key] for key in keys])

    def _drop(self, c: SQLiteCursor) -> None:
        for table in iter_tables():
            c.execute(DIALECT.drop(table))
        c.execute(
            f"DELETE FROM {TRACKING_TABLE} WHERE application_name = ?", (self.application_name,)
        )

    def transaction_sql(self) -> ViewsSql:
        # Whether every table is there (one missing leaves the views to follow); the
        # store's transaction holds SQLite's write lock: no other lock to take.
        names = (META.name, TRACKING_TABLE, *(table.name for table in VIEW_TABLES))
        return ViewsSql(
            DIALECT,
            f"SELECT COUNT(*) = {len(names)} FROM sqlite_master WHERE type = 'table' "
            f"AND name IN ({', '.join('?' * len(names))})",
            names,
            lock="",
        )

    def settle(self) -> bool:
        return True

    def waiter(self) -> nullcontext[Waiter]:
        return nullcontext(PollingWaiter())
