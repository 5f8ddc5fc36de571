"""Reading the persisted views: a status when they are current, and how far behind they are."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.sqlite import SQLiteApplicationRecorder

from governance.domain.messages import msg
from governance.projections import Status
from governance.views._rows import status_from_rows
from governance.views._schema import SCHEMA_VERSION
from governance.views._sqlite import SQLiteViews
from governance.views._store import Snapshot, ViewsRecorder, ViewsUnavailableError


def views_recorder(app: Application[UUID]) -> ViewsRecorder[Any]:
    """The views recorder for the application's store (no tables are created here)."""
    recorder = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return SQLiteViews(
            recorder.datastore,
            application_name=app.name,
            events_table_name=recorder.events_table_name,
        )
    module = type(recorder).__module__
    if "eventsourcing.postgres" in sys.modules:
        # Only a store opened through it can be PostgreSQL; psycopg is an optional dependency.
        from eventsourcing.postgres import PostgresApplicationRecorder  # noqa: PLC0415

        from governance.views._postgres import PostgresViews  # noqa: PLC0415

        if isinstance(recorder, PostgresApplicationRecorder):
            return PostgresViews(
                recorder.datastore,
                application_name=app.name,
                events_table_name=recorder.events_table_name,
                channel_name=recorder.channel_name,
            )
    if module == "eventsourcing.popo":
        raise ViewsUnavailableError(
            msg(
                "views.memory",
                "a memory: store keeps nothing after its process ends, so it has no persisted "
                "views; use an SQLite file or PostgreSQL (status is computed from the log)",
            )
        )
    raise ViewsUnavailableError(
        msg(
            "views.unsupported-store",
            "persisted views are kept in SQLite and PostgreSQL stores; this store uses {module} "
            "(status is computed from the log)",
            module=module,
        )
    )


class PersistedViews:
    """The persisted views of a record: ``governance_*`` tables in the store's database.

    Each call reads one snapshot of the database, so rows, position and lag agree.
    """

    def __init__(self, app: Application[UUID]) -> None:
        self.app = app
        self.recorder = views_recorder(app)

    def snapshot(self, *, rows: bool = False) -> Snapshot:
        return self.recorder.read(rows=rows)

    def position(self) -> int:
        """The log position the views hold the events up to (0: none)."""
        return self.snapshot().position

    def lag(self) -> int:
        """How many log positions the views are behind the log."""
        return self.snapshot().lag

    def status_as_of(self) -> date | None:
        """The date the stored statuses refer to (None: never written)."""
        meta = self.snapshot().meta
        return None if meta is None else meta.status_as_of

    def status(
        self, *, as_of: date | None = None, body: str | None = None, include_all: bool = False
    ) -> Status:
        """The status the tables hold, as of the date they refer to.

        They may lag behind the log: check `lag` (or use `views_status`). Raises
        ``ViewsUnavailableError`` if there are no views, or ``as_of`` is another date.
        """
        snapshot = self.snapshot(rows=True)
        meta = snapshot.meta
        if meta is None or meta.status_as_of is None or meta.schema_version != SCHEMA_VERSION:
            raise ViewsUnavailableError(_describe(snapshot, as_of))
        if as_of is not None and as_of != meta.status_as_of:
            raise ViewsUnavailableError(_describe(snapshot, as_of))
        return status_from_rows(
            snapshot.rows, as_of=meta.status_as_of, body=body, include_all=include_all
        )


def _current_for(snapshot: Snapshot, as_of: date) -> bool:
    meta = snapshot.meta
    return (
        snapshot.exists
        and snapshot.lag == 0
        and meta is not None
        and meta.schema_version == SCHEMA_VERSION
        and meta.status_as_of == as_of
    )


def views_status(
    app: Application[UUID], as_of: date, body: str | None = None, include_all: bool = False
) -> Status | None:
    """The status as of ``as_of`` from the persisted views, or None unless they hold
    every event of the log and their statuses refer to ``as_of``.

    When it is not None, it equals ``app.status(as_of=as_of, body=body,
    include_all=include_all)``. The record as known at an earlier position is not
    kept: ask the log for that.
    """
    try:
        views = PersistedViews(app)
    except ViewsUnavailableError:
        return None
    if not _current_for(views.snapshot(), as_of):
        return None
    snapshot = views.snapshot(rows=True)
    if not _current_for(snapshot, as_of):
        return None
    return status_from_rows(snapshot.rows, as_of=as_of, body=body, include_all=include_all)


def describe_lag(app: Application[UUID], as_of: date | None = None) -> str:
    """Whether the persisted views can answer (for ``as_of``), and if not, why, in one
    sentence for a user."""
    try:
        views = PersistedViews(app)
    except ViewsUnavailableError as error:
        return str(error)
    return _describe(views.snapshot(), as_of)


def _describe(snapshot: Snapshot, as_of: date | None) -> str:
    meta = snapshot.meta
    if not snapshot.exists or meta is None or meta.status_as_of is None:
        return "there are no persisted views in this store yet: run `governance follow`"
    if meta.schema_version != SCHEMA_VERSION:
        return (
            f"the persisted views were made by another version of governance (tables "
            f"version {meta.schema_version}, this version reads {SCHEMA_VERSION}): run "
            "`governance follow --rebuild`"
        )
    if snapshot.lag:
        return (
            f"the persisted views are {snapshot.lag} log positions behind (at "
            f"{snapshot.position} of {snapshot.log_position}): is `governance follow` running?"
        )
    if as_of is not None and as_of != meta.status_as_of:
        return (
            f"the persisted views give the status as of {meta.status_as_of.isoformat()}, "
            f"not {as_of.isoformat()}"
        )
    return (
        f"the persisted views are current: position {snapshot.position}, status as of "
        f"{meta.status_as_of.isoformat()}"
    )
