"""``governance views …``: the registers the status reads, kept as tables in the store."""

from __future__ import annotations

import typer

from governance.cli._common import DatabaseStoreOption, fail, open_store
from governance.cli._root import HELP
from governance.domain.errors import GovernanceError
from governance.i18n import gettext as _

views_app = typer.Typer(name="views", help=HELP["views"], no_args_is_help=True)


@views_app.command(
    "rebuild",
    help=_(
        "Make the registers (the tables governance_registers and governance_references) "
        "again from the log, in one transaction.\n\n"
        "Readers go on reading the old rows until it commits, then read the new ones. "
        "Nothing in the log changes."
    ),
)
def rebuild_command(store: DatabaseStoreOption = None) -> None:
    from eventsourcing.persistence import PersistenceError

    record = open_store(store)
    try:
        position = record.rebuild_registers()
    except GovernanceError as error:
        fail(error)
    except PersistenceError as error:
        fail(_("the store failed: {error}").format(error=error))
    finally:
        record.close()
    typer.echo(
        _("registers rebuilt from the log, up to position {position}").format(position=position)
    )
