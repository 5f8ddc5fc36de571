"""The PostgreSQL application recorder (see `governance.store._index`): events and the
register rows of their streams in one transaction; imported only when the store is
PostgreSQL, so that psycopg stays optional."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import MappingProxyType
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

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


class PostgresRegisterRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder, keeping the registers."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        names = {
            "schema": Identifier(datastore.schema),
            "events": Identifier(self.events_table_name),
        }

        def sql(text: str) -> Composed:
            return SQL(text).format(**names)

        self.select_states_statement = sql(
            "SELECT notification_id, topic, state FROM {schema}.{events} "
            "WHERE notification_id > %s AND notification_id <= %s "
            "ORDER BY notification_id LIMIT %s"
        )
        # not MIN(notification_id): PostgreSQL may walk the notification_id index for it
        self.first_position_statement = sql(
            "SELECT notification_id FROM {schema}.{events} WHERE originator_id = %s "
            "ORDER BY originator_version LIMIT 1"
        )
        self.select_states_containing_statement = sql(
            "SELECT notification_id, topic, state FROM {schema}.{events} "
            "WHERE notification_id > %s AND position(%s::bytea in state) > 0 "
            "ORDER BY notification_id LIMIT %s"
        )
        self.select_streams_statement = sql(
            "SELECT originator_id, originator_version, topic, state FROM {schema}.{events} "
            "WHERE originator_id = ANY(%s) ORDER BY originator_version"
        )
        self._registers = PostgresRegisterTables(
            datastore,
            self.events_table_name,
            sql(
                "SELECT originator_id, originator_version, notification_id, topic, state "
                # a row at a position the log does not reach is not read, as the log is not
                "FROM {schema}.{events} WHERE originator_id = ANY(%s) AND notification_id > 0"
            ),
        )
        self.sql_create_statements += [
            SQL(text).format() for text in self._registers.create_statements()
        ]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events and (given ``registers=``, see `governance.store._registers`)
        the register rows of their streams, in one transaction, with the events table
        locked as eventsourcing locks it."""
        make: MakeRows | None = kwargs.get(REGISTERS)
        views: KeepViews | None = kwargs.get(VIEWS)
        if (
            not stored_events
            or make is None
            # eventsourcing's database-function path writes only the events: the
            # registers are caught up when next read
            or self.datastore.enable_db_functions
        ):
            return cast(Sequence[int] | None, super().insert_events(stored_events, **kwargs))
        rows = [
            self.construct_pg_stored_event(s.originator_id, s.originator_version, s.topic, s.state)
            for s in stored_events
        ]
        with self.datastore.transaction(commit=True) as curs:
            for statement in self.lock_table_statements:
                curs.execute(statement, prepare=True)
            curs.execute(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
            curs.execute(self.insert_events_statement, (rows,))
            positions = [int(row["notification_id"]) for row in curs.fetchall()]
            self.registers.after_insert(
                _PostgresTx(curs, self._registers.select_streams),
                positions,
                [_uuid(s.originator_id) for s in stored_events],
                make,
                views,
            )
        return positions

    @property
    def registers(self) -> RegisterTables:
        return self._registers

    def select_states(
        self, *, after: int, stop: int | None, limit: int
    ) -> list[tuple[int, str, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                self.select_states_statement,
                (after, (1 << 63) - 1 if stop is None else stop, limit),
                prepare=True,
            )
            return [
                (row["notification_id"], row["topic"], bytes(row["state"]))
                for row in curs.fetchall()
            ]

    def select_states_containing(
        self, *, after: int, needle: bytes, limit: int
    ) -> list[tuple[int, str, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                self.select_states_containing_statement, (after, needle, limit), prepare=True
            )
            return [
                (row["notification_id"], row["topic"], bytes(row["state"]))
                for row in curs.fetchall()
            ]

    def first_position(self, originator_id: UUID) -> int | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.first_position_statement, (originator_id,), prepare=True)
            row = curs.fetchone()
        return None if row is None else int(row["notification_id"])

    def select_stream_states(
        self, originator_ids: Sequence[UUID]
    ) -> list[tuple[UUID, int, str, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_streams_statement, (list(originator_ids),), prepare=True)
            return [
                (
                    row["originator_id"],
                    row["originator_version"],
                    row["topic"],
                    bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]


def _uuid(originator_id: UUID | str) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)


class _PostgresTx(Tx):
    def __init__(self, curs: Cursor[DictRow], select_streams: Composed) -> None:
        self.curs = curs
        self.select_streams = select_streams

    @staticmethod
    def _sql(text: str) -> str:
        return text.replace("?", "%s")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.curs.execute(self._sql(sql), list(params))
        return [tuple(row.values()) for row in self.curs.fetchall()]

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.curs.execute(self._sql(sql), list(params))

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.curs.executemany(self._sql(sql), [list(row) for row in params])

    def stream_states(self, originator_ids: Sequence[UUID]) -> StreamStates:
        if not originator_ids:
            return {}
        self.curs.execute(self.select_streams, (list(originator_ids),))
        return grouped(
            [
                (
                    row["originator_id"],
                    row["originator_version"],
                    row["notification_id"],
                    row["topic"],
                    # a NULL state (a damaged row) is named by the reader, by its position
                    cast(bytes, None) if row["state"] is None else bytes(row["state"]),
                )
                for row in self.curs.fetchall()
            ]
        )

    def day(self, value: Any) -> date | None:
        assert value is None or isinstance(value, date)
        return value


class PostgresRegisterTables(RegisterTables):
    """The registers in the store's PostgreSQL schema."""

    types = MappingProxyType(
        {"text": "text", "date": "date", "boolean": "boolean", "integer": "bigint"}
    )
    first_state = "INSERT INTO {state} VALUES (1, 0) ON CONFLICT (id) DO NOTHING"

    position = "notification_id"

    def __init__(
        self, datastore: PostgresDatastore, events_table_name: str, select: Composed
    ) -> None:
        self.datastore = datastore
        self.select_streams = select
        schema = datastore.schema
        self.names = {
            "registers": f'"{schema}"."{REGISTERS_TABLE}"',
            "state": f'"{schema}"."{REGISTERS_STATE_TABLE}"',
            "events": f'"{schema}"."{events_table_name}"',
            "references": f'"{schema}"."{REFERENCES_TABLE}"',
            "references_by_stream": f'"{REFERENCES_TABLE}_stream"',
            "subjects": f'"{schema}"."{SUBJECTS_TABLE}"',
            "subjects_by_stream": f'"{SUBJECTS_TABLE}_stream"',
            "stream_bodies": f'"{schema}"."{STREAM_BODIES_TABLE}"',
            "stream_bodies_by_stream": f'"{STREAM_BODIES_TABLE}_stream"',
            "shown": f'"{REGISTERS_TABLE}_shown"',
            "by_body": f'"{REGISTERS_TABLE}_body"',
            "decisions": f'"{schema}"."{DECISIONS_TABLE}"',
            "decisions_by_body": f'"{DECISIONS_TABLE}_body"',
            "version": f'"{schema}"."{VERSION_TABLE}"',
        }

    def missing(self, table: str) -> str:
        return f"to_regclass('{{{table}}}') IS NULL"

    def columns(self, tx: Tx) -> list[str]:
        # the catalog, not information_schema.columns: that shows only the columns of
        # tables the role has a privilege on, and a writer without one would find none
        return [
            str(row[0])
            for row in tx.rows(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                (self.names["registers"],),
            )
        ]

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.datastore.get_connection() as conn, conn.transaction(force_rollback=True):
            curs = conn.cursor()
            curs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield _PostgresTx(curs, self.select_streams)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self.datastore.transaction(commit=True) as curs:
            # the lock eventsourcing takes to insert events: no events are inserted
            # while the rows are made
            curs.execute(SQL("LOCK TABLE {0} IN EXCLUSIVE MODE").format(SQL(self.names["events"])))
            # making the rows of many streams (a store made before the registers, a
            # rebuild) pauses between statements while Python folds each chunk: not
            # idle in the sense of eventsourcing's idle-in-transaction timeout, which
            # ended a million-event catch-up here
            curs.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
            yield _PostgresTx(curs, self.select_streams)
