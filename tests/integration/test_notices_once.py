"""A forgotten item or assignment is warned about once, at the meeting where it first falls
due; later meetings are counted, not warned about again, whatever order the minutes are
recorded in."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance import Governance
from governance.i18n import set_language, translate
from governance.minutes import parse_text

BODY = "kind: body\nid: im\nname: IM-nätverket\n"

FIRST = """\
kind: minutes
body: im
meeting: {date: 2023-11-17}
items:
  - number: "5"
    title: The mandate
    assignments:
      - {to: [Per Lind], task: Review the mandate, due: next_meeting}
  - number: "7a"
    title: Students who stay at home
    tabled: next_meeting
  - number: "8"
    title: Attendance
    tabled: 2024-01-15
"""


def meeting(on: str, items: str = "") -> str:
    return f"kind: minutes\nbody: im\nmeeting: {{date: {on}}}\n" + (
        f"items:\n{items}" if items else ""
    )


LATER = {
    "2023-12-08": meeting("2023-12-08"),
    "2024-01-19": meeting("2024-01-19"),
    "2024-02-23": meeting("2024-02-23"),
}

TAKEN_UP = """\
  - continues: im/2023-11-17/7a
    decisions: [Answered]
    assignment_reports:
      - {assignment: im/2023-11-17/5/a1, status: done}
"""

ITEM = "im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up"
ASSIGNMENT = "im/2023-11-17/5/a1, given on 17 Nov 2023 to Per Lind, was not reported on"
DATED = "im/2023-11-17/8, tabled on 17 Nov 2023, was not taken up"


def record(store: Governance, on: str, text: str) -> list[str]:
    (outcome,) = store.record_minutes(parse_text(text, source=f"im-{on}.yaml"))
    return [translate(notice.text, "en") for notice in outcome.notices]


@pytest.fixture
def store() -> Governance:
    governance = Governance("memory:")
    record(governance, "body", BODY)
    record(governance, "2023-11-17", FIRST)
    return governance


def test_in_date_order_each_is_warned_about_once(store: Governance) -> None:
    warnings = {on: record(store, on, text) for on, text in LATER.items()}

    assert warnings == {
        "2023-12-08": [ITEM, ASSIGNMENT],
        "2024-01-19": [DATED],
        "2024-02-23": [],
    }


def test_minutes_recorded_late_count_the_later_meetings(store: Governance) -> None:
    assert record(store, "2024-01-19", LATER["2024-01-19"]) == [ITEM, DATED, ASSIGNMENT]
    assert record(store, "2024-02-23", LATER["2024-02-23"]) == []

    # The meeting where they first fell due arrives last: the later ones are counted.
    assert record(store, "2023-12-08", LATER["2023-12-08"]) == [
        f"{ITEM}, nor at the 2 meetings held since",
        f"{ASSIGNMENT}, nor at the 2 meetings held since",
    ]


def test_a_later_meeting_that_took_it_up_ends_the_count(store: Governance) -> None:
    record(store, "2024-01-19", LATER["2024-01-19"])
    record(store, "2024-02-23", meeting("2024-02-23", TAKEN_UP))

    assert record(store, "2023-12-08", LATER["2023-12-08"]) == [
        f"{ITEM}, nor at the meeting held since",
        f"{ASSIGNMENT}, nor at the meeting held since",
    ]


def test_late_minutes_where_it_first_fell_due_warn_with_the_count(store: Governance) -> None:
    assert record(store, "2024-02-23", LATER["2024-02-23"]) == [ITEM, DATED, ASSIGNMENT]

    # The record now knows it was forgotten a meeting earlier, and says so once more.
    assert record(store, "2024-01-19", LATER["2024-01-19"]) == [
        f"{ITEM}, nor at the meeting held since",
        f"{DATED}, nor at the meeting held since",
        f"{ASSIGNMENT}, nor at the meeting held since",
    ]
    # A meeting before its date owes nothing; one after the first is not warned again.
    assert record(store, "2023-12-08", LATER["2023-12-08"]) == [
        f"{ITEM}, nor at the 2 meetings held since",
        f"{ASSIGNMENT}, nor at the 2 meetings held since",
    ]


def test_the_count_in_swedish(store: Governance) -> None:
    record(store, "2024-01-19", LATER["2024-01-19"])
    record(store, "2024-02-23", LATER["2024-02-23"])
    (outcome,) = store.record_minutes(parse_text(LATER["2023-12-08"], source="im.yaml"))

    set_language("sv")
    try:
        shown = [str(notice.text) for notice in outcome.notices]
    finally:
        set_language(None)
    assert shown[0] == (
        "im/2023-11-17/7a, bordlagt den 17 nov. 2023, togs inte upp, och inte heller vid "
        "de 2 möten som hållits sedan dess"
    )


WITH_A_TASK = """\
kind: minutes
body: im
meeting: {date: 2023-11-17}
items:
  - number: "9"
    title: School transport
    tabled: next_meeting
    assignments:
      - {to: [Per Lind], task: Ask the bus company, due: 2024-06-30}
"""

REPORTED_ON = """\
  - number: "2"
    title: Reports
    assignment_reports:
      - {assignment: im/2023-11-17/9/a1, status: progress}
"""


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_later_meeting_that_reported_on_its_assignment_is_not_counted(
    kind: str, tmp_path: Path
) -> None:
    # The status does not count a meeting with an event of the item against it (a
    # report on one of its assignments): the count of meetings that missed it follows.
    store = Governance("memory:" if kind == "memory" else str(tmp_path / "record.db"))
    record(store, "body", BODY)
    record(store, "2023-11-17", WITH_A_TASK)
    record(store, "2024-01-19", meeting("2024-01-19", REPORTED_ON))
    record(store, "2024-02-23", LATER["2024-02-23"])

    assert record(store, "2023-12-08", LATER["2023-12-08"]) == [
        "im/2023-11-17/9, tabled on 17 Nov 2023, was not taken up, nor at the meeting held since"
    ]
