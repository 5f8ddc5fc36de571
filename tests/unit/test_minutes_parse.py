"""Minutes files into commands: the examples of the contract, and every kind of error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain.commands import IssueMandate, RecordMinutes, RegisterBody, Tabling
from governance.domain.decide import Context, decide
from governance.domain.errors import GovernanceError
from governance.domain.state import RecordState
from governance.domain.values import (
    NEXT_MEETING,
    Alias,
    Attendee,
    Due,
    Member,
    Obligation,
    Task,
)
from governance.minutes import MinutesError, MinutesFile, ParsedDocument, parse_file, parse_text
from governance.minutes._load import load_yaml

# The three examples of docs/minutes-format.md, as written there.

BODY = """\
kind: body
id: im                      # slug, unique; referenced everywhere below
name: IM-nätverket
parent: chiefs              # optional: the body it answers to
address: reports@example.org  # optional: where minutes and reports are sent
members:                    # optional
  - name: Karin Berg
    municipality: Tidaholm
    roles: [chair]          # chair | secretary | presidium | liaison | member
aliases:                    # optional: other spellings of the same person
  Karin Bergh: Karin Berg
"""

MANDATE = """\
kind: mandate
id: im-2023
issued_by: chiefs
issued_to: im
issued_on: 2023-01-20
valid_from: 2023-01-01
valid_to: 2025-12-31
goals:
  - code: "2"
    title: Higher level of education
    tasks:
      - id: 2b
        text: More students complete an introduction programme
        report: continuous   # optional: continuous | yearly | a date
obligations:
  - id: meetings
    kind: minimum_meetings   # at least `count` held meetings per calendar year
    count: 6
  - id: minutes
    kind: submit_minutes     # every held meeting's minutes submitted within N days
    within_days: 14
  - id: status-report
    kind: report             # a report to `to` by `due` (a date) or every year by `month`
    to: chiefs
    due: 2023-11-15
  - id: review
    kind: review             # the mandate reviewed once a year, by the end of `month`
    month: 12
"""

MINUTES = """\
kind: minutes
body: im
meeting:
  date: 2023-11-17
  place: Tidaholm             # or "Teams"
  mode: on_site               # on_site | digital | hybrid
  time: "09:00-12:00"         # optional
  attendees:                  # "Name (Municipality)" or {name, municipality}
    - Karin Berg (Tidaholm)
    - {name: Per Lind, municipality: Skövde}
  secretary: Per Lind         # optional
  adjusters: [Karin Berg]     # optional
items:
  - number: "4"               # item id defaults to "<body>/<date>/<number>": im/2023-11-17/4
    title: Evaluation of the network day
    notes: free text          # optional
    decisions:                # optional: DecisionRecorded, one per entry
      - The network day becomes a yearly event
  - number: "5"
    title: The mandate
    assignments:              # optional: AssignmentGiven, ids "<item id>/a1", "/a2", …
      - to: [Per Lind]        # names, a role (chair, secretary, presidium) or "all members"
        task: Review the mandate and send it in
        due: 2023-12-31       # a date, or next_meeting
  - number: "7a"
    title: Students who stay at home
    tabled: next_meeting      # ItemTabled: next_meeting, a date, or {until: …, reason: …}
  - number: "3"
    title: Follow-up from the chiefs
    continues: im/2023-10-13/6   # takes up an earlier item (ItemTakenUp); it keeps its id
    referred_to: upper-secondary # optional: ItemReferred to another body
    closed: true                 # optional: ItemClosed
    assignment_reports:          # optional: AssignmentReported / Completed / Cancelled
      - assignment: im/2023-10-13/6/a1
        status: done             # done | progress | cancelled
        note: The chiefs will answer in January
reports:                      # optional: MandateReported, delivered at or after this meeting
  - mandate: im-2023
    obligation: status-report
    on: 2023-11-15
    summary: Results presented to the chiefs
