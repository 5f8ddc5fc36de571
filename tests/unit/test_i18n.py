"""Every text a person reads is in English and Swedish, and errors say the same in both."""

from __future__ import annotations

import ast
import builtins
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import governance
from governance import parse_text
from governance.domain.errors import GovernanceError
from governance.domain.messages import Names, msg
from governance.i18n import (
    LOCALE_FOLDER,
    language,
    language_from_environment,
    set_language,
    settled_language,
    translate,
)
from governance.minutes import MinutesError

PACKAGE = Path(governance.__file__).resolve().parent
KEYWORDS = {"msg": ((1, "c"), 2), "_": None, "gettext": None, "ngettext": (1, 2)}
SWEDISH = LOCALE_FOLDER / "sv" / "LC_MESSAGES" / "governance.po"
#: Modules whose texts are not translated: the offline verifier runs on the standard
#: library alone, and the testing kit's errors are for the authors of property tests.
ENGLISH_ONLY = ("audit/verify.py", "testing/")
BUILTIN_ERRORS = {name for name in dir(builtins) if name.endswith("Error")} | {
    "MapperDeserialisationError"
}


def _in_source() -> set[tuple[str | None, str]]:
    found = set()
    for _, _, message, _, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture
def swedish() -> object:
    set_language("sv")
    yield
    set_language(None)


def test_every_message_in_the_source_has_a_swedish_translation() -> None:
    catalog = read_po(SWEDISH.open("rb"))
    entries = {
        (entry.context, entry.id if isinstance(entry.id, str) else entry.id[0]): entry
        for entry in catalog
        if entry.id
    }
    in_source = _in_source()

    missing = sorted(in_source - set(entries), key=str)
    untranslated = sorted(
        (key for key, entry in entries.items() if not entry.string or entry.fuzzy), key=str
    )
    unused = sorted(set(entries) - in_source, key=str)

    assert (missing, untranslated, unused) == ([], [], [])
    for (_, english), entry in entries.items():
        assert _placeholders(str(entry.string)) == _placeholders(english), english


def test_the_compiled_catalog_is_the_po_file() -> None:
    written = read_po(SWEDISH.open("rb"))
    compiled = read_mo(SWEDISH.with_suffix(".mo").open("rb"))

    def text(value: object) -> object:
        """A plural's forms as a tuple (a .po file reads them as one, a .mo as a list)."""
        return tuple(value) if isinstance(value, list | tuple) else str(value)

    def pairs(catalog: object) -> set[tuple[object, object, object]]:
        return {(m.context, text(m.id), text(m.string)) for m in catalog if m.id}  # type: ignore[attr-defined]

    assert pairs(compiled) == pairs(written)


def test_every_error_the_library_raises_is_a_message_to_translate() -> None:
    texts = []
    for path in PACKAGE.rglob("*.py"):
        where = str(path.relative_to(PACKAGE))
        if where.startswith(("cli/", *ENGLISH_ONLY)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if not name.endswith("Error") or name in BUILTIN_ERRORS:
                continue
            if isinstance(node.args[0], ast.JoinedStr | ast.Constant):
                texts.append(f"{where}:{node.lineno}")
    assert texts == []


def test_the_language_comes_from_governance_lang_then_the_locale() -> None:
    assert language_from_environment({}) == "en"
    assert language_from_environment({"LANG": "sv_SE.UTF-8"}) == "sv"
    assert language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert language_from_environment({"LC_ALL": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"}) == "en"
    assert language_from_environment({"GOVERNANCE_LANG": "sv", "LC_ALL": "C"}) == "sv"
    assert language_from_environment({"GOVERNANCE_LANG": "en", "LANG": "sv_SE"}) == "en"


def test_a_settled_language_reads_the_environment_once_and_is_undone_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOVERNANCE_LANG", "sv")
    with settled_language() as settled:
        monkeypatch.setenv("GOVERNANCE_LANG", "en")
        assert (settled, language().code) == ("sv", "sv")
        set_language("en")  # --lang, read inside the command
        assert language().code == "en"
    assert language().code == "en"  # as the environment says now
    monkeypatch.setenv("GOVERNANCE_LANG", "sv")
    assert language().code == "sv"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fi"):
        set_language("fi")


def test_dates_and_names_are_written_the_languages_way() -> None:
    text = msg(
        "notice.assignment-not-reported",
        "{assignment}, given on {given_on} to {to}, was not reported on",
        assignment="im/2023-11-17/5/a1",
        given_on=date(2023, 11, 17),
        to=Names(("Karin Berg", "Per Lind", "Eva Ek")),
    )

    assert text.render(language("en")) == (
        "im/2023-11-17/5/a1, given on 17 Nov 2023 to Karin Berg, Per Lind and Eva Ek, "
        "was not reported on"
    )
    assert text.render(language("sv")) == (
        "im/2023-11-17/5/a1, givet den 17 nov. 2023 till Karin Berg, Per Lind och Eva Ek, "
        "har inte rapporterats"
    )


BAD = """\
kind: minutes
body: im
meeting: {date: 2023-11-17, place: Tidaholm, mode: on_site}
itmes: []
"""


def test_an_error_says_the_same_in_both_languages(swedish: None) -> None:
    with pytest.raises(MinutesError) as raised:
        parse_text(BAD, source="im.yaml")
    error = raised.value

    assert error.code == "schema.unknown-key-did-you-mean"
    assert str(error).startswith("im.yaml, dokument 1, itmes (rad 4): okänd nyckel 'itmes'")
    assert error.english.startswith("im.yaml, document 1, itmes (line 4): unknown key 'itmes'")
    assert translate(error, "en") == error.english
    assert translate(error, "sv") == str(error)


def test_a_plain_text_error_is_shown_as_given() -> None:
    error = GovernanceError("a {brace} stays", path=("items", 0))

    assert str(error) == "items[0]: a {brace} stays"
    assert error.code == "error"
