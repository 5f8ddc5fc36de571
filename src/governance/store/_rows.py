"""Every row of the events table, read below eventsourcing: what the audit reads, and
what recording checks a stream against before it decides on it.

eventsourcing reads the log from position 1 on (``select_notifications``) and a stream
by its id (``select_events``). A row stored at position 0 or below is therefore in a
stream but in no log order, a second row at one position can fall between two pages,
and a NULL state fails inside eventsourcing's own reading. The audit must see every such
row, and recording must not decide on a stream the log does not account for.

Rows are ``(position, originator_id, originator_version, topic, state)`` as stored, any
of them possibly NULL (None). Stores other than SQLite and PostgreSQL (memory, or an
engine eventsourcing reaches through another module) give None: they are read through
eventsourcing as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

RawRow = tuple[Any, Any, Any, Any, Any]

#: One stream's rows as ``(originator_version, position)``, in order of version.
StreamRows = list[tuple[Any, Any]]

_COLUMNS = "originator_id, originator_version, topic, state"


def _originator(value: Any) -> Any:
    """The originator id as eventsourcing gives it (a UUID, as text), or as stored."""
    if isinstance(value, UUID):
        return str(value)
    try:
        return str(UUID(value)) if isinstance(value, str) else value
    except ValueError:
        return value


def _state(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


class _Queries:
    """The statements of one kind of store, and how to run them."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.run: Callable[[Any, Sequence[Any]], list[Any]]
        if isinstance(recorder, SQLiteApplicationRecorder):
            self._sqlite(recorder)
        else:
            self._postgres(recorder)

    def _sqlite(self, recorder: SQLiteApplicationRecorder) -> None:
        table = recorder.events_table_name
        rows = f"SELECT rowid, {_COLUMNS} FROM {table}"
        order = "ORDER BY rowid, originator_id, originator_version"
        self.first: Any = f"{rows} {order} LIMIT ?"
        self.after: Any = f"{rows} WHERE rowid > ? {order} LIMIT ?"
        self.at: Any = f"{rows} WHERE rowid = ? {order}"
        self.unplaced: Any = None  # a rowid is never NULL
        self.duplicated: Any = None  # nor shared
        self.streams: Callable[[int], Any] = lambda count: (
            f"SELECT originator_id, originator_version, rowid FROM {table} WHERE "
            f"originator_id IN ({','.join('?' * count)}) ORDER BY originator_version"
        )

        def run(statement: Any, params: Sequence[Any]) -> list[Any]:
            with recorder.datastore.transaction(commit=False) as c:
                c.execute(statement, params)
                return [tuple(row) for row in c.fetchall()]

        self.run = run
        self.stream_id: Callable[[UUID], Any] = lambda id_: id_.hex

    def _postgres(self, recorder: ApplicationRecorder) -> None:
        from psycopg.sql import SQL, Identifier  # noqa: PLC0415 (optional: postgres)

        datastore = recorder.datastore  # type: ignore[attr-defined]
        names = {
            "table": SQL("{}.{}").format(
                Identifier(datastore.schema),
                Identifier(recorder.events_table_name),  # type: ignore[attr-defined]
            )
        }
        rows = f"SELECT notification_id, {_COLUMNS} FROM {{table}}"
        order = "ORDER BY notification_id, originator_id, originator_version"
        self.first = SQL(f"{rows} {order} LIMIT %s").format(**names)
        self.after = SQL(f"{rows} WHERE notification_id > %s {order} LIMIT %s").format(**names)
        self.at = SQL(f"{rows} WHERE notification_id = %s {order}").format(**names)
        self.unplaced = SQL(f"{rows} WHERE notification_id IS NULL {order}").format(**names)
        self.duplicated = SQL(
            "SELECT notification_id FROM {table} GROUP BY notification_id "
            "HAVING COUNT(*) > 1 ORDER BY notification_id"
        ).format(**names)
        self.streams = lambda count: SQL(
            "SELECT originator_id, originator_version, notification_id FROM {table} "
            "WHERE originator_id IN ({marks}) ORDER BY originator_version"
        ).format(marks=SQL(",").join([SQL("%s")] * count), **names)

        def run(statement: Any, params: Sequence[Any]) -> list[Any]:
            with datastore.transaction(commit=False) as curs:
                curs.execute(statement, params)
                return [tuple(row.values()) for row in curs.fetchall()]

        self.run = run
        self.stream_id = lambda id_: id_


def _queries(recorder: ApplicationRecorder) -> _Queries | None:
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _Queries(recorder)
    try:
        from eventsourcing.postgres import PostgresApplicationRecorder  # noqa: PLC0415
    except ImportError:  # psycopg is not installed: no PostgreSQL store either
        return None
    return _Queries(recorder) if isinstance(recorder, PostgresApplicationRecorder) else None


def _row(row: Sequence[Any]) -> RawRow:
    position, originator_id, version, topic, state = row
    return position, _originator(originator_id), version, topic, _state(state)


def raw_pages(
    recorder: ApplicationRecorder, size: int, stop: int
) -> Iterator[list[RawRow]] | None:
    """Every row of the events table up to position ``stop``, in order of position (rows
    without one first), a page of about ``size`` at a time; None for a store read through
    eventsourcing."""
    queries = _queries(recorder)
    if queries is None:
        return None
    return _pages(queries, size, stop)


def _pages(queries: _Queries, size: int, stop: int) -> Iterator[list[RawRow]]:
    if queries.unplaced is not None and (unplaced := queries.run(queries.unplaced, ())):
        yield [_row(row) for row in unplaced]
    after: int | None = None
    while True:
        if after is None:
            rows = queries.run(queries.first, (size,))
        else:
            rows = queries.run(queries.after, (after, size))
        if not rows:
            return
        last = rows[-1][0]
        if len(rows) == size:  # rows sharing the last position may go on past the page
            rows = [row for row in rows if row[0] != last] + queries.run(queries.at, (last,))
        yield [_row(row) for row in rows if row[0] <= stop]
        if last >= stop:
            return
        after = last


def duplicated_positions(recorder: ApplicationRecorder) -> list[int]:
    """The positions that more than one row holds (none where the store forbids it)."""
    queries = _queries(recorder)
    if queries is None or queries.duplicated is None:
        return []
    return [row[0] for row in queries.run(queries.duplicated, ())]


def stream_rows(
    recorder: ApplicationRecorder, originator_ids: Sequence[UUID]
) -> dict[UUID, StreamRows] | None:
    """The ``(originator_version, position)`` of every row of the streams, in order of
    version; None for a store read through eventsourcing."""
    queries = _queries(recorder)
    if queries is None or not originator_ids:
        return None
    statement = queries.streams(len(originator_ids))
    found: dict[UUID, StreamRows] = {id_: [] for id_ in originator_ids}
    wanted = {queries.stream_id(id_): id_ for id_ in originator_ids}
    for originator_id, version, position in queries.run(statement, list(wanted)):
        found[wanted[originator_id]].append((version, position))
    return found


def stream_disagreement(rows: StreamRows) -> tuple[Any, str] | None:
    """Where a stream's rows disagree with the log, and how: its versions must run 1, 2,
    3... and each must be stored at a position of the log, after the one before."""
    previous = 0
    for expected, (version, position) in enumerate(rows, 1):
        if not isinstance(position, int) or position < 1:
            return position, f"its version {version} is stored outside the log's order"
        if version != expected:
            return position, f"it goes from version {expected - 1} to {version}"
        if position <= previous:
            return position, f"its version {version} comes before version {version - 1}"
        previous = position
    return None