approved_on: 2023-11-20       # optional: MinutesApproved
submitted_on: 2023-11-21      # optional: MinutesSubmitted (to the body's address)
schedule:                     # optional: MeetingScheduled for coming meetings
  - {date: 2023-12-08, place: Tibro, time: "09:00-12:00"}
"""

ALL = f"{BODY}---\n{MANDATE}---\n{MINUTES}"


def only(text: str) -> Any:
    """The command of a file of one document."""
    (document,) = parse_text(text).documents
    return document.command


def error_of(text: str, **kwargs: Any) -> MinutesError:
    with pytest.raises(MinutesError) as caught:
        parse_text(text, source="m.yaml", **kwargs)
    return caught.value


def as_json(text: str) -> str:
    """The YAML documents of ``text`` as a JSON list, dates as ISO text.

    Read with the minutes loader: PyYAML's own would turn the key ``on`` into True.
    """
    documents, problems = load_yaml(text, "x.yaml")
    assert not problems
    data = [document.data for document in documents]
    return json.dumps(data, default=date.isoformat)


# --- the examples of the contract -------------------------------------------------------


def test_body_example() -> None:
    body = only(BODY)
    assert body == RegisterBody(
        body_id="im",
        name="IM-nätverket",
        parent="chiefs",
        address="reports@example.org",
        members=(Member("Karin Berg", "Tidaholm", frozenset({"chair"})),),
        aliases=(Alias("Karin Bergh", "Karin Berg"),),
    )


def test_mandate_example() -> None:
    mandate = only(MANDATE)
    assert isinstance(mandate, IssueMandate)
    assert (mandate.mandate_id, mandate.issued_by, mandate.issued_to) == (
        "im-2023",
        "chiefs",
        "im",
    )
    assert mandate.issued_on == date(2023, 1, 20)
    assert mandate.valid_to == date(2025, 12, 31)
    assert mandate.ended_on is None
    (goal,) = mandate.goals
    assert (goal.code, goal.tasks) == ("2", (Task("2b", goal.tasks[0].text, "continuous"),))
    assert mandate.obligations == (
        Obligation("meetings", "minimum_meetings", count=6),
        Obligation("minutes", "submit_minutes", within_days=14),
        Obligation("status-report", "report", to="chiefs", due=date(2023, 11, 15)),
        Obligation("review", "review", month=12),
    )


def test_minutes_example() -> None:
    minutes = only(MINUTES)
    assert isinstance(minutes, RecordMinutes)
    assert minutes.body_id == "im"
    meeting = minutes.meeting
    assert (meeting.date, meeting.place, meeting.mode) == (
        date(2023, 11, 17),
        "Tidaholm",
        "on_site",
    )
    assert meeting.time == "09:00-12:00"
    assert meeting.attendees == (
        Attendee("Karin Berg", "Tidaholm"),
        Attendee("Per Lind", "Skövde"),
    )
    assert (meeting.secretary, meeting.adjusters) == ("Per Lind", ("Karin Berg",))
    noted, assigned, tabled, continued = minutes.items
    assert noted.decisions == ("The network day becomes a yearly event",)
    assert noted.notes == "free text"
    (assignment,) = assigned.assignments
    assert (assignment.to, assignment.due) == (("Per Lind",), Due(date(2023, 12, 31)))
    assert (tabled.number, tabled.tabled) == ("7a", Tabling(until=NEXT_MEETING))
    assert continued.continues == "im/2023-10-13/6"
    assert (continued.referred_to, continued.closed, continued.reopened) == (
        "upper-secondary",
        True,
        False,
    )
    (reported,) = continued.assignment_reports
    assert (reported.assignment_id, reported.status) == ("im/2023-10-13/6/a1", "done")
    (report,) = minutes.reports
    assert (report.mandate_id, report.obligation_id, report.on) == (
        "im-2023",
        "status-report",
        date(2023, 11, 15),
    )
    assert (minutes.approved_on, minutes.submitted_on) == (date(2023, 11, 20), date(2023, 11, 21))
    (coming,) = minutes.schedule
    assert (coming.date, coming.place, coming.time) == (date(2023, 12, 8), "Tibro", "09:00-12:00")


def test_json_gives_the_same_commands() -> None:
    from_yaml = parse_text(ALL)
    from_json = parse_text(as_json(ALL), format="json")
    assert [d.command for d in from_json.documents] == [d.command for d in from_yaml.documents]
    assert all(not d.lines for d in from_json.documents)


def test_json_file_of_one_object(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text(as_json(BODY)[1:-1], encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.source == str(path)
    assert [d.command for d in parsed.documents] == [only(BODY)]


def test_multi_document_yaml(tmp_path: Path) -> None:
    path = tmp_path / "im-2023-11-17.yml"
    path.write_text(ALL, encoding="utf-8")
    parsed = parse_file(path)
    assert isinstance(parsed, MinutesFile)
    assert [(d.number, type(d.command)) for d in parsed.documents] == [
        (1, RegisterBody),
        (2, IssueMandate),
        (3, RecordMinutes),
    ]
    assert {d.source for d in parsed.documents} == {str(path)}
    third = parsed.documents[2]
    assert third.lines[()] == BODY.count("\n") + MANDATE.count("\n") + 3
    assert (
        third.lines[("items", 1, "assignments", 0, "due")]
        == ALL.splitlines().index("        due: 2023-12-31       # a date, or next_meeting") + 1
    )


def test_an_empty_document_is_skipped_but_counted() -> None:
    parsed = parse_text(f"---\n---\n{BODY}---\n")
    assert [d.number for d in parsed.documents] == [2]


def test_swedish_short_dates() -> None:
    minutes = only(
        "kind: minutes\nbody: im\n"
        "meeting: {date: 231117}\n"  # PyYAML reads a number
        "items: [{number: 1, title: x, tabled: '240112'}]\n"
        "schedule: [{date: 050317}]\n"  # YAML 1.1 would read an octal number
    )
    assert minutes.meeting.date == date(2023, 11, 17)
    assert minutes.items[0].tabled == Tabling(until=Due(date(2024, 1, 12)))
    assert minutes.schedule[0].date == date(2005, 3, 17)


def test_values_written_as_numbers_are_text_as_written() -> None:
    minutes = only(
        "kind: minutes\nbody: im\nmeeting: {date: 2023-11-17, time: 9:30}\n"
        "items: [{number: 4, title: 1.10}, {number: 07, title: x}]\n"
    )
    assert minutes.meeting.time == "9:30"
    assert [(i.number, i.title) for i in minutes.items] == [("4", "1.10"), ("07", "x")]


def test_other_accepted_forms() -> None:
    minutes = only(
        "kind: minutes\nbody: im\nmeeting: {date: 2023-11-17, attendees: [Per Lind]}\n"
        "items:\n"
        "  - {number: 1, title: x, tabled: {until: 2023-12-08, reason: waiting}}\n"
        "  - number: 2\n    title: y\n    reopened: true\n"
        "    assignments: [{to: chair, task: t, due: next_meeting}]\n"
        "waivers: [{mandate: im-2023, obligation: meetings, period: 2023, reason: covid}]\n"
    )
    assert minutes.meeting.attendees == (Attendee("Per Lind"),)
    assert minutes.items[0].tabled == Tabling(until=Due(date(2023, 12, 8)), reason="waiting")
    assert minutes.items[1].reopened
    assert minutes.items[1].assignments[0].to == ("chair",)
    assert minutes.items[1].assignments[0].due == NEXT_MEETING
    assert minutes.waivers[0].period == "2023"


def test_ended_mandate_and_dated_task_report() -> None:
    mandate = only(
        MANDATE.replace("report: continuous", "report: 2024-03-01")
        + "status: ended\nended_on: 2024-06-30\n"
    )
    assert mandate.ended_on == date(2024, 6, 30)
    assert mandate.goals[0].tasks[0].report == "date"
    assert mandate.goals[0].tasks[0].report_due == date(2024, 3, 1)


# --- errors -----------------------------------------------------------------------------


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("text", "old", "new", "path", "message"),
    [
        (
            MINUTES,
            "due: 2023-12-31",
            "due: soon",
            ("items", 1, "assignments", 0, "due"),
            "expected a date (YYYY-MM-DD) or 'next_meeting', got 'soon'",
        ),
        (
            MINUTES,
            "date: 2023-11-17",
            "date: 2023-02-30",
            ("meeting", "date"),
            "the date 2023-02-30 does not exist: the month has 28 days (the last is 28 Feb 2023)",
        ),
        (
            MINUTES,
            "tabled: next_meeting",
            "tabeld: next_meeting",
            ("items", 2, "tabeld"),
            "unknown key 'tabeld'; did you mean 'tabled'?",
        ),
        (
            MINUTES,
            "tabled: next_meeting",
            "zzz: next_meeting",
            ("items", 2, "zzz"),
            "unknown key 'zzz'; expected one of: assignment_reports, assignments, closed, "
            "continues, decisions, notes, number, referred_to, reopened, tabled, title",
        ),
        (
            MINUTES,
            "mode: on_site",
            "mode: onsite",
            ("meeting", "mode"),
            "on_site, digital or hybrid",
        ),
        (
            MINUTES,
            "status: done",
            "status: finished",
            ("items", 3, "assignment_reports", 0, "status"),
            "expected done, progress or cancelled (in Swedish klar, pågår or avbruten), "
            "got 'finished'",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: 2023-10-13/6 ",
            ("items", 3, "continues"),
            "expected an item id <body>/<YYYY-MM-DD>/<number>",
        ),
        (
            MINUTES,
            "assignment: im/2023-10-13/6/a1",
            "assignment: im/2023-10-13/6",
            ("items", 3, "assignment_reports", 0, "assignment"),
            "expected an assignment id",
        ),
        (MINUTES, 'number: "7a"', 'number: "7 a"', ("items", 2, "number"), "an item number"),
        (MINUTES, "closed: true", "closed: maybe", ("items", 3, "closed"), "true or false"),
        (
            MINUTES,
            "  - Karin Berg (Tidaholm)",
            "  - [Karin]",
            ("meeting", "attendees", 0),
            "a list",
        ),
        (
            MINUTES,
            "adjusters: [Karin Berg]",
            "adjusters: Karin",
            ("meeting", "adjusters"),
            "a list",
        ),
        (BODY, "id: im ", "id: IM ", ("id",), "expected an id of lower-case letters"),
        (BODY, "roles: [chair]", "roles: [chair, boss]", ("members", 0, "roles", 1), "'boss'"),
        (BODY, "name: IM-nätverket", "name: [IM]", ("name",), "expected text, got a list"),
        (
            BODY,
            "Karin Bergh: Karin Berg",
            "Karin Bergh: {a: b}",
            ("aliases", "Karin Bergh"),
            "expected text, got 'a: …'",
        ),
        (MANDATE, "count: 6", "count: six", ("obligations", 0, "count"), "a whole number"),
        (MANDATE, "count: 6", "count: 0", ("obligations", 0, "count"), "from 1 to 366"),
        (MANDATE, "count: 6", "count: 367", ("obligations", 0, "count"), "from 1 to 366"),
        (
            MANDATE,
            "within_days: 14",
            "within_days: 99999999",
            ("obligations", 1, "within_days"),
            "expected a number from 0 to 365, got 99999999",
        ),
        (
            MANDATE,
            "valid_to: 2025-12-31",
            "valid_to: 9999-12-31",
            ("valid_to",),
            "expected a date from 1900-01-01 to 2999-12-31, got 9999-12-31",
        ),
        (
            MANDATE,
            "issued_on: 2023-01-20",
            "issued_on: 1899-12-31",
            ("issued_on",),
            "expected a date from 1900-01-01 to 2999-12-31, got 1899-12-31",
        ),
        (
            MINUTES,
            "due: 2023-12-31",
            'due: "3000-01-01"',
            ("items", 1, "assignments", 0, "due"),
            "expected a date from 1900-01-01 to 2999-12-31, got 3000-01-01",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: im/2023-02-30/6 ",
            ("items", 3, "continues"),
            "2023-02-30 in im/2023-02-30/6 is not a date in the calendar",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: im/2023-99-13/6 ",
            ("items", 3, "continues"),
            "2023-99-13 in im/2023-99-13/6 is not a date in the calendar",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: im/0000-10-13/6 ",
            ("items", 3, "continues"),
            "0000-10-13 in im/0000-10-13/6 is not a date in the calendar",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: im/２０２３-10-13/6 ",
            ("items", 3, "continues"),
            "expected an item id <body>/<YYYY-MM-DD>/<number>",
        ),
        (
            MINUTES,
            "continues: im/2023-10-13/6 ",
            "continues: im/1066-10-14/6 ",
            ("items", 3, "continues"),
            "im/1066-10-14/6: expected a date from 1900-01-01 to 2999-12-31, got 1066-10-14",
        ),
        (
            MINUTES,
            "assignment: im/2023-10-13/6/a1",
            "assignment: im/2023-02-30/6/a1",
            ("items", 3, "assignment_reports", 0, "assignment"),
            "2023-02-30 in im/2023-02-30/6/a1 is not a date in the calendar",
        ),
        (
            MINUTES,
            "assignment: im/2023-10-13/6/a1",
            "assignment: im/2023-10-13/6/2023-13-01/a1",
            ("items", 3, "assignment_reports", 0, "assignment"),
            "2023-13-01 in im/2023-10-13/6/2023-13-01/a1 is not a date in the calendar",
        ),
        (
            MANDATE,
            "within_days: 14",
            "count: 14",
            ("obligations", 1, "count"),
            "a submit_minutes obligation has no 'count' (it takes within_days)",
        ),
        (MANDATE, "month: 12", "month: 13", ("obligations", 3, "month"), "from 1 to 12"),
        (
            MANDATE,
            "report: continuous",
            "report: weekly",
            ("goals", 0, "tasks", 0, "report"),
            "expected continuous, yearly or a date",
        ),
        (
            MANDATE,
            "issued_on: 2023-01-20",
            "issued_on: 2023-01-20\nstatus: closed",
            ("status",),
            "expected active or ended, got 'closed'",
        ),
        (
            MANDATE,
            "issued_on: 2023-01-20",
            "issued_on: 2023-01-20\nstatus: ended",
            ("status",),
            "'status: ended' needs 'ended_on'",
        ),
        (
            MANDATE,
            "issued_on: 2023-01-20",
            "issued_on: 2023-01-20\nended_on: 2024-01-01",
            ("ended_on",),
            "'ended_on' goes with 'status: ended'",
        ),
    ],
)
def test_a_wrong_value_is_named_with_its_path_and_line(
    text: str, old: str, new: str, path: tuple[str | int, ...], message: str
) -> None:
    assert old in text
    changed = text.replace(old, new)
    error = error_of(changed)
    assert (error.file, error.document, error.path) == ("m.yaml", 1, path)
    assert error.line == line_of(changed, new.splitlines()[-1])
    assert message in error.message


def test_the_error_reads_as_file_document_path_line_message() -> None:
    error = error_of(f"{BODY}---\n{MINUTES.replace('due: 2023-12-31', 'due: soon')}")
    line = BODY.count("\n") + 1 + line_of(MINUTES, "due: 2023-12-31")
    assert str(error) == (
        f"m.yaml, document 2, items[1].assignments[0].due (line {line}): "
        "expected a date (YYYY-MM-DD) or 'next_meeting', got 'soon'"
    )
    assert isinstance(error, GovernanceError)


def test_missing_required_keys_are_named() -> None:
    error = error_of("kind: mandate\nid: m\nissued_by: a\n")
    assert (error.path, error.line) == ((), 1)
    assert error.message == "missing required keys: issued_to, issued_on, valid_from"
    nested = error_of(MINUTES.replace("        task: Review", "        tusk: Review"))
    assert nested.path == ("items", 1, "assignments", 0, "tusk")  # the likely typo comes first
    missing = error_of(MINUTES.replace("        task: Review the mandate and send it in\n", ""))
    assert (missing.path, missing.message) == (
        ("items", 1, "assignments", 0),
        "missing required key: task",
    )
    assert missing.line == line_of(MINUTES, "- to: [Per Lind]")


def test_the_first_problem_in_the_document_is_reported() -> None:
    error = error_of("kind: minutes\nbody: im\nmeeting: {date: x}\napproved_on: y\n")
    assert (error.path, error.line) == (("meeting", "date"), 3)


@pytest.mark.parametrize(
    ("text", "path", "line", "message"),
    [
        ("- kind: body\n", (), 1, "expected a mapping with kind: body, mandate or minutes"),
        ("kind: body\nid: im\nname: x\n---\n~\n", (), 5, "got nothing"),
        ("kind: minute\nid: im\n", ("kind",), 1, "expected kind: body, mandate or minutes, got"),
        ("id: im\nname: x\n", (), 1, "expected kind: body, mandate or minutes"),
        (
            "kind: body\nid: im\nname: a\nname: b\n",
            ("name",),
            4,
            "appears twice (first on line 3)",
        ),
        ("kind: body\nid: !thing im\n", ("id",), 2, "'!thing'"),
        (
            "kind: body\nid: &a [*a]\n",
            ("id", 0),
            2,
            "an alias refers to an entry that contains it",
        ),
    ],
)
def test_documents_that_are_not_commands(
    text: str, path: tuple[str | int, ...], line: int, message: str
) -> None:
    error = error_of(text)
    assert (error.path, error.line) == (path, line)
    assert message in error.message


def test_yaml_syntax_error_gives_line_and_column() -> None:
    error = error_of("kind: body\nid: im\nname: x\nmembers: [\n")
    assert (error.document, error.path, error.line, error.column) == (1, ("members",), 4, 10)
    assert error.message.startswith("the list that starts with [ here is not closed")
    assert str(error).startswith("m.yaml, document 1, members (line 4, column 10): the list")


def test_json_syntax_error_gives_line_and_column() -> None:
    error = error_of('{"kind": "body",\n "id": }', format="json")
    assert (error.line, error.column, error.message) == (2, 8, "invalid JSON: Expecting value")
    assert error.english.split("\n")[1:] == ['  2 |  "id": }', "    |        ^"]


def test_json_must_hold_objects() -> None:
    assert "a list of objects" in error_of("3", format="json").message
    error = error_of(f"[{as_json(BODY)[1:-1]}, 3]", format="json")
    assert (error.document, error.line) == (2, None)
    assert "appears twice" in error_of('{"id": 1, "id": 2}', format="json").message


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n"])
def test_a_file_without_documents(text: str) -> None:
    assert error_of(text).message in ("the file is empty", "the file holds no documents")


def test_wrong_suffix(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(BODY, encoding="utf-8")
    with pytest.raises(MinutesError, match=r"expected a \.yaml, \.yml or \.json file"):
        parse_file(path)


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "latin1.yaml").write_bytes("kind: body\nname: Sk\xf6vde\n".encode("latin-1"))
    for name, message in [
        ("missing.yaml", "cannot read the file"),
        ("folder.yaml", "cannot read the file"),
        ("latin1.yaml", "the file is not UTF-8 text (byte 0xf6"),
    ]:
        with pytest.raises(MinutesError) as caught:
            parse_file(tmp_path / name)
        assert caught.value.file == str(tmp_path / name)
        assert message in caught.value.message
    assert caught.value.line == 2


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "body.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    assert parse_file(path).documents[0].command == only(BODY)


# --- locating rule violations -----------------------------------------------------------


def test_locate_gives_the_line_of_the_longest_known_prefix() -> None:
    document = parse_text(ALL, source="m.yaml").documents[2]
    error = GovernanceError("7a is closed", path=("items", 2, "tabled"))
    located = document.locate(error)
    assert (located.file, located.document, located.path) == ("m.yaml", 3, ("items", 2, "tabled"))
    assert located.line == line_of(ALL, "tabled: next_meeting")
    assert located.__cause__ is error
    deeper = document.locate(GovernanceError("x", path=("items", 1, "assignments", 0, "to", 5)))
    assert deeper.line == line_of(ALL, "- to: [Per Lind]")
    assert document.locate(GovernanceError("x")).line == line_of(ALL, "kind: minutes")


def test_locate_a_domain_rule_violation() -> None:
    (document,) = parse_text(MINUTES).documents
    with pytest.raises(GovernanceError) as caught:
        decide(document.command, RecordState(), Context(digest="d", today=date(2023, 11, 20)))
    located = document.locate(caught.value)
    assert (located.path, located.line) == (("body",), 2)
    assert "im" in located.message


def test_locate_in_json_has_no_line() -> None:
    (document,) = parse_text(as_json(MINUTES), format="json").documents
    assert isinstance(document, ParsedDocument)
    assert document.locate(GovernanceError("x", path=("items", 0))).line is None


# --- any input gives a command or a MinutesError ----------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**8), 10**8)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.dates().map(date.isoformat)
    | st.sampled_from(["next_meeting", "231117", "on_site", "done", "chair", "im", "2023"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = [
    "kind", "id", "name", "body", "meeting", "date", "items", "number", "title", "tabled",
    "until", "assignments", "to", "due", "task", "obligations", "count", "month", "status",
    "report", "tasks", "goals", "members", "roles", "aliases", "attendees", "waivers",
]  # fmt: skip
documents = st.fixed_dictionaries(
    {"kind": st.sampled_from(["body", "mandate", "minutes"])},
    optional=dict.fromkeys(KEYS[1:], json_values),
)


def parses_or_fails_cleanly(text: str, format: Literal["yaml", "json"]) -> None:
    """parse_text gives documents, or raises MinutesError: never anything else."""
    try:
        parsed = parse_text(text, format=format)
    except MinutesError:
        return
    assert parsed.documents


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, documents, st.lists(documents, max_size=3)), st.booleans())
def test_random_data_gives_a_command_or_a_minutes_error(value: object, as_yaml: bool) -> None:
    if as_yaml:
        parses_or_fails_cleanly(yaml.safe_dump(value, allow_unicode=True), "yaml")
    else:
        parses_or_fails_cleanly(json.dumps(value), "json")


def paths(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value``, itself included."""
    inner: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            inner += paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            inner += paths(child, (*path, index))
    return [path, *inner]


def mutated(document: Any, path: tuple[Any, ...], how: str, new: object) -> object:
    """``document`` with the value at ``path`` replaced, removed, or given a new key."""
    if not path:
        return new
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "remove":
        del parent[last]
    elif how == "add" and isinstance(parent[last], dict):
        parent[last][str(new)] = new
    else:
        parent[last] = new
    return document


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_examples_give_a_command_or_a_minutes_error(data: st.DataObject) -> None:
    document = yaml.safe_load(data.draw(st.sampled_from([BODY, MANDATE, MINUTES])))
    path = data.draw(st.sampled_from(paths(document)))
    how = data.draw(st.sampled_from(["replace", "remove", "add"]))
    changed = mutated(document, path, how, data.draw(json_values))
    parses_or_fails_cleanly(yaml.safe_dump(changed, allow_unicode=True), "yaml")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["yaml", "json"]))
def test_random_text_gives_a_command_or_a_minutes_error(
    text: str, format: Literal["yaml", "json"]
) -> None:
    parses_or_fails_cleanly(text, format)
