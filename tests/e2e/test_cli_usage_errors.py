"""click's own usage errors (an unknown option, a missing argument, a value not among the
choices, an unknown command) are in the chosen language, with the usage line and where
to find help, and exit 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli_minutes_errors import governance

#: A wrong command line, and the last line of what it says in English and in Swedish.
CASES = [
    (
        ["status", "--bogus"],
        "Error: No such option: --bogus (Possible options: --body)",
        "Fel: Det finns inget alternativ --bogus (möjliga alternativ: --body)",
    ),
    (
        ["record"],
        "Error: Missing argument 'FILES...'.",
        "Fel: Argumentet 'FILES...' saknas.",
    ),
    (
        ["status", "--format", "xml"],
        "Error: Invalid value for '--format': 'xml' is not one of 'table', 'tsv', 'csv', 'json'.",
        "Fel: Ogiltigt värde för '--format': 'xml' är inte något av 'table', 'tsv', 'csv', "
        "'json'.",
    ),
    (
        ["follow", "--poll", "abc"],
        "Error: Invalid value for '--poll': 'abc' is not a number.",
        "Fel: Ogiltigt värde för '--poll': 'abc' är inte ett tal.",
    ),
    (
        ["follow", "--poll", "0.01"],
        "Error: Invalid value for '--poll': 0.01 is too small: at least 0.05.",
        "Fel: Ogiltigt värde för '--poll': 0.01 är för litet: minst 0.05.",
    ),
    (
        ["report", "--output", "r.html", "--year", "x"],
        "Error: Invalid value for '--year': 'x' is not a whole number.",
        "Fel: Ogiltigt värde för '--year': 'x' är inte ett heltal.",
    ),
    (
        ["export", "csv"],
        "Error: Missing option '--register'. Choose from: tabled, assignments, obligations, "
        "mandates, meetings, decisions.",
        "Fel: Alternativet '--register' saknas. Välj bland: tabled, assignments, obligations, "
        "mandates, meetings, decisions.",
    ),
    (
        ["stats"],
        "Error: No such command 'stats'. Did you mean 'status'?",
        "Fel: Det finns inget kommando 'stats'. Menade du 'status'?",
    ),
    (
        ["audit", "verfy"],
        "Error: No such command 'verfy'. Did you mean 'verify'?",
        "Fel: Det finns inget kommando 'verfy'. Menade du 'verify'?",
    ),
    (
        ["status", "--store"],
        "Error: Option '--store' needs a value.",
        "Fel: Alternativet '--store' behöver ett värde.",
    ),
    (
        ["status", "--json=1"],
        "Error: Option '--json' does not take a value.",
        "Fel: Alternativet '--json' tar inget värde.",
    ),
    (
        ["status", "a", "b"],
        "Error: Got unexpected extra argument(s) (a b)",
        "Fel: Oväntade extra argument (a b)",
    ),
    (["--store", "x.db"], "Error: Missing command.", "Fel: Kommando saknas."),
]


def _governance(folder: Path, args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    return governance(folder, *args, lang=lang)


@pytest.mark.parametrize(
    ("args", "english", "swedish"), CASES, ids=[" ".join(c[0]) for c in CASES]
)
def test_a_usage_error_is_in_the_chosen_language(
    tmp_path: Path, args: list[str], english: str, swedish: str
) -> None:
    in_english = _governance(tmp_path, args, "C.UTF-8")
    in_swedish = _governance(tmp_path, args, "sv_SE.UTF-8")
    with_lang = _governance(tmp_path, ["--lang", "sv", *args], "C.UTF-8")

    assert in_english.returncode == in_swedish.returncode == with_lang.returncode == 2
    assert in_english.stdout == in_swedish.stdout == ""
    assert in_english.stderr.splitlines()[-1] == english
    assert in_swedish.stderr.splitlines()[-1] == swedish
    assert with_lang.stderr == in_swedish.stderr
    for word in ("Usage:", "Try '", "Error:", "No such", "Missing", "Invalid value", "Option"):
        assert word not in in_swedish.stderr, word
    assert not list(tmp_path.iterdir())  # nothing created


@pytest.mark.parametrize("lang", ["C.UTF-8", "sv_SE.UTF-8"])
def test_the_usage_line_and_where_to_find_help_come_first(tmp_path: Path, lang: str) -> None:
    shown = _governance(tmp_path, ["history"], lang).stderr.splitlines()

    assert shown == (
        [
            "Usage: governance history [OPTIONS] ID",
            "Try 'governance history -h' for help.",
            "",
            "Error: Missing argument 'ID'.",
        ]
        if lang == "C.UTF-8"
        else [
            "Användning: governance history [OPTIONS] ID",
            "Se 'governance history -h' för hjälp.",
            "",
            "Fel: Argumentet 'ID' saknas.",
        ]
    )


def test_an_unknown_language_is_named_in_the_environments_language(tmp_path: Path) -> None:
    shown = _governance(tmp_path, ["--lang", "de", "status"], "sv_SE.UTF-8")

    assert shown.returncode == 2
    assert shown.stderr == "fel: --lang tar en | sv, inte 'de'\n"
