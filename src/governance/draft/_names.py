"""People's names: what looks like one, and matching it to the people we know.

Names are NFC-normalised and compared with Swedish letters and OCR misreadings folded
("Sjoberg", "Sj6berg" and "Sjöberg" are one spelling). Against a body's registered
members and aliases (from a store), a close spelling ("Lindkvist" for "Lindqvist",
"Maria" for "Marie") is matched with rapidfuzz and marked unsure, never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import attrs
from rapidfuzz import fuzz, process

from governance.draft._text import fold

_NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüø'’]+(?:-[A-ZÅÄÖÉÜ]?[a-zåäöéüø]+)*"
NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:af\s+|von\s+|de\s+)?{_NAME_WORD}){{0,3}}")
FULL_NAME = re.compile(rf"^{NAME.pattern}$")


def normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def key(name: str) -> str:
    """The spelling names are compared by: folded, hyphens as spaces."""
    return " ".join(fold(normalise(name)).replace("-", " ").split())


def looks_like_name(text: str) -> bool:
    return FULL_NAME.match(normalise(text)) is not None and fold(text) not in _NOT_NAMES


_NOT_NAMES = frozenset(
    fold(word)
    for word in """Alla Samtliga Varje Vi Ni De Den Det Detta Denna Nätverket Mötet Gruppen
    Frågan Punkten Ärendet Protokollet Ordförande Ordföranden Sekreterare Sekreteraren
    Presidiet Beslut Uppdrag Teams Zoom Nästa Kommande Övriga Övrigt Information Inga
    Ingen Inget Till Från Efter Inför Under Vid Med Om Som Och Att Skolchefsgruppen
    Direktionen Förbundet Kansliet Ansvarig Ansvar Datum Plats Tid Närvarande Deltagare
    Frånvarande Justerare Justering Namn Kommun Funktion Roll Skola Organisation Titel
    Befattning Enhet Verksamhet""".split()
)


@attrs.frozen
class Match:
    """A name as the draft writes it, and why it is unsure (None when it is not)."""

    name: str
    why: str | None = None


@attrs.define
class Roster:
    """The people a protocol's names are matched against.

    ``registered`` are the body's members, ``aliases`` other spellings of them (both
    from a store); ``present`` are the attendees the protocol lists.
    """

    registered: list[str] = attrs.Factory(list)
    aliases: dict[str, str] = attrs.Factory(dict)
    present: list[str] = attrs.Factory(list)

    def canonical(self, name: str) -> Match:
        """A full name matched against the registered members and aliases."""
        name = normalise(name)
        if not self.registered:
            return Match(name)
        by_key = {key(member): member for member in self.registered}
        by_key.update({key(alias): member for alias, member in self.aliases.items()})
        exact = by_key.get(key(name))
        if exact is not None:
            return Match(exact)
        choices = list(by_key)
        best = process.extractOne(key(name), choices, scorer=fuzz.WRatio)
        if best is not None and best[1] >= 85 and _same_first_name(key(name), best[0]):
            member = by_key[best[0]]
            return Match(member, f"'{name}' tolkat som den registrerade medlemmen {member}")
        first = key(name).split(" ")[0]
        same_surname = [
            member
            for member in self.registered
            if key(member).split(" ")[-1:] == key(name).split(" ")[-1:]
        ]
        if len(same_surname) == 1 and fuzz.ratio(first, key(same_surname[0]).split(" ")[0]) >= 70:
            member = same_surname[0]
            return Match(member, f"'{name}' tolkat som den registrerade medlemmen {member}")
        return Match(name, f"{name} finns inte bland organets registrerade medlemmar")

    def person(self, written: str) -> Match:
        """Who ``written`` (a full name or a first name, as in "Karin mejlar") means."""
        written = normalise(written)
        people = [*self.present, *(m for m in self.registered if m not in self.present)]
        if " " in written or "-" in written.strip("-"):
            same = [person for person in people if key(person) == key(written)]
            if same:
                return Match(same[0])
            return self.canonical(written)
        candidates = _by_part(people, written)
        if len(candidates) == 1:
            return Match(candidates[0])
        if len(candidates) > 1:
            return Match(
                written, f"flera heter {written} ({', '.join(candidates)}): skriv hela namnet"
            )
        return Match(written, f"{written} finns inte bland deltagarna: skriv hela namnet")


def _same_first_name(one: str, other: str) -> bool:
    """Whether two full names begin alike: "Marie"/"Maria", not "Karin"/"Anna-Karin".

    A single word (a surname a scan split off) has nothing to compare.
    """
    if " " not in one:
        return True
    return fuzz.ratio(one.split(" ", maxsplit=1)[0], other.split(" ", maxsplit=1)[0]) >= 70


def _by_part(people: Iterable[str], written: str) -> list[str]:
    """People whose first name (or surname) is ``written``, with spellings folded."""
    wanted = key(written)
    firsts = [person for person in people if key(person).split(" ")[0] == wanted]
    if firsts:
        return list(dict.fromkeys(firsts))
    return list(dict.fromkeys(p for p in people if key(p).split(" ")[-1] == wanted))
