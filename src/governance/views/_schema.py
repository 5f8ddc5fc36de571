"""The persisted views' tables, column by column, and the SQL both adapters share.

Each table is a spec; the SQLite and PostgreSQL adapters turn it into their own DDL
(types) and statements (placeholders, qualified names). docs/deployment.md documents
every column here, and a test holds the two to each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Literal

import attrs

#: The version of the tables below; another version is rebuilt by ``governance follow``.
SCHEMA_VERSION = 2

#: The eventsourcing tracking table the views' position is kept in (one row per application).
TRACKING_TABLE = "governance_tracking"

ColumnKind = Literal["text", "date", "integer", "boolean", "timestamp"]
Value = str | int | bool | date | datetime | None
Row = tuple[Value, ...]
Key = tuple[Value, ...]


@attrs.frozen
class Column:
    name: str
    kind: ColumnKind
    nullable: bool = False


@attrs.frozen
class Table:
    """A table; its first ``key_length`` columns are the primary key."""

    name: str
    columns: tuple[Column, ...]
    key_length: int = 1

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def key_names(self) -> tuple[str, ...]:
        return self.names[: self.key_length]

    def key(self, row: Row) -> Key:
        return row[: self.key_length]


def _c(name: str, kind: ColumnKind, *, null: bool = False) -> Column:
    return Column(name, kind, null)


META = Table(
    "governance_views",
    (
        _c("name", "text"),
        _c("schema_version", "integer"),
        _c("status_as_of", "date", null=True),
        _c("latest_event_on", "date", null=True),
        _c("updated_at", "timestamp", null=True),
    ),
)

TABLED_ITEMS = Table(
    "governance_tabled_items",
    (
        _c("item_id", "text"),
        _c("body_id", "text"),
        _c("title", "text", null=True),
        _c("tabled_on", "date"),
        _c("times_tabled", "integer"),
        _c("due", "text"),
        _c("due_on", "date", null=True),
        _c("missed_meeting_on", "date", null=True),
        _c("taken_up_since_tabled", "boolean"),
        _c("status", "text"),
    ),
)

ASSIGNMENTS = Table(
    "governance_assignments",
    (
        _c("assignment_id", "text"),
        _c("item_id", "text"),
        _c("body_id", "text"),
        _c("assigned_to", "text"),
        _c("task", "text"),
        _c("given_on", "date"),
        _c("due", "text"),
        _c("due_on", "date", null=True),
        _c("next_meeting_on", "date", null=True),
        _c("first_report_on", "date", null=True),
        _c("outcome", "text", null=True),
        _c("outcome_on", "date", null=True),
        _c("status", "text"),
    ),
)

OBLIGATIONS = Table(
    "governance_obligations",
    (
        _c("mandate_id", "text"),
        _c("obligation_id", "text"),
        _c("period", "text"),
        _c("kind", "text"),
        _c("required", "integer", null=True),
        _c("meeting_count", "integer", null=True),
        _c("due_on", "date", null=True),
        _c("fulfilled_on", "date", null=True),
        _c("fulfilled_by", "text", null=True),
        _c("late", "boolean"),
        _c("status", "text"),
        _c("covered_from", "date", null=True),
        _c("covered_to", "date", null=True),
        _c("prorated", "boolean"),
    ),
    key_length=3,
)

MANDATES = Table(
    "governance_mandates",
    (
        _c("mandate_id", "text"),
        _c("issued_by", "text"),
        _c("issued_to", "text"),
        _c("valid_from", "date"),
        _c("valid_to", "date", null=True),
        _c("ended_on", "date", null=True),
        _c("status", "text"),
    ),
)

MEETINGS = Table(
    "governance_meetings",
    (
        _c("meeting_id", "text"),
        _c("body_id", "text"),
        _c("held_on", "date"),
        _c("approved_on", "date", null=True),
        _c("submitted_on", "date", null=True),
    ),
)

#: The tables of rows, in the order they are written.
VIEW_TABLES = (TABLED_ITEMS, ASSIGNMENTS, OBLIGATIONS, MANDATES, MEETINGS)


@attrs.frozen
class Dialect:
    """How one database spells the shared statements."""

    placeholder: str
    types: Mapping[ColumnKind, str]
    qualify: Callable[[str], str]

    def create(self, table: Table) -> str:
        columns = ", ".join(
            f"{column.name} {self.types[column.kind]}{'' if column.nullable else ' NOT NULL'}"
            for column in table.columns
        )
        key = ", ".join(table.key_names)
        name = self.qualify(table.name)
        return f"CREATE TABLE IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({key}))"

    def drop(self, table: Table) -> str:
        return f"DROP TABLE IF EXISTS {self.qualify(table.name)}"

    def select(self, table: Table) -> str:
        return f"SELECT {', '.join(table.names)} FROM {self.qualify(table.name)}"

    def upsert(self, table: Table) -> str:
        values = ", ".join(self.placeholder for _ in table.columns)
        updates = ", ".join(
            f"{name} = excluded.{name}" for name in table.names[table.key_length :]
        )
        return (
            f"INSERT INTO {self.qualify(table.name)} ({', '.join(table.names)}) "
            f"VALUES ({values}) ON CONFLICT ({', '.join(table.key_names)}) DO UPDATE SET {updates}"
        )

    def delete(self, table: Table) -> str:
        where = " AND ".join(f"{name} = {self.placeholder}" for name in table.key_names)
        return f"DELETE FROM {self.qualify(table.name)} WHERE {where}"

    def insert_meta(self) -> str:
        return (
            f"INSERT INTO {self.qualify(META.name)} (name, schema_version) "
            f"VALUES ({self.placeholder}, {self.placeholder}) ON CONFLICT (name) DO NOTHING"
        )

    def select_meta(self) -> str:
        return f"{self.select(META)} WHERE name = {self.placeholder}"

    def update_meta(self) -> str:
        sets = ", ".join(f"{name} = {self.placeholder}" for name in META.names[2:])
        return f"UPDATE {self.qualify(META.name)} SET {sets} WHERE name = {self.placeholder}"
