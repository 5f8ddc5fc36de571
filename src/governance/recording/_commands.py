"""What recording needs to know of a command: its digest, its subject and kind, the
streams it touches, and whether the store could give its values back as they are."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, get_args, get_origin

import attrs
from cattrs import ClassValidationError, IterableValidationError, transform_error

from governance.domain import ids
from governance.domain.commands import (
    Command,
    CorrectMinutes,
    IssueMandate,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.errors import GovernanceError, InvalidValueError
from governance.domain.ids import StreamKind
from governance.domain.messages import msg
from governance.store import canonical_json, converter


def content_digest(command: Command) -> str:
    """The digest of a document's content, without the dates that may be added later.

    Minutes may later gain ``approved_on`` and ``submitted_on``, and a mandate its
    ``ended_on``: recording the same document with those added records just them.
    """
    if isinstance(command, CorrectMinutes):
        command = command.minutes
    if isinstance(command, RecordMinutes):
        command = attrs.evolve(command, approved_on=None, submitted_on=None)
    elif isinstance(command, IssueMandate):
        command = attrs.evolve(command, ended_on=None)
    payload = {"kind": type(command).__name__, "content": converter.unstructure(command)}
    return "sha256:" + hashlib.sha256(canonical_json(payload)).hexdigest()


def subject(command: Command) -> str:
    match command:
        case RegisterBody():
            return command.body_id
        case IssueMandate():
            return command.mandate_id
        case RecordMinutes():
            return ids.meeting_id(command.body_id, command.meeting.date)
        case CorrectMinutes():
            return ids.meeting_id(command.minutes.body_id, command.minutes.meeting.date)


def kind(command: Command) -> str:
    match command:
        case RegisterBody():
            return "body"
        case IssueMandate():
            return "mandate"
        case RecordMinutes():
            return "minutes"
        case CorrectMinutes():
            return "correction"


def streams_to_load(command: Command) -> Iterator[tuple[StreamKind, str]]:
    match command:
        case RegisterBody():
            yield "body", command.body_id
            if command.parent:
                yield "body", command.parent
        case IssueMandate():
            yield "mandate", command.mandate_id
            yield "body", command.issued_by
            yield "body", command.issued_to
            for obligation in command.obligations:
                if obligation.to is not None:
                    yield "body", obligation.to
        case RecordMinutes():
            yield "body", command.body_id
            yield "meeting", ids.meeting_id(command.body_id, command.meeting.date)
            for entry in command.items:
                referred: list[str | None] = [entry.continues]
                if entry.continues is None and entry.number is not None:
                    yield "item", ids.item_id(command.body_id, command.meeting.date, entry.number)
                if entry.referred_to is not None:
                    yield "body", entry.referred_to
                referred += [
                    ids.item_of_assignment(r.assignment_id) for r in entry.assignment_reports
                ]
                for item in filter(None, referred):
                    yield "item", item
                    meeting = ids.meeting_of_item(item)  # recorded? (see domain.references)
                    if meeting is not None:
                        yield "meeting", meeting
            mandates = [r.mandate_id for r in command.reports]
            mandates += [w.mandate_id for w in command.waivers]
            for mandate_id in mandates:
                yield "mandate", mandate_id
        case CorrectMinutes():
            yield from streams_to_load(command.minutes)


Locate = Callable[[int, GovernanceError], GovernanceError]
Group = tuple[str, Sequence[Command], Locate]


def unlocated(index: int, error: GovernanceError) -> GovernanceError:
    error.add_note(f"in command {index + 1}")
    return error


def _literals(kind: Any) -> tuple[object, ...]:
    if get_origin(kind) is Literal:
        return get_args(kind)
    return tuple(value for arg in get_args(kind) for value in _literals(arg))


def _expected(error: BaseException, kind: Any) -> str:
    """What cattrs could not structure, said for a user."""
    if isinstance(error, KeyError):
        return "a required value is missing"
    choices = _literals(kind)
    if choices:
        return f"expected one of {', '.join(repr(c) for c in choices)}"
    name = getattr(kind, "__name__", None) or str(kind)
    return f"expected {name} ({error})"


_CATTRS_PATH = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def unstorable(command: Command) -> InvalidValueError | None:
    """Why the store could not give a command's values back as they are, if it could not.

    A command built in Python skips the checks a minutes file's parser makes; a value of
    the wrong kind would be stored and then fail to read back, so it is refused here.
    """
    try:
        back = converter.structure(converter.unstructure(command), type(command))
    except Exception as error:  # cattrs says where; anything else, what
        if not isinstance(error, (ClassValidationError, IterableValidationError)):
            return InvalidValueError(
                msg("value.cannot-be-stored", "a value cannot be stored: {error}", error=error)
            )
        message, _, where = transform_error(error, format_exception=_expected)[0].rpartition(
            " @ $"
        )
        path = [int(n) if n else name for name, n in _CATTRS_PATH.findall(where)]
        return InvalidValueError(
            msg("value.cannot-be-stored", "a value cannot be stored: {error}", error=message),
            path=path,
        )
    if back != command:
        return InvalidValueError(
            msg(
                "value.not-stored-as-given",
                "a value would not be stored as given ({name}): check the types of its fields",
                name=type(command).__name__,
            )
        )
    return None


def as_correction(command: Command, reason: str) -> Command:
    if isinstance(command, RecordMinutes):
        return CorrectMinutes(minutes=command, reason=reason)
    return command
