"""What every command shares: the consoles, how errors, warnings and notes are shown,
the pager, and opening the store."""

from __future__ import annotations

import enum
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import typer

from governance.i18n import gettext as _

if TYPE_CHECKING:
    from rich.console import Console

    from governance.application import Governance
    from governance.domain.errors import GovernanceError


_Command = TypeVar("_Command", bound=Callable[..., Any])


def helped(text: str) -> Callable[[_Command], _Command]:
    """Give a command the help ``text`` (already in the chosen language) as the docstring
    typer shows, for a command that another module registers."""

    def give(command: _Command) -> _Command:
        command.__doc__ = text
        return command

    return give


class Format(enum.StrEnum):
    """How a command prints what it found."""

    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"


class _LazyConsole:
    """A rich Console made when first used: importing rich would cost ``--help`` and
    ``--version`` a fifth of their time, and neither prints through a console.

    It stands in for the console's methods and attributes only: give rich itself the
    console (``Progress(console=made(err))``).
    """

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], Console]) -> None:
        object.__setattr__(self, "_make", make)
        object.__setattr__(self, "_made", None)

    def _console(self) -> Console:
        made: Console | None = object.__getattribute__(self, "_made")
        if made is None:
            made = object.__getattribute__(self, "_make")()
            object.__setattr__(self, "_made", made)
        return made

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console(), name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._console(), name, value)


def console(**options: Any) -> Console:
    """A rich Console with ``options``, made when first used."""

    def make() -> Console:
        from rich.console import Console  # not for --help

        return Console(**options)

    return cast("Console", _LazyConsole(make))


def made(console: Console) -> Console:
    """The rich Console itself behind ``out``, ``err`` or another :func:`console`."""
    if isinstance(console, _LazyConsole):
        return console._console()
    return console


def _error_console() -> Console:
    from rich.console import Console  # not for --help

    made = Console(stderr=True, highlight=False)
    #: Lines to stderr wrap at the terminal's width, and stay whole when redirected.
    made.soft_wrap = not made.is_terminal
    return made


out = console(highlight=False, soft_wrap=True)
err = cast("Console", _LazyConsole(_error_console))


def escape(text: str) -> str:
    """``text`` with rich's markup escaped, so that brackets in it are shown."""
    from rich.markup import escape as escaped  # not for --help

    return escaped(text)


#: The variable that names the store: governance.store.url.STORE_VARIABLE, not imported
#: from there because that loads the store, which ``--help`` never needs.
STORE_VARIABLE = "GOVERNANCE_STORE"

#: The pager, as git chooses one: this variable, then PAGER, then less.
PAGER_VARIABLE = "GOVERNANCE_PAGER"


def fail(error: GovernanceError | str) -> NoReturn:
    """Show ``error`` on stderr and exit 1."""
    from rich.text import Text  # not for --help

    err.print(Text.assemble((_("error:"), "bold red"), " ", str(error)))
    raise typer.Exit(1)


def warn(text: str) -> None:
    from rich.text import Text  # not for --help

    err.print(Text.assemble((_("warning:"), "yellow"), " ", text))


def note(text: str) -> None:
    from rich.text import Text  # not for --help

    err.print(Text.assemble(_("note:"), " ", text))


def open_store(store: str | None, *, create: bool = False) -> Governance:
    """The store, to be read; with ``create``, to be recorded in (made if new).

    Reading a store that holds no record is an error, not an empty answer.
    """
    from governance.application import Governance, NoRecordError
    from governance.domain.errors import GovernanceError
    from governance.store.url import default_store, describe_store

    try:
        return Governance(store, create=create)
    except NoRecordError:
        where = describe_store(store or default_store())
        fail(_("no record at {where}; record minutes first, or give --store").format(where=where))
    except GovernanceError as error:
        fail(error)


def _pager() -> list[str] | None:
    """The pager command, or None for none (``cat``, an empty value, or not installed)."""
    command = os.environ.get(PAGER_VARIABLE, os.environ.get("PAGER", "less"))
    words = shlex.split(command)
    if not words or words == ["cat"] or shutil.which(words[0]) is None:
        return None
    return words


@contextmanager
def paged() -> Iterator[None]:
    """What is printed on ``out`` inside goes through the pager when stdout is a terminal
    and it is longer than the screen, as git does (``less -FRX`` unless LESS is set)."""
    pager = _pager() if out.is_terminal else None
    if pager is None:
        yield
        return
    with out.capture() as captured:
        yield
    text = captured.get()
    if text.count("\n") < out.size.height:
        sys.stdout.write(text)
        return
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        subprocess.run(pager, input=text, text=True, env=env, check=False)
    except OSError:
        sys.stdout.write(text)
