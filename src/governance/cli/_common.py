"""What every command shares: the consoles, how errors, warnings and notes are shown,
the pager, and opening the store."""

from __future__ import annotations

import codecs
import enum
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

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

#: ``--store`` of a command that needs the tables of a database (not ``memory:``).
DatabaseStoreOption = Annotated[
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

#: The pager, as git chooses one: this variable, then PAGER, then less.
PAGER_VARIABLE = "GOVERNANCE_PAGER"


#: A numbered entry of a list of errors ("  2. "): its lines go on under its text.
_NUMBERED = re.compile(r"\s*\d+\.\s+")
#: A line of a file shown under an error ("   9 |     title: …", "     |   ^"): never wrapped,
#: so that the caret stays under the place it points at.
_EXCERPT = re.compile(r"\s*\d*\s?\|")


def _wrapped(first: str, text: str, width: int | None) -> list[str]:
    """``first`` and ``text`` as lines of at most ``width`` columns (None: as they are),
    each line of ``text`` going on under where its text begins: under the text after
    ``first``, after the number of a numbered entry, or after the line's own indent."""
    lines: list[str] = []
    for number, written in enumerate(text.split("\n")):
        line = f"{first} {written}" if number == 0 else written
        if width is None or (number > 0 and _EXCERPT.match(line)):
            lines.append(line)
            continue
        numbered = _NUMBERED.match(line)
        if number == 0:
            indent = len(first) + 1
        elif numbered:
            indent = numbered.end()
        else:
            indent = len(line) - len(line.lstrip(" "))
        lines.extend(
            textwrap.wrap(
                line,
                width=max(width, indent + 20),
                subsequent_indent=" " * indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [line]
        )
    return lines


def shown_error(before: Sequence[str], label: str, text: str, style: str = "bold red") -> None:
    """Show on stderr the lines ``before`` as they are, then ``label`` (in ``style``) and
    ``text``, wrapped at the terminal's width with each line going on under its text; on
    anything but a terminal, lines stay whole."""
    from rich.text import Text  # not for --help

    shown = made(err)
    width = shown.size.width if shown.is_terminal else None
    for line in before:
        shown.print(Text(line), soft_wrap=True)
    lines = _wrapped(label, text, width)
    message = Text("\n".join(lines))
    message.stylize(style, 0, len(label))
    shown.print(message, soft_wrap=True)


def fail(error: GovernanceError | str) -> NoReturn:
    """Show ``error`` on stderr and exit 1."""
    shown_error((), _("error:"), str(error))
    raise typer.Exit(1)


def warn(text: str) -> None:
    shown_error((), _("warning:"), text, style="yellow")


def note(text: str) -> None:
    shown_error((), _("note:"), text, style="")


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
    and it is longer than the screen, as git does (``less -FRX`` unless LESS is set). The
    text goes to the pager in stdout's encoding, and when that is UTF-8 less is told so
    (unless LESSCHARSET is set): where the locale named by LANG is not installed, less
    would otherwise show å as <C3><A5>."""
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
    encoding = sys.stdout.encoding or "utf-8"
    if codecs.lookup(encoding).name == "utf-8":
        env.setdefault("LESSCHARSET", "utf-8")
    try:
        subprocess.run(pager, input=text.encode(encoding, "replace"), env=env, check=False)
    except OSError:
        sys.stdout.write(text)
