"""The register tables of a store kept current: made again once where an earlier version
made them with other columns, caught up with rows saved by other means, rebuilt."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar
from uuid import UUID

from eventsourcing.persistence import OperationalError, ProgrammingError

from governance._log import logger
from governance._reading import LogReader
from governance.domain.events import Event
from governance.projections.decisions import DecisionRow
from governance.projections.history import subjects_of
from governance.registers import (
    RegisterRow,
    stream_bodies,
    stream_decisions,
    stream_references,
    stream_rows,
)
from governance.store import Made, ReadStreams, RegisterTables

_Read = TypeVar("_Read")


class RegisterUpkeep:
    """The register tables of one store (None for a store without them, ``memory:``)."""

    def __init__(self, tables: RegisterTables | None, log: LogReader) -> None:
        self.tables = tables
        self.log = log
        #: Whether the register tables were found to have this version's columns.
        self.checked = False

    def rows(self, streams: Sequence[UUID], read: ReadStreams) -> Made:
        """The register rows of streams from their stored rows, the meetings each
        refers into (see `governance.registers`), the ids whose timelines each holds
        entries of (see `subjects_of`), the bodies each concerns (see
        `stream_bodies`), and the decisions each holds (see `stream_decisions`)."""
        return self.rows_knowing({}, streams, read)

    def rows_knowing(
        self, known: Mapping[UUID, Sequence[Event]], streams: Sequence[UUID], read: ReadStreams
    ) -> Made:
        """The rows of `rows`, the events of the streams in ``known`` taken from it (a
        recording knows the events of the streams it loaded, and those it adds to them)
        and only the others read."""
        unknown = [stream for stream in streams if stream not in known]
        stored = self.log.stream_events(read(unknown)) if unknown else {}
        return _made(known[s] if s in known else stored.get(s, ()) for s in streams)

    def upgraded(self) -> RegisterTables | None:
        """The register tables, made again first (once) if an earlier version made them
        (see `RegisterTables.upgrade`); None where the store has none or they cannot be
        written, or made again by this role (the log is read instead)."""
        tables = self.tables
        if tables is None or self.checked:
            return tables
        try:
            if tables.upgrade():
                logger.info("governance.registers_upgraded")
        except OperationalError as error:  # a read-only file, for one
            logger.debug("governance.registers_not_made", error=str(error))
            return None
        except ProgrammingError as error:  # a role that may not make them (or see them)
            logger.warning("governance.registers_not_upgraded")
            logger.debug("governance.registers_not_made", error=str(error))
            return None
        self.checked = True
        return tables

    def current(self) -> bool:
        """Whether the register tables are current, after catching up with rows saved
        by other means; False where the store has none or they cannot be written."""
        tables = self.upgraded()
        if tables is None:
            return False
        made_to, last = tables.lag()
        if made_to >= last:
            return True
        if made_to == 0:
            logger.info("governance.making_registers", events=last)
        try:
            tables.catch_up(self.rows)
        except OperationalError as error:  # a read-only file, for one
            logger.debug("governance.registers_not_made", error=str(error))
            return False
        return True

    def read_current(self, read: Callable[[RegisterTables], _Read | None]) -> _Read | None:
        """``read(tables)`` once the tables are current; None where the store keeps none
        (``memory:``) or they cannot be made current."""
        tables = self.tables
        if tables is None or not self.current():
            return None
        return read(tables)


def _made(streams: Iterable[Sequence[Event]]) -> Made:
    """The rows of streams from all their events, in stream order (see `RegisterUpkeep.rows`)."""
    names: list[str] = []
    rows: list[RegisterRow] = []
    references: list[tuple[str, str]] = []
    subjects: list[tuple[str, str, bool]] = []
    bodies: list[tuple[str, str]] = []
    decisions: list[tuple[str, int, DecisionRow]] = []
    for events in streams:
        if events:
            name = events[0].stream_name
            names.append(name)
            rows.extend(stream_rows(name, events))
            references.extend((meeting, name) for meeting in stream_references(events))
            subjects.extend((s, name, defines) for s, defines in subjects_of(events).items())
            bodies.extend((name, body) for body in sorted(stream_bodies(events)))
            decisions.extend((name, n, row) for n, row in stream_decisions(name, events))
    return names, rows, references, subjects, bodies, decisions
