"""The persisted views in the store's own database: the part both adapters share.

A views recorder is an eventsourcing ``TrackingRecorder`` with the view tables added
(as eventsourcing's own projection tests do it). Every write changes the rows and the
tracking position in one transaction, after taking the views' write lock, so the rows
always hold exactly the events up to the tracked position, whatever crashes or other
followers do. The SQLite and PostgreSQL adapters supply the primitives.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Generic, TypeVar

import attrs
from eventsourcing.persistence import TrackingRecorder

from governance.domain.errors import GovernanceError
from governance.domain.messages import msg
from governance.views._rows import Tables
from governance.views._schema import META, SCHEMA_VERSION, VIEW_TABLES, Dialect, Key, Row, Table

C = TypeVar("C")


class ViewsUnavailableError(GovernanceError):
    """The store cannot keep persisted views, or they cannot be used as they are."""


@attrs.frozen
class Meta:
    """The row of ``governance_views``."""

    schema_version: int
    status_as_of: date | None = None
    latest_event_on: date | None = None
    updated_at: datetime | None = None


@attrs.frozen
class Persisted:
    """What the view tables hold: the rows for the events up to ``position``."""

    position: int
    meta: Meta | None
    rows: Tables


@attrs.frozen
class Snapshot:
    """The views and the log read in one transaction."""

    exists: bool
    position: int
    log_position: int
    meta: Meta | None = None
    rows: Tables = attrs.field(factory=dict)

    @property
    def lag(self) -> int:
        """How many log positions the views are behind."""
        return max(0, self.log_position - self.position)


@attrs.frozen
class ViewsSql:
    """How the store's own transactions reach the views' tables (see
    `governance.views._recording`): the shared statements with ``?`` for parameters."""

    dialect: Dialect
    #: One row, true where the views' tables exist and may be written, given
    #: ``exists_params``.
    exists: str
    exists_params: tuple[object, ...]
    #: What makes reading the row of ``governance_views`` take the views' write lock.
    lock: str


class Waiter(ABC):
    """Waits for news of the log: a notification, the stop signal, or a timeout."""

    @abstractmethod
    def wait(self, stop: threading.Event, timeout: float) -> None: ...


class PollingWaiter(Waiter):
    def wait(self, stop: threading.Event, timeout: float) -> None:
        stop.wait(timeout)


class ViewsRecorder(TrackingRecorder, ABC, Generic[C]):
    """The view tables and their tracking position in one database."""

    application_name: str

    # --- what each adapter provides ---------------------------------------------------

    @abstractmethod
    def create_table(self) -> None:
        """Create the tracking table, the view tables and the row of ``governance_views``."""

    @abstractmethod
    def _read_transaction(self) -> AbstractContextManager[C]:
        """A transaction that sees one snapshot of the database."""

    @abstractmethod
    def _write_transaction(self) -> AbstractContextManager[C]:
        """A transaction holding the views' write lock, committed on success."""

    def _drop_transaction(self) -> AbstractContextManager[C]:
        """A transaction in which the tables may be dropped: the views' write lock taken
        after whatever a recording that keeps the views takes before it (see
        `governance.views._recording`), so that neither waits for the other's."""
        return self._write_transaction()

    @abstractmethod
    def _tables_exist(self, c: C) -> bool: ...

    @abstractmethod
    def _read_meta(self, c: C) -> Meta | None: ...

    @abstractmethod
    def _write_meta(self, c: C, meta: Meta) -> None: ...

    @abstractmethod
    def _position(self, c: C) -> int:
        """The tracked position of the views (0 if none)."""

    @abstractmethod
    def _track(self, c: C, position: int) -> None:
        """Record the new tracked position (eventsourcing's tracking insert)."""

    @abstractmethod
    def _log_position(self, c: C) -> int:
        """The last position of the application's log."""

    @abstractmethod
    def _select(self, c: C, table: Table) -> list[Row]: ...

    @abstractmethod
    def _upsert(self, c: C, table: Table, rows: list[Row]) -> None: ...

    @abstractmethod
    def _delete(self, c: C, table: Table, keys: list[Key]) -> None: ...

    @abstractmethod
    def _drop(self, c: C) -> None:
        """Drop the view tables and forget the tracked position."""

    @abstractmethod
    def transaction_sql(self) -> ViewsSql:
        """How the store's own transactions reach these tables."""

    @abstractmethod
    def settle(self) -> bool:
        """Wait (briefly) until every transaction that may still be writing to the log
        has ended, so that a gap in the positions seen before is final. False if that
        did not happen in time."""

    @abstractmethod
    def waiter(self) -> AbstractContextManager[Waiter]:
        """Something to wait on for new events (LISTEN/NOTIFY, or polling)."""

    # --- shared -----------------------------------------------------------------------

    def prepare(self, *, rebuild: bool = False) -> None:
        """Create the tables if need be; rebuild them (empty, position 0) when asked or
        when an older version of governance made them."""
        self.create_table()
        snapshot = self.read()
        version = snapshot.meta.schema_version if snapshot.meta else SCHEMA_VERSION
        if version > SCHEMA_VERSION and not rebuild:
            raise ViewsUnavailableError(
                msg(
                    "views.newer-version",
                    "the persisted views were made by a newer version of governance (tables "
                    "version {version}, this version reads {supported}); upgrade governance, or "
                    "run `governance follow --rebuild` to rebuild them with this version",
                    version=version,
                    supported=SCHEMA_VERSION,
                )
            )
        if rebuild or version != SCHEMA_VERSION:
            with self._drop_transaction() as c:
                self._drop(c)
            self.create_table()

    def read(self, *, rows: bool = False) -> Snapshot:
        """The views' position, the log's position, and (with ``rows``) the rows, all
        from one snapshot of the database."""
        with self._read_transaction() as c:
            log_position = self._log_position(c)
            if not self._tables_exist(c):
                return Snapshot(exists=False, position=0, log_position=log_position)
            meta = self._read_meta(c)
            tables: Tables = {}
            if rows and meta is not None and meta.schema_version == SCHEMA_VERSION:
                tables = self._select_all(c)
            return Snapshot(True, self._position(c), log_position, meta, tables)

    def write(
        self, *, position: int, rows: Tables, meta: Meta, known: Persisted | None
    ) -> Persisted:
        """Make the tables hold ``rows`` for the events up to ``position``, in one
        transaction with the tracking position.

        ``known`` is what this writer last saw in the tables; if another writer has
        written since, the tables are read again first. If another writer is already
        further along the log, nothing is written.
        """
        with self._write_transaction() as c:
            current = self._position(c)
            stored_meta = self._read_meta(c)
            if known is None or known.position != current or known.meta != stored_meta:
                known = Persisted(current, stored_meta, self._select_all(c))
            if position < current:
                return known
            for table in VIEW_TABLES:
                gone, changed = changes(known.rows.get(table.name, {}), rows[table.name])
                self._delete(c, table, gone)
                self._upsert(c, table, changed)
            self._write_meta(c, meta)
            if position > current:
                self._track(c, position)
        return Persisted(position, meta, rows)

    def _select_all(self, c: C) -> Tables:
        return {
            table.name: {table.key(row): row for row in self._select(c, table)}
            for table in VIEW_TABLES
        }

    def meta_row(self, meta: Meta) -> Row:
        return (
            self.application_name,
            meta.schema_version,
            meta.status_as_of,
            meta.latest_event_on,
            meta.updated_at,
        )

    @staticmethod
    def meta_from(row: Row | None) -> Meta | None:
        if row is None:
            return None
        _, version, status_as_of, latest, updated_at = row
        assert isinstance(version, int)
        assert status_as_of is None or isinstance(status_as_of, date)
        assert latest is None or isinstance(latest, date)
        assert updated_at is None or isinstance(updated_at, datetime)
        return Meta(version, status_as_of, latest, updated_at)


def changes(old: dict[Key, Row], new: dict[Key, Row]) -> tuple[list[Key], list[Row]]:
    """What makes a table's ``old`` rows ``new``: the keys to delete, the rows to upsert."""
    return [key for key in old if key not in new], [
        row for key, row in new.items() if old.get(key) != row
    ]


def iter_tables() -> Iterator[Table]:
    """The meta table and the view tables, in creation order."""
    yield META
    yield from VIEW_TABLES
