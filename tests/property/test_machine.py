"""The governance state machine: bodies, mandates and minutes recorded through the deciders
against a small model, with the rules of governance checked after every step."""

from __future__ import annotations

from hypothesis import settings

from governance.testing import GovernanceMachine

TestGovernanceMachine = GovernanceMachine.TestCase
TestGovernanceMachine.settings = settings(max_examples=50, stateful_step_count=30, deadline=None)
