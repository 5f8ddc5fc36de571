"""Reading the log a page at a time gives what folding the whole log gives, on every
backend: status, the current events, and the warnings of a later writer."""

from __future__ import annotations

import gc
import json
import sqlite3
import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

from governance import Governance, ItemEntry, MeetingDetails, RecordMinutes, _reading
from governance.demo import demo_files
from governance.domain.commands import CorrectMinutes
from governance.domain.errors import GovernanceError
from governance.domain.events import BodyEvent
from governance.minutes import parse_file
from governance.projections import compute_status, without_retracted
from governance.recording import Batch
from governance.recording._write import Recorder
from governance.store import stream_uuid
from governance.store._registers import RegisterRecorder
from governance.store.mapper import GovernanceMapper
from governance.store.url import store_settings
from tests.conftest import StepClock
from tests.scenario import DEC_8, NOV_17, SETUP

OCT_20 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2023, 10, 20), place="Skövde", mode="digital"),
    items=(ItemEntry(number="1", title="Opening"),),
)
CLOSED_7A = attrs.evolve(
    NOV_17,
    items=(*NOV_17.items[:2], ItemEntry(number="7a", title="Students who stay at home")),
)
TABLED_AGAIN = attrs.evolve(CLOSED_7A, items=NOV_17.items)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of three notifications, so every read crosses many pages."""
    monkeypatch.setattr(_reading, "PAGE_SIZE", 3)


def _corrected_record(record: Governance) -> None:
    record.record(*SETUP, OCT_20, NOV_17, DEC_8)
    record.record(CorrectMinutes(minutes=CLOSED_7A, reason="7a was not tabled"))
    record.record(CorrectMinutes(minutes=TABLED_AGAIN, reason="it was, after all"))


@pytest.mark.usefixtures("small_pages")
def test_streamed_current_events_and_status_equal_the_fold_of_the_whole_log(
    record: Governance,
) -> None:
    _corrected_record(record)

    for known_at in range(record.log_position() + 1):
        log = [entry.event for entry in record.read_log(known_at)]
        assert Counter(record.iter_current(known_at)) == Counter(without_retracted(log))
        for as_of in (date(2023, 11, 30), date(2024, 6, 30)):
            expected = compute_status(log, as_of=as_of, include_all=True)
            assert record.status(as_of=as_of, known_at=known_at, include_all=True) == expected


@pytest.mark.usefixtures("small_pages")
def test_events_as_of_leaves_out_later_events_but_keeps_the_bodies(record: Governance) -> None:
    _corrected_record(record)
    day = date(2023, 11, 1)
    current = without_retracted(entry.event for entry in record.read_log())

    events = record.events_as_of(day)

    expected = [e for e in current if e.occurred_on <= day or isinstance(e, BodyEvent)]
    assert Counter(events) == Counter(expected)
    assert any(e.occurred_on > day for e in current)


@pytest.mark.usefixtures("small_pages")
def test_warnings_see_what_another_writer_recorded_since(store_url: str) -> None:
    if store_url == "memory:":
        pytest.skip("a memory store is not shared between applications")
    first = Governance(store_url, clock=StepClock())
    first.record(*SETUP, OCT_20)  # the first writer now knows the body's record
    other = Governance(store_url, clock=StepClock())
    other.record(NOV_17)  # tables 7a and gives two assignments

    messages = [notice.message for notice in first.record(DEC_8).notices]

    assert any("im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up" in m for m in messages)
    assert sum("was not reported on" in m for m in messages) == 1  # the one due next meeting
    first.close()
    other.close()


def _without_the_registers(store_url: str) -> dict[str, str]:
    settings = store_settings(store_url)
    del settings["APPLICATION_RECORDER_TOPIC"]  # eventsourcing's own recorder
    return settings


def _rebuilt(record: Governance) -> list[object]:
    """The register rows a rebuild from the log makes (the tables are left rebuilt)."""
    record.rebuild_registers()
    return list(record.recorder.registers.select_rows())  # type: ignore[attr-defined]


def test_a_store_made_before_the_registers_is_caught_up_once_and_warns_the_same(
    store_url: str,
) -> None:
    if store_url == "memory:":
        pytest.skip("a memory store has no register tables")
    old = Governance(env=_without_the_registers(store_url), clock=StepClock())
    old.record(*SETUP, OCT_20, NOV_17)
    assert not isinstance(old.recorder, RegisterRecorder)
    old.close()

    record = Governance(store_url, clock=StepClock())
    assert isinstance(record.recorder, RegisterRecorder)
    tables = record.recorder.registers
    assert tables.lag() == (0, record.log_position())
    messages = [notice.message for notice in record.record(DEC_8).notices]

    assert any("im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up" in m for m in messages)
    assert tables.lag() == (record.log_position(), record.log_position())
    assert tables.select_rows() == _rebuilt(record)
    record.close()


def test_the_registers_are_written_with_the_events_and_not_without_them(store_url: str) -> None:
    if store_url == "memory:":
        pytest.skip("a memory store has no register tables")
    record = Governance(store_url, clock=StepClock())
    assert isinstance(record.recorder, RegisterRecorder)
    tables = record.recorder.registers
    record.record(*SETUP, OCT_20)
    before = tables.select_rows()

    with pytest.raises(GovernanceError):
        record.record(NOV_17, attrs.evolve(DEC_8, body_id="no-such-body"))

    assert tables.select_rows() == before
    record.record(NOV_17)
    assert tables.lag() == (record.log_position(), record.log_position())
    assert tables.select_rows() == _rebuilt(record)
    record.close()


def test_rows_saved_by_another_writer_are_caught_up_before_the_registers_are_read(
    store_url: str,
) -> None:
    if store_url == "memory:":
        pytest.skip("a memory store has no register tables")
    record = Governance(store_url, clock=StepClock())
    assert isinstance(record.recorder, RegisterRecorder)
    tables = record.recorder.registers
    record.record(*SETUP, OCT_20)
    made_to = tables.lag()[0]
    assert made_to == record.log_position()
    other = Governance(env=_without_the_registers(store_url), clock=StepClock())
    other.record(NOV_17)  # eventsourcing's own recorder: no register rows
    other.close()
    assert tables.lag()[0] == made_to

    messages = [notice.message for notice in record.record(DEC_8).notices]

    assert any("im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up" in m for m in messages)
    assert tables.lag() == (record.log_position(), record.log_position())
    assert tables.select_rows() == _rebuilt(record)
    record.close()


def test_warnings_are_the_same_from_one_application_as_from_a_fresh_one_per_file(
    store_url: str,
) -> None:
    """One application keeps each body's read models up to date between files; a fresh
    application (each `governance record` command) folds the body's record again. (A
    memory store cannot be reopened: there both applications keep their read models.)"""
    files = [parse_file(path) for path in demo_files()]
    kept = Governance(store_url, clock=StepClock())
    with tempfile.TemporaryDirectory() as folder:
        fresh_url = "memory:" if store_url == "memory:" else str(Path(folder) / "fresh.db")
        fresh = Governance(fresh_url, clock=StepClock())
        warned = 0
        for minutes in files:
            expected = fresh.record_minutes(minutes)[0].notices
            warned += len(expected)
            if fresh_url != "memory:":
                fresh.close()
                fresh = Governance(fresh_url, clock=StepClock())
            assert kept.record_minutes(minutes)[0].notices == expected, minutes.source
        fresh.close()
    assert warned > 5  # the demo forgets items and assignments (each warned about once)
    kept.close()


def test_loading_a_files_streams_in_one_query_gives_what_loading_each_gives(
    record: Governance,
) -> None:
    record.record(*SETUP, OCT_20, NOV_17, DEC_8)
    streams = [entry.event.stream_name for entry in record.read_log()]
    streams += ["item:im/2030-01-01/1"]  # a stream with no events yet

    together, one_by_one = Batch(record._log), Batch(record._log)
    together.load_streams(streams)
    for stream in streams:
        one_by_one.load_stream(stream)

    assert together.state == one_by_one.state
    assert together.versions == one_by_one.versions
    assert together.versions["item:im/2030-01-01/1"] == 0


def test_a_row_only_the_full_reading_accepts_is_loaded_the_same(tmp_path: Path) -> None:
    path = tmp_path / "indented.db"
    record = Governance(str(path), clock=StepClock())
    record.record(*SETUP, OCT_20, NOV_17)
    with sqlite3.connect(path) as connection:  # the same JSON, no longer canonical
        select = "SELECT state FROM stored_events WHERE rowid = 9"
        (state,) = connection.execute(select).fetchone()
        spaced = b" " + json.dumps(json.loads(state), indent=2).encode()
        connection.execute("UPDATE stored_events SET state = ? WHERE rowid = 9", (spaced,))
    reopened = Governance(str(path))
    (row,) = reopened.recorder.select_notifications(9, 1)
    assert cast(GovernanceMapper, reopened.mapper).quick_event(row.topic, row.state) is None
    streams = [entry.event.stream_name for entry in reopened.read_log()]

    together, one_by_one = Batch(reopened._log), Batch(reopened._log)
    together.load_streams(streams)
    for stream in streams:
        one_by_one.load_stream(stream)

    assert together.state == one_by_one.state
    assert together.versions == one_by_one.versions


def test_what_a_correction_records_does_not_depend_on_the_registers(tmp_path: Path) -> None:
    outcomes = []
    for name in ("kept", "emptied"):
        path = tmp_path / f"{name}.db"
        record = Governance(str(path), clock=StepClock())
        record.record(*SETUP, OCT_20, NOV_17, DEC_8)
        record.close()
        if name == "emptied":  # the registers are outside the audit log: anyone may edit them
            with sqlite3.connect(path) as connection:
                connection.execute("DELETE FROM governance_registers")
                connection.execute("DELETE FROM governance_references")
        record = Governance(str(path), clock=StepClock())
        outcomes.append(record.record(CorrectMinutes(minutes=CLOSED_7A, reason="not tabled")))
        record.close()

    kept, emptied = outcomes
    assert kept.events
    assert emptied.events == kept.events


def test_a_batch_knows_the_streams_it_writes_as_they_are_stored(
    record: Governance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a recording's batch knows of a stream (loaded whole, or new), with what it
    wrapped since, is the stream as stored: the register rows made with the save are
    made from it instead of reading the stream again."""
    batches: list[Batch] = []
    options = Recorder._save_options

    def noted(recorder: Recorder, batch: Batch) -> dict[str, Any]:
        batches.append(batch)
        return options(recorder, batch)

    monkeypatch.setattr(Recorder, "_save_options", noted)
    record.record(*SETUP, OCT_20)
    record.record(NOV_17, DEC_8)
    written = 0
    for batch in batches:
        for name in batch.versions:
            known = batch.known.get(stream_uuid(name))
            if known is not None:
                assert known == [fact.event for fact in record.stream(name)], name
                written += any(event in batch.pending for event in known)
    assert written > 10


