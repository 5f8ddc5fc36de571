"""The governance record as an eventsourcing application.

``Governance`` turns commands (or minutes files) into saved events and answers
queries from the projections. It is a facade over three parts: recording
(`governance.recording`: load the streams a command touches, let the pure domain
decide, save every new event of a file in one transaction with the register rows, so
that a file is recorded whole or not at all, and recording it again records nothing),
reading the log (`governance._reading`), and the queries (`governance._queries`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import EventSourcingError
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder, Mapper, Notification
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.utils import Environment

from governance import recording
from governance._log import logger
from governance._queries import Queries
from governance._reading import PAGE_SIZE, LogReader
from governance.domain.commands import Command, RecordMinutes
from governance.domain.decide import Notice
from governance.domain.events import Event
from governance.domain.messages import msg
from governance.projections import History, LogEntry, Status
from governance.projections.bodies import BodyInfo
from governance.projections.decisions import DecisionRow
from governance.projections.item_register import ItemRow
from governance.projections.meeting_register import MeetingRow
from governance.recording import (
    MAX_ATTEMPTS,
    Batch,
    ConcurrentRecordingError,
    DocumentOutcome,
    RecordOutcome,
    RegisterUpkeep,
    content_digest,
)
from governance.store import (
    GovernanceMapper,
    Made,
    NoRecordError,
    ReadStreams,
    RegisterRecorder,
    StoredFact,
    StoreUnavailableError,
    default_store,
    describe_store,
    pass_on_libpq_parameters,
    record_is_missing,
    redact,
    store_problem,
    store_settings,
)
from governance.views import Follower, RecordingViews

if TYPE_CHECKING:
    from governance.minutes import MinutesFile

__all__ = [
    "MAX_ATTEMPTS",
    "PAGE_SIZE",
    "ConcurrentRecordingError",
    "DocumentOutcome",
    "Governance",
    "NoRecordError",
    "RecordOutcome",
    "StoreUnavailableError",
    "content_digest",
]


class Governance(Application[UUID]):
    """The record of what governing bodies do, in one store.

    >>> from governance import Governance
    >>> record = Governance("memory:")

    ``store`` is a store URL (``memory:``, an SQLite path, ``postgresql://…``); without
    one, ``GOVERNANCE_STORE`` or ``governance.db`` in the current folder. ``env`` gives
    eventsourcing settings directly (for example another ``PERSISTENCE_MODULE``).
    ``clock`` gives the time of recording (transaction time); it defaults to UTC now.
    With ``create=False`` a store that holds no record yet is not created: opening it
    raises `NoRecordError` (for reading, where an empty record would answer wrongly).
    """

    name = "governance"

    def __init__(
        self,
        store: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] | None = None,
        create: bool = True,
    ) -> None:
        explicit = dict(env or {})
        self.store_url = store or ("" if "PERSISTENCE_MODULE" in explicit else default_store())
        settings = store_settings(self.store_url) if self.store_url else {}
        settings.update(explicit)
        self._clock = clock or (lambda: datetime.now(UTC))
        where = redact(self.store_url) or settings.get("PERSISTENCE_MODULE", "")
        problem = store_problem(self.name, settings)
        if problem is not None:
            raise StoreUnavailableError(
                msg(
                    "store.cannot-open",
                    "cannot open the store {where}: {problem}",
                    where=where,
                    problem=problem,
                )
            )
        if not create and record_is_missing(self.name, settings):
            raise NoRecordError(
                msg(
                    "store.no-record",
                    "no record at {where}",
                    where=describe_store(self.store_url) if self.store_url else where,
                )
            )
        try:
            super().__init__(env=settings)
        except (EventSourcingError, OSError) as error:
            raise StoreUnavailableError(
                msg(
                    "store.cannot-open",
                    "cannot open the store {where}: {problem}",
                    where=where,
                    problem=error,
                )
            ) from error
        recorder = self.recorder
        self._log = LogReader(recorder, self.mapper, self.events)
        tables = recorder.registers if isinstance(recorder, RegisterRecorder) else None
        self._upkeep = RegisterUpkeep(tables, self._log)
        self._recorder = recording.Recorder(
            self._log,
            self._upkeep,
            clock=self._clock,
            saving=self,
            notices=self._notices_for,
            views=RecordingViews.of(self, self._log) if tables is not None else None,
        )
        self._queries = Queries(self, self._log, self._upkeep)

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(env)
        pass_on_libpq_parameters(factory, env)
        return factory

    def construct_mapper(self) -> Mapper[UUID]:
        return GovernanceMapper(
            transcoder=JSONTranscoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )

    # --- recording --------------------------------------------------------------------

    def record(self, *commands: Command, source: str = "<api>") -> RecordOutcome:
        """Record commands in one transaction: all of them, or (on an error) none."""
        return self._recorder.record_groups([(source, commands, recording.unlocated)])[0]

    def record_file(
        self, path: str | os.PathLike[str], *, correct: str | None = None
    ) -> RecordOutcome:
        """Parse a minutes file and record its documents in one transaction.

        Raises ``MinutesError`` naming the file, document, path and line for bad input
        and for rule violations; nothing of the file is recorded then. With ``correct``
        (the reason), minutes already recorded are corrected to what the file says.
        """
        return self._recorder.record_groups(recording.path_groups(path, correct=correct))[0]

    def record_minutes(
        self, *files: MinutesFile, correct: str | None = None
    ) -> list[RecordOutcome]:
        """Record parsed minutes files, in order, all in one transaction.

        With ``correct``, every minutes document is a correction (`CorrectMinutes`) of
        minutes already recorded, for that reason; bodies and mandates are recorded as
        usual.
        """
        return self._recorder.record_groups(recording.file_groups(files, correct=correct))

    def _notices_for(self, command: RecordMinutes, batch: Batch) -> list[Notice]:
        """The warnings for minutes about to be recorded (see `Recorder.notices_for`)."""
        return self._recorder.notices_for(command, batch)

    # --- the register tables ----------------------------------------------------------

    def _register_rows(self, streams: Sequence[UUID], read: ReadStreams) -> Made:
        return self._upkeep.rows(streams, read)

    def _current_registers(self) -> bool:
        """Whether the register tables are current, after catching up with rows saved
        by other means; False where the store has none or they cannot be written."""
        return self._upkeep.current()

    def _status_from_registers(
        self, day: date, body: str | None, include_all: bool, overdue_only: bool = False
    ) -> Status | None:
        return self._queries.status_from_registers(day, body, include_all, overdue_only)

    def follower(
        self, *, today: Callable[[], date] | None = None, rebuild: bool = False
    ) -> Follower:
        """A `Follower` that keeps this record's persisted views current from its
        register tables (``governance follow``). ``today`` gives the date the statuses
        are computed as of (UTC today by default); ``rebuild`` drops and rebuilds the
        views' tables. Raises `ViewsUnavailableError` for a store that cannot hold views
        (``memory:``) or keeps no register tables (one opened with eventsourcing's own
        recorder)."""
        return Follower(self, self._queries, today=today, rebuild=rebuild)

    def rebuild_registers(self) -> int:
        """Make the register tables again from the log, in one transaction (readers see
        the old rows until it commits); the number of log positions they cover. A store
        without tables (``memory:``) raises `StoreUnavailableError`."""
        tables = self._upkeep.upgraded()
        if tables is None:
            raise StoreUnavailableError(
                msg(
                    "store.no-registers",
                    "the store {where} keeps no register tables (only SQLite and PostgreSQL do)",
                    where=redact(self.store_url) or "memory:",
                )
            )
        covered = tables.rebuild(self._upkeep.rows)
        logger.info("governance.registers_rebuilt", events=covered)
        return covered

    # --- reading ----------------------------------------------------------------------

    def stream(self, stream: str) -> Iterator[StoredFact]:
        """The stored facts of one named stream (``item:im/2023-11-17/7a``), in order."""
        return self._log.stream(stream)

    def notification_pages(
        self,
        *,
        after: int = 0,
        stop: int | None = None,
        topics: Sequence[str] = (),
        size: int | None = None,
    ) -> Iterator[Sequence[Notification]]:
        """The stored notifications after position ``after`` up to ``stop`` (of
        ``topics``), ``size`` (default `PAGE_SIZE`) at a time: memory stays flat in the
        length of the log."""
        return self._log.notification_pages(after=after, stop=stop, topics=topics, size=size)

    def iter_log(self, known_at: int | None = None) -> Iterator[LogEntry]:
        """Every recorded event in log order (transaction time), up to ``known_at``,
        read from the store a page at a time as it is iterated."""
        return self._log.iter_log(known_at)

    def read_log(self, known_at: int | None = None) -> list[LogEntry]:
        """Every recorded event in log order (transaction time), up to ``known_at``."""
        return list(self.iter_log(known_at))

    def iter_current(self, known_at: int | None = None) -> Iterator[Event]:
        """The events of the record as it stood at ``known_at``, less those that
        corrections retracted and less the corrections themselves.

        See `governance.projections.current_events`: in log order, except that the few
        events a correction could have retracted come last.
        """
        return self._log.iter_current(known_at)

    def events_as_of(
        self, as_of: date | None = None, *, known_at: int | None = None
    ) -> list[Event]:
        """The events that describe the state on ``as_of`` as the record stood at ``known_at``.

        Events retracted by corrections known at ``known_at`` are left out. Body
        registrations are reference data: they apply to every date. The order is log
        order, except that events a correction could have retracted come last.
        """
        return self._queries.events_as_of(as_of, known_at)

    def position_at(self, moment: datetime) -> int:
        """The last log position recorded at or before ``moment`` (0 if none was)."""
        return self._log.position_at(moment)

    @property
    def keeps_nothing(self) -> bool:
        """Whether the store is in memory (``memory:``): nothing recorded in it is kept
        once the process ends."""
        return isinstance(self.recorder, POPOApplicationRecorder)

    def log_position(self) -> int:
        """The position of the last recorded event (0 for an empty record)."""
        return self.recorder.max_notification_id() or 0

    # --- queries ----------------------------------------------------------------------

    def status(
        self,
        *,
        as_of: date | None = None,
        body: str | None = None,
        include_all: bool = False,
        overdue_only: bool = False,
        known_at: int | None = None,
    ) -> Status:
        """Open and overdue tabled items, assignments and obligations, and the mandates.

        ``as_of`` is valid time (default: today by the clock); ``known_at`` a log
        position: the record as it stood then. ``overdue_only`` keeps only the tabled
        items, assignments and obligations that are overdue (and no mandate): through the
        register tables, a query for the items with something overdue.
        """
        day = as_of or self._clock().date()
        return self._queries.status(
            day,
            body=body,
            include_all=include_all,
            overdue_only=overdue_only,
            known_at=known_at,
        )

    def history(self, subject_id: str, *, known_at: int | None = None) -> History:
        """The dated timeline of an item, assignment, mandate, meeting or body."""
        return self._queries.history(subject_id, known_at)

    def bodies(self, *, known_at: int | None = None) -> tuple[BodyInfo, ...]:
        """The registered bodies as last described, sorted by id."""
        return self._queries.bodies(known_at)

    def decisions(
        self,
        *,
        body: str | None = None,
        since: date | None = None,
        search: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[DecisionRow, ...]:
        """Every decision, with its item and meeting, by date: of one ``body``, decided
        on or after ``since``, with ``search`` in its text or its item's title; dated up
        to ``as_of`` (default: all) as the record stood at ``known_at``."""
        return self._queries.decisions(
            body=body, since=since, search=search, as_of=as_of, known_at=known_at
        )

    def items(
        self,
        *,
        body: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[ItemRow, ...]:
        """Every item with its latest step (open, decided, tabled, referred, closed), the
        body that holds it now (``body`` keeps those), when it was first tabled and how
        often; dated up to ``as_of`` (default: all) as known at ``known_at``."""
        return self._queries.items(body=body, as_of=as_of, known_at=known_at)

    def meetings(
        self,
        *,
        body: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[MeetingRow, ...]:
        """Held meetings and meetings announced but not held, by date, with place and
        time when known; dated up to ``as_of`` (default: all) as known at ``known_at``."""
        return self._queries.meetings(body=body, as_of=as_of, known_at=known_at)
