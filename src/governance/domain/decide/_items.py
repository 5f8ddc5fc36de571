"""Items and assignments: what the minutes' items say, held to the rules of items
(rules 2, 3 and 4) over each item's whole timeline, late minutes slotted in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, assert_never

from governance.domain import ids, references
from governance.domain.commands import ItemEntry, RecordMinutes
from governance.domain.decide._common import Context, Notice, require_body
from governance.domain.errors import (
    ConflictingRecordError,
    DuplicateEntryError,
    Path,
    RuleViolationError,
)
from governance.domain.events import (
    AnyItemEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    DecisionRecorded,
    ItemClosed,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
)
from governance.domain.items import first_violation
from governance.domain.messages import msg
from governance.domain.state import RecordState
from governance.domain.values import date_problem


def decide_items(
    command: RecordMinutes, state: RecordState, context: Context, meeting_id: str
) -> tuple[list[tuple[AnyItemEvent, Path]], list[Notice]]:
    """The events of the minutes' items with their paths, held to the rules of items and
    assignments over each item's whole timeline, and the notices they give."""
    notices: list[Notice] = []
    item_events: list[tuple[AnyItemEvent, Path]] = []
    seen_items: dict[str, int] = {}
    for index, entry in enumerate(command.items):
        item = _item_id(command, entry, index)
        if item in seen_items:
            raise DuplicateEntryError(
                msg(
                    "minutes.item-twice",
                    "item {item} appears twice in these minutes (also items[{value}])",
                    item=item,
                    value=seen_items[item],
                ),
                path=("items", index),
            )
        seen_items[item] = index
        if entry.referred_to is not None:
            require_body(state, context, entry.referred_to, "items", index, "referred_to")
        if entry.tabled is not None and entry.closed:
            raise RuleViolationError(
                msg(
                    "item.tabled-and-closed",
                    "an item is either tabled or closed at one meeting, not both; keep the one "
                    "the meeting did",
                ),
                path=("items", index, "closed"),
            )
        if entry.continues is not None:
            references.check_taken_up(state, item, ("items", index, "continues"))
        if entry.continues is not None and not references.is_raised(state.item(item)):
            notices.append(
                Notice(
                    ("items", index, "continues"),
                    msg(
                        "notice.item-not-yet-recorded",
                        "{item} is not in the record yet; it is taken up here and its earlier "
                        "minutes will slot in when they are recorded",
                        item=item,
                    ),
                )
            )
        try:
            for event, path in _item_entry_events(command, entry, item, meeting_id):
                item_events.append((event, ("items", index, *path)))
        except RuleViolationError as error:  # located in the entry: locate it in the minutes
            raise error.at("items", index) from None
    new_events = [event for event, _ in item_events]
    for event, path in item_events:
        if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            references.check_reported(state, event, new_events, path)
    references.refuse_missing_referred(command, state, meeting_id, item_events)
    notices.extend(_unknown_assignment_notices(item_events, state))
    _check_item_timelines(item_events, state)
    return item_events, notices


def _item_id(command: RecordMinutes, entry: ItemEntry, index: int) -> str:
    if entry.continues is not None:
        if not ids.is_item_id(entry.continues):
            raise RuleViolationError(
                msg(
                    "item.not-an-item-id",
                    "'{continues}' is not an item id; expected <body>/<YYYY-MM-DD>/<number>",
                    continues=entry.continues,
                ),
                path=("items", index, "continues"),
            )
        raised_on = ids.item_date(entry.continues)
        if raised_on is None:
            raise RuleViolationError(
                msg(
                    "item.no-calendar-date",
                    "'{continues}' does not name a meeting date in the calendar",
                    continues=entry.continues,
                ),
                path=("items", index, "continues"),
            )
        if raised_on >= command.meeting.date:
            raise RuleViolationError(
                msg(
                    "item.not-earlier",
                    "{continues} is not an item of an earlier meeting; 'continues' takes up an "
                    "item raised before {date}",
                    continues=entry.continues,
                    date=command.meeting.date,
                ),
                path=("items", index, "continues"),
            )
        return entry.continues
    if entry.number is None:
        raise RuleViolationError(
            msg(
                "item.needs-number",
                "an item needs a 'number', or 'continues' with the id of an earlier item",
            ),
            path=("items", index),
        )
    if entry.title is None:
        raise RuleViolationError(
            msg("item.needs-title", "a new item needs a 'title'"), path=("items", index)
        )
    return ids.item_id(command.body_id, command.meeting.date, entry.number)


