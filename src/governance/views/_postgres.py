"""The persisted views in the PostgreSQL database (and schema) of the store.

Log positions come from a sequence, allocated before commit. eventsourcing 9.5.6 makes
every writer take ``LOCK TABLE <events> IN EXCLUSIVE MODE`` before it inserts, so a
transaction gets its positions and commits before the next one gets any: positions
become visible in order. Writers that skip that lock (eventsourcing's
``POSTGRES_ENABLE_DB_FUNCTIONS``, or another program inserting rows) can commit a later
position before an earlier one. So the follower does not trust a gap: it first waits
for every transaction still inserting into the log (`settle`), then reads again.

New events are announced by eventsourcing's ``NOTIFY`` on the log's channel; the
follower LISTENs, and polls as well.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import psycopg.errors
from eventsourcing.persistence import OperationalError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from governance.views._schema import (
    META,
    SCHEMA_VERSION,
    TRACKING_TABLE,
    VIEW_TABLES,
    Dialect,
    Key,
    Row,
    Table,
)
from governance.views._store import Meta, ViewsRecorder, ViewsSql, Waiter, iter_tables

#: How long `settle` waits for transactions still inserting into the log.
SETTLE_TIMEOUT_MS = 1000


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _dialect(schema: str) -> Dialect:
    return Dialect(
        placeholder="%s",
        types={
            "text": "text",
            "date": "date",
            "integer": "integer",
            "boolean": "boolean",
            "timestamp": "timestamptz",
        },
        qualify=lambda name: f"{_quote(schema)}.{_quote(name)}",
    )


def _row(table: Table, raw: DictRow) -> Row:
    return tuple(raw[name] for name in table.names)


class PostgresViews(PostgresTrackingRecorder, ViewsRecorder[Cursor[DictRow]]):
    """The view tables and ``governance_tracking`` in the store's schema."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        application_name: str,
        events_table_name: str,
        channel_name: str,
    ) -> None:
        self.application_name = application_name
        self.events_table_name = events_table_name
        self.channel_name = channel_name
        super().__init__(datastore, tracking_table_name=TRACKING_TABLE)
        self.dialect = _dialect(self.datastore.schema)
        self.sql_create_statements.extend(
            SQL(self.dialect.create(table)).format() for table in iter_tables()
        )

    def _sql(self, text: str) -> SQL:
        return SQL(text)

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                self._sql(self.dialect.insert_meta()), (self.application_name, SCHEMA_VERSION)
            )

    @contextmanager
    def _read_transaction(self) -> Iterator[Cursor[DictRow]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield curs

    @contextmanager
    def _write_transaction(self) -> Iterator[Cursor[DictRow]]:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_views(curs)
            yield curs

    def _lock_views(self, curs: Cursor[DictRow]) -> None:
        """The views' write lock: one writer at a time, and (in READ COMMITTED) each
        statement after it sees what the previous writer committed."""
        lock = f"SELECT name FROM {self.dialect.qualify(META.name)} WHERE name = %s FOR UPDATE"
        curs.execute(self._sql(lock), (self.application_name,))

    @contextmanager
    def _drop_transaction(self) -> Iterator[Cursor[DictRow]]:
        with self.datastore.transaction(commit=True) as curs:
            # A recording keeping the views holds the log's lock, then waits for the
            # views' row (holding a lock on their table that DROP waits for): take them
            # in the same order.
            curs.execute(
                SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(
                    Identifier(self.datastore.schema, self.events_table_name)
                )
            )
            self._lock_views(curs)
            yield curs

    def _tables_exist(self, c: Cursor[DictRow]) -> bool:
        c.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AS found",
            (self.dialect.qualify(META.name), self.dialect.qualify(TRACKING_TABLE)),
        )
        found = c.fetchone()
        return found is not None and bool(found["found"])

    def _read_meta(self, c: Cursor[DictRow]) -> Meta | None:
        c.execute(self._sql(self.dialect.select_meta()), (self.application_name,))
        raw = c.fetchone()
        return self.meta_from(None if raw is None else _row(META, raw))

    def _write_meta(self, c: Cursor[DictRow], meta: Meta) -> None:
        name, _, *values = self.meta_row(meta)
        c.execute(self._sql(self.dialect.update_meta()), (*values, name))

    def _position(self, c: Cursor[DictRow]) -> int:
        return self._max_tracking_id(self.application_name, c) or 0

    def _track(self, c: Cursor[DictRow], position: int) -> None:
        self._insert_tracking(c, Tracking(self.application_name, position))

    def _log_position(self, c: Cursor[DictRow]) -> int:
        c.execute(
            SQL("SELECT MAX(notification_id) AS max FROM {}").format(
                Identifier(self.datastore.schema, self.events_table_name)
            )
        )
        found = c.fetchone()
        return int(found["max"] or 0) if found else 0

    def _select(self, c: Cursor[DictRow], table: Table) -> list[Row]:
        c.execute(self._sql(self.dialect.select(table)))
        return [_row(table, raw) for raw in c.fetchall()]

    def _upsert(self, c: Cursor[DictRow], table: Table, rows: list[Row]) -> None:
        if rows:
            c.executemany(self._sql(self.dialect.upsert(table)), rows)

    def _delete(self, c: Cursor[DictRow], table: Table, keys: list[Key]) -> None:
        if keys:
            c.executemany(self._sql(self.dialect.delete(table)), keys)

    def _drop(self, c: Cursor[DictRow]) -> None:
        for table in iter_tables():
            c.execute(self._sql(self.dialect.drop(table)))
        c.execute(
            self._sql(
                f"DELETE FROM {self.dialect.qualify(TRACKING_TABLE)} WHERE application_name = %s"
            ),
            (self.application_name,),
        )

    def transaction_sql(self) -> ViewsSql:
        # Whether the tables exist and the recording's role may write them (a writer
        # granted only the log and the registers records as before, leaving the views
        # to follow): SELECT and UPDATE on each, INSERT on all but the meta table (the
        # tracking row of views made on an empty log is inserted), DELETE on the view
        # tables; then the same write lock as `_write_transaction`'s.
        names = [META.name, TRACKING_TABLE, *(table.name for table in VIEW_TABLES)]
        exists = (
            "SELECT CASE WHEN bool_or(t IS NULL) THEN false ELSE bool_and("
            "has_table_privilege(t, 'SELECT') AND has_table_privilege(t, 'UPDATE') AND "
            "(n = 1 OR has_table_privilege(t, 'INSERT')) AND "
            "(n <= 2 OR has_table_privilege(t, 'DELETE'))"
            ") END FROM (SELECT to_regclass(name) AS t, n "
            "FROM unnest(?::text[]) WITH ORDINALITY AS named (name, n)) AS tables"
        )
        return ViewsSql(
            attrs.evolve(self.dialect, placeholder="?"),
            exists,
            ([self.dialect.qualify(name) for name in names],),
            lock=" FOR UPDATE",
        )

    def settle(self) -> bool:
        """Wait for the transactions inserting into the log to end.

        Every INSERT holds a ROW EXCLUSIVE lock on the table from before it takes its
        positions until it commits or rolls back; SHARE mode conflicts with it. Once
        granted, every position allocated before is committed or gone for good.
        """
        try:
            with self.datastore.transaction(commit=True) as curs:
                curs.execute(self._sql(f"SET LOCAL lock_timeout = '{SETTLE_TIMEOUT_MS}ms'"))
                curs.execute(
                    SQL("LOCK TABLE {} IN SHARE MODE").format(
                        Identifier(self.datastore.schema, self.events_table_name)
                    )
                )
        except OperationalError as error:
            if isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
                return False
            raise
        return True

    @contextmanager
    def waiter(self) -> Iterator[Waiter]:
        listener = _Listener(self.datastore, self.channel_name)
        try:
            yield listener
        finally:
            listener.close()


class _Listener(Waiter):
    """LISTENs on the log's channel in a thread; `wait` returns on a notification."""

    def __init__(self, datastore: PostgresDatastore, channel: str) -> None:
        self._datastore = datastore
        self._channel = channel
        self._notified = threading.Event()
        self._closing = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._listen, name="governance-listen", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        try:
            with self._datastore.get_connection() as conn:
                conn.execute(SQL("LISTEN {}").format(Identifier(self._channel)))
                try:
                    while not self._closing.is_set():
                        for _ in conn.notifies(timeout=0.2, stop_after=1):
                            self._notified.set()
                finally:
                    conn.execute("UNLISTEN *")
        except BaseException as error:  # handed to the waiting thread
            self._error = error
            self._notified.set()

    def wait(self, stop: threading.Event, timeout: float) -> None:
        step = min(0.1, timeout)
        waited = 0.0
        while waited < timeout and not stop.is_set():
            if self._notified.wait(step):
                break
            waited += step
        self._notified.clear()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        self._closing.set()
        self._thread.join()
