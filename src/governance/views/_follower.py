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
once again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import attrs
from eventsourcing.persistence import Notification

from governance._log import logger
from governance.domain.events import BodyEvent, EntryCorrected, Event
from governance.domain.messages import msg
from governance.store._rows import read_rows, stored_fact
from governance.views._query import PersistedViews
from governance.views._rows import view_rows
from governance.views._schema import SCHEMA_VERSION
from governance.views._store import Meta, Persisted, ViewsUnavailableError

if TYPE_CHECKING:
    from governance.application import Governance

#: Notifications read from the log at a time.
BATCH_SIZE = 500


def utc_today() -> date:
    return datetime.now(UTC).date()


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
    written: bool
    """Whether the tables were written."""


class Follower:
    """Keeps the persisted views of a record current.

    >>> import threading
    >>> from governance import Governance
    >>> follower = Follower(Governance("governance.db"))  # doctest: +SKIP
    >>> follower.catch_up()                                # doctest: +SKIP
    >>> follower.run(threading.Event())                    # doctest: +SKIP

    ``today`` gives the date the statuses are computed as of (UTC today by default;
    a later date if events are dated later). ``rebuild`` drops and rebuilds the tables.
    Raises ``ViewsUnavailableError`` for a store that cannot hold views.
    """

    def __init__(
        self,
        app: Governance,
        *,
        today: Callable[[], date] | None = None,
        rebuild: bool = False,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.app = app
        self.views = PersistedViews(app)
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

    @property
    def position(self) -> int:
        """The log position the follower has read up to."""
        return self._position

    def catch_up(self, stop: threading.Event | None = None) -> Progress:
        """Read the events the log holds now and bring the tables up to date.

        If ``stop`` is set meanwhile, returns early: the tables are written only once
        every event up to the registers' position is read.
        """
        return self._catch_up(stop)

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
        day when the date changes.
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
        read = self._read(stop)
        events, written = read, False
        while True:
            outcome = self._write()
            if outcome is not None:
                written = outcome
                break
            # The registers hold events recorded since the log was read: read them too,
            # unless none can be read yet (a gap not yet final) or the follower stops.
            read = 0 if stop is not None and stop.is_set() else self._read(stop)
            if not read:
                break
            events += read
        meta = self._persisted.meta if self._persisted else None
        return Progress(
            events=events,
            previous=previous,
            position=self._persisted.position if self._persisted else previous,
            status_as_of=meta.status_as_of if meta else None,
            written=written,
        )

    def _read(self, stop: threading.Event | None) -> int:
        """Read the notifications after the position up to the end of the log (or until
        ``stop``), noting their dates; how many were read."""
        read = 0
        while True:
            batch, complete = self._next_batch()
            self._note_dates(batch)
            read += len(batch)
            if complete or (stop is not None and stop.is_set()):
                return read

    def _next_batch(self) -> tuple[list[Event], bool]:
        """The next events in log order, and whether that is all there is for now.

        A gap in the positions is passed over only once it is known to be final (see
        ``settle``); until then the batch stops before it and is tried again later.
        """
        notifications = self._select()
        accepted = self._contiguous(notifications)
        if len(accepted) < len(notifications) and self._recorder.settle():
            self._settled_through = notifications[-1].id
            notifications = self._select()
            accepted = self._contiguous(notifications)
        if accepted:
            self._position = accepted[-1].id
        complete = len(accepted) < self._batch_size
        return [self._event(notification) for notification in accepted], complete

    def _select(self) -> Sequence[Notification]:
        recorder, after, limit = self.app.recorder, self._position, self._batch_size
        return read_rows(
            recorder,
            lambda: recorder.select_notifications(
                start=after, limit=limit, inclusive_of_start=False
            ),
            after=after,
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
        for event in self.app.iter_current(self._position):
            if not isinstance(event, BodyEvent):
                self._later(event.occurred_on)
        self._dates_retracted = False

    # --- writing ----------------------------------------------------------------------

    def _write(self) -> bool | None:
        """Write the rows as of the views' date from the registers, if anything changed;
        whether this follower's rows were written, or None if the registers hold events
        it has not read (recorded meanwhile)."""
        if self._dates_retracted:
            self._date_again()
        latest = self._latest_event_on
        today = self._today()
        as_of = max(today, latest) if latest else today
        known = self._persisted
        if (
            known is not None
            and known.position == self._position
            and known.meta is not None
            and known.meta.status_as_of == as_of
        ):
            return False
        found = self.app._view_from_registers(as_of)
        if found is None:
            raise ViewsUnavailableError(
                msg(
                    "views.no-registers",
                    "the persisted views are written from the register tables, and this store "
                    "keeps none or they cannot be made current",
                )
            )
        position, view = found
        if position != self._position:
            return None
        meta = Meta(SCHEMA_VERSION, as_of, latest, datetime.now(UTC))
        self._persisted = self._recorder.write(
            position=position, rows=view_rows(view, as_of=as_of), meta=meta, known=known
        )
        written = self._persisted.position == position and self._persisted.meta == meta
        if written:
            logger.info(
                "governance.views_updated", position=position, status_as_of=as_of.isoformat()
            )
        return written
