"""References from minutes to what other minutes hold: the items they take up
(``continues``) and the assignments they report on.

A reference into a meeting whose minutes are recorded must name something those minutes
have: otherwise it is a mistake (a mistyped id), refused with the nearest ids the meeting
has, since recorded minutes change only by a correction. A reference into a meeting not
recorded yet is a forward reference: accepted with a warning, and checked when that
meeting's minutes arrive. Minutes that lack an item or an assignment that minutes in the
record already refer to are refused then. So in whatever order minutes are recorded,
every item referred to is raised by its own meeting's minutes once they are recorded.

Only the streams the minutes touch are needed here: the referenced items and meetings,
and for minutes recorded for the first time the items that earlier recordings referred to
in them (the application finds those in the body's record).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from governance.domain import ids
from governance.domain.commands import RecordMinutes
from governance.domain.errors import (
    ItemOwnershipError,
    Path,
    ReferredToButMissingError,
    UnknownReferenceError,
)
from governance.domain.events import (
    AnyItemEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    ItemEvent,
    ItemRaised,
    ItemReferred,
)
from governance.domain.messages import Choices, Message, Names, msg
from governance.domain.names import nearest
from governance.domain.state import ItemState, RecordState

Report = AssignmentReported | AssignmentCompleted | AssignmentCancelled

#: How many of a meeting's ids an error lists when none is near the one written.
LISTED = 12


def is_raised(item: ItemState) -> bool:
    """Whether the record has the minutes that raised the item."""
    return any(isinstance(event, ItemRaised) for event in item.timeline)


def _hint(written: str, known: Iterable[str], nothing: Message) -> Message:
    """'did you mean …?', or what there is when nothing is near."""
    candidates = sorted(set(known))
    close = nearest(written, candidates)
    if close:
        return msg("reference.did-you-mean", "did you mean {close}?", close=Choices(close))
    if not candidates:
        return nothing
    shown = candidates[:LISTED] + (["…"] if len(candidates) > LISTED else [])
    return msg("reference.there-are", "it has {known}", known=Names(shown))


def _items_of(state: RecordState, meeting_id: str) -> Iterator[str]:
    for event in state.minutes.get(meeting_id, ()):
        if isinstance(event, ItemRaised):
            yield event.item_id


def _meeting_recorded(state: RecordState, meeting_id: str | None) -> bool:
    return meeting_id is not None and state.meeting(meeting_id).held is not None


def check_taken_up(state: RecordState, item_id: str, path: Path) -> None:
    """``continues: item_id``: refused if the item's meeting is recorded without it."""
    meeting_id = ids.meeting_of_item(item_id)
    if meeting_id is None or is_raised(state.item(item_id)):
        return
    if _meeting_recorded(state, meeting_id):
        none = msg("reference.no-items", "they have no items")
        raise UnknownReferenceError(
            msg(
                "reference.no-such-item",
                "{item_id} is not an item of {meeting_id}, whose minutes are recorded: {hint}",
                item_id=item_id,
                meeting_id=meeting_id,
                hint=_hint(item_id, _items_of(state, meeting_id), none),
            ),
            meeting_id=meeting_id,
            path=path,
        )


def _given(item: ItemState, new: Iterable[ItemEvent]) -> set[str]:
    return {
        event.assignment_id
        for event in (*item.timeline, *new)
        if isinstance(event, AssignmentGiven)
    }


def _gave(item: ItemState, assignment_id: str) -> bool:
    """Whether the minutes that give ``assignment_id`` are recorded, as far as the item's
    timeline shows: the item's own meeting, or a later one that acted on the item."""
    later = ids.given_at(assignment_id)
    if later is None:
        return is_raised(item)
    return any(
        event.occurred_on == later
        and not (isinstance(event, Report) and event.assignment_id == assignment_id)
        for event in item.timeline
    )


def _givers(item: ItemState, item_id: str, assignment_id: str) -> set[str]:
    """The bodies whose minutes may give ``assignment_id``: the item's body, and for an
    assignment given at a later meeting, any body the item was referred to by then."""
    owner = ids.body_of_item(item_id)
    givers = {owner} if owner else set()
    later = ids.given_at(assignment_id)
    if later is not None:
        givers |= {
            event.to_body
            for event in item.timeline
            if isinstance(event, ItemReferred) and event.occurred_on <= later
        }
    return givers


