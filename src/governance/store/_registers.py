"""The registers in the store's own database, kept in the recording transaction.

The table ``governance_registers`` holds the register rows of every stream (see
`governance.registers`): for which dates and which body a stream has something the
status shows. A recording rewrites, in the transaction that saves its events, the rows
of exactly the streams it writes, made from those streams' events as they stand in that
transaction; so after a recording commits the rows are never behind the log.

``governance_registers_state.made_to`` is the position up to which every row of the
log is covered. Saving moves it, in the same transaction, from the last position before
the new events to the last new one; rows saved by anything else (a store made before
the registers existed, a copy made with eventsourcing alone) leave it behind, and
`RegisterTables.catch_up` makes the rows of the streams written since, in one
transaction.

The table ``governance_subjects`` says, for every id in the record, which streams hold
entries of its timeline (see `governance.projections.history.subjects_of`): the
history of one thing reads those streams, not the log.

The table ``governance_stream_bodies`` says, for every stream, which bodies its events
concern (see `governance.registers.stream_bodies`): the decisions, items and meetings of
one body are folded from those streams, not the log.

The table ``governance_decisions`` holds the decisions register (see
`governance.projections.decisions`): a row for each decision, made from its item's
stream, so that the decisions of every body, or of one, since a date and as of a date,
are a query.

The table ``governance_registers_version`` says which version of the tables made the
rows (`VERSION`): tables an earlier version made are made again on first use (see
`RegisterTables.upgrade`).

The rows are derived data: the log stays the truth, and dropping the tables (or
``governance views rebuild``) makes them again from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from governance.domain import ids
from governance.projections.decisions import DecisionRow
from governance.registers import RegisterRow
from governance.store.mapper import stream_uuid

REGISTERS_TABLE = "governance_registers"
REGISTERS_STATE_TABLE = "governance_registers_state"
REFERENCES_TABLE = "governance_references"
SUBJECTS_TABLE = "governance_subjects"
STREAM_BODIES_TABLE = "governance_stream_bodies"
DECISIONS_TABLE = "governance_decisions"
VERSION_TABLE = "governance_registers_version"

#: The version of the register tables' rows: a store whose rows another version made
#: (``governance_registers_version`` holds another, or none though rows were made) has
#: its tables made again (see `RegisterTables.upgrade`). Raise it whenever what the
#: rows of a stream hold changes. 2: ``governance_decisions`` (an earlier version made
#: none, and an empty table cannot tell a store without decisions from rows made
#: without the table).
VERSION = 2

#: The keyword argument of ``Application.save`` that gives the registers' maker.
REGISTERS = "registers"
#: The keyword argument of ``Application.save`` that gives what keeps the persisted views
#: in the same transaction (see `KeepViews`); given only with ``registers=``.
VIEWS = "views"

#: Stored rows of streams, by stream: ``(version, position, topic, state)`` in version
#: order.
StreamStates = Mapping[UUID, Sequence[tuple[int, int, str, bytes]]]

#: The rows made for streams: the streams' names (whose rows are replaced), their new
#: register rows, ``(meeting, stream)``: the meetings each stream refers into,
#: ``(subject, stream, defines)``: the ids whose timelines have entries in each stream,
#: and whether the stream shows that a thing has the id, ``(stream, body)``: the
#: bodies each stream's events concern, and ``(stream, number, decision)``: the
#: decisions of each stream with their numbers within their items.
Made = tuple[
    list[str],
    list[RegisterRow],
    list[tuple[str, str]],
    list[tuple[str, str, bool]],
    list[tuple[str, str]],
    list[tuple[str, int, DecisionRow]],
]

#: Stored rows of streams read for one caller, who may take each stream's rows out as it
#: decodes them (see `LogReader.take_stream_events`): what a status reads is then never
#: held both stored and decoded.
OwnStreamStates = dict[UUID, Sequence[tuple[int, int, str, bytes]]]

#: Reads the stored rows of streams (in the transaction that makes their register rows).
ReadStreams = Callable[[Sequence[UUID]], StreamStates]

#: Makes the rows of streams, given how to read their stored rows (in the transaction
#: that writes the rows: what a maker does not know of a stream, it reads there).
MakeRows = Callable[[Sequence[UUID], ReadStreams], Made]

#: The columns of ``governance_registers``, in order; a table made by an earlier version
#: with others is made again (see `RegisterTables.upgrade`).
COLUMNS = (
    "stream",
    "kind",
    "body",
    "valid_from",
    "valid_to",
    "listed",
    "submitted_on",
    "due_on",
    "due_meeting_after",
    "due_meeting_before",
)

#: The columns of ``governance_decisions``, in order.
DECISION_COLUMNS = (
    "stream",
    "decision_id",
    "number",
    "item_id",
    "title",
    "body_id",
    "meeting_id",
    "decided_on",
    "text",
)

#: Up to this many streams are read in one query.
CHUNK = 500

#: The tables of rows made from each stream (``{name}`` of `RegisterTables.names`),
#: each with a column ``stream``: a stream's rows in all of them are made together.
_OF_STREAMS = ("registers", "references", "subjects", "stream_bodies", "decisions")

#: What a meeting's row holds (see `governance.registers`).
_MEETING_COLUMNS = "stream, body, valid_from, submitted_on"

#: Of the rows ``shown`` on a day (the two parameters), those with something overdue
#: then (see `governance.registers`): a mandate's (its obligations' periods are computed
#: from it and the meetings), or an item's due on an earlier date, or due at a meeting
#: its body has held since (and before the first report, for an assignment). The one
#: reading of the ``due_*`` columns in SQL: it mirrors `Deadline.passed`
#: (``governance.projections._deadline``), whose fields the columns hold, and must change
#: with it; the fold then says which of the rows' things are overdue.
_OVERDUE = (
    "(shown.kind = 'mandate' OR shown.due_on < ? OR (shown.due_meeting_after IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM {registers} AS held WHERE held.body = shown.body "
    "AND held.kind = 'meeting' AND held.valid_from > shown.due_meeting_after "
    "AND held.valid_from <= ? AND (shown.due_meeting_before IS NULL "
    "OR held.valid_from < shown.due_meeting_before))))"
)


@runtime_checkable
class RegisterRecorder(Protocol):
    """A recorder that keeps the registers (see the module's docstring)."""

    @property
    def registers(self) -> RegisterTables: ...


class Tx(ABC):
    """One transaction of the store's database, as the registers use it."""

    @abstractmethod
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def stream_states(self, originator_ids: Sequence[UUID]) -> StreamStates: ...

    @abstractmethod
    def day(self, value: Any) -> date | None:
        """A date as the database gives it back."""


class RegisterTables(ABC):
    """The register tables of one store; the SQLite and PostgreSQL adapters give the
    transactions and the names."""

    #: ``{registers}``, ``{state}`` and ``{events}``: the tables' names as SQL says them.
    names: Mapping[str, str]
    #: the log position column of the events table
    position: str

    @abstractmethod
    def read(self) -> AbstractContextManager[Tx]:
        """A read transaction: one snapshot of the database."""

    @abstractmethod
    def write(self) -> AbstractContextManager[Tx]:
        """A write transaction holding the store's write lock, committed on success."""

    #: The database's names of the column types ``text``, ``date``, ``boolean`` and
    #: ``integer`` (a log position).
    types: Mapping[str, str]
    #: What ends a table's definition (SQLite: ``WITHOUT ROWID``).
    table_options = ""
    #: The statement that adds the state's one row unless it is there.
    first_state: str

    def create_statements(self) -> list[str]:
        """The tables and indexes, in the database's own types."""
        text, day, flag, number = (self.types[k] for k in ("text", "date", "boolean", "integer"))
        return [
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{state}} (id {number} PRIMARY KEY CHECK (id = 1), "
                f"made_to {number} NOT NULL)"
            ),
            self.sql(self.first_state),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{version}} (id {number} PRIMARY KEY CHECK "
                f"(id = 1), version {number} NOT NULL)"
            ),
            # rows made past 0 whose table is made now (dropped, or a version before the
            # table) are not this version's rows: the tables are made again on first use
            self.sql(
                "DELETE FROM {version} WHERE EXISTS (SELECT 1 FROM {state} WHERE made_to > 0) "
                "AND (" + " OR ".join(self.missing(table) for table in _OF_STREAMS) + ")"
            ),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{references}} (meeting {text} NOT NULL, stream "
                f"{text} NOT NULL, PRIMARY KEY (meeting, stream)){self.table_options}"
            ),
            self.sql("CREATE INDEX IF NOT EXISTS {references_by_stream} ON {references} (stream)"),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{subjects}} (subject {text} NOT NULL, stream "
                f"{text} NOT NULL, defines {flag} NOT NULL, PRIMARY KEY (subject, stream))"
                f"{self.table_options}"
            ),
            self.sql("CREATE INDEX IF NOT EXISTS {subjects_by_stream} ON {subjects} (stream)"),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{stream_bodies}} (stream {text} NOT NULL, body "
                f"{text} NOT NULL, PRIMARY KEY (body, stream)){self.table_options}"
            ),
            self.sql(
                "CREATE INDEX IF NOT EXISTS {stream_bodies_by_stream} ON {stream_bodies} (stream)"
            ),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{registers}} (stream {text} NOT NULL, kind {text} "
                f"NOT NULL, body {text} NOT NULL, valid_from {day} NOT NULL, valid_to {day}, "
                f"listed {flag} NOT NULL, submitted_on {day}, due_on {day}, "
                f"due_meeting_after {day}, due_meeting_before {day}, "
                f"PRIMARY KEY (stream, body, valid_from)){self.table_options}"
            ),
            self.sql(
                "CREATE INDEX IF NOT EXISTS {shown} ON {registers} (kind, listed, valid_from)"
            ),
            self.sql(
                "CREATE INDEX IF NOT EXISTS {by_body} ON {registers} (body, kind, valid_from)"
            ),
            self.sql(
                f"CREATE TABLE IF NOT EXISTS {{decisions}} (stream {text} NOT NULL, decision_id "
                f"{text} NOT NULL, number {number} NOT NULL, item_id {text} NOT NULL, title "
                f"{text}, body_id {text} NOT NULL, meeting_id {text} NOT NULL, decided_on "
                f"{day} NOT NULL, text {text} NOT NULL, PRIMARY KEY (stream, decision_id))"
                f"{self.table_options}"
            ),
            self.sql(
                "CREATE INDEX IF NOT EXISTS {decisions_by_body} ON {decisions} "
                "(body_id, decided_on)"
            ),
            # a store whose rows are yet to be made is made by this version; one whose
            # rows were made before the table was (by an earlier version) gets no row
            self._version_row(),
        ]

    def _version_row(self) -> str:
        """Says the rows are made by this version where none are made yet."""
        return self.sql(
            f"INSERT INTO {{version}} SELECT 1, {VERSION} FROM {{state}} WHERE made_to = 0 "
            "ON CONFLICT (id) DO NOTHING"
        )

    @abstractmethod
    def columns(self, tx: Tx) -> list[str]:
        """The columns ``governance_registers`` has, in order."""

    def _made_by_this_version(self, tx: Tx) -> bool:
        """Whether the tables are as this version makes them: the registers with its
        columns, and rows made by this version (`VERSION`) or none made yet (an earlier
        version wrote no version, or another; the table made when this version opened
        its store holds none behind rows made up to a position past 0)."""
        if tuple(self.columns(tx)) != COLUMNS:
            return False
        (row,) = tx.rows(
            self.sql(
                "SELECT made_to = 0 OR EXISTS (SELECT 1 FROM {version} WHERE version = ?) "
                "FROM {state}"
            ),
            (VERSION,),
        )
        return bool(row[0])

    def upgrade(self) -> bool:
        """Make the tables' rows again, empty and behind the whole log (so that the next
        read makes them), if an earlier version made them (see `_made_by_this_version`);
        whether it did. Tables with this version's columns are kept and emptied, as
        `rebuild` empties them (their grants stay, and no owner is needed), the tables
        an earlier version did not have made; the registers with other columns are
        made again (dropped and created)."""
        with self.read() as tx:
            if self._made_by_this_version(tx):
                return False
        with self.write() as tx:
            if self._made_by_this_version(tx):
                return False
            if tuple(self.columns(tx)) != COLUMNS:
                for table in (*_OF_STREAMS, "version"):
                    tx.run(self.sql(f"DROP TABLE IF EXISTS {{{table}}}"))
            for statement in self.create_statements():
                tx.run(statement)
            for table in _OF_STREAMS:
                tx.run(self.sql(f"DELETE FROM {{{table}}}"))
            tx.run(self.sql("UPDATE {state} SET made_to = 0"))
            tx.run(
                self.sql(
                    f"INSERT INTO {{version}} VALUES (1, {VERSION}) "
                    "ON CONFLICT (id) DO UPDATE SET version = excluded.version"
                )
            )
        return True

    @abstractmethod
    def missing(self, table: str) -> str:
        """An SQL condition: the table ``{table}`` (of `names`) is not in the database."""

    def sql(self, text: str) -> str:
        return text.format(**self.names)

    # --- writing ----------------------------------------------------------------------

    def after_insert(
        self,
        tx: Tx,
        positions: Sequence[int],
        originator_ids: Sequence[UUID],
        make: MakeRows,
        views: KeepViews | None = None,
    ) -> None:
        """In the transaction that inserted events at ``positions``: the rows of their
        streams made again, and ``made_to`` moved on if it was at the last position
        before them; then, given ``views``, the persisted views kept (see `KeepViews`)."""
        if not positions:
            return
        self._replace(tx, list(dict.fromkeys(originator_ids)), make)
        tx.run(
            self.sql(
                "UPDATE {state} SET made_to = ? WHERE made_to = (SELECT COALESCE(MAX("
                + self.position
                + "), 0) FROM {events} WHERE "
                + self.position
                + " < ?)"
            ),
            (max(positions), min(positions)),
        )
        if views is not None:
            views(self, tx, positions)

    def catch_up(self, make: MakeRows) -> int:
        """Make the rows of the streams written after ``made_to``, in one transaction;
        the number of positions caught up (0: the rows were current)."""
        with self.write() as tx:
            return self._catch_up(tx, make)

    def _catch_up(self, tx: Tx, make: MakeRows) -> int:
        made_to, last = self._lag(tx)
        if made_to >= last:
            return 0
        streams = [
            row[0] if isinstance(row[0], UUID) else UUID(str(row[0]))
            for row in tx.rows(
                self.sql(
                    f"SELECT DISTINCT originator_id FROM {{events}} WHERE {self.position} > ? "
                    f"AND {self.position} <= ?"
                ),
                (made_to, last),
            )
        ]
        self._replace(tx, streams, make)
        tx.run(self.sql("UPDATE {state} SET made_to = ?"), (last,))
        return last - made_to

    def _replace(self, tx: Tx, streams: Sequence[UUID], make: MakeRows) -> None:
        for start in range(0, len(streams), CHUNK):
            chunk = streams[start : start + CHUNK]
            names, rows, references, subjects, bodies, decisions = make(chunk, tx.stream_states)
            gone = [(name,) for name in names]
            for table in _OF_STREAMS:
                tx.run_many(self.sql(f"DELETE FROM {{{table}}} WHERE stream = ?"), gone)
            tx.run_many(self.sql("INSERT INTO {references} VALUES (?, ?)"), references)
            tx.run_many(self.sql("INSERT INTO {subjects} VALUES (?, ?, ?)"), subjects)
            tx.run_many(self.sql("INSERT INTO {stream_bodies} VALUES (?, ?)"), bodies)
            tx.run_many(
                self.sql("INSERT INTO {decisions} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                [
                    (stream, d.id, n, d.item, d.title, d.body, d.meeting, d.decided_on, d.text)
                    for stream, n, d in decisions
                ],
            )
            tx.run_many(
                self.sql("INSERT INTO {registers} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                [
                    (
                        r.stream,
                        r.kind,
                        r.body,
                        r.valid_from,
                        r.valid_to,
                        r.listed,
                        r.submitted_on,
                        r.due_on,
                        r.due_meeting_after,
                        r.due_meeting_before,
                    )
                    for r in rows
                ],
            )

    def rebuild(self, make: MakeRows) -> int:
        """Make every row again from the log, in one transaction: readers see the old
        rows until it commits, then the new ones, never an empty or partial table. The
        number of log positions the new rows cover."""
        with self.write() as tx:
            for table in _OF_STREAMS:
                tx.run(self.sql(f"DELETE FROM {{{table}}}"))
            tx.run(self.sql("UPDATE {state} SET made_to = 0"))
            return self._catch_up(tx, make)

    # --- reading ----------------------------------------------------------------------

    def _lag(self, tx: Tx) -> tuple[int, int]:
        (row,) = tx.rows(
            self.sql(
                "SELECT made_to, (SELECT COALESCE(MAX(" + self.position + "), 0) FROM {events}) "
                "FROM {state}"
            )
        )
        return int(row[0]), int(row[1])

    def lag(self) -> tuple[int, int]:
        """``made_to`` and the last position of the log, read together."""
        with self.read() as tx:
            return self._lag(tx)

    def streams_as_of(
        self, day: date, *, body: str | None, include_all: bool, overdue_only: bool = False
    ) -> tuple[bool, OwnStreamStates, list[RegisterRow]]:
        """What the status as of ``day`` (of ``body`` only, if given) is folded from, read
        in one transaction: the stored rows of the item and mandate streams and of the
        bodies concerned, and the rows of those bodies' meetings (see `meetings_of_rows`).
        With ``overdue_only``, of the items only those with something overdue on ``day``
        (`_OVERDUE`); every mandate still, whose obligations' periods the status computes.
        False (and nothing) if the rows are behind the log."""
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return False, {}, []
            shown = self._shown(
                tx, day, body=body, include_all=include_all, overdue_only=overdue_only
            )
            bodies = sorted({str(b) for _, b in shown} | ({body} if body else set()))
            streams = {str(s) for s, _ in shown}
            meetings = self._of_bodies(tx, day, bodies, streams)
            return True, self._states(tx, sorted(streams)), meetings

    def _of_bodies(
        self, tx: Tx, day: date, bodies: Sequence[str], streams: set[str]
    ) -> list[RegisterRow]:
        """The rows of the bodies' meetings held by ``day`` (see `meetings_of_rows`); the
        bodies' own streams (their members' names for assignments) added to ``streams``."""
        meetings: list[RegisterRow] = []
        for start in range(0, len(bodies), CHUNK):
            chunk = bodies[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            meetings.extend(
                self._meeting_row(tx, row)
                for row in tx.rows(
                    self.sql(
                        f"SELECT {_MEETING_COLUMNS} FROM {{registers}} WHERE kind = 'meeting' "
                        f"AND body IN ({marks}) AND valid_from <= ?"
                    ),
                    [*chunk, day],
                )
            )
            streams.update(  # the bodies' own: their members' names for assignments
                str(row[0])
                for row in tx.rows(
                    self.sql(
                        "SELECT stream FROM {registers} WHERE kind = 'body' AND body IN ("
                        + marks
                        + ")"
                    ),
                    chunk,
                )
            )
        return meetings

    def _shown(
        self, tx: Tx, day: date, *, body: str | None, include_all: bool, overdue_only: bool
    ) -> list[tuple[Any, ...]]:
        """``(stream, body)`` of the item and mandate rows the status as of ``day`` shows
        (see `streams_as_of`)."""
        where = (
            "kind IN ('item', 'mandate') AND valid_from <= ? "
            "AND (valid_to IS NULL OR valid_to > ?)"
        )
        params: list[Any] = [day, day]
        if not include_all or overdue_only:
            where += " AND listed = ?"
            params.append(True)
        if overdue_only:
            where += " AND " + _OVERDUE
            params.extend((day, day))
        if body is not None:
            where += " AND body = ?"
            params.append(body)
        return tx.rows(
            self.sql("SELECT stream, body FROM {registers} AS shown WHERE " + where), params
        )

    def streams_of_views(
        self, day: date, *, after: int
    ) -> tuple[int, bool, OwnStreamStates] | None:
        """What the persisted views as of ``day`` are made from (see
        `governance.views`), read in one transaction: the log position the rows cover;
        whether every position after ``after`` up to it is in the log (a transaction
        that took a position and is still writing, or rolled back, leaves one out); and
        the stored rows of every item and mandate stream with something to show on
        ``day`` (done and cancelled assignments too), of every body and of every held
        meeting (the views list each meeting, its approval among them). None if the
        rows are behind the log."""
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return None
            ((held,),) = tx.rows(
                self.sql("SELECT COUNT(*) FROM {events} WHERE " + self.position + " > ?"),
                [after],
            )
            shown = self._shown(tx, day, body=None, include_all=True, overdue_only=False)
            own = tx.rows(
                self.sql("SELECT stream FROM {registers} WHERE kind IN ('body', 'meeting')")
            )
            streams = {str(row[0]) for row in shown} | {str(row[0]) for row in own}
            return last, int(held) >= last - after, self._states(tx, sorted(streams))

    # --- reading in the recording transaction (the persisted views) ---------------------

    def made_before(self, tx: Tx, first: int) -> tuple[int, int]:
        """``made_to`` and the last log position before ``first``, read in ``tx``."""
        (row,) = tx.rows(
            self.sql(
                "SELECT made_to, (SELECT COALESCE(MAX(" + self.position + "), 0) FROM {events} "
                "WHERE " + self.position + " < ?) FROM {state}"
            ),
            (first,),
        )
        return int(row[0]), int(row[1])

    def bodies_of_streams(self, tx: Tx, streams: Sequence[str]) -> list[str]:
        """The bodies the events of the streams concern (see `stream_bodies`), read in
        ``tx``, sorted."""
        bodies: set[str] = set()
        for start in range(0, len(streams), CHUNK):
            chunk = streams[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            bodies.update(
                str(row[0])
                for row in tx.rows(
                    self.sql(
                        f"SELECT DISTINCT body FROM {{stream_bodies}} WHERE stream IN ({marks})"
                    ),
                    chunk,
                )
            )
        return sorted(bodies)

    def sources_of_bodies(
        self, tx: Tx, day: date, bodies: Sequence[str]
    ) -> tuple[list[str], list[RegisterRow]]:
        """What the status as of ``day`` of each of ``bodies`` (``include_all``) is folded
        from, read in ``tx`` as `streams_as_of` reads it for one body: the names of the
        item and mandate streams shown for them and of their own streams, sorted, and the
        rows of their meetings held by then."""
        streams: set[str] = set()
        for body in bodies:
            shown = self._shown(tx, day, body=body, include_all=True, overdue_only=False)
            streams.update(str(stream) for stream, _ in shown)
        meetings = self._of_bodies(tx, day, bodies, streams)
        return sorted(streams), meetings

    def states_in(self, tx: Tx, streams: Sequence[str]) -> OwnStreamStates:
        """The stored rows of the named streams, read in ``tx``."""
        return self._states(tx, streams)

    @staticmethod
    def _row(tx: Tx, row: Sequence[Any]) -> RegisterRow:
        stream, kind, body, valid_from, valid_to, listed, *days = row
        submitted_on, due_on, due_meeting_after, due_meeting_before = map(tx.day, days)
        return RegisterRow(
            str(stream),
            str(kind),
            str(body),
            _day(tx, valid_from),
            tx.day(valid_to),
            bool(listed),
            submitted_on,
            due_on,
            due_meeting_after,
            due_meeting_before,
        )

    @staticmethod
    def _meeting_row(tx: Tx, row: Sequence[Any]) -> RegisterRow:
        """A meeting's row from its `_MEETING_COLUMNS` (the others it never has)."""
        stream, body, held_on, submitted_on = row
        return RegisterRow(
            str(stream), "meeting", str(body), _day(tx, held_on), None, True, tx.day(submitted_on)
        )

    def streams_awaiting(self, meeting_id: str) -> StreamStates | None:
        """The stored rows of the streams that refer into the meeting (its items, and
        items with reports on assignments it gives); None if the rows are behind."""
        return self._streams_named("SELECT stream FROM {references} WHERE meeting = ?", meeting_id)

    def _streams_named(self, query: str, key: str) -> StreamStates | None:
        """The stored rows of the streams ``query`` (given ``key``) names, read with
        the names in one transaction; None if the rows are behind the log."""
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return None
            streams = tx.rows(self.sql(query), (key,))
            return self._states(tx, sorted(str(row[0]) for row in streams))

    def streams_due_at(
        self, body: str, day: date
    ) -> tuple[StreamStates, list[RegisterRow]] | None:
        """What the warnings for minutes of ``body`` on ``day`` are folded from: the stored
        rows of the streams with something of the body to show on that day and of the
        body's own, and the rows of every meeting of the body (those after the day count
        what later minutes missed); None if the rows are behind."""
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return None
            streams = tx.rows(
                self.sql(
                    "SELECT stream FROM {registers} WHERE body = ? AND (kind = 'body' OR "
                    "(kind = 'item' AND listed = ? AND valid_from <= ? AND (valid_to IS NULL "
                    "OR valid_to > ?)))"
                ),
                (body, True, day, day),
            )
            meetings = [
                self._meeting_row(tx, row)
                for row in tx.rows(
                    self.sql(
                        f"SELECT {_MEETING_COLUMNS} FROM {{registers}} WHERE kind = 'meeting' "
                        "AND body = ?"
                    ),
                    (body,),
                )
            ]
            return self._states(tx, sorted(str(row[0]) for row in streams)), meetings

    def streams_of_subject(self, subject: str) -> StreamStates | None:
        """The stored rows of every stream that holds entries of the timeline of
        ``subject`` (see `governance.projections.history`), by the subject's rows; None
        if the rows are behind the log."""
        return self._streams_named("SELECT stream FROM {subjects} WHERE subject = ?", subject)

    def known_subjects(self) -> list[str]:
        """Every id a thing in the record has (to suggest one for an id none has)."""
        with self.read() as tx:
            return sorted(
                str(row[0])
                for row in tx.rows(
                    self.sql("SELECT DISTINCT subject FROM {subjects} WHERE defines = ?"),
                    (True,),
                )
            )

    def streams_of_body(self, body: str, kind: ids.StreamKind) -> StreamStates | None:
        """The stored rows of the streams of ``kind`` (``item``, ``meeting``, …) whose
        events concern ``body`` (see `governance.registers.stream_bodies`), and of the
        body's own stream, read with their names in one transaction; None if the rows
        are behind the log."""
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return None
            own = ids.stream_name("body", body)
            streams = tx.rows(
                self.sql(
                    "SELECT stream FROM {stream_bodies} WHERE body = ? "
                    "AND (stream LIKE ? OR stream = ?)"
                ),
                (body, f"{kind}:%", own),
            )
            return self._states(tx, sorted(str(row[0]) for row in streams))

    def decisions(
        self, *, body: str | None, since: date | None, as_of: date | None
    ) -> tuple[StreamStates, list[tuple[int, DecisionRow]]] | None:
        """The decisions (see `governance.projections.decisions`) of ``body`` (every
        body's if None) decided on or after ``since`` and up to ``as_of`` (where given),
        each with its number within its item, and the stored rows of the body's own
        stream (to say whether it is registered), read in one transaction; None if the
        rows are behind the log."""
        where, params = ["1 = 1"], []
        for column, test, value in (
            ("body_id", "=", body),
            ("decided_on", ">=", since),
            ("decided_on", "<=", as_of),
        ):
            if value is not None:
                where.append(f"{column} {test} ?")
                params.append(value)
        with self.read() as tx:
            made_to, last = self._lag(tx)
            if made_to < last:
                return None
            found = tx.rows(
                self.sql(
                    "SELECT number, decision_id, item_id, title, body_id, meeting_id, "
                    "decided_on, text FROM {decisions} WHERE " + " AND ".join(where)
                ),
                params,
            )
            own = [] if body is None else [ids.stream_name("body", body)]
            return self._states(tx, own), [
                (
                    int(n),
                    DecisionRow(
                        id=str(decision),
                        item=str(item),
                        title=None if title is None else str(title),
                        body=str(of_body),
                        meeting=str(meeting),
                        decided_on=_day(tx, decided_on),
                        text=str(text),
                    ),
                )
                for n, decision, item, title, of_body, meeting, decided_on, text in found
            ]

    def body_streams(self) -> StreamStates:
        """The stored rows of every body's stream (to say which bodies there are)."""
        with self.read() as tx:
            streams = tx.rows(self.sql("SELECT stream FROM {registers} WHERE kind = 'body'"))
            return self._states(tx, sorted(str(row[0]) for row in streams))

    def select_rows(self) -> list[RegisterRow]:
        """Every row, sorted (for tests and for `governance views`)."""
        with self.read() as tx:
            return sorted(
                (self._row(tx, row) for row in tx.rows(self.sql("SELECT * FROM {registers}"))),
                key=lambda row: (row.stream, row.body, row.valid_from),
            )

    @staticmethod
    def _states(tx: Tx, streams: Sequence[str]) -> OwnStreamStates:
        ids = [stream_uuid(stream) for stream in streams]
        states: OwnStreamStates = {}
        for start in range(0, len(ids), CHUNK):
            states.update(tx.stream_states(ids[start : start + CHUNK]))
        return states


#: Keeps the persisted views in the transaction that inserted events at the positions
#: and made their streams' register rows (see `RegisterTables.after_insert`); what it is
#: and does the application says (``governance.views``), the store only gives the
#: transaction.
KeepViews = Callable[[RegisterTables, Tx, Sequence[int]], None]


def _day(tx: Tx, value: Any) -> date:
    day = tx.day(value)
    assert day is not None
    return day


def grouped(
    rows: Iterable[tuple[UUID, int, int, str, bytes]],
) -> dict[UUID, list[tuple[int, int, str, bytes]]]:
    """Stored rows ``(originator_id, version, position, topic, state)`` by stream, each
    stream's rows in order of version."""
    streams: dict[UUID, list[tuple[int, int, str, bytes]]] = {}
    for originator_id, version, position, topic, state in rows:
        streams.setdefault(originator_id, []).append((version, position, topic, state))
    for states in streams.values():
        states.sort(key=lambda row: row[0])
    return streams
