"""The JSON Schema of the minutes format (for editors) agrees with the parser: every valid
file it ships or documents validates, and it refuses the mistakes the parser refuses."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from governance.cli import app
from governance.minutes import SCHEMA_FILE, MinutesError, parse_text
from governance.minutes._load import load_yaml
from governance.minutes._schema import _RECORDS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
FENCE = re.compile(r"^```(yaml|json) file=(\S+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def documents(text: str) -> list[Any]:
    """The documents of a YAML text as an editor's JSON sees them: dates as text."""
    read, problems = load_yaml(text, "x.yaml")
    assert not problems
    return [json.loads(json.dumps(d.data, default=date.isoformat)) for d in read]


def schema_problems(text: str) -> list[str]:
    return [error.message for doc in documents(text) for error in VALIDATOR.iter_errors(doc)]


def parser_accepts(text: str) -> bool:
    try:
        parse_text(text)
    except MinutesError:
        return False
    return True


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_every_description_is_in_english_and_swedish() -> None:
    def descriptions(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [node["description"]] if isinstance(node.get("description"), str) else []
            return found + [d for value in node.values() for d in descriptions(value)]
        if isinstance(node, list):
            return [d for value in node for d in descriptions(value)]
        return []

    found = descriptions(SCHEMA)
    assert len(found) > 80
    assert all(" / " in text for text in found), [t for t in found if " / " not in t]


def demo_files() -> list[Path]:
    return sorted(Path(str(files("governance").joinpath("demo"))).glob("*.yaml"))


def documented_files() -> list[tuple[str, str]]:
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for match in FENCE.finditer(path.read_text(encoding="utf-8")):
            found.append((f"{path.name}:{match.group(2)}", match.group(3)))
    return found


@pytest.mark.parametrize("path", demo_files(), ids=lambda path: path.name)
def test_every_demo_file_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parser_accepts(text)
    assert schema_problems(text) == []


def test_every_documented_file_the_parser_accepts_validates() -> None:
    checked = 0
    for name, text in documented_files():
        if name.endswith(".json"):
            continue
        if parser_accepts(text):
            assert schema_problems(text) == [], name
            checked += 1
    assert checked >= 10


def test_the_schema_names_the_keys_the_parser_reads() -> None:
    definitions = SCHEMA["definitions"]
    names = {
        "Member": "member",
        "Task": "task",
        "Goal": "goal",
        "Obligation": "obligation",
        "RegisterBody": "body",
        "IssueMandate": "mandate",
        "MeetingDetails": "meeting",
        "NewAssignment": "assignment",
        "AssignmentReport": "assignment_report",
        "Tabling": "item",
        "ItemEntry": "item",
        "MandateReport": "report",
        "Waiver": "waiver",
        "ComingMeeting": "coming_meeting",
        "RecordMinutes": "minutes",
    }
    for cl, record in _RECORDS.items():
        if cl.__name__ in ("Attendee", "Tabling"):
            continue
        assert set(definitions[names[cl.__name__]]["properties"]) == set(record.keys), cl


MINUTES = """\
kind: minutes
body: im
meeting:
  date: 2023-11-17
  place: Tidaholm
  mode: on_site
  attendees: [Karin Berg (Tidaholm), {name: Per Lind, municipality: Skövde}]
  adjusters: [Karin Berg]
items:
  - number: "5"
    title: The mandate
    assignments:
      - to: [Per Lind]
        task: Review the mandate
        due: 2023-12-31
  - number: "7a"
    title: Students who stay at home
    tabled: next_meeting
  - continues: im/2023-10-13/6
    assignment_reports:
      - assignment: im/2023-10-13/6/a1
        status: done
schedule:
  - {date: 2023-12-08, place: Tibro}
"""
BODY = """\
kind: body
id: im
name: IM-nätverket
members:
  - {name: Karin Berg, roles: [chair]}
"""
MANDATE = """\
kind: mandate
id: im-2023
issued_by: chiefs
issued_to: im
issued_on: 2023-01-20
valid_from: 2023-01-01
obligations:
  - {id: meetings, kind: minimum_meetings, count: 6}
  - {id: review, kind: review, month: 12}
"""

# (file, what is written instead, the change): both refuse it, or both accept it.
CHANGES = [
    (MINUTES, "mode: on_site", "mode: online"),
    (MINUTES, "mode: on_site", "mode: på plats"),
    (MINUTES, "mode: on_site", "mode: Digitalt"),
    (MINUTES, "place: Tidaholm", "plcae: Tidaholm"),
    (MINUTES, "date: 2023-11-17", "date: 17/11/2023"),
    (MINUTES, "date: 2023-11-17", "date: 231117"),
    (MINUTES, "body: im", "body: IM"),
    (MINUTES, "body: im\n", ""),
    (MINUTES, "kind: minutes", "kind: minute"),
    (MINUTES, "due: 2023-12-31", "due: soon"),
    (MINUTES, "due: 2023-12-31", "due: nästa möte"),
    (MINUTES, "due: 2023-12-31", "due: next_meeting"),
    (MINUTES, "task: Review", "tsak: Review"),
    (MINUTES, "to: [Per Lind]", "to: []"),
    (MINUTES, "to: [Per Lind]", "to: [ordförande, alla]"),
    (MINUTES, "to: [Per Lind]", "to: Per Lind"),
    (MINUTES, "status: done", "status: finished"),
    (MINUTES, "status: done", "status: pågår"),
    (MINUTES, "status: done", "status: Klar"),
    (MINUTES, "tabled: next_meeting", "tabled: later"),
    (MINUTES, "tabled: next_meeting", "tabled: Nästa möte"),
    (MINUTES, "tabled: next_meeting", "tabled: {until: 2024-01-15, reason: time}"),
    (MINUTES, "tabled: next_meeting", "tabled: {until: 2024-01-15, why: time}"),
    (MINUTES, "continues: im/2023-10-13/6", "continues: im/13-10-2023/6"),
    (MINUTES, "assignment: im/2023-10-13/6/a1", "assignment: im/2023-10-13/6/1"),
    (MINUTES, 'number: "7a"', 'number: "7 a"'),
    (MINUTES, "adjusters: [Karin Berg]", "adjusters: [Ordförande]"),
    (MINUTES, "adjusters: [Karin Berg]", "adjusters: Karin Berg"),
    (MINUTES, "Karin Berg (Tidaholm)", "sekreterare"),
    (MINUTES, "schedule:", "scehdule:"),
    (MINUTES, "title: The mandate", "title: [The, mandate]"),
    (MINUTES, "items:", "items: {}\nx:"),
    (BODY, "roles: [chair]", "roles: [ordförande]"),
    (BODY, "roles: [chair]", "roles: [Sekreterare, presidiet]"),
    (BODY, "roles: [chair]", "roles: [boss]"),
    (BODY, "roles: [chair]", "roles: []"),
    (BODY, "name: Karin Berg", "name: alla medlemmar"),
    (BODY, "id: im", "id: I M"),
    (BODY, "members:", "aliases: {Karin Bergh: Karin Berg}\nmembers:"),
    (BODY, "members:", "aliases: {Karin Bergh: [Karin Berg]}\nmembers:"),
    (MANDATE, "count: 6", "count: 0"),
    (MANDATE, "count: 6", "count: 400"),
    (MANDATE, "count: 6", "within_days: 6"),
    (MANDATE, "month: 12", "month: 13"),
    (MANDATE, "kind: review", "kind: revue"),
    (MANDATE, "valid_from: 2023-01-01\n", ""),
    (MANDATE, "issued_on: 2023-01-20", "issued_on: 2023-01-20\nstatus: ended"),
    (
        MANDATE,
        "issued_on: 2023-01-20",
        "issued_on: 2023-01-20\nstatus: ended\nended_on: 2024-01-01",
    ),
    (MANDATE, "issued_on: 2023-01-20", "issued_on: 2023-01-20\npartial_years: half"),
]


@pytest.mark.parametrize(("text", "old", "new"), CHANGES)
def test_the_schema_and_the_parser_agree(text: str, old: str, new: str) -> None:
    assert old in text
    changed = text.replace(old, new, 1)
    assert (schema_problems(changed) == []) == parser_accepts(changed), schema_problems(changed)


def test_the_unchanged_files_are_valid() -> None:
    for text in (MINUTES, BODY, MANDATE):
        assert parser_accepts(text)
        assert schema_problems(text) == []


def test_a_file_of_json_documents_validates_as_a_list() -> None:
    data = [documents(BODY)[0], documents(MINUTES)[0]]
    assert list(VALIDATOR.iter_errors(data)) == []


def test_the_command_line_prints_the_schema_and_where_it_is() -> None:
    runner = CliRunner()
    printed = runner.invoke(app, ["schema"])
    assert (printed.exit_code, json.loads(printed.stdout)) == (0, SCHEMA)
    where = runner.invoke(app, ["schema", "--path"])
    assert Path(where.stdout.strip()) == SCHEMA_FILE
    assert SCHEMA_FILE.is_file()
