"""Properties of the registers (decisions, items, meetings) over random, coherent
records: like the status, they do not depend on the order minutes are recorded in, and
stepping through events as they are recorded equals rebuilding in valid-time order."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain.events import AnyEvent
from governance.projections import decisions, item_register, meeting_register
from tests.property.test_projection_folds import as_of_days, flat, records


def _registers(events: list[AnyEvent], as_of: date) -> tuple[object, ...]:
    dated = [e for e in events if e.occurred_on <= as_of]
    return (
        decisions.decision_rows(decisions.fold(dated)),
        item_register.item_rows(item_register.fold(dated)),
        meeting_register.meeting_rows(meeting_register.fold(dated)),
    )


@settings(deadline=None)
@given(st.data(), records(), as_of_days)
def test_the_registers_do_not_depend_on_the_order_minutes_are_recorded_in(
    data: st.DataObject, documents: list[list[AnyEvent]], as_of: date
) -> None:
    shuffled = data.draw(st.permutations(documents))

    assert _registers(flat(shuffled), as_of) == _registers(flat(documents), as_of)


@settings(deadline=None)
@given(st.data(), records())
def test_stepping_the_registers_in_recording_order_equals_rebuilding(
    data: st.DataObject, documents: list[list[AnyEvent]]
) -> None:
    events = flat(data.draw(st.permutations(documents)))
    stepped_decisions = decisions.DecisionsView()
    stepped_items = item_register.ItemRegisterView()
    stepped_meetings = meeting_register.MeetingRegisterView()
    for event in events:
        decisions.evolve(stepped_decisions, event)
        item_register.evolve(stepped_items, event)
        meeting_register.evolve(stepped_meetings, event)

    assert decisions.decision_rows(stepped_decisions) == decisions.decision_rows(
        decisions.fold(events)
    )
    assert item_register.item_rows(stepped_items) == item_register.item_rows(
        item_register.fold(events)
    )
    assert meeting_register.meeting_rows(stepped_meetings) == meeting_register.meeting_rows(
        meeting_register.fold(events)
    )
