"""A warning is given at the meeting from which the status first shows the item or the
assignment overdue, and at no earlier meeting (domain rules 2 and 4): a meeting that
reports on an assignment of a tabled item without taking the item up does not count as
the one it missed; on memory and on SQLite, whose minutes are warned about
through the register tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance import Governance
from governance.i18n import translate
from governance.minutes import parse_text

BODIES = ("kind: body\nid: im\nname: IM-nätverket\n",)

FIRST = """\
kind: minutes
body: im
meeting: {date: 2023-11-17}
items:
  - number: "5"
    title: The mandate
    assignments:
      - {to: [Per Lind], task: Review the mandate, due: next_meeting}
    tabled: next_meeting
"""

#: A new item reports on the tabled item's assignment; the tabled item is not taken up.
SECOND = """\
kind: minutes
body: im
meeting: {date: 2023-12-08}
items:
  - number: "1"
    title: Reports
    assignment_reports:
      - {assignment: im/2023-11-17/5/a1, status: progress}
"""

THIRD = "kind: minutes\nbody: im\nmeeting: {date: 2024-01-19}\n"

ITEM = "im/2023-11-17/5, tabled on 17 Nov 2023, was not taken up"


@pytest.fixture(params=["memory:", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Governance:
    url = "memory:" if request.param == "memory:" else f"sqlite:///{tmp_path / 'g.db'}"
    return Governance(url)


def record(store: Governance, text: str) -> list[str]:
    (outcome,) = store.record_minutes(parse_text(text, source="minutes.yaml"))
    return [translate(notice.text, "en") for notice in outcome.notices]


def overdue(store: Governance, on: str) -> set[str]:
    status = store.status(as_of=date.fromisoformat(on), body="im")
    items = {row.id for row in status.tabled_items if row.status == "overdue"}
    return items | {row.id for row in status.assignments if row.status == "overdue"}


def test_the_warning_comes_at_the_meeting_the_status_says_was_missed(store: Governance) -> None:
    for text in (*BODIES, FIRST):
        record(store, text)

    assert record(store, SECOND) == []
    assert overdue(store, "2023-12-08") == set()

    assert record(store, THIRD) == [ITEM]
    assert overdue(store, "2024-01-19") == {"im/2023-11-17/5"}


DATED = FIRST.replace("    tabled: next_meeting", "    tabled: 2024-01-15")


def test_an_item_due_on_a_date_and_reported_on_since_is_not_warned_about(
    store: Governance,
) -> None:
    for text in (*BODIES, DATED):
        record(store, text)

    assert record(store, SECOND) == []
    # Its date has passed, but a report on its assignment came after the tabling.
    assert record(store, THIRD) == []
    assert overdue(store, "2024-01-19") == set()
