"""Names of people and bodies as the record keeps and compares them.

A name pasted from a PDF or a Mac may spell ``ö`` as ``o`` and a combining diaeresis,
and carry non-breaking or doubled spaces; typed on Windows it is one character and
single spaces. Every name the record takes is brought to one form (Unicode NFC, white
space collapsed) before it is stored or compared, so the two are the same name. Names
are matched to members and aliases only whole, never by a prefix; a name close to a
known one is a "did you mean", never a match.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from typing import assert_never

import attrs

from governance.domain.commands import (
    Command,
    CorrectMinutes,
    IssueMandate,
    ItemEntry,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.values import Alias, Attendee, Member

#: The longest name the record takes, in characters (after normalising).
MAX_NAME_LENGTH = 200
#: The longest task of an assignment the record takes, in characters.
MAX_TASK_LENGTH = 2_000

#: How alike a name must be to a known one (difflib's ratio) to be offered instead.
NEAR = 0.75


def normalise_name(text: str) -> str:
    """``text`` in Unicode NFC with its white space collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def name_key(text: str) -> str:
    """What two spellings of a name share when they are the same name: the normalised
    name, case folded ("Karin  BERG" and "karin berg")."""
    return normalise_name(text).casefold()


def nearest(word: str, candidates: Iterable[str], *, n: int = 3) -> tuple[str, ...]:
    """The candidates closest to ``word`` (at most ``n``, closest first), for a
    "did you mean"; none when nothing is close."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(name_key(candidate), candidate)
    close = difflib.get_close_matches(name_key(word), list(by_key), n=n, cutoff=NEAR)
    return tuple(by_key[key] for key in close)


def _optional(name: str | None) -> str | None:
    return None if name is None else normalise_name(name)


def _member(member: Member) -> Member:
    return attrs.evolve(
        member, name=normalise_name(member.name), municipality=_optional(member.municipality)
    )


def _attendee(attendee: Attendee) -> Attendee:
    return attrs.evolve(
        attendee,
        name=normalise_name(attendee.name),
        municipality=_optional(attendee.municipality),
    )


def _alias(alias: Alias) -> Alias:
    return Alias(normalise_name(alias.variant), normalise_name(alias.canonical))


def _item(entry: ItemEntry) -> ItemEntry:
    assignments = tuple(
        attrs.evolve(new, to=tuple(normalise_name(name) for name in new.to))
        for new in entry.assignments
    )
    return attrs.evolve(entry, assignments=assignments)


def _minutes(command: RecordMinutes) -> RecordMinutes:
    meeting = command.meeting
    meeting = attrs.evolve(
        meeting,
        attendees=tuple(_attendee(a) for a in meeting.attendees),
        secretary=_optional(meeting.secretary),
        adjusters=tuple(normalise_name(name) for name in meeting.adjusters),
    )
    return attrs.evolve(
        command, meeting=meeting, items=tuple(_item(entry) for entry in command.items)
    )


def normalised(command: Command) -> Command:
    """``command`` with every name of a person or a body in normal form."""
    match command:
        case RegisterBody():
            return attrs.evolve(
                command,
                name=normalise_name(command.name),
                members=tuple(_member(m) for m in command.members),
                aliases=tuple(_alias(a) for a in command.aliases),
            )
        case IssueMandate():
            return command
        case RecordMinutes():
            return _minutes(command)
        case CorrectMinutes():
            return attrs.evolve(command, minutes=_minutes(command.minutes))
        case _:
            assert_never(command)


__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_TASK_LENGTH",
    "NEAR",
    "name_key",
    "nearest",
    "normalise_name",
    "normalised",
]