def _item_entry_events(
    command: RecordMinutes, entry: ItemEntry, item: str, meeting_id: str
) -> Iterator[tuple[AnyItemEvent, Path]]:
    """The events of one item entry, in the order they happen at the meeting."""
    on = command.meeting.date
    base: dict[str, Any] = {
        "item_id": item,
        "body_id": command.body_id,
        "meeting_id": meeting_id,
        "occurred_on": on,
    }
    if entry.reopened:
        yield ItemReopened(**base), ("reopened",)
    if entry.continues is None:
        assert entry.number is not None
        assert entry.title is not None
        yield ItemRaised(**base, number=entry.number, title=entry.title, notes=entry.notes), ()
    else:
        yield (
            ItemTakenUp(**base, number=entry.number, title=entry.title, notes=entry.notes),
            ("continues",),
        )
    for index, report in enumerate(entry.assignment_reports):
        owner = ids.item_of_assignment(report.assignment_id)
        if owner is None:
            raise RuleViolationError(
                msg(
                    "assignment.not-an-assignment-id",
                    "'{assignment_id}' is not an assignment id; expected <item id>/a<n>",
                    assignment_id=report.assignment_id,
                ),
                path=("assignment_reports", index, "assignment"),
            )
        _refuse_impossible_or_later(
            report.assignment_id, on, ("assignment_reports", index, "assignment")
        )
        report_base: dict[str, Any] = {
            **base,
            "item_id": owner,
            "assignment_id": report.assignment_id,
        }
        path: Path = ("assignment_reports", index)
        match report.status:
            case "done":
                yield AssignmentCompleted(**report_base, note=report.note), path
            case "cancelled":
                yield AssignmentCancelled(**report_base, note=report.note), path
            case "progress":
                yield AssignmentReported(**report_base, note=report.note), path
            case _:
                assert_never(report.status)
    for index, text in enumerate(entry.decisions):
        yield DecisionRecorded(**base, text=text), ("decisions", index)
    given_at = None if entry.continues is None else on
    for index, new in enumerate(entry.assignments):
        yield (
            AssignmentGiven(
                **base,
                assignment_id=ids.assignment_id(item, index + 1, given_at),
                to=new.to,
                task=new.task,
                due=new.due,
            ),
            ("assignments", index),
        )
    if entry.tabled is not None:
        yield ItemTabled(**base, until=entry.tabled.until, reason=entry.tabled.reason), ("tabled",)
    if entry.referred_to is not None:
        yield ItemReferred(**base, to_body=entry.referred_to), ("referred_to",)
    if entry.closed:
        yield ItemClosed(**base), ("closed",)


def _refuse_impossible_or_later(assignment_id: str, on: date, path: Path) -> None:
    """The dates in an assignment id are dates the record takes, none after the meeting
    that reports on it: an assignment is reported on after it is given."""
    for written in ids.written_dates(assignment_id):
        day = ids.calendar_date(written)
        problem = (
            msg(
                "assignment.date-not-in-calendar",
                "{written} in {assignment_id} is not a date in the calendar",
                written=written,
                assignment_id=assignment_id,
            )
            if day is None
            else date_problem(day)
        )
        if problem is not None:
            raise RuleViolationError(problem, path=path)
        assert day is not None
        if day > on:
            raise RuleViolationError(
                msg(
                    "assignment.later-than-report",
                    "{assignment_id} is given at a meeting on {day}, after this one ({on}); "
                    "an assignment is reported on at a later meeting than the one that gives it",
                    assignment_id=assignment_id,
                    day=day,
                    on=on,
                ),
                path=path,
            )


def _unknown_assignment_notices(
    item_events: list[tuple[AnyItemEvent, Path]], state: RecordState
) -> Iterator[Notice]:
    # An assignment is given on the item its id names (`ids.assignment_id`), which is
    # the item of every report on it: its timeline is where it is given, if anywhere.
    given = {e.assignment_id for e, _ in item_events if isinstance(e, AssignmentGiven)}
    for event, _ in item_events:
        if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            timeline = state.item(event.item_id).timeline
            given.update(e.assignment_id for e in timeline if isinstance(e, AssignmentGiven))
    for event, path in item_events:
        if not isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            continue
        if event.assignment_id not in given:
            yield Notice(
                path,
                msg(
                    "notice.assignment-not-yet-recorded",
                    "assignment {assignment_id} is not in the record yet; "
                    "the report is kept and applies once its minutes are recorded",
                    assignment_id=event.assignment_id,
                ),
            )


def _check_item_timelines(
    item_events: list[tuple[AnyItemEvent, Path]], state: RecordState
) -> None:
    """Replay each touched item's whole timeline with the new events slotted in."""
    by_item: dict[str, list[tuple[AnyItemEvent, Path | None]]] = {}
    for new_event, _ in item_events:
        if new_event.item_id not in by_item:
            by_item[new_event.item_id] = [
                (old, None) for old in state.item(new_event.item_id).timeline
            ]
    for new_event, new_path in item_events:
        by_item[new_event.item_id].append((new_event, new_path))
    for item, entries in by_item.items():
        merged = sorted(entries, key=lambda entry: entry[0].occurred_on)
        violation = first_violation(item, [event for event, _ in merged])
        if violation is None:
            continue
        culprit, path = merged[violation.index]
        if path is not None:
            raise violation.error.at(*path)
        first_new = next(p for _, p in merged if p is not None)
        raise ConflictingRecordError(
            msg(
                "minutes.contradict-record",
                "these minutes contradict the record of {meeting_id}: {message}",
                meeting_id=culprit.meeting_id,
                message=violation.error.text,
            ),
            path=first_new or (),
        )
