"""What every command shares: the consoles, how an error is shown, opening the store."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from governance.application import Governance, NoRecordError
from governance.domain.errors import GovernanceError
from governance.store.url import default_store, describe_store

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(error: GovernanceError | str) -> NoReturn:
    """Show ``error`` on stderr and exit 1."""
    err.print(f"[bold red]error:[/] {escape(str(error))}")
    raise typer.Exit(1)


def open_store(store: str | None, *, create: bool = False) -> Governance:
    """The store, to be read; with ``create``, to be recorded in (made if new).

    Reading a store that holds no record is an error, not an empty answer.
    """
    try:
        return Governance(store, create=create)
    except NoRecordError:
        where = describe_store(store or default_store())
        fail(f"no record at {where}; record minutes first, or give --store")
    except GovernanceError as error:
        fail(error)
