"""Following the log: keep the persisted views equal to a fresh rebuild.

The views are written from the register tables (`governance.registers`), the one read
side the store keeps in the transaction of each recording. Each write first brings the
registers current (catching them up with events written by other means), then folds the
streams they name for the views' date (`RegisterTables.streams_of_views`) and writes
the rows that changed together with the new tracking position, in one transaction: the
rows are exactly those a fresh ``compute_status`` over the whole log gives.

The follower reads the log's notifications only after the views' position, to know how
far the log goes (a gap on PostgreSQL is passed over only once it is final, see
`ViewsRecorder.settle`) and the date of its latest event; it keeps no event. A
correction that retracts an event of that date makes it read the dates of the whole log
once again. Registers further along than the follower has read (a recording came in
meanwhile) are read on to, and their fold written once the follower has read to exactly
their position, with the date unchanged; so each pass folds once, or twice where the
date moved meanwhile or a position was still being written, and never claims a position
past a gap not yet final.

What it reads of the record besides the log comes through `RegisterReader`, which
`Governance.follower` hands it: the views sit below the application and know nothing
of it.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Protocol
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from governance._log import logger
from governance._reading import LogReader
from governance.domain.events import BodyEvent, EntryCorrected, Event
from governance.domain.messages import msg
from governance.projections import StatusView
from governance.store._rows import read_rows, stored_fact
from governance.views._query import PersistedViews
from governance.views._rows import view_rows
from governance.views._schema import SCHEMA_VERSION
from governance.views._store import Meta, Persisted, ViewsUnavailableError

#: Notifications read from the log at a time.
BATCH_SIZE = 500
#: Passes `Follower.catch_up` makes while the registers cannot be read at a position it
#: has read to (see `Outcome.NOT_WRITTEN`).
PASSES = 3


def utc_today() -> date:
    return datetime.now(UTC).date()


class RegisterReader(Protocol):
    """What a follower reads of a record besides its notifications: the register tables
    and the log's events (the application's queries give it, see `Governance.follower`)."""

    @property
    def log(self) -> LogReader: ...

    def keeps_registers(self) -> bool:
        """Whether the store has register tables at all."""
        ...

    def view_from_registers(self, day: date, *, after: int) -> tuple[int, bool, StatusView] | None:
        """The log position the register tables hold the events up to, whether every
        position after ``after`` up to it was in the log they were read with, and the
        read models as of ``day`` folded from the streams they name; None where they
        cannot be read current this time."""
        ...


class Outcome(enum.Enum):
    """What one catch-up did with the tables."""

    WRITTEN = "written"
    """The rows and the position were written."""
    UNCHANGED = "unchanged"
    """Nothing was written: the tables already held what the follower read, as of the
    same date (or another follower had written them further)."""
    NOT_WRITTEN = "not written"
    """Nothing was written: the register tables could not be read at a position the
    follower had read to (recordings kept coming in, a gap in the positions not yet
    final, or the tables could not be made current this time); the next pass tries again."""
    STOPPED = "stopped"
    """Nothing was written: stopped before the log was read."""


@attrs.frozen
class Progress:
    """What one catch-up did."""

    events: int
    """Events read from the log (those after the position the views held)."""
    previous: int
    """The log position the views held the events up to before."""
    position: int
    """The log position the views now hold the events up to."""
    status_as_of: date | None
    """The date the stored statuses refer to."""
    outcome: Outcome
    """Whether the tables were written, and if not, why."""

    @property
    def written(self) -> bool:
        """Whether the tables were written."""
        return self.outcome is Outcome.WRITTEN


class Follower:
    """Keeps the persisted views of a record current; made by `Governance.follower`.

    >>> import threading
    >>> from governance import Governance
    >>> follower = Governance("governance.db").follower()  # doctest: +SKIP
    >>> follower.catch_up()                                # doctest: +SKIP
    >>> follower.run(threading.Event())                    # doctest: +SKIP

    ``today`` gives the date the statuses are computed as of (UTC today by default;
    a later date if events are dated later). ``rebuild`` drops and rebuilds the tables.
    Raises ``ViewsUnavailableError`` when made for a store that cannot hold views or
    keeps no register tables (one opened with eventsourcing's own recorder).
    """

    def __init__(
        self,
        app: Application[UUID],
        registers: RegisterReader,
        *,
        today: Callable[[], date] | None = None,
        rebuild: bool = False,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.app = app
        self.views = PersistedViews(app)
        if not registers.keeps_registers():
            raise ViewsUnavailableError(
                msg(
                    "views.no-registers",
                    "the persisted views are written from the register tables, and this store "
                    "keeps none",
                )
            )
        self._registers = registers
        self._recorder = self.views.recorder
        self._recorder.prepare(rebuild=rebuild)
        self._today = today or utc_today
        self._batch_size = batch_size
        # Where the views are: a follower started again goes on from there.
        start = self._recorder.read(rows=True)
        self._position = start.position
        self._latest_event_on = start.meta.latest_event_on if start.meta else None
        self._dates_retracted = False
        self._settled_through = 0
        self._persisted = Persisted(start.position, start.meta, start.rows) if start.meta else None
        # Whether the last read stopped before a gap not yet final.
        self._before_gap = False

    @property
    def position(self) -> int:
        """The log position the follower has read up to (the views' own is
        ``views.position()``, or the ``position`` of a `Progress`)."""
        return self._position

    def catch_up(self, stop: threading.Event | None = None) -> Progress:
        """Read the events the log holds now and bring the tables up to date.

        Where the registers cannot be read at a position it has read to, it tries again,
        up to `PASSES` times in all (not while it waits before a gap: that wait is
        `settle`'s), and then says that nothing was written (`Outcome.NOT_WRITTEN`). If
        ``stop`` is set before the log is read, nothing is written (`Outcome.STOPPED`).
        """
        progress = self._catch_up(stop)
        for _ in range(PASSES - 1):
            if progress.outcome is not Outcome.NOT_WRITTEN or self._before_gap:
                break
            again = self._catch_up(stop)
            progress = attrs.evolve(
                again, events=progress.events + again.events, previous=progress.previous
            )
        return progress

    def run(
        self,
        stop: threading.Event,
        *,
        poll: float = 1.0,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        """Catch up, then follow the log until ``stop`` is set.

        Waits for new events up to ``poll`` seconds at a time (on PostgreSQL a
        notification ends the wait early). Each pass also moves the statuses to a new
        day when the date changes; one that wrote nothing (`Outcome.NOT_WRITTEN`) is
        made again on the next.
        """
        with self._recorder.waiter() as waiter:
            while not stop.is_set():
                progress = self._catch_up(stop)
                if on_progress is not None and (progress.events or progress.written):
                    on_progress(progress)
                if not progress.events:
                    waiter.wait(stop, poll)

    # --- reading the log --------------------------------------------------------------

    def _catch_up(self, stop: threading.Event | None) -> Progress:
        previous = self._persisted.position if self._persisted else self.views.position()
        events = self._read(stop)
        outcome = Outcome.STOPPED
        if not _stopped(stop):
            outcome, more = self._write(stop)
            events += more
        meta = self._persisted.meta if self._persisted else None
        return Progress(
            events=events,
            previous=previous,
            position=self._persisted.position if self._persisted else previous,
            status_as_of=meta.status_as_of if meta else None,
            outcome=outcome,
        )

    def _read(self, stop: threading.Event | None, up_to: int | None = None) -> int:
        """Read the notifications after the position up to the end of the log (or to
        ``up_to``), noting their dates, until ``stop``; how many were read."""
        read = 0
        while not _stopped(stop):
            batch, complete = self._next_batch(up_to)
            self._note_dates(batch)
            read += len(batch)
            if complete:
                break
        return read

    def _next_batch(self, up_to: int | None) -> tuple[list[Event], bool]:
        """The next events in log order (up to ``up_to``), and whether that is all there
        is for now.

        A gap in the positions is passed over only once it is known to be final (see
        ``settle``); until then the batch stops before it and is tried again later.
        """
        notifications = self._select(up_to)
        accepted = self._contiguous(notifications)
        if len(accepted) < len(notifications) and self._recorder.settle():
            self._settled_through = notifications[-1].id
            notifications = self._select(up_to)
            accepted = self._contiguous(notifications)
        if accepted:
            self._position = accepted[-1].id
        self._before_gap = len(accepted) < len(notifications)
        complete = len(accepted) < self._batch_size
        return [self._event(notification) for notification in accepted], complete

    def _select(self, up_to: int | None) -> Sequence[Notification]:
        recorder, after, limit = self.app.recorder, self._position, self._batch_size
        return read_rows(
            recorder,
            lambda: recorder.select_notifications(
                start=after, limit=limit, stop=up_to, inclusive_of_start=False
            ),
            after=after,
            stop=up_to,
        )

    def _contiguous(self, notifications: Sequence[Notification]) -> list[Notification]:
        accepted: list[Notification] = []
        last = self._position
        for notification in notifications:
            if notification.id - 1 > max(last, self._settled_through):
                break
            accepted.append(notification)
            last = notification.id
        return accepted

    def _event(self, notification: Notification) -> Event:
        return stored_fact(self.app.mapper, notification).event

    # --- the date of the latest event ------------------------------------------------

    def _note_dates(self, events: list[Event]) -> None:
        """The latest date of an event read that is not a body's (reference data, with
        no date the statuses follow) nor a correction, nor retracted by one."""
        for event in events:
            if isinstance(event, EntryCorrected):
                latest = self._latest_event_on
                self._dates_retracted = self._dates_retracted or any(
                    not isinstance(gone, BodyEvent)
                    and (latest is None or gone.occurred_on >= latest)
                    for gone in event.retracted
                )
            elif not isinstance(event, BodyEvent):
                self._later(event.occurred_on)

    def _later(self, on: date) -> None:
        if self._latest_event_on is None or on > self._latest_event_on:
            self._latest_event_on = on

    def _date_again(self) -> None:
        """The latest date from every event of the log up to the position, as
        corrections leave it (a correction retracted an event of the latest date)."""
        self._latest_event_on = None
        for event in self._registers.log.iter_current(self._position):
            if not isinstance(event, BodyEvent):
                self._later(event.occurred_on)
        self._dates_retracted = False

    def _as_of(self) -> date:
        """The date the statuses are computed as of: today, or the latest event's."""
        if self._dates_retracted:
            self._date_again()
        latest = self._latest_event_on
        today = self._today()
        return max(today, latest) if latest else today

    # --- writing ----------------------------------------------------------------------

    def _write(self, stop: threading.Event | None) -> tuple[Outcome, int]:
        """Write the rows as of the views' date from the registers, if anything changed;
        what came of it, and how many more notifications were read for it.

        Registers further along than the follower has read (a recording committed
        meanwhile) are read on to: the fold is written once the follower has read to
        exactly its position, if the date is the same and no position up to it was
        missing from the log it was folded from (a transaction still writing could
        leave one out, and its events with it); otherwise it folds once more, at most.
        """
        read = 0
        for _ in range(2):
            as_of = self._as_of()
            known = self._persisted
            if (
                known is not None
                and known.position == self._position
                and known.meta is not None
                and known.meta.status_as_of == as_of
            ):
                return Outcome.UNCHANGED, read
            if self._before_gap:  # the registers hold positions it cannot read yet
                return Outcome.NOT_WRITTEN, read
            after = max(self._position, self._settled_through)
            found = self._registers.view_from_registers(as_of, after=after)
            if found is None:  # behind again, or not made current this time
                return Outcome.NOT_WRITTEN, read
            position, whole, view = found
            if position > self._position:
                read += self._read(stop, up_to=position)
                if _stopped(stop):
                    return Outcome.STOPPED, read
                if self._position != position or not whole or self._as_of() != as_of:
                    continue
            elif position < self._position:
                return Outcome.NOT_WRITTEN, read
            return self._written(position, as_of, view, known), read
        return Outcome.NOT_WRITTEN, read

    def _written(
        self, position: int, as_of: date, view: StatusView, known: Persisted | None
    ) -> Outcome:
        meta = Meta(SCHEMA_VERSION, as_of, self._latest_event_on, datetime.now(UTC))
        self._persisted = self._recorder.write(
            position=position, rows=view_rows(view, as_of=as_of), meta=meta, known=known
        )
        if self._persisted.position != position or self._persisted.meta != meta:
            return Outcome.UNCHANGED  # another follower has written further
        logger.info("governance.views_updated", position=position, status_as_of=as_of.isoformat())
        return Outcome.WRITTEN


def _stopped(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()
