"""One body's decisions, items and meetings read through the register tables equal those
folded from the whole log, and read no page of the log.

Minutes are recorded in the order late minutes come in, one file per transaction, with
corrections (the strategies of `test_register_tables`); then, for every body the record
holds (and near misses of them, which are in no record), as of no date and as of every
meeting date, the days around them and dates outside the record, each answer read
through the tables equals the one folded from the whole log as known at its last
position (what a memory store, or ``known_at``, always reads), or the same error with
the same suggestions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from governance import Governance
from governance.domain.commands import Command, RecordMinutes
from governance.domain.errors import GovernanceError
from governance.projections import UnknownSubjectError
from governance.store._registers import RegisterRecorder
from tests.conftest import StepClock
from tests.property.test_history_registers import _counting, _near_misses
from tests.property.test_register_tables import (  # noqa: F401 (a fixture)
    HISTORY,
    _corrected,
    _days,
    postgres_schemas,
)

#: The answers of one body, as of a date (None: as the record stands), as known at a
#: position (None: through the tables).
Ask = Callable[[Governance, str, date | None, int | None], object]

ASKED: dict[str, Ask] = {
    "decisions": lambda app, body, day, known_at: app.decisions(
        body=body, as_of=day, known_at=known_at
    ),
    "items": lambda app, body, day, known_at: app.items(body=body, as_of=day, known_at=known_at),
    "meetings": lambda app, body, day, known_at: app.meetings(
        body=body, as_of=day, known_at=known_at
    ),
}


def _answer(ask: Ask, app: Governance, body: str, day: date | None, known_at: int | None) -> Any:
    """The answer, or what the error says."""
    try:
        return ask(app, body, day, known_at)
    except UnknownSubjectError as error:
        return str(error)


def _check(store: str, arrival: list[Command], corrections: list[int]) -> None:
    app = Governance(store, clock=StepClock())
    try:
        assert isinstance(app.recorder, RegisterRecorder)
        for command in arrival:
            with contextlib.suppress(GovernanceError):
                app.record(command)
        minutes = [c for c in arrival if isinstance(c, RecordMinutes) and c.items]
        for pick in corrections:
            if minutes:
                with contextlib.suppress(GovernanceError):  # refused: nothing recorded
                    app.record(_corrected(minutes[pick % len(minutes)]))
        everything = app.log_position()
        bodies = [info.body_id for info in app.bodies()]
        asked = [*bodies, *(miss for body in bodies for miss in _near_misses(body))]
        read = _counting(app)
        for body in asked:
            for day in (None, *_days(arrival)):
                for name, ask in ASKED.items():
                    read[0] = 0
                    through_tables = _answer(ask, app, body, day, None)
                    assert read[0] == 0, (name, body, day)  # no page of the log
                    from_the_log = _answer(ask, app, body, day, everything)
                    assert through_tables == from_the_log, (name, body, day)
    finally:
        app.close()


@given(HISTORY)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sqlite_answers_of_a_body_through_the_tables_equal_the_log(
    tmp_path_factory: pytest.TempPathFactory, history: tuple[list[Command], list[int]]
) -> None:
    arrival, corrections = history
    _check(str(tmp_path_factory.mktemp("bodies") / "g.db"), arrival, corrections)


@given(HISTORY)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_postgres_answers_of_a_body_through_the_tables_equal_the_log(
    postgres_schemas: Any,  # noqa: F811
    history: tuple[list[Command], list[int]],
) -> None:
    arrival, corrections = history
    _check(postgres_schemas(), arrival, corrections)
