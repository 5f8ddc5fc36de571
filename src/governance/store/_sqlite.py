"""SQLite writers wait their turn.

eventsourcing 9.5.6 opens SQLite connections with a busy timeout (``SQLITE_LOCK_TIMEOUT``
seconds, 5 by default), but begins every transaction ``DEFERRED``: one that reads before
it writes, as creating the tables at open does, gets ``SQLITE_BUSY`` at once, without
waiting, when another connection wrote since it read (in WAL mode its snapshot is stale,
and waiting cannot help). So several processes opening one file while others record were
refused "database is locked" at once.

Here a write that meets a locked database is tried again in a new transaction, with a new
snapshot, until ``SQLITE_LOCK_TIMEOUT`` seconds have passed; the transaction that failed
was rolled back whole, so nothing is written twice. Only a writer that waited past the
timeout gets `StoreBusyError`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteApplicationRecorder,
    SQLiteDatastore,
)

from governance.domain.messages import msg

_Written = TypeVar("_Written")

#: Seconds to wait for other writers when ``SQLITE_LOCK_TIMEOUT`` is not set.
LOCK_TIMEOUT = 15


class StoreBusyError(OperationalError):
    """Other writers held the SQLite file for longer than the lock timeout."""


def _locked(error: OperationalError) -> bool:
    message = str(error)
    return "locked" in message or "busy" in message


def wait_for_the_lock(datastore: SQLiteDatastore, write: Callable[[], _Written]) -> _Written:
    """``write()``, tried again while the database is locked, up to the lock timeout."""
    timeout = datastore.pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            return write()
        except OperationalError as error:
            if not _locked(error):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    msg(
                        "store.busy",
                        "the SQLite file stayed locked by other writers for {seconds} seconds "
                        "(SQLITE_LOCK_TIMEOUT sets how long to wait)",
                        seconds=timeout,
                    )
                ) from error
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 0.2)


class WaitingSQLiteRecorder(SQLiteApplicationRecorder):
    """eventsourcing's SQLite application recorder, whose writes wait their turn."""

    def create_table(self) -> None:
        wait_for_the_lock(self.datastore, super().create_table)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        insert = super().insert_events
        return wait_for_the_lock(self.datastore, lambda: insert(stored_events, **kwargs))
