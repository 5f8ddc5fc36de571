"""Hypothesis strategies and a state machine for property tests of governance records.

Hypothesis is imported here and nowhere else in the library::

    from hypothesis import given
    from governance.testing import GovernanceMachine, apply_commands, histories

    @given(histories())
    def test_my_read_model_rebuilds_the_same(history):
        state, events = apply_commands(history)
        ...

    TestGovernance = GovernanceMachine.TestCase
"""

from governance.testing._machine import (
    RECORDED_ON,
    GovernanceMachine,
    apply_commands,
    command_digest,
    context_for,
)
from governance.testing._strategies import (
    body_commands,
    dates,
    dues,
    events,
    histories,
    late_arrivals,
    malformed_documents,
    mandate_commands,
    minutes_commands,
    minutes_documents,
    slugs,
)

__all__ = [
    "RECORDED_ON",
    "GovernanceMachine",
    "apply_commands",
    "body_commands",
    "command_digest",
    "context_for",
    "dates",
    "dues",
    "events",
    "histories",
    "late_arrivals",
    "malformed_documents",
    "mandate_commands",
    "minutes_commands",
    "minutes_documents",
    "slugs",
]
