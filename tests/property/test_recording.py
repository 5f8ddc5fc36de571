"""Properties of the record as a whole, through the real application and store."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import Governance, GovernanceError, RecordMinutes, parse_text, status_to_json
from governance.domain.commands import Command
from governance.projections import compute_status
from governance.testing import histories, malformed_documents
from tests.conftest import StepClock
from tests.scenario import SETUP


def _dates_to_ask(history: list[Command]) -> list[date]:
    held = sorted(c.meeting.date for c in history if isinstance(c, RecordMinutes))
    if not held:
        return [date(2024, 1, 1)]
    middle = held[len(held) // 2]
    return [middle, middle + timedelta(days=40), held[-1] + timedelta(days=400)]


def _statuses(record: Governance, days: list[date]) -> list[dict[str, object]]:
    return [status_to_json(record.status(as_of=day)) for day in days]


@given(history=histories(), order=st.randoms(use_true_random=False))
@settings(max_examples=30, deadline=None)
def test_recording_the_same_minutes_in_any_order_gives_the_same_status(
    history: list[Command], order: random.Random
) -> None:
    setup = [c for c in history if not isinstance(c, RecordMinutes)]
    minutes = [c for c in history if isinstance(c, RecordMinutes)]
    shuffled = list(minutes)
    order.shuffle(shuffled)
    in_order = Governance("memory:", clock=StepClock())
    in_order.record(*setup)
    for command in minutes:
        in_order.record(command)
    out_of_order = Governance("memory:", clock=StepClock())
    out_of_order.record(*setup)
    for command in shuffled:
        out_of_order.record(command)

    days = _dates_to_ask(history)
    assert _statuses(out_of_order, days) == _statuses(in_order, days)


@given(history=histories(max_years=1))
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_replay_from_scratch_equals_incremental(history: list[Command], tmp_path: Path) -> None:
    store = str(tmp_path / f"replay-{abs(hash(repr(history)))}.db")
    incremental = Governance(store, clock=StepClock())
    for command in history:
        incremental.record(command)
    days = _dates_to_ask(history)
    seen = _statuses(incremental, days)
    log = [entry.event for entry in incremental.read_log()]
    incremental.close()

    replayed = Governance(store)

    assert _statuses(replayed, days) == seen
    assert [entry.event for entry in replayed.read_log()] == log
    for day in days:
        from_scratch = compute_status(log, as_of=day)
        assert status_to_json(from_scratch) == status_to_json(replayed.status(as_of=day))
    replayed.close()


@given(document=malformed_documents(), as_json=st.booleans())
@settings(max_examples=150, deadline=None)
def test_malformed_minutes_give_an_error_and_never_change_the_store(
    document: object, as_json: bool
) -> None:
    record = Governance("memory:", clock=StepClock())
    record.record(*SETUP)
    before = record.log_position()
    text = json.dumps(document) if as_json else yaml.safe_dump(document, allow_unicode=True)

    with pytest.raises(GovernanceError, match=r"\S"):
        record.record_minutes(parse_text(text, format="json" if as_json else "yaml"))

    assert record.log_position() == before
