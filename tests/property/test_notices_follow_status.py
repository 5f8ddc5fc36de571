"""Minutes recorded in date order warn about a tabled item or an assignment due at the
next meeting exactly when the status first shows it overdue as of that meeting (domain
rules 2 and 4): not at an earlier meeting, nor at a later one; on memory, where the
warnings come from the whole log, and on SQLite, where they come through the register
tables."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from governance import Governance
from governance.domain.commands import Command, RecordMinutes
from governance.domain.messages import Message
from governance.testing import histories
from tests.conftest import StepClock

WARNINGS = {
    "notice.tabled-not-taken-up",
    "notice.assignment-not-reported",
    "notice.assignment-to-nobody-not-reported",
}


def _warned(message: Message) -> str | None:
    """The item or assignment a warning about something not taken up is about."""
    params = dict(message.params)
    inner = params.get("notice")
    if isinstance(inner, Message):
        return _warned(inner)
    if message.code not in WARNINGS:
        return None
    subject = params.get("item", params.get("assignment"))
    assert isinstance(subject, str)
    return subject


def _check(store: str, history: list[Command]) -> None:
    app = Governance(store, clock=StepClock())
    try:
        # (id, tabled or given on) of what the status has shown overdue, due at a meeting
        seen: set[tuple[str, date]] = set()
        for command in history:
            notices = app.record(command).notices
            if not isinstance(command, RecordMinutes):
                continue
            body, held_on = command.body_id, command.meeting.date
            status = app.status(as_of=held_on, body=body)
            due_at_meeting = {
                row.id: row.tabled_on for row in status.tabled_items if row.due.on is None
            } | {row.id: row.given_on for row in status.assignments if row.due.on is None}
            warned = {_warned(notice.text) for notice in notices} - {None}
            overdue = {
                (row.id, row.tabled_on)
                for row in status.tabled_items
                if row.status == "overdue" and row.due.on is None
            } | {
                (row.id, row.given_on)
                for row in status.assignments
                if row.status == "overdue" and row.due.on is None
            }
            first_time = {subject for subject, _ in overdue - seen}
            assert {s for s in warned if s in due_at_meeting} == first_time, held_on
            seen |= overdue
    finally:
        app.close()


@given(histories(max_years=1))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_warning_comes_when_the_status_first_shows_it_overdue(
    tmp_path_factory: pytest.TempPathFactory, history: list[Command]
) -> None:
    _check("memory:", history)
    _check(str(tmp_path_factory.mktemp("notices") / "g.db"), history)
