"""Natural identifiers and the event streams they name.

Ids are readable strings that secretaries write in minutes files:
a meeting is ``<body>/<date>``, an item ``<body>/<date>/<number>``, an assignment
``<item id>/a<n>`` (or ``<item id>/<date>/a<n>`` when given at a later meeting
that continues the item).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

StreamKind = Literal["body", "mandate", "meeting", "item"]

_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"  # ASCII digits only: \d takes any script's
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ITEM_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
ITEM_ID = re.compile(
    rf"^(?P<body>[a-z0-9][a-z0-9._-]*)/(?P<date>{_DATE})/(?P<number>[A-Za-z0-9._-]+)$"
)
ASSIGNMENT_ID = re.compile(
    rf"^(?P<item>[a-z0-9][a-z0-9._-]*/{_DATE}/[A-Za-z0-9._-]+)"
    rf"(?:/(?P<given>{_DATE}))?/a(?P<n>[1-9][0-9]*)$"
)


def written_dates(identifier: str) -> tuple[str, ...]:
    """The dates written in an item or assignment id, as written: the meeting's, and for
    an assignment given at a later meeting, that meeting's too."""
    assignment = ASSIGNMENT_ID.match(identifier)
    item = ITEM_ID.match(assignment["item"] if assignment else identifier)
    if item is None:
        return ()
    given = assignment["given"] if assignment else None
    return (item["date"],) if given is None else (item["date"], given)


def calendar_date(written: str) -> date | None:
    """The date ``YYYY-MM-DD`` stands for, or None if it is not one (2024-02-30)."""
    try:
        return date.fromisoformat(written)
    except ValueError:
        return None


def item_date(item: str) -> date | None:
    """The date of the meeting that raised ``item``, or None if its id holds no date."""
    written = written_dates(item)
    return calendar_date(written[0]) if written else None


def meeting_id(body_id: str, on: date) -> str:
    return f"{body_id}/{on.isoformat()}"


def item_id(body_id: str, on: date, number: str) -> str:
    return f"{body_id}/{on.isoformat()}/{number}"


def assignment_id(item: str, n: int, given_at: date | None = None) -> str:
    """The id of the n-th assignment given on an item at one meeting.

    ``given_at`` is the date of a later meeting that continues the item; it keeps
    the ids of assignments given at different meetings apart, whatever order the
    minutes are recorded in.
    """
    if given_at is None:
        return f"{item}/a{n}"
    return f"{item}/{given_at.isoformat()}/a{n}"


def is_item_id(text: str) -> bool:
    return ITEM_ID.match(text) is not None


def item_of_assignment(assignment: str) -> str | None:
    """The item an assignment id belongs to, or None if it is not an assignment id."""
    match = ASSIGNMENT_ID.match(assignment)
    return match.group("item") if match else None


def meeting_of_item(item: str) -> str | None:
    """The id of the meeting that raised ``item`` (``im/2024-01-19``), or None if it is
    not an item id."""
    match = ITEM_ID.match(item)
    return f"{match['body']}/{match['date']}" if match else None


def given_at(assignment: str) -> date | None:
    """The date of the later meeting that gave an assignment (``…/<date>/a<n>``); None for
    one given when its item was raised, or if it is not an assignment id."""
    match = ASSIGNMENT_ID.match(assignment)
    return None if match is None or match["given"] is None else calendar_date(match["given"])


def body_of_item(item: str) -> str | None:
    match = ITEM_ID.match(item)
    return match.group("body") if match else None


def stream_name(kind: StreamKind, natural_id: str) -> str:
    return f"{kind}:{natural_id}"
