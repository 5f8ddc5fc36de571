"""Errors in minutes files a secretary can act on: YAML mistakes in words, with the line and
a caret; every problem of a file listed; the same place named in Swedish and English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from typer import BadParameter
from typer.testing import CliRunner

from governance.cli import app
from governance.cli._draft import _date as draft_date
from governance.domain.errors import GovernanceError, format_path
from governance.i18n import set_language, translate
from governance.minutes import MAX_PROBLEMS, MinutesError, parse_text, read_date

MINUTES = """\
kind: minutes
body: im
meeting:
  date: 2023-11-17
  place: Tidaholm
  adjusters: [Karin Berg]
items:
  - number: "4"
    title: Evaluation of the network day
    decisions:
      - The network day becomes a yearly event
  - number: "5"
    title: The mandate
    assignments:
      - to: [Per Lind]
        task: Review the mandate
        due: next_meeting
"""


@pytest.fixture
def swedish() -> Iterator[None]:
    set_language("sv")
    yield
    set_language(None)


def error_of(text: str) -> MinutesError:
    with pytest.raises(MinutesError) as raised:
        parse_text(text, source="im.yaml")
    return raised.value


def changed(old: str, new: str) -> str:
    assert old in MINUTES
    return MINUTES.replace(old, new)


def test_the_minutes_as_written_are_read() -> None:
    assert len(parse_text(MINUTES, source="im.yaml").documents) == 1


# Each mistake, the error's line and column, and its English words in full.
YAML_MISTAKES = [
    pytest.param(
        changed("title: The mandate", "title: Uppföljning: rapport"),
        (13, 23),
        "a colon followed by a space ends a key in YAML, so it cannot stand inside a value; "
        'put the title in quotes: title: "Uppföljning: rapport"',
        id="colon in a title",
    ),
    pytest.param(
        changed("- The network day becomes", "- Beslut: the network day becomes"),
        (11, None),
        "expected text, got 'Beslut: …': a colon followed by a space makes a key in YAML; "
        "put the whole text in quotes",
        id="colon in a decision",
    ),
    pytest.param(
        changed("- The network day becomes a yearly event", "- Beslut: network day: yearly"),
        (11, 28),
        "a colon followed by a space ends a key in YAML, so it cannot stand inside a text; "
        'put the text in quotes: - "Beslut: network day: yearly"',
        id="two colons in a decision",
    ),
    pytest.param(
        changed("  place: Tidaholm", "\tplace: Tidaholm"),
        (5, 1),
        "a tab in the indentation: YAML indents with spaces only; use spaces instead of the tab",
        id="a tab",
    ),
    pytest.param(
        changed("  place: Tidaholm", "  place:\tTidaholm"),
        (5, 9),
        "a tab character: YAML takes only spaces between a key and its value; use a space "
        "instead of the tab",
        id="a tab after a key",
    ),
    pytest.param(
        changed("  place: Tidaholm", "   place: Tidaholm"),
        (5, 9),
        "this line is indented further than the lines above it allow: a key starts in the "
        "same column as the other keys of its entry; indent with spaces",
        id="indented too far",
    ),
    pytest.param(
        changed("    title: The mandate", "   title: The mandate"),
        (13, 4),
        "this line is not lined up with the lines above it: the keys of one entry start in "
        "the same column, and so do the dashes (-) of one list; indent with spaces",
        id="not lined up",
    ),
    pytest.param(
        changed("title: The mandate", 'title: "The mandate'),
        (13, 12),
        'the quote " that starts here is never closed; end the text with "',
        id="an unclosed quote",
    ),
    pytest.param(
        changed("adjusters: [Karin Berg]", "adjusters: [Karin Berg"),
        (6, 14),
        "the list that starts with [ here is not closed; end it with ], and separate its "
        "entries with commas",
        id="an unclosed bracket",
    ),
    pytest.param(
        MINUTES + "schedule:\n  - {date: 2023-12-08, place: Tibro\n",
        (19, 5),
        "the mapping that starts with { here is not closed; end it with }, and separate its "
        "entries with commas",
        id="an unclosed brace",
    ),
]


@pytest.mark.parametrize(("text", "place", "message"), YAML_MISTAKES)
def test_a_yaml_mistake_is_explained_at_its_line_and_column(
    text: str, place: tuple[int, int | None], message: str
) -> None:
    error = error_of(text)
    assert error.problems == (error,)
    assert (error.line, error.column) == place
    assert error.english.split("\n")[0] == (
        f"im.yaml{_where(error)} (line {place[0]}"
        + (f", column {place[1]}" if error.column else "")
        + f"): {message}"
    )


def _where(error: MinutesError) -> str:
    where = "" if error.document is None else f", document {error.document}"
    return where + (f", {format_path(error.path)}" if error.path else "")


def test_the_line_itself_is_shown_with_a_caret_under_the_place() -> None:
    error = error_of(changed("title: The mandate", "title: Uppföljning: rapport"))
    assert error.english.split("\n")[1:] == [
        "  13 |     title: Uppföljning: rapport",
        "     |                       ^",
    ]


def test_a_caret_under_a_line_with_tabs_keeps_the_tabs() -> None:
    error = error_of(changed("  place: Tidaholm", "  place:\tTidaholm"))
    assert error.english.split("\n")[1:] == ["  5 |   place:\tTidaholm", "    |         ^"]


def test_a_colon_in_a_title_and_a_misspelled_key_are_two_errors() -> None:
    text = changed("title: The mandate", "title: Uppföljning: rapport").replace(
        "task: Review", "tsak: Review"
    )
    error = error_of(text)
    assert [(problem.line, problem.code) for problem in error.problems] == [
        (13, "yaml.colon-in-value"),
        (16, "schema.unknown-key-did-you-mean"),
    ]
    assert error.english == "\n".join(
        [
            "im.yaml: 2 problems",
            "  1. im.yaml, document 1, items[1].title (line 13, column 23): a colon followed "
            "by a space ends a key in YAML, "
            "so it cannot stand inside a value; put the title in quotes: "
            'title: "Uppföljning: rapport"',
            "       13 |     title: Uppföljning: rapport",
            "          |                       ^",
            "  2. im.yaml, document 1, items[1].assignments[0].tsak (line 16): unknown key "
            "'tsak'; did you mean 'task'?",
        ]
    )


def test_the_same_two_errors_in_swedish_name_the_same_places(swedish: None) -> None:
    text = changed("title: The mandate", "title: Uppföljning: rapport").replace(
        "task: Review", "tsak: Review"
    )
    error = error_of(text)
    assert str(error) == translate(error, "sv")
    assert str(error) == "\n".join(
        [
            "im.yaml: 2 fel",
            "  1. im.yaml, dokument 1, items[1].title (rad 13, kolumn 23): ett kolon följt av "
            "mellanslag avslutar en nyckel "
            "i YAML och kan därför inte stå inne i ett värde; sätt värdet för title inom "
            'citattecken: title: "Uppföljning: rapport"',
            "       13 |     title: Uppföljning: rapport",
            "          |                       ^",
            "  2. im.yaml, dokument 1, items[1].assignments[0].tsak (rad 16): okänd nyckel "
            "'tsak'; menade du 'task'?",
        ]
    )


def test_every_schema_problem_of_a_file_is_listed_in_file_order() -> None:
    text = changed("date: 2023-11-17", "date: 2024-04-31").replace(
        "due: next_meeting", "due: soon"
    )
    text = text.replace('  - number: "4"\n', '  - number: "4"\n    colour: red\n')
    error = error_of(text)
    assert [(problem.path, problem.line) for problem in error.problems] == [
        (("meeting", "date"), 4),
        (("items", 0, "colour"), 9),
        (("items", 1, "assignments", 0, "due"), 18),
    ]


def test_a_misspelled_required_key_is_one_problem() -> None:
    error = error_of(changed("task: Review", "tsak: Review"))
    assert [problem.message for problem in error.problems] == [
        "unknown key 'tsak'; did you mean 'task'?"
    ]


def test_problems_of_several_documents_are_listed() -> None:
    body = "kind: body\nid: im\nnmae: IM\n---\n"
    error = error_of(body + changed("place: Tidaholm", "plcae: Tidaholm"))
    assert [(problem.document, problem.path) for problem in error.problems] == [
        (1, ("nmae",)),
        (2, ("meeting", "plcae")),
    ]


def test_at_most_twenty_problems_are_listed_and_the_rest_counted() -> None:
    assignments = "".join(
        f"      - to: [Per Lind]\n        task: Task {n}\n        due: 2023-02-{29 + n % 2}\n"
        for n in range(25)
    )
    text = MINUTES.replace(
        "      - to: [Per Lind]\n        task: Review the mandate\n        due: next_meeting\n",
        assignments,
    )
    error = error_of(text)
    assert len(error.problems) == MAX_PROBLEMS
    assert error.more_problems == 5
    lines = error.english.split("\n")
    assert lines[0] == "im.yaml: 25 problems"
    assert lines[-1] == ("  … and 5 more; correct these and record the file again to see them")
    assert lines[1].startswith("  1. im.yaml, document 1, items[1].assignments[0].due (line")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "2024-04-31",
            "the date 2024-04-31 does not exist: the month has 30 days (the last is 30 Apr 2024)",
        ),
        (
            "2023-02-29",
            "the date 2023-02-29 does not exist: the month has 28 days (the last is 28 Feb 2023)",
        ),
        (
            "230230",
            "the date 230230 does not exist: the month has 28 days (the last is 28 Feb 2023)",
        ),
        ("2023-13-01", "the date 2023-13-01 does not exist: there is no month 13"),
        ("0000-01-01", "the date 0000-01-01 does not exist: there is no year 0"),
    ],
)
def test_a_day_that_does_not_exist_is_named(written: str, message: str) -> None:
    error = error_of(changed("due: next_meeting", f"due: {written}"))
    assert (error.path, error.message) == (("items", 1, "assignments", 0, "due"), message)


def test_a_day_that_does_not_exist_in_swedish(swedish: None) -> None:
    error = error_of(changed("date: 2023-11-17", "date: 2024-04-31"))
    assert str(error) == (
        "im.yaml, dokument 1, meeting.date (rad 4): datumet 2024-04-31 finns inte: månaden "
        "har 30 dagar (den sista är 30 apr. 2024)"
    )


def test_a_key_written_twice_is_listed_with_the_other_problems() -> None:
    text = changed("  place: Tidaholm\n", "  place: Tidaholm\n  place: Hjo\n").replace(
        "due: next_meeting", "due: soon"
    )
    error = error_of(text)
    assert [problem.code for problem in error.problems] == [
        "yaml.repeated-key",
        "schema.not-a-due",
    ]
    assert error.message == "the key 'place' appears twice (first on line 5); keep one"


@pytest.mark.parametrize(
    ("written", "meant"), [("231208", date(2023, 12, 8)), ("2023-12-08", date(2023, 12, 8))]
)
def test_a_date_is_read_in_the_forms_the_files_take(written: str, meant: date) -> None:
    assert read_date(written) == meant


def test_a_date_that_does_not_exist_is_refused_with_the_reason() -> None:
    with pytest.raises(GovernanceError, match="the date 2024-04-31 does not exist"):
        read_date("2024-04-31")


def test_as_of_takes_the_forms_the_files_take() -> None:
    runner = CliRunner()
    short = runner.invoke(app, ["demo", "--as-of", "231208", "--json"])
    iso = runner.invoke(app, ["demo", "--as-of", "2023-12-08", "--json"])
    assert (short.exit_code, iso.exit_code) == (0, 0)
    assert _json(short.stdout) == _json(iso.stdout)
    assert _json(short.stdout)["as_of"] == "2023-12-08"


def _json(output: str) -> dict[str, object]:
    """The JSON object printed, after any log lines a configured logging adds."""
    data: dict[str, object] = json.loads(output[output.index('{\n  "as_of"') :])
    return data


def test_the_draft_date_takes_the_forms_the_files_take() -> None:
    assert draft_date("240312") == date(2024, 3, 12)
    with pytest.raises(BadParameter, match="the date 2024-02-30 does not exist"):
        draft_date("2024-02-30")
