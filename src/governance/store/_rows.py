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

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    Mapper,
    MapperDeserialisationError,
    Notification,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

from governance.domain.errors import GovernanceError
from governance.domain.messages import msg
from governance.store.mapper import StoredFact

RawRow = tuple[Any, Any, Any, Any, Any]

#: One stream's rows as ``(originator_version, position, damaged)``, in order of
#: version; ``damaged`` when its topic or state is NULL.
StreamRows = list[tuple[Any, Any, Any]]

_DAMAGED = "(topic IS NULL OR state IS NULL)"
NULL_COLUMN = "its topic or state is NULL"

_Read = TypeVar("_Read")


class CorruptRecordError(GovernanceError):
    """A stored event cannot be read back: the store was damaged or altered."""


def unreadable(position: int, why: str) -> CorruptRecordError:
    return CorruptRecordError(
        msg(
            "store.corrupt-event",
            "the stored event at log position {position} cannot be read ({error}); the "
            "store may have been altered: run 'governance audit verify' to see what changed",
            position=position,
            error=why,
        )
    )


def stored_fact(mapper: Mapper[UUID], notification: Notification) -> StoredFact:
    """The stored fact of a notification; a damaged one raises `CorruptRecordError`."""
    if notification.topic is None or notification.state is None:
        raise unreadable(notification.id, NULL_COLUMN)
    try:
        return cast(StoredFact, mapper.to_domain_event(notification))
    except MapperDeserialisationError as error:
        raise unreadable(notification.id, str(error)) from error


def read_rows(
    recorder: ApplicationRecorder,
    read: Callable[[], _Read],
    *,
    after: int,
    stop: int | None = None,
) -> _Read:
    """``read()``, which reads the rows after ``after`` up to ``stop``; a row with a NULL
    topic or state, which psycopg cannot give as bytes, is named by its position."""
    try:
        return read()
    except TypeError as error:
        position = first_damaged(recorder, after, stop)
        if position is None:
            raise
        raise unreadable(position, NULL_COLUMN) from error


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
            f"SELECT originator_id, originator_version, rowid, {_DAMAGED} FROM {table} WHERE "
            f"originator_id IN ({','.join('?' * count)}) ORDER BY originator_version"
        )

        def run(statement: Any, params: Sequence[Any]) -> list[Any]:
            with recorder.datastore.transaction(commit=False) as c:
                c.execute(statement, params)
                return [tuple(row) for row in c.fetchall()]

        self.run = run
        self.stream_id: Callable[[UUID], Any] = lambda id_: id_.hex
        self.damaged: Any = (
            f"SELECT MIN(rowid) FROM {table} WHERE rowid > ? AND rowid <= ? AND {_DAMAGED}"
        )

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
            "SELECT originator_id, originator_version, notification_id, "
            f"{_DAMAGED} FROM {{table}} WHERE originator_id IN ({{marks}}) "
            "ORDER BY originator_version"
        ).format(marks=SQL(",").join([SQL("%s")] * count), **names)

        def run(statement: Any, params: Sequence[Any]) -> list[Any]:
            with datastore.transaction(commit=False) as curs:
                curs.execute(statement, params)
                return [tuple(row.values()) for row in curs.fetchall()]

        self.run = run
        self.stream_id = lambda id_: id_
        self.damaged = SQL(
            "SELECT MIN(notification_id) FROM {table} WHERE notification_id > %s "
            f"AND notification_id <= %s AND {_DAMAGED}"
        ).format(**names)


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
    """The `StreamRows` of the streams; None for a store read through eventsourcing."""
    queries = _queries(recorder)
    if queries is None or not originator_ids:
        return None
    statement = queries.streams(len(originator_ids))
    found: dict[UUID, StreamRows] = {id_: [] for id_ in originator_ids}
    wanted = {queries.stream_id(id_): id_ for id_ in originator_ids}
    for originator_id, version, position, damaged in queries.run(statement, list(wanted)):
        found[wanted[originator_id]].append((version, position, damaged))
    return found


def stream_disagreement(rows: StreamRows) -> tuple[Any, str] | None:
    """Where a stream's rows disagree with the log, and how: its versions must run 1, 2,
    3... and each must be stored at a position of the log, after the one before."""
    previous = 0
    for expected, (version, position, damaged) in enumerate(rows, 1):
        if not isinstance(position, int) or position < 1:
            return position, f"its version {version} is stored outside the log's order"
        if damaged:
            return position, f"its version {version} is damaged (a NULL topic or state)"
        if version != expected:
            return position, f"it goes from version {expected - 1} to {version}"
        if position <= previous:
            return position, f"its version {version} comes before version {version - 1}"
        previous = position
    return None


def first_damaged(recorder: ApplicationRecorder, after: int, stop: int | None) -> int | None:
    """The first position after ``after`` (up to ``stop``) whose row has a NULL topic or
    state; None if there is none, or for a store read through eventsourcing."""
    queries = _queries(recorder)
    if queries is None:
        return None
    ((position,),) = queries.run(queries.damaged, (after, 2**63 - 1 if stop is None else stop))
    return cast(int | None, position)


def refuse_streams_the_log_disagrees_with(
    recorder: ApplicationRecorder, streams: Mapping[UUID, str]
) -> None:
    """Raise `CorruptRecordError` if a stream's stored rows are not the ones the log
    order accounts for (a row hidden at position 0, a version skipped): recording would
    decide on events that status, history and the audit do not see."""
    found = stream_rows(recorder, list(streams))
    for originator_id, rows in (found or {}).items():
        disagreement = stream_disagreement(rows)
        if disagreement is not None:
            position, why = disagreement
            raise CorruptRecordError(
                msg(
                    "store.stream-disagrees",
                    "the stored stream {stream} disagrees with the log at position {position}: "
                    "{why}; nothing was recorded: run 'governance audit verify' to see what "
                    "changed",
                    stream=streams[originator_id],
                    position=position,
                    why=why,
                )
            )
