"""What every decider shares: the decision, its context and notices, and the checks
of names, texts and dates that every kind of document is held to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import cast

import attrs

from governance.domain.commands import Command
from governance.domain.errors import InvalidTextError, InvalidValueError, Path, UnknownBodyError
from governance.domain.events import Event
from governance.domain.messages import Message, as_message, msg
from governance.domain.state import RecordState
from governance.domain.values import Due, date_problem


@attrs.frozen
class Notice:
    """A warning: recorded anyway, but worth a secretary's attention.

    ``message`` is the warning in the current language, ``text`` the message itself.
    """

    path: Path
    text: Message = attrs.field(converter=as_message)

    @property
    def message(self) -> str:
        return str(self.text)


@attrs.frozen
class Context:
    """What a decision needs besides the command and the state.

    ``digest`` identifies the document's content (for minutes, without the approval and
    submission dates); ``today`` is the date of recording; ``declared_bodies`` are bodies
    registered by documents of the same file, which may be referred to before they come.
    """

    digest: str
    today: date
    declared_bodies: frozenset[str] = frozenset()


@attrs.frozen
class Decision:
    events: tuple[Event, ...] = ()
    notices: tuple[Notice, ...] = ()


def _dates(value: object, path: Path) -> Iterator[tuple[date, Path]]:
    """Every date a command holds, with its path."""
    match value:
        case date():
            yield value, path
        case Due(on=on) if on is not None:
            yield on, path
        case tuple():
            for index, element in enumerate(value):
                yield from _dates(element, (*path, index))
        case _ if attrs.has(type(value)):
            for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
                yield from _dates(getattr(value, field.name), (*path, field.name))


def refuse_dates_out_of_bounds(command: Command) -> None:
    """A command built in Python skips the parser's checks: every date it holds must be
    one the record takes, or the queries that compute with it would fail."""
    for on, path in _dates(command, ()):
        problem = date_problem(on)
        if problem is not None:
            raise InvalidValueError(problem, path=path[1:] if path[:1] == ("minutes",) else path)


def require_body(state: RecordState, context: Context, body_id: str, *path: str | int) -> None:
    if body_id in context.declared_bodies or state.body(body_id).current is not None:
        return
    raise UnknownBodyError(
        msg(
            "body.unknown",
            "body '{body_id}' is not registered; record its body document first",
            body_id=body_id,
        ),
        path=path,
    )


def refuse_bad_text(texts: Iterable[tuple[str, Path, int]]) -> None:
    """Names (and tasks) are never empty, nor longer than the record takes."""
    for text, path, longest in texts:
        if not text.strip():
            raise InvalidTextError(
                msg("text.empty", "expected a name or a text, got an empty one"), path=path
            )
        if len(text) > longest:
            raise InvalidTextError(
                msg(
                    "text.too-long",
                    "expected at most {longest} characters, got {length}",
                    longest=longest,
                    length=len(text),
                ),
                path=path,
            )
