"""Messages a person reads, kept as data until they are shown.

A :class:`Message` is a stable ``code``, its English text with named ``{placeholders}``
and the values for them. It is rendered in a :class:`Language` only when shown, so the
same error reads in English or Swedish. The domain stays pure: it builds messages and
never reads a catalog; ``governance.i18n`` supplies the languages that do, and installs
the one chosen (:func:`set_current_language`).

Values are written the language's way: a date as ``17 Nov 2023`` or ``17 nov. 2023``,
:class:`Names` as ``A, B and C`` or ``A, B och C``, :class:`Choices` as ``a, b or c``, a
nested :class:`Message` in the same language; anything else as ``str()`` gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Names(tuple[str, ...]):
    """Names joined the language's way: ``Karin Berg and Per Lind``."""

    __slots__ = ()


class Choices(tuple[str, ...]):
    """Alternatives joined the language's way: ``on_site, online or hybrid``."""

    __slots__ = ()


class Language(Protocol):
    """What rendering a message needs of a language."""

    @property
    def code(self) -> str: ...

    def translate(self, code: str, english: str) -> str:
        """The text of message ``code`` (whose English text is ``english``)."""

    def date(self, day: date) -> str: ...

    def names(self, names: Names) -> str: ...

    def choices(self, choices: Choices) -> str: ...


def join_words(items: tuple[str, ...], word: str) -> str:
    """``(a, b, c)`` and ``and`` -> ``a, b and c``."""
    return f" {word} ".join(filter(None, (", ".join(items[:-1]), items[-1]))) if items else ""


class _English:
    """English without a catalog: the texts as written in the code."""

    code = "en"

    def translate(self, code: str, english: str) -> str:
        return english

    def date(self, day: date) -> str:
        # Imported here: this module stays free of attrs, so that the command line's
        # --help (which reads its texts through governance.i18n) starts at once.
        from governance.domain.values import format_day  # noqa: PLC0415

        return format_day(day)

    def names(self, names: Names) -> str:
        return join_words(names, "and")

    def choices(self, choices: Choices) -> str:
        return join_words(choices, "or")


ENGLISH: Language = _English()

Param = object


@dataclass(frozen=True, slots=True)
class Message:
    """A text for a person: ``code`` is stable, ``english`` the English template."""

    code: str
    english: str
    params: tuple[tuple[str, Param], ...] = ()

    def render(self, language: Language) -> str:
        template = language.translate(self.code, self.english)
        values = {name: _shown(value, language) for name, value in self.params}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render(current_language())


def msg(code: str, english: str, /, **params: Param) -> Message:
    """A message; ``governance.i18n`` catalogs translate ``english`` under ``code``."""
    return Message(code, english, tuple(params.items()))


def as_message(text: str | Message) -> Message:
    """``text`` as a message: a plain text is shown as it is, in every language."""
    return text if isinstance(text, Message) else msg("error", "{message}", message=text)


def _shown(value: Param, language: Language) -> object:
    match value:
        case Message():
            return value.render(language)
        case Names():
            return language.names(value)
        case Choices():
            return language.choices(value)
        case date():
            return language.date(value)
        case _:
            return value


_current: list[Callable[[], Language]] = [lambda: ENGLISH]


def current_language() -> Language:
    """The language messages are shown in unless one is named."""
    return _current[0]()


def set_current_language(source: Callable[[], Language]) -> None:
    """Install where the current language comes from (``governance.i18n`` does)."""
    _current[0] = source


#: The roles an assignment may be given to instead of a person (``to: [chair]``), as a
#: person reads them wherever names are shown.
ROLE_WORDS: dict[str, Message] = {
    "chair": msg("word.chair", "chair"),
    "secretary": msg("word.secretary", "secretary"),
    "presidium": msg("word.presidium", "presidium"),
    "liaison": msg("word.liaison", "liaison"),
    "member": msg("word.member", "member"),
    "all members": msg("word.all-members", "all members"),
}
