"""Every fold is total: any events, in any order, fold without an error, and an event of
no class of the closed union (`AnyEvent`) changes nothing."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from governance.domain import events as events_module
from governance.domain import state as decision_state
from governance.domain.events import EVENT_TYPES, Event, ItemEvent
from governance.projections import decisions, item_register, meeting_register
from governance.projections import status as status_model
from governance.projections.history import summarize
from governance.testing import events
from tests.scenario import NOV_17


@attrs.frozen(slots=False, kw_only=True)
class ItemPainted(ItemEvent):
    """An event the record does not know: a user's subclass of the open base."""

    colour: str


FOREIGN = ItemPainted(
    item_id="im/2023-11-17/7a",
    body_id="im",
    meeting_id="im/2023-11-17",
    occurred_on=NOV_17.meeting.date,
    colour="blue",
)


def _leaf_event_classes() -> set[type[Event]]:
    defined = [
        value
        for value in vars(events_module).values()
        if isinstance(value, type) and issubclass(value, Event)
    ]
    return {
        cls for cls in defined if not any(o is not cls and issubclass(o, cls) for o in defined)
    }


def test_the_closed_union_holds_every_event_class_the_record_is_made_of() -> None:
    assert set(EVENT_TYPES) == _leaf_event_classes()


def _every_fold(given_events: list[Event]) -> tuple[object, ...]:
    return (
        decision_state.fold(given_events),
        status_model.status_of(status_model.fold(given_events), as_of=NOV_17.meeting.date),
        decisions.decision_rows(decisions.fold(given_events)),
        item_register.item_rows(item_register.fold(given_events)),
        meeting_register.meeting_rows(meeting_register.fold(given_events)),
    )


@given(st.lists(events(), max_size=25))
def test_every_fold_takes_any_events_in_any_order(given_events: list[Event]) -> None:
    _every_fold(given_events)
    stepped = status_model.StatusView()
    for event in given_events:
        status_model.evolve(stepped, event)


@given(st.lists(events(), max_size=10))
def test_an_event_of_no_class_of_the_union_changes_nothing(given_events: list[Event]) -> None:
    assert _every_fold([*given_events, FOREIGN]) == _every_fold(given_events)
    assert decision_state.evolve(decision_state.RecordState(), FOREIGN) == (
        decision_state.RecordState()
    )
    assert summarize(FOREIGN) == "ItemPainted"


def _maps(state: decision_state.RecordState) -> dict[str, dict[str, object]]:
    """A deep enough copy of the state's maps to see any change made in place."""
    return {field.name: dict(getattr(state, field.name)) for field in attrs.fields(type(state))}


@given(st.lists(events(), max_size=15), st.lists(events(), max_size=10))
def test_a_fold_or_retraction_leaves_the_state_it_starts_from_unchanged(
    first: list[Event], then: list[Event]
) -> None:
    """The folds change a state's maps in place once they have copied them: the state a
    fold starts from must never see it (a recording's retry decides again from it)."""
    start = decision_state.fold(first)
    before = _maps(start)

    decision_state.fold(then, start)
    decision_state.retract(start, first)
    for event in then:
        decision_state.evolve(start, event)

    assert _maps(start) == before


@given(st.lists(events(), max_size=15), st.lists(events(), max_size=10))
def test_folding_in_turns_is_one_fold(first: list[Event], then: list[Event]) -> None:
    folding = decision_state.Folding()
    folding.fold(first)
    folding.fold(then)

    assert folding.state == decision_state.fold([*first, *then])
