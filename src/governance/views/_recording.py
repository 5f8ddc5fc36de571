"""The persisted views kept in the transaction of a recording.

A recording made through the library saves its events, the register rows of the
streams it writes (see `governance.store._registers`) and, where the views are current
at the position just before its first new event, the views' rows that those events
change, in one transaction: so after it commits the views are not behind the log. The
store gives the transaction (`RegisterTables.after_insert` calls `RecordingViews.keep`,
which the recording hands the save as ``views=``); what is written is decided here.

The views keep their date (``status_as_of``): the rows are made as of it, and are
exactly those a fresh write of the follower as of that date gives. Of the tabled items,
assignments, mandates and obligations, the rows of every body the written streams
concern (see `stream_bodies`) are made again from what the registers show for those
bodies on that date (`RegisterTables.sources_of_bodies`); of the meetings, the row of
each meeting whose stream was written, from that stream alone.

The views are left alone (``governance follow`` catches them up) where they do not
exist, are behind the log or the registers are, or were made by another version; where
an event is dated after the views' date (a follower moves the date to it, so that the
views' rows are as of a date on or after every event's); and where a correction
retracts an event of the latest date the views know and nothing new keeps that date
(the follower reads the dates of the whole log again for that).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application

from governance._log import logger
from governance._reading import LogReader
from governance.domain.events import BodyEvent, EntryCorrected, Event
from governance.registers import meetings_of_rows, view_of_streams
from governance.store import RegisterTables, Tx, stream_uuid
from governance.views._query import views_recorder
from governance.views._rows import Tables, meeting_rows, view_rows
from governance.views._schema import (
    ASSIGNMENTS,
    MANDATES,
    MEETINGS,
    OBLIGATIONS,
    SCHEMA_VERSION,
    TABLED_ITEMS,
    TRACKING_TABLE,
    VIEW_TABLES,
    ColumnKind,
    Key,
    Row,
    Table,
    Value,
)
from governance.views._store import ViewsSql, ViewsUnavailableError, changes

#: Up to this many bodies (or meetings) are named in one query.
CHUNK = 500


class RecordingViews:
    """Keeps the persisted views of one store in its recordings' transactions."""

    def __init__(self, sql: ViewsSql, application_name: str, log: LogReader) -> None:
        self.sql = sql
        self.application_name = application_name
        self.log = log
        dialect, q = sql.dialect, sql.dialect.qualify
        self._meta = dialect.select_meta() + sql.lock
        self._position = (
            f"SELECT MAX(notification_id) FROM {q(TRACKING_TABLE)} WHERE application_name = ?"
        )
        self._track = (
            f"UPDATE {q(TRACKING_TABLE)} SET notification_id = ? "
            "WHERE application_name = ? AND notification_id = ?"
        )
        self._first_track = f"INSERT INTO {q(TRACKING_TABLE)} VALUES (?, ?)"
        self._update_meta = dialect.update_meta()
        # The rows the views hold of the bodies (and meetings) now: only those that
        # change are written.
        by_body = "body_id IN ({marks})"
        self._select = {
            table.name: f"{dialect.select(table)} WHERE {where}"
            for table, where in (
                (TABLED_ITEMS, by_body),
                (ASSIGNMENTS, by_body),
                (MANDATES, "issued_to IN ({marks})"),
                (
                    OBLIGATIONS,
                    f"mandate_id IN (SELECT mandate_id FROM {q(MANDATES.name)} "
                    "WHERE issued_to IN ({marks}))",
                ),
                (MEETINGS, "meeting_id IN ({marks})"),
            )
        }
        self._delete = {table.name: dialect.delete(table) for table in VIEW_TABLES}
        self._insert = {table.name: dialect.upsert(table) for table in VIEW_TABLES}

    @classmethod
    def of(cls, app: Application[UUID], log: LogReader) -> RecordingViews | None:
        """For the application's store; None for one that cannot hold views."""
        try:
            recorder = views_recorder(app)
        except ViewsUnavailableError:
            return None
        return cls(recorder.transaction_sql(), app.name, log)

    def keep(
        self,
        known: Mapping[UUID, Sequence[Event]],
        new: Sequence[Event],
        tables: RegisterTables,
        tx: Tx,
        positions: Sequence[int],
    ) -> None:
        """In the transaction that inserted ``new`` (the recording's events, in order) at
        ``positions`` and made their streams' register rows: the views' rows they change,
        their position and their latest date, if the views were current before them.
        ``known`` holds every event of the streams the recording loaded (its own among
        them): of those, the streams it writes are not read again."""
        if not positions or not new:
            return
        as_of = self._current_as_of(tables, tx, positions)
        if as_of is None:
            return
        status_as_of, stored_latest, previous = as_of
        found, latest = latest_event_on(stored_latest, new)
        if not found:
            logger.debug("governance.views_left_to_follow", reason="latest date retracted")
            return
        if latest is not None and latest > status_as_of:
            # a follower would move the date to it: the views' rows are as of a date on
            # or after every event's (what the documented queries rely on)
            logger.debug("governance.views_left_to_follow", reason="dated after the views")
            return
        written = list(dict.fromkeys(event.stream_name for event in new))
        # Of the streams the recording loaded, only those it writes are taken as it knows
        # them: the insert's version check holds them unchanged since it read them. Any
        # other (a body's, an item a reference loaded) another writer may have changed
        # since: read in ``tx``.
        own = {stream_uuid(name) for name in written}
        known = {stream: events for stream, events in known.items() if stream in own}
        bodies = tables.bodies_of_streams(tx, written)
        names, meeting_register_rows = tables.sources_of_bodies(tx, status_as_of, bodies)
        view = view_of_streams(
            self._streams(known, tables, tx, names),
            meetings=meetings_of_rows(meeting_register_rows, as_of=status_as_of),
            as_of=status_as_of,
        )
        rows = of_bodies(view_rows(view, as_of=status_as_of), bodies)
        meetings = [name for name in written if name.startswith("meeting:")]
        held = view_of_streams(self._streams(known, tables, tx, meetings), as_of=status_as_of)
        rows[MEETINGS.name] = {MEETINGS.key(row): row for row in meeting_rows(held)}
        meeting_ids = [name.partition(":")[2] for name in meetings]
        for table in VIEW_TABLES:
            keys = meeting_ids if table is MEETINGS else bodies
            gone, changed = changes(self._stored(tx, table, keys), rows[table.name])
            tx.run_many(self._delete[table.name], gone)
            tx.run_many(self._insert[table.name], changed)
        now = datetime.now(UTC)
        tx.run(self._update_meta, (status_as_of, latest, now, self.application_name))
        if previous is None:
            tx.run(self._first_track, (self.application_name, max(positions)))
        else:
            tx.run(self._track, (max(positions), self.application_name, previous))

    def _stored(self, tx: Tx, table: Table, keys: Sequence[str]) -> dict[Key, Row]:
        """The rows ``table`` holds of the bodies (or meetings) ``keys``, by key."""
        rows: dict[Key, Row] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            query = self._select[table.name].replace("{marks}", marks)
            for raw in tx.rows(query, chunk):
                row = tuple(_value(tx, c.kind, v) for c, v in zip(table.columns, raw, strict=True))
                rows[table.key(row)] = row
        return rows

    def _current_as_of(
        self, tables: RegisterTables, tx: Tx, positions: Sequence[int]
    ) -> tuple[date, date | None, int | None] | None:
        """The views' date, latest date and position, their write lock taken, if they
        exist, are of this version and hold the events up to the last position before
        ``positions`` as the registers now hold them up to the last of them; else None."""
        ((exists,),) = tx.rows(self.sql.exists, self.sql.exists_params)
        if not exists:
            return None
        meta = tx.rows(self._meta, (self.application_name,))
        if not meta:
            return None
        _, version, status_as_of, latest, _ = meta[0]
        if version != SCHEMA_VERSION or status_as_of is None:
            return None
        ((position,),) = tx.rows(self._position, (self.application_name,))
        made_to, before = tables.made_before(tx, min(positions))
        if (position or 0) != before or made_to != max(positions):
            logger.debug("governance.views_left_to_follow", reason="behind")
            return None
        day = tx.day(status_as_of)
        assert day is not None
        return day, tx.day(latest), position  # None: written when the log was empty

    def _streams(
        self,
        known: Mapping[UUID, Sequence[Event]],
        tables: RegisterTables,
        tx: Tx,
        names: list[str],
    ) -> list[Sequence[Event]]:
        """The events of the named streams: those in ``known``, the others read in
        ``tx``."""
        ids = {name: stream_uuid(name) for name in names}
        unknown = [name for name in names if ids[name] not in known]
        read = self.log.take_stream_events(tables.states_in(tx, unknown))
        return [known[ids[name]] for name in names if ids[name] in known] + list(read)


