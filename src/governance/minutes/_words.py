"""The Swedish a secretary may write for the format's values, and the value each stands for.

The format's values are English words (``on_site``, ``chair``, ``done``, ``next_meeting``);
a file may give them in Swedish, as minutes write them, and they are stored as the English
value: the record, JSON and ids never change with the language. Words are matched
whatever their case and spacing (``På plats``, ``nästa  möte``).

Role words (``ordförande``, ``the chair``) stand for a role wherever an assignment is
given to someone; where only a person can stand (attendees, adjusters, a member's name)
they are refused, so a role is never stored as a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from governance.domain.names import normalise_name

#: Swedish meeting modes.
MODE_WORDS: Mapping[str, str] = MappingProxyType(
    {"på plats": "on_site", "digitalt": "digital", "hybrid": "hybrid"}
)
#: Swedish roles of a member (a body's ``members[].roles``).
ROLE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "ordförande": "chair",
        "sekreterare": "secretary",
        "presidiet": "presidium",
        "presidium": "presidium",
        "kontaktperson": "liaison",
        "medlem": "member",
        "ledamot": "member",
    }
)
#: Swedish report statuses (``assignment_reports[].status``).
REPORT_STATUS_WORDS: Mapping[str, str] = MappingProxyType(
    {"klar": "done", "pågår": "progress", "avbruten": "cancelled"}
)
#: Swedish for ``next_meeting`` (``due``, ``tabled``, ``until``).
NEXT_MEETING_WORDS: tuple[str, ...] = ("nästa möte",)
#: Swedish for a task's ``report: continuous | yearly``.
TASK_REPORT_WORDS: Mapping[str, str] = MappingProxyType(
    {"löpande": "continuous", "årligen": "yearly"}
)

#: Who an assignment may go to besides named people, and the words for each, in English
#: and Swedish; the value stored is the key.
ASSIGNEE_ROLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "chair": ("chair", "the chair", "ordförande", "ordföranden"),
        "secretary": ("secretary", "the secretary", "sekreterare", "sekreteraren"),
        "presidium": ("presidium", "the presidium", "presidiet"),
        "all members": (
            "all members",
            "all",
            "everyone",
            "alla",
            "alla medlemmar",
            "samtliga",
            "samtliga medlemmar",
        ),
    }
)
_ASSIGNEES = {word: role for role, words in ASSIGNEE_ROLES.items() for word in words}
#: Words that name a role, never a person: those above and the roles of members.
ROLE_NAMES: frozenset[str] = frozenset(
    {*_ASSIGNEES, *ROLE_WORDS, "liaison", "member", "members", "medlemmar"}
)


def normalised(text: str) -> str:
    """``text`` as words are compared: in one Unicode form (NFC, as names are read), lower
    case, single spaces, no spaces around."""
    return normalise_name(text).casefold()


def canonical(text: str, words: Mapping[str, str]) -> str | None:
    """The value ``text`` stands for in ``words``, or None."""
    return words.get(normalised(text))


def assignee(name: str) -> str:
    """The role ``name`` stands for (``Ordförande`` -> ``chair``), or ``name`` as written."""
    return _ASSIGNEES.get(normalised(name), name)


def is_role_word(name: str) -> bool:
    """Whether ``name`` names a role (``sekreterare``, ``the chair``), not a person."""
    return normalised(name) in ROLE_NAMES
