"""``governance follow``: keep the persisted views current, until stopped by a signal."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from governance.cli._common import DatabaseStoreOption, fail, helped
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _

if TYPE_CHECKING:
    from governance.views import Progress


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


def _as_of(progress: Progress) -> str:
    """The day the views' status is as of, the language's way ("-" for none)."""
    from governance.i18n import language

    return language().date(progress.status_as_of) if progress.status_as_of else "-"


def _nothing_written(progress: Progress) -> str | None:
    """Why a catch-up wrote nothing, and where the views stay; None if it wrote, or
    found them current."""
    from governance.views import Outcome

    if progress.outcome is Outcome.STOPPED:
        said = _(
            "nothing written: stopped before the log was read; the views stay at position "
            "{position}, status as of {day}"
        )
    elif progress.outcome is Outcome.NOT_WRITTEN:
        said = _(
            "nothing written: the register tables could not be read at a position the log was "
            "read to (recordings kept coming in, a gap in the positions not yet final, or the "
            "tables could not be made current); the views stay at position {position}, status "
            "as of {day}"
        )
    else:
        return None
    return said.format(position=progress.position, day=_as_of(progress))


def _report(progress: Progress) -> None:
    typer.echo(
        _nothing_written(progress)
        or _("views at position {position} (were at {previous}), status as of {day}").format(
            position=progress.position, previous=progress.previous, day=_as_of(progress)
        )
    )


@helped(HELP["follow"])
def follow_command(
    store: DatabaseStoreOption = None,
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

    try:
        record = Governance(store)
        follower = record.follower(rebuild=rebuild)
        where = redact(record.store_url) or _("the configured store")
        start = follower.views.snapshot()
        typer.echo(
            _("following {store}: views at position {position}, log at {log}").format(
                store=where, position=start.position, log=start.log_position
            )
        )
        stop = threading.Event()
        with _stopped_by_signals(stop) as received:
            if once:
                progress = follower.catch_up(stop)
                typer.echo(
                    _nothing_written(progress)
                    or _(
                        "views current at position {position} (were at {previous}), status as "
                        "of {day}"
                    ).format(
                        position=progress.position,
                        previous=progress.previous,
                        day=_as_of(progress),
                    )
                )
            else:
                follower.run(stop, poll=poll, on_progress=_report)
        if received:
            typer.echo(
                _("stopped by {signal}, views at position {position}").format(
                    signal=received[0], position=follower.views.position()
                )
            )
    except GovernanceError as error:
        fail(error)
    except PersistenceError as error:
        fail(_("the store failed: {error}").format(error=error))
