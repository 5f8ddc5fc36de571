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

from collections.abc import Callable
from datetime import date
from typing import Any

from governance import Governance
from governance.domain.commands import Command
from governance.projections import UnknownSubjectError
from governance.store._registers import RegisterRecorder
from tests.conftest import StepClock
from tests.property.test_history_registers import _counting, _near_misses
from tests.property.test_register_tables import (  # noqa: F401 (a fixture)
    _days,
    on_sqlite_and_postgres,
    postgres_schemas,
    record_history,
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
        record_history(app, arrival, corrections)
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


(
    test_sqlite_answers_of_a_body_through_the_tables_equal_the_log,
    test_postgres_answers_of_a_body_through_the_tables_equal_the_log,
) = on_sqlite_and_postgres(_check, "bodies")
