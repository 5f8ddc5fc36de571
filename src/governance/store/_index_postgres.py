"""The body index (see `governance.store._index`) on PostgreSQL; imported only when the
store is PostgreSQL, so that psycopg stays optional."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from governance.store._index import BODIES, INDEX_TABLE, STATE_TABLE, index_rows


class PostgresIndexedRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder, keeping the body index."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        names = {
            "schema": Identifier(datastore.schema),
            "events": Identifier(self.events_table_name),
            "index": Identifier(INDEX_TABLE),
            "state": Identifier(STATE_TABLE),
        }

        def sql(text: str) -> Composed:
            return SQL(text).format(**names)

        self.sql_create_statements += [
            sql(
                "CREATE TABLE IF NOT EXISTS {schema}.{index} (body text NOT NULL, "
                "position bigint NOT NULL, PRIMARY KEY (body, position))"
            ),
            sql(
                "CREATE TABLE IF NOT EXISTS {schema}.{state} (id integer PRIMARY KEY "
                "CHECK (id = 1), indexed_to bigint NOT NULL)"
            ),
            sql("INSERT INTO {schema}.{state} VALUES (1, 0) ON CONFLICT (id) DO NOTHING"),
        ]
        self.insert_index_statement = sql(
            "INSERT INTO {schema}.{index} VALUES (%s, %s) ON CONFLICT DO NOTHING"
        )
        self.select_indexed_statement = sql("SELECT indexed_to FROM {schema}.{state}")
        self.select_lag_statement = sql(
            "SELECT indexed_to, (SELECT COALESCE(MAX(notification_id), 0) "
            "FROM {schema}.{events}) AS last FROM {schema}.{state}"
        )
        self.move_indexed_statement = sql(
            "UPDATE {schema}.{state} SET indexed_to = %s WHERE indexed_to = %s"
        )
        # indexed_to moves to the new events' last position if it was at the last before
        # (the events table is locked while events are inserted)
        self.advance_statement = sql(
            "UPDATE {schema}.{state} SET indexed_to = %s WHERE indexed_to = "
            "(SELECT COALESCE(MAX(notification_id), 0) FROM {schema}.{events} "
            "WHERE notification_id < %s)"
        )
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
        self.select_body_statement = sql(
            "SELECT e.notification_id, e.topic, e.state FROM {schema}.{index} i "
            "JOIN {schema}.{events} e "
            "ON e.notification_id = i.position "
            "WHERE i.body = %s AND i.position > %s ORDER BY i.position"
        )

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        rows = index_rows(stored_events, positions, kwargs)
        if positions and BODIES in kwargs:
            if rows:
                curs.executemany(self.insert_index_statement, rows)
            curs.execute(self.advance_statement, (max(positions), min(positions)))
        return positions

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

    def index_is_written(self) -> bool:
        # eventsourcing's database-function path of inserting skips the hook above
        return not self.datastore.enable_db_functions

    def indexed_to(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_indexed_statement)
            row = curs.fetchone()
        return int(row["indexed_to"]) if row else 0

    def index_lag(self) -> tuple[int, int]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_lag_statement, prepare=True)
            row = curs.fetchone()
        if row is None:
            return 0, self.max_notification_id() or 0
        return int(row["indexed_to"]), int(row["last"])

    def backfill_index(self, rows: Sequence[tuple[str, int]], *, after: int, to: int) -> None:
        with self.datastore.transaction(commit=True) as curs:
            if rows:
                curs.executemany(self.insert_index_statement, rows)
            curs.execute(self.move_indexed_statement, (to, after))

    def select_body_states(self, body: str, *, after: int) -> list[tuple[int, str, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_body_statement, (body, after), prepare=True)
            return [
                (row["notification_id"], row["topic"], bytes(row["state"]))
                for row in curs.fetchall()
            ]
