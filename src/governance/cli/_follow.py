"""``governance follow``: keep the persisted views current, until stopped by a signal."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from governance.cli._common import STORE_VARIABLE, helped
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _

if TYPE_CHECKING:
    from governance.views._follower import Progress


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=STORE_VARIABLE,
        help=_(
            "Where the record is: a SQLite file (default governance.db) or "
            "postgresql://user@host/db."
        ),
        show_default=False,
    ),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[list[str]]:
    """SIGINT and SIGTERM set ``stop``; yields the names of the signals received."""
    received: list[str] = []

    def handle(number: int, _: FrameType | None) -> None:
        received.append(signal.Signals(number).name)
        stop.set()

    previous = {
        number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _report(progress: Progress) -> None:
    as_of = progress.status_as_of.isoformat() if progress.status_as_of else "-"
    typer.echo(
        f"views at position {progress.position} (were at {progress.previous}), "
        f"status as of {as_of}"
    )


@helped(HELP["follow"])
def follow_command(
    store: StoreOption = None,
    poll: Annotated[
        float,
        typer.Option("--poll", min=0.05, help=_("Seconds between looks at the log when idle.")),
    ] = 1.0,
    once: Annotated[
        bool, typer.Option("--once", help=_("Catch up, write the views and stop."))
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help=_("Drop the views' tables and rebuild them from the log.")),
    ] = False,
) -> None:
    from eventsourcing.persistence import PersistenceError

    from governance.application import Governance
    from governance.store.url import redact
    from governance.views._follower import Follower

    try:
        record = Governance(store)
        follower = Follower(record, rebuild=rebuild)
        where = redact(record.store_url) or "the configured store"
        start = follower.views.snapshot()
        typer.echo(
            f"following {where}: views at position {start.position}, log at {start.log_position}"
        )
        stop = threading.Event()
        with _stopped_by_signals(stop) as received:
            if once:
                progress = follower.catch_up(stop)
                as_of = progress.status_as_of.isoformat() if progress.status_as_of else "-"
                state = "current" if not received else "written"
                typer.echo(
                    f"views {state} at position {progress.position} "
                    f"(were at {progress.previous}), status as of {as_of}"
                )
            else:
                follower.run(stop, poll=poll, on_progress=_report)
        if received:
            typer.echo(f"stopped by {received[0]} at position {follower.position}")
    except GovernanceError as error:
        raise _fail(str(error)) from None
    except PersistenceError as error:
        raise _fail(f"the store failed: {error}") from None
