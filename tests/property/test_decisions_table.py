"""The decisions register read from the table ``governance_decisions`` equals the one
folded from the whole log, and reads no page of the log.

Minutes are recorded in the order late minutes come in, one file per transaction, with
corrections (the strategies and recording of `test_register_tables`): late minutes of
an earlier meeting number their decisions before those already recorded, and a
correction that strikes an item retracts its decisions. Then, for every body (and none,
and near misses of them, which are in no record), as of no date and as of every meeting
date, the days around them and dates outside the record, with and without ``since``
and a ``search`` (words of the decisions and titles recorded, in other case, and one in
none), the answer read through the table equals the one folded from the whole log as
known at its last position (what ``known_at`` always reads), or the same error with
the same suggestions; and the table holds the rows a rebuild from the log makes.
"""

from __future__ import annotations

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


def _decisions(app: Governance, known_at: int | None, **asked: Any) -> Any:
    """The decisions, or what the error says."""
    try:
        return app.decisions(known_at=known_at, **asked)
    except UnknownSubjectError as error:
        return str(error)


def _searches(app: Governance, everything: int) -> list[str | None]:
    """No search, a word of a decision's text and one of an item's title, each in
    other case, and a word in no decision."""
    rows = app.decisions(known_at=everything)
    words: list[str | None] = [None, "no-such-word"]
    for row in rows[:1]:
        words.append(row.text.split()[-1].upper())
        if row.title:
            words.append(row.title.split()[0].swapcase())
    return words


def table_rows(app: Governance) -> list[tuple[Any, ...]]:
    """Every row of ``governance_decisions``, sorted, as the database gives them."""
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.read() as tx:
        return sorted(tx.rows(tables.sql("SELECT * FROM {decisions}")))


def _check(store: str, arrival: list[Command], corrections: list[int]) -> None:
    app = Governance(store, clock=StepClock())
    try:
        assert isinstance(app.recorder, RegisterRecorder)
        record_history(app, arrival, corrections)
        everything = app.log_position()
        bodies = [info.body_id for info in app.bodies()]
        days = _days(arrival)
        searches = _searches(app, everything)
        read = _counting(app)
        for body in [None, *bodies]:
            for index, day in enumerate([None, *days]):
                # each date once plainly, once with one of the other questions
                since = days[index % len(days)] if index % 2 else None
                search = searches[index % len(searches)]
                for asked in (
                    {"body": body, "as_of": day},
                    {"body": body, "as_of": day, "since": since, "search": search},
                ):
                    read[0] = 0
                    through_table = _decisions(app, None, **asked)
                    assert read[0] == 0, asked  # no page of the log
                    assert through_table == _decisions(app, everything, **asked), asked
        for miss in (miss for body in bodies for miss in _near_misses(body)):
            asked = {"body": miss, "as_of": None}
            assert _decisions(app, None, **asked) == _decisions(app, everything, **asked)
        kept = table_rows(app)
        app.rebuild_registers()
        assert table_rows(app) == kept
    finally:
        app.close()


(
    test_sqlite_decisions_from_the_table_equal_the_log,
    test_postgres_decisions_from_the_table_equal_the_log,
) = on_sqlite_and_postgres(_check, "decisions")
