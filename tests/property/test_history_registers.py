"""The history of one thing read through the register tables equals the history from
the whole log, and reads only the streams that hold it.

Minutes are recorded in the order late minutes come in, one file per transaction, with
corrections (the strategies of `test_register_tables`); then, for every id the record
holds (and near misses of them, which nothing has), the history read through the tables
equals the one replayed from the whole log as known at its last position (what a
memory store, or ``known_at``, always reads): the same kind, entries, positions, times
of recording and retractions, or the same error with the same suggestions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from governance import Governance
from governance.demo import demo_files
from governance.domain.commands import Command
from governance.domain.events import EntryCorrected, Event
from governance.minutes import parse_file
from governance.projections import History, UnknownSubjectError
from governance.store._registers import RegisterRecorder
from tests.conftest import StepClock
from tests.property.test_register_tables import (  # noqa: F401 (a fixture)
    on_sqlite_and_postgres,
    postgres_schemas,
    record_history,
)

_NAMES = ("body_id", "mandate_id", "meeting_id", "item_id", "assignment_id", "announced_at")


def _ids(event: Event) -> Iterator[str]:
    """Every id an event names, those of the events a correction lists too."""
    for name in _NAMES:
        value = getattr(event, name, None)
        if isinstance(value, str):
            yield value
    if isinstance(event, EntryCorrected):
        yield event.stream.partition(":")[2]
        for listed in (*event.retracted, *event.replacements):
            yield from _ids(listed)


def _near_misses(subject: str) -> list[str]:
    return [subject + "x", subject[:-1], subject.replace("/", "-", 1), "nothing-here"]


def _history(app: Governance, subject: str, known_at: int | None) -> History | str:
    """The history, or what the error says."""
    try:
        return app.history(subject, known_at=known_at)
    except UnknownSubjectError as error:
        return str(error)


def _check(store: str, arrival: list[Command], corrections: list[int]) -> None:
    app = Governance(store, clock=StepClock())
    try:
        assert isinstance(app.recorder, RegisterRecorder)
        record_history(app, arrival, corrections)
        everything = app.log_position()
        subjects = sorted({i for entry in app.iter_log() for i in _ids(entry.event)})
        tables = app.recorder.registers
        for subject in subjects:
            assert tables.streams_of_subject(subject)  # read through the tables
            for asked in (subject, *_near_misses(subject)):
                through_tables = _history(app, asked, None)
                from_the_log = _history(app, asked, everything)
                assert through_tables == from_the_log, asked
    finally:
        app.close()


(
    test_sqlite_history_through_the_tables_equals_the_log,
    test_postgres_history_through_the_tables_equals_the_log,
) = on_sqlite_and_postgres(_check, "history")


def _counting(app: Governance) -> list[int]:
    """The number of log rows read page by page (notifications and states) since."""
    read = [0]
    recorder: Any = app.recorder
    for name in ("select_notifications", "select_states"):
        select = getattr(recorder, name)

        def counted(*args: Any, _select: Any = select, **kwargs: Any) -> Any:
            rows = _select(*args, **kwargs)
            read[0] += len(rows)
            return rows

        setattr(recorder, name, counted)
    return read


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_history_of_one_thing_does_not_read_the_log(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = (
        str(tmp_path / "g.db")
        if backend == "sqlite"
        else str(request.getfixturevalue("fresh_postgres_url"))
    )
    app = Governance(store, clock=StepClock())
    app.record_minutes(*(parse_file(path) for path in demo_files()))
    item = next(e.event.item_id for e in app.iter_log() if hasattr(e.event, "item_id"))
    read = _counting(app)
    through_tables = app.history(item)
    assert read[0] == 0
    assert through_tables.entries
    assert app.history(item, known_at=app.log_position()) == through_tables
    assert read[0] == app.log_position()  # as known at a position: the whole log
    app.close()


def test_subjects_an_earlier_version_did_not_keep_are_made_again(tmp_path: Path) -> None:
    """A store whose tables an earlier version made holds no subjects (the table made
    empty when this version opens it): they are made from the log before the history
    reads them."""
    store = tmp_path / "earlier.db"
    app = Governance(str(store), clock=StepClock())
    app.record_minutes(*(parse_file(path) for path in demo_files()))
    item = next(e.event.item_id for e in app.iter_log() if hasattr(e.event, "item_id"))
    whole = app.history(item, known_at=app.log_position())
    app.close()
    with sqlite3.connect(store) as connection:  # an earlier version kept no version either
        connection.execute("DROP TABLE governance_subjects")
        connection.execute("DROP TABLE governance_registers_version")
    again = Governance(str(store), clock=StepClock())
    assert again.history(item) == whole
    assert again.recorder.registers.streams_of_subject(item)  # type: ignore[attr-defined]
    again.close()
