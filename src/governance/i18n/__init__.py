"""English and Swedish: the texts a person reads, from gettext catalogs managed with Babel.

The language is, in this order: the one given to :func:`set_language` (the command
line's ``--lang``), then ``GOVERNANCE_LANG``, then the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``: ``sv_SE.UTF-8`` gives Swedish), else English. Errors and
warnings keep their message as data (``governance.domain.messages``) and are written in
the current language whenever they are shown; :func:`translate` writes one in a named
language. JSON, ids and the keys of the minutes format never change with the language.

The catalogs are ``locale/<language>/LC_MESSAGES/governance.po``, compiled to ``.mo``
files that are committed beside them (docs/embedding.md says how to update them).
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

# Neither module imports attrs: the command line's --help reads its texts through here.
from governance.domain.messages import (
    ENGLISH,
    ROLE_WORDS,
    Language,
    join_words,
    set_current_language,
)

if TYPE_CHECKING:
    from governance.domain.errors import GovernanceError
    from governance.domain.messages import Choices, Message, Names

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LANGUAGE_VARIABLE",
    "LOCALE_FOLDER",
    "gettext",
    "language",
    "language_from_environment",
    "ngettext",
    "set_language",
    "settled_language",
    "translate",
]

#: The languages there are catalogs for; the first is the fallback.
LANGUAGES = ("en", "sv")
#: The environment variable that names the language.
LANGUAGE_VARIABLE = "GOVERNANCE_LANG"
#: The gettext domain of the catalogs.
DOMAIN = "governance"
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_chosen: list[str | None] = [None]


def _supported(value: str) -> str | None:
    """``sv_SE.UTF-8`` -> ``sv``; None for a language without a catalog."""
    code = re.split(r"[._@-]", value, maxsplit=1)[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``GOVERNANCE_LANG``, then the locale."""
    environ = os.environ if environ is None else environ
    for variable in (LANGUAGE_VARIABLE, *_LOCALE_VARIABLES):
        value = environ.get(variable, "")
        if value:
            return _supported(value) or LANGUAGES[0]
    return LANGUAGES[0]


def set_language(code: str | None) -> None:
    """Show texts in ``code`` (``en`` or ``sv``) from now on; None: as the environment says.

    Raises ValueError for a language there is no catalog for.
    """
    if code is not None and code not in LANGUAGES:
        raise ValueError(f"no catalog for language {code!r}; expected one of {LANGUAGES}")
    _chosen[0] = code


def _current_code() -> str:
    return _chosen[0] or language_from_environment()


@contextmanager
def settled_language() -> Iterator[str]:
    """Inside the block, the current language is the one chosen as it begins: the
    environment is read once, not again for each text (a status of a hundred thousand
    events shows ten thousand), and :func:`set_language` inside still changes it; after
    the block, the language is chosen as before it."""
    before = _chosen[0]
    _chosen[0] = settled = _current_code()
    try:
        yield settled
    finally:
        _chosen[0] = before


class _CatalogLanguage:
    """A language whose texts come from its compiled catalog."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._catalog = _gettext.translation(
            DOMAIN, localedir=LOCALE_FOLDER, languages=[code], fallback=True
        )

    def translate(self, code: str, english: str) -> str:
        return self._catalog.pgettext(code, english)

    def gettext(self, text: str) -> str:
        return self._catalog.gettext(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def date(self, day: date) -> str:
        if self.code == "en":
            from governance.domain.values import format_day  # noqa: PLC0415 (attrs)

            return format_day(day)
        from babel.dates import format_date  # noqa: PLC0415 (only when a date is shown)

        return format_date(day, format="medium", locale=self.code)

    def names(self, names: Names) -> str:
        shown = tuple(
            self.translate(role.code, role.english) if (role := ROLE_WORDS.get(name)) else name
            for name in names
        )
        return join_words(shown, self.gettext("and"))

    def choices(self, choices: Choices) -> str:
        return join_words(choices, self.gettext("or"))


@cache
def _catalog_language(code: str) -> _CatalogLanguage:
    return _CatalogLanguage(code)


def language(code: str | None = None) -> Language:
    """The language ``code``, or the current one."""
    chosen = code or _current_code()
    return ENGLISH if chosen == "en" else _catalog_language(chosen)


def gettext(text: str) -> str:
    """``text`` in the current language."""
    code = _current_code()
    return text if code == "en" else _catalog_language(code).gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a text for ``n``, in the current language."""
    code = _current_code()
    if code == "en":
        return singular if n == 1 else plural
    return _catalog_language(code).ngettext(singular, plural, n)


def translate(text: GovernanceError | Message, code: str) -> str:
    """An error (with its place) or a message in the language ``code``."""
    return text.render(language(code))


set_current_language(language)
