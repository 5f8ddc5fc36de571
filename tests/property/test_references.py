"""References stay whole in any recording order: for any history the testing kit makes,
recorded as late minutes arrive (any order, with a long enough delay), every item an
event refers to is raised exactly once, and every reference into recorded minutes names
something they have, after every file as at the end."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings

from governance.domain import ids
from governance.domain.commands import Command
from governance.domain.events import (
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    Event,
    ItemEvent,
    ItemRaised,
    MeetingHeld,
)
from governance.testing import apply_commands, histories, late_arrivals

IN_ANY_ORDER = histories(max_years=1).flatmap(
    lambda history: late_arrivals(history, max_delay_days=400)
)


def _dangling(events: list[Event]) -> list[str]:
    """The references into recorded minutes that name nothing they have."""
    held = {e.meeting_id for e in events if isinstance(e, MeetingHeld)}
    raised = Counter(e.item_id for e in events if isinstance(e, ItemRaised))
    given_ = {e.assignment_id for e in events if isinstance(e, AssignmentGiven)}
    wrong = [item for item, times in raised.items() if times > 1]
    for event in events:
        if not isinstance(event, ItemEvent):
            continue
        if ids.meeting_of_item(event.item_id) in held and not raised[event.item_id]:
            wrong.append(f"{event.item_id} ({type(event).__name__})")
        if isinstance(event, AssignmentReported | AssignmentCompleted | AssignmentCancelled):
            owner_held = ids.meeting_of_item(event.item_id) in held
            at_raising = ids.given_at(event.assignment_id) is None
            if owner_held and at_raising and event.assignment_id not in given_:
                wrong.append(event.assignment_id)
    return wrong


@given(IN_ANY_ORDER)
@settings(max_examples=40, deadline=None)
def test_every_reference_names_what_recorded_minutes_have_after_every_file(
    arrival: list[Command],
) -> None:
    events: list[Event] = []
    state = None
    for command in arrival:
        state, new = apply_commands([command], state)
        events.extend(new)
        assert _dangling(events) == []
    referred = {e.item_id for e in events if isinstance(e, ItemEvent)}
    raised = Counter(e.item_id for e in events if isinstance(e, ItemRaised))
    assert {item: raised[item] for item in referred} == dict.fromkeys(referred, 1)
    reported = {
        e.assignment_id
        for e in events
        if isinstance(e, AssignmentReported | AssignmentCompleted | AssignmentCancelled)
    }
    assert reported <= {e.assignment_id for e in events if isinstance(e, AssignmentGiven)}