def _value(tx: Tx, kind: ColumnKind, value: Any) -> Value:
    """A value as the views' rows hold it, from the database's."""
    if value is None:
        return None
    if kind == "date":
        return tx.day(value)
    if kind == "boolean":
        return bool(value)
    return cast(Value, value)


def latest_event_on(latest: date | None, new: Sequence[Event]) -> tuple[bool, date | None]:
    """The latest date of an event the follower counts (see `Follower._note_dates`: not
    a body's, nor a correction) once ``new`` is added to a log whose latest is
    ``latest``; and whether that is known without the whole log's dates: not where a
    correction among them retracted an event of that date and no new event has it."""
    retracted = [
        gone
        for event in new
        if isinstance(event, EntryCorrected)
        for gone in event.retracted
        if not isinstance(gone, BodyEvent)
    ]
    dates = [
        event.occurred_on
        for event in new
        if not isinstance(event, BodyEvent | EntryCorrected) and event not in retracted
    ]
    newest = max(dates, default=None)
    result = max((day for day in (latest, newest) if day is not None), default=None)
    if not retracted or (newest is not None and newest == result):
        return True, result
    return result is not None and all(gone.occurred_on < result for gone in retracted), result


def of_bodies(tables: Tables, bodies: Iterable[str]) -> Tables:
    """Of the rows of the tabled items, assignments, mandates and obligations, those of
    ``bodies``: by the body of the item or assignment, the body a mandate is issued to,
    and the mandate of an obligation."""
    wanted = set(bodies)

    def keep(name: str, body_column: int) -> dict[Any, Row]:
        return {key: row for key, row in tables[name].items() if row[body_column] in wanted}

    mandates = keep(MANDATES.name, 2)
    return {
        TABLED_ITEMS.name: keep(TABLED_ITEMS.name, 1),
        ASSIGNMENTS.name: keep(ASSIGNMENTS.name, 2),
        MANDATES.name: mandates,
        OBLIGATIONS.name: {
            key: row for key, row in tables[OBLIGATIONS.name].items() if (row[0],) in mandates
        },
        MEETINGS.name: {},
    }