def test_taking_the_stream_events_gives_what_reading_them_gives_and_lets_the_rows_go(
    record: Governance,
) -> None:
    _corrected_record(record)
    tables = record._upkeep.tables
    if tables is None:
        pytest.skip("a memory store has no register tables")
    _, states, _ = tables.streams_as_of(date(2024, 6, 30), body=None, include_all=True)
    expected = list(record._log.stream_events(states).values())
    assert expected

    taken = record._log.take_stream_events(states)

    assert taken == expected
    assert states == {}
    # Events read together share one copy of each id.
    bodies = [event.body_id for events in taken for event in events if hasattr(event, "body_id")]
    assert len({id(body) for body in bodies}) == len(set(bodies)) < len(bodies)


def test_a_recording_decides_with_the_cyclic_collector_paused_and_restores_it() -> None:
    """The collector's full passes over what a call of many files holds until its save
    cost more the more it holds: a recording pauses it, and leaves it as it found it."""
    enabled_while_deciding: list[bool] = []
    clock = StepClock()

    def reading_the_collector() -> datetime:
        enabled_while_deciding.append(gc.isenabled())
        return clock()

    record = Governance("memory:", clock=reading_the_collector)
    files = [parse_file(path) for path in demo_files()]
    assert gc.isenabled()
    record.record_minutes(*files)
    assert enabled_while_deciding == [False] * len(files)
    assert gc.isenabled()
    record.close()
