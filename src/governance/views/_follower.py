"""Following the log: keep the persisted views equal to a fresh rebuild.

The follower keeps every event and the folded read models in memory (it reads the
whole log when it starts), and after each batch of new events writes the rows that
changed together with the new tracking position, in one transaction.

Events arrive in log order but the read models fold them in valid-time order: a new
event dated no earlier than any event folded so far is folded on top; a late one
(minutes recorded after later minutes) or a correction makes the follower fold all
events again. Either way the rows are exactly those a fresh ``compute_status`` over the
whole log gives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from governance._log import logger
from governance.domain.events import BodyEvent, EntryCorrected, Event
from governance.projections import without_retracted
from governance.projections.status import StatusView, evolve, fold
from governance.store._rows import read_rows, stored_fact
from governance.views._query import PersistedViews
from governance.views._rows import view_rows
from governance.views._schema import SCHEMA_VERSION
from governance.views._store import Meta, Persisted

#: Notifications read from the log at a time.
BATCH_SIZE = 500
#: During a long catch-up, write the views at least every this many events.
CHECKPOINT = 10_000


def utc_today() -> date:
    return datetime.now(UTC).date()


@attrs.frozen
class Progress:
    """What one catch-up did."""

    events: int
    """Events read from the log (at a start: every event, to fold them in memory)."""
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
        app: Application[UUID],
        *,
        today: Callable[[], date] | None = None,
        rebuild: bool = False,
        batch_size: int = BATCH_SIZE,
        checkpoint: int = CHECKPOINT,
    ) -> None:
        self.app = app
        self.views = PersistedViews(app)
        self._recorder = self.views.recorder
        self._recorder.prepare(rebuild=rebuild)
        self._today = today or utc_today
        self._batch_size = batch_size
        self._checkpoint = checkpoint
        self._events: list[Event] = []
        self._view = StatusView()
        self._fold_latest: date | None = None
        self._latest_event_on: date | None = None
        self._stale = False
        self._position = 0
        self._settled_through = 0
        self._persisted: Persisted | None = None

    @property
    def position(self) -> int:
        """The log position the follower has read up to."""
        return self._position

    def catch_up(self, stop: threading.Event | None = None) -> Progress:
        """Read every event the log holds now and bring the tables up to date.

        If ``stop`` is set meanwhile, writes what it has read and returns early.
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
        events = unwritten = 0
        written = False
        while True:
            batch, complete = self._next_batch()
            self._fold(batch)
            events += len(batch)
            unwritten += len(batch)
            if complete or unwritten >= self._checkpoint or (stop and stop.is_set()):
                written = self._write() or written
                unwritten = 0
            if complete or (stop is not None and stop.is_set()):
                break
        meta = self._persisted.meta if self._persisted else None
        return Progress(
            events=events,
            previous=previous,
            position=self._persisted.position if self._persisted else 0,
            status_as_of=meta.status_as_of if meta else None,
            written=written,
        )

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

    # --- folding ----------------------------------------------------------------------

    def _fold(self, events: list[Event]) -> None:
        for event in events:
            self._events.append(event)
            if self._stale:
                continue
            if isinstance(event, EntryCorrected) or (
                self._fold_latest is not None and event.occurred_on < self._fold_latest
            ):
                self._stale = True
                continue
            evolve(self._view, event)
            self._note_date(event)

    def _note_date(self, event: Event) -> None:
        on = event.occurred_on
        if self._fold_latest is None or on > self._fold_latest:
            self._fold_latest = on
        if not isinstance(event, BodyEvent) and (
            self._latest_event_on is None or on > self._latest_event_on
        ):
            self._latest_event_on = on

    def _refold(self) -> None:
        kept = without_retracted(self._events)
        self._view = fold(kept)
        self._fold_latest = self._latest_event_on = None
        for event in kept:
            self._note_date(event)
        self._stale = False

    # --- writing ----------------------------------------------------------------------

    def _write(self) -> bool:
        if self._stale:
            self._refold()
        today = self._today()
        as_of = max(today, self._latest_event_on) if self._latest_event_on else today
        known = self._persisted
        if (
            known is not None
            and known.position == self._position
            and known.meta is not None
            and known.meta.status_as_of == as_of
        ):
            return False
        meta = Meta(SCHEMA_VERSION, as_of, self._latest_event_on, datetime.now(UTC))
        self._persisted = self._recorder.write(
            position=self._position,
            rows=view_rows(self._view, as_of=as_of),
            meta=meta,
            known=known,
        )
        written = self._persisted.position == self._position and self._persisted.meta == meta
        if written:
            logger.info(
                "governance.views_updated",
                position=self._position,
                status_as_of=as_of.isoformat(),
            )
        return written
