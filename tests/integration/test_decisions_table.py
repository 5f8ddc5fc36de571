"""The table ``governance_decisions``: the rows it holds after late minutes and
corrections, on SQLite and PostgreSQL; a store made before it; and the documented query."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import psycopg
import pytest

from governance import Governance, ItemEntry, MeetingDetails, RecordMinutes
from governance.domain.commands import CorrectMinutes
from governance.projections.decisions import DecisionRow
from governance.store._registers import VERSION, RegisterRecorder
from tests import scenario
from tests.conftest import StepClock
from tests.integration.test_views import _documented_sql, _query

#: Minutes of 1 Dec 2023, recorded after those of 8 Dec: item 4 of 17 Nov taken up under
#: another title, with a decision between its first and the one of 8 Dec.
DEC_1 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2023, 12, 1), place="Falköping"),
    items=(
        ItemEntry(
            continues="im/2023-11-17/4",
            title="The network day in 2024",
            decisions=("The day is held in Falköping",),
        ),
    ),
)
#: Minutes of 8 Dec that take item 4 up again, with the decision of 8 Dec on it.
DEC_8 = attrs.evolve(
    scenario.DEC_8,
    items=(
        *scenario.DEC_8.items,
        ItemEntry(continues="im/2023-11-17/4", decisions=("The date is 14 May",)),
    ),
)


#: Rows of ``governance_decisions`` as `_rows` gives them: the decision of 17 Nov on
#: item 4, and that of 8 Dec on item 2; and the columns after the id of the decision of
#: 8 Dec on item 4, whose number changes.
FIRST = ("im/2023-11-17/4/d1", "im/2023-11-17/4", "Evaluation of the network day", "im",
         "im/2023-11-17", "2023-11-17", "The network day becomes a yearly event")  # fmt: skip
APPROVED = ("im/2023-12-08/2/d1", "im/2023-12-08/2", "Previous minutes", "im",
            "im/2023-12-08", "2023-12-08", "Approved")  # fmt: skip
TAKEN_UP_ON_8_DEC = ("im/2023-11-17/4", "Evaluation of the network day", "im",
                     "im/2023-12-08", "2023-12-08", "The date is 14 May")  # fmt: skip


def _store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return str(tmp_path / "g.db")
    return str(request.getfixturevalue("fresh_postgres_url"))


def _open(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Governance:
    return Governance(_store(backend, tmp_path, request), clock=StepClock())


def _rows(app: Governance) -> list[tuple[str, ...]]:
    """``governance_decisions`` as SQL reads it: every column but ``stream`` and
    ``number``, as text, by decision."""
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.read() as tx:
        found = tx.rows(
            tables.sql(
                "SELECT decision_id, item_id, title, body_id, meeting_id, decided_on, text "
                "FROM {decisions}"
            )
        )
    return sorted(tuple(str(value) for value in row) for row in found)


def _answers_as_the_log(app: Governance) -> None:
    """Every as-of date of the record read through the table is the fold's answer."""
    everything = app.log_position()
    for day in (None, *(date(2023, 11, d) for d in (16, 17, 30)), date(2023, 12, 1)):
        for body in (None, "im"):
            assert app.decisions(body=body, as_of=day) == app.decisions(
                body=body, as_of=day, known_at=everything
            )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_late_minutes_renumber_and_a_correction_removes_the_row(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    app = _open(backend, tmp_path, request)
    app.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    assert _rows(app) == [FIRST, ("im/2023-11-17/4/d2", *TAKEN_UP_ON_8_DEC), APPROVED]

    app.record(DEC_1)  # late: its decision comes before that of 8 Dec
    assert _rows(app) == [
        FIRST,
        ("im/2023-11-17/4/d2", "im/2023-11-17/4", "The network day in 2024", "im",
         "im/2023-12-01", "2023-12-01", "The day is held in Falköping"),
        ("im/2023-11-17/4/d3", *TAKEN_UP_ON_8_DEC),
        APPROVED,
    ]  # fmt: skip
    _answers_as_the_log(app)
    assert [r.id for r in app.decisions(as_of=date(2023, 12, 1))] == [
        "im/2023-11-17/4/d1",
        "im/2023-11-17/4/d2",
    ]

    # the minutes of 1 Dec corrected: the item was not dealt with there
    app.record(CorrectMinutes(minutes=attrs.evolve(DEC_1, items=()), reason="wrong meeting"))
    assert _rows(app) == [FIRST, ("im/2023-11-17/4/d2", *TAKEN_UP_ON_8_DEC), APPROVED]
    _answers_as_the_log(app)
    app.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_correction_of_a_repeated_decision_numbers_as_the_log(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Minutes that said one decision twice, corrected to say it once: the decision kept
    is folded after the item's other decision of that day (the events a correction
    could have retracted come last in the log's fold), and so is numbered after it."""
    app = _open(backend, tmp_path, request)
    twice = attrs.evolve(
        scenario.DEC_8,
        items=(
            ItemEntry(number="2", title="Minutes", decisions=("Approved", "Noted", "Approved")),
        ),
    )
    app.record(*scenario.SETUP, twice)
    once = attrs.evolve(
        twice, items=(attrs.evolve(twice.items[0], decisions=("Approved", "Noted")),)
    )
    app.record(CorrectMinutes(minutes=once, reason="said twice"))

    folded = app.decisions(known_at=app.log_position())
    assert [(r.id, r.text) for r in folded] == [
        ("im/2023-12-08/2/d1", "Noted"),
        ("im/2023-12-08/2/d2", "Approved"),
    ]
    assert app.decisions() == folded
    assert [row[0::6] for row in _rows(app)] == [
        ("im/2023-12-08/2/d1", "Noted"),
        ("im/2023-12-08/2/d2", "Approved"),
    ]
    app.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("earlier", ["no-table", "another-version"])
def test_a_store_an_earlier_version_made_gets_its_decisions(
    backend: str, earlier: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A store whose registers an earlier version made (no decisions table, which
    opening it then makes empty; or rows of another version) has its tables made again
    on first use, and its decisions read from the table are the log's."""
    store = _store(backend, tmp_path, request)
    app = Governance(store, clock=StepClock())
    app.record(*scenario.SETUP, scenario.NOV_17, DEC_8, DEC_1)
    expected = app.decisions(known_at=app.log_position())
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.write() as tx:
        if earlier == "no-table":  # as the version before the table left the store
            tx.run(tables.sql("DROP TABLE {decisions}"))
            tx.run(tables.sql("DROP TABLE {version}"))
        else:
            tx.run(tables.sql("DELETE FROM {decisions}"))
            tx.run(tables.sql("UPDATE {version} SET version = ?"), (VERSION - 1,))
    app.close()

    again = Governance(store, clock=StepClock())
    assert again.decisions() == expected
    assert [row[0] for row in _rows(again)] == sorted(row.id for row in expected)
    assert isinstance(again.recorder, RegisterRecorder)
    registers = again.recorder.registers
    with registers.read() as tx:
        assert tx.rows(registers.sql("SELECT version FROM {version}")) == [(VERSION,)]
    again.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_documented_query_of_one_body_since_a_date(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = _store(backend, tmp_path, request)
    app = Governance(store, clock=StepClock())
    app.record(*scenario.SETUP, scenario.NOV_17, DEC_8, DEC_1)

    rows = _query(store, _documented_sql()["decisions-of-a-body-since"], date.today())

    answered = app.decisions(body="im", since=date(2023, 12, 1))
    assert [(r["decision_id"], str(r["decided_on"]), r["title"], r["text"]) for r in rows] == [
        (r.id, r.decided_on.isoformat(), r.title, r.text) for r in answered
    ]
    assert len(rows) == 3
    app.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("dropped", [("decisions",), ("decisions", "subjects"), ("registers",)])
def test_a_dropped_register_table_is_made_again_with_the_others(
    backend: str, dropped: tuple[str, ...], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A register table dropped from a store whose rows this version made is created
    empty when the store is opened: the tables are then made again from the log, not
    read as they are (no decisions, no subjects, no rows of the status)."""
    store = _store(backend, tmp_path, request)
    app = Governance(store, clock=StepClock())
    app.record(*scenario.SETUP, scenario.NOV_17, DEC_8, DEC_1)
    everything = app.log_position()
    expected = app.decisions(known_at=everything)
    history = app.history("im/2023-11-17/4", known_at=everything)
    status = app.status(as_of=date(2023, 12, 31), include_all=True, known_at=everything)
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.write() as tx:
        for table in dropped:
            tx.run(tables.sql(f"DROP TABLE {{{table}}}"))
    app.close()

    again = Governance(store, clock=StepClock())
    assert again.decisions() == expected
    assert again.history("im/2023-11-17/4") == history
    assert again.status(as_of=date(2023, 12, 31), include_all=True) == status
    assert isinstance(again.recorder, RegisterRecorder)
    assert again.recorder.registers.streams_of_subject("im/2023-11-17/4")  # the table's
    again.close()


def _grant(url: str, role: str, tables: tuple[str, ...], privileges: str) -> None:
    schema = url.rsplit("schema=", maxsplit=1)[1]
    with psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True) as connection:
        named = ", ".join(f'"{schema}".{table}' for table in tables)
        connection.execute(f"GRANT {privileges} ON {named} TO {role}")


#: The register tables a writer of the version before ``governance_decisions`` was
#: granted (docs/deployment.md), and the two tables this version adds.
_EARLIER = (
    "governance_registers",
    "governance_references",
    "governance_subjects",
    "governance_stream_bodies",
)
_ADDED = ("governance_decisions", "governance_registers_version")


@pytest.fixture
def writer_role(fresh_postgres_url: str) -> Iterator[str]:
    """A role granted what docs/deployment.md says a writer with ``CREATE_TABLE=no`` of
    the version before ``governance_decisions`` needs."""
    url = fresh_postgres_url
    schema = url.rsplit("schema=", maxsplit=1)[1]
    role = f"writer_{schema}"
    admin = url.split("?", maxsplit=1)[0]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
        connection.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
    try:
        yield role
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


def _store_of_the_earlier_version(url: str, role: str) -> list[DecisionRow]:
    """A store as the version before ``governance_decisions`` left it (made by the
    owner), its writer granted as the docs said then; the decisions of its log."""
    app = Governance(url, clock=StepClock())
    app.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    expected = list(app.decisions(known_at=app.log_position()))
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.write() as tx:
        tx.run(tables.sql("DROP TABLE {decisions}"))
        tx.run(tables.sql("DROP TABLE {version}"))
    app.close()
    _grant(url, role, ("governance_events",), "SELECT, INSERT, UPDATE")
    _grant(url, role, _EARLIER, "SELECT, INSERT, DELETE")
    _grant(url, role, ("governance_registers_state",), "SELECT, UPDATE")
    schema = url.rsplit("schema=", maxsplit=1)[1]
    with psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True) as connection:
        connection.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}')
    return expected


def test_a_writer_without_create_table_records_after_the_owner_upgraded(
    fresh_postgres_url: str, writer_role: str
) -> None:
    """After the owner used a store an earlier version made (its tables made again),
    a writer with ``CREATE_TABLE=no`` and the documented grants (those of the earlier
    version kept, the two new tables granted) reads and records through the tables."""
    url = fresh_postgres_url
    expected = _store_of_the_earlier_version(url, writer_role)
    owner = Governance(url, clock=StepClock())
    assert owner.decisions() == tuple(expected)  # the owner's first use upgrades
    owner.close()
    _grant(url, writer_role, ("governance_decisions",), "SELECT, INSERT, DELETE")
    _grant(url, writer_role, ("governance_registers_version",), "SELECT")

    writer = Governance(
        url.replace("postgres@", f"{writer_role}@", 1),
        env={"CREATE_TABLE": "no"},
        clock=StepClock(),
    )
    assert writer.decisions() == tuple(expected)
    writer.record(DEC_1)
    assert writer.decisions() == writer.decisions(known_at=writer.log_position())
    assert isinstance(writer.recorder, RegisterRecorder)
    made_to, last = writer.recorder.registers.lag()
    assert made_to == last  # recorded through the tables
    writer.close()


def test_a_writer_that_may_not_upgrade_reads_the_log_and_says_so(
    fresh_postgres_url: str, writer_role: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A writer with ``CREATE_TABLE=no`` opening a store an earlier version made, before
    its owner used it, may not make the tables again: it answers from the log, records
    all the same, and logs a warning."""
    url = fresh_postgres_url
    expected = _store_of_the_earlier_version(url, writer_role)
    writer = Governance(
        url.replace("postgres@", f"{writer_role}@", 1),
        env={"CREATE_TABLE": "no"},
        clock=StepClock(),
    )
    with caplog.at_level(logging.WARNING, logger="governance"):
        assert writer.decisions() == tuple(expected)
    assert [r.getMessage() for r in caplog.records] == ["governance.registers_not_upgraded"]
    writer.record(DEC_1)
    writer.close()

    owner = Governance(url, clock=StepClock())
    assert owner.decisions() == owner.decisions(known_at=owner.log_position())
    assert len(owner.decisions()) == len(expected) + 1
    owner.close()