def check_reported(
    state: RecordState, report: Report, new: Iterable[ItemEvent], path: Path
) -> None:
    """A report on an assignment: refused if the minutes that give it are recorded
    without it, or if the body reporting is not one whose minutes can give it."""
    item_id = report.item_id
    item = state.item(item_id)
    check_taken_up(state, item_id, path)
    given = _given(item, new)
    if report.assignment_id in given:
        return
    meeting_id = ids.meeting_of_item(item_id) or item_id
    if _gave(item, report.assignment_id):
        none = msg("reference.no-assignments", "it has no assignments")
        raise UnknownReferenceError(
            msg(
                "reference.no-such-assignment",
                "{assignment_id} is not an assignment given on {item_id}, whose minutes are "
                "recorded: {hint}",
                assignment_id=report.assignment_id,
                item_id=item_id,
                hint=_hint(report.assignment_id, given, none),
            ),
            meeting_id=meeting_id,
            path=path,
        )
    givers = _givers(item, item_id, report.assignment_id)
    if report.body_id not in givers:
        raise ItemOwnershipError(
            msg(
                "reference.not-the-giver",
                "{assignment_id} is not in the record yet, and only {givers}, whose minutes "
                "give it, can report on it; these are minutes of {body_id}",
                assignment_id=report.assignment_id,
                givers=Names(sorted(givers)),
                body_id=report.body_id,
            ),
            path=path,
        )


def _referring_meetings(events: Iterable[ItemEvent]) -> Names:
    return Names(dict.fromkeys(event.meeting_id for event in events))


def _made_here(command: RecordMinutes, meeting_id: str, report: Report) -> bool:
    """Whether these minutes are the ones that give the assignment ``report`` is on."""
    later = ids.given_at(report.assignment_id)
    if later is None:
        return ids.meeting_of_item(report.item_id) == meeting_id
    return later == command.meeting.date and report.body_id == command.body_id


def refuse_missing_referred(
    command: RecordMinutes,
    state: RecordState,
    meeting_id: str,
    new: list[tuple[AnyItemEvent, Path]],
) -> None:
    """Minutes recorded for the first time must have every item and assignment of theirs
    that minutes already in the record refer to."""
    new_events = [event for event, _ in new]
    raised = {event.item_id for event in new_events if isinstance(event, ItemRaised)}
    referred = [(item.item_id, item) for item in state.referring(meeting_id) if item.timeline]
    for item_id, item in referred:
        if ids.meeting_of_item(item_id) == meeting_id and item_id not in raised:
            none = msg("reference.no-items-here", "these have no items")
            raise ReferredToButMissingError(
                msg(
                    "reference.item-missing",
                    "these minutes have no item {item_id}, but the minutes of {later} (in the "
                    "record) refer to it ({hint}): add the item to these minutes, or correct "
                    'those minutes (governance record --correct "REASON" FILE)',
                    item_id=item_id,
                    later=_referring_meetings(item.timeline),
                    hint=_hint(item_id, raised, none),
                ),
                path=("items",),
            )
    for item_id, item in referred:
        given = _given(item, new_events)
        for event in item.timeline:
            if not isinstance(event, Report) or event.assignment_id in given:
                continue
            if _made_here(command, meeting_id, event):
                acting = [path for e, path in new if e.item_id == item_id]
                none = msg("reference.no-assignments-here", "these give none on the item")
                raise ReferredToButMissingError(
                    msg(
                        "reference.assignment-missing",
                        "these minutes give no assignment {assignment_id}, but the minutes of "
                        "{later} (in the record) report on it ({hint}): add the assignment to "
                        "these minutes, or correct those minutes (governance record --correct "
                        '"REASON" FILE)',
                        assignment_id=event.assignment_id,
                        later=_referring_meetings(
                            e
                            for e in item.timeline
                            if isinstance(e, Report) and e.assignment_id == event.assignment_id
                        ),
                        hint=_hint(event.assignment_id, given, none),
                    ),
                    path=acting[0][:2] if acting else ("items",),
                )


def awaited_items(body_id: str, on: date, events: Iterable[object]) -> set[str]:
    """The items whose streams may hold references into the meeting of ``body_id`` on
    ``on``, among a body's recorded ``events``: its items, and items with reports on
    assignments the meeting would give. Every such reference has an event of the body
    (see `check_reported`), so the body's record is where to look."""
    meeting_id = ids.meeting_id(body_id, on)
    found: set[str] = set()
    for event in events:
        if not isinstance(event, ItemEvent):
            continue
        if ids.meeting_of_item(event.item_id) == meeting_id or (
            isinstance(event, Report)
            and event.body_id == body_id
            and ids.given_at(event.assignment_id) == on
        ):
            found.add(event.item_id)
    return found


__all__ = [
    "awaited_items",
    "check_reported",
    "check_taken_up",
    "is_raised",
    "refuse_missing_referred",
]
