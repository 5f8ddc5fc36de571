"""The decisions and meetings registers, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance import Governance, GovernanceError, ItemEntry, MeetingDetails, RecordMinutes
from governance.store._registers import RegisterRecorder
from tests import scenario
from tests.conftest import StepClock

TAKEN_UP = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2024, 1, 26), place="Skövde"),
    items=(
        ItemEntry(
            continues="im/2023-11-17/7a",
            title="Hemmasittare",
            decisions=("Skolorna delar sina rutiner för frånvaro",),
        ),
    ),
)


def test_decisions_name_their_item_and_meeting(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8, TAKEN_UP)

    rows = record.decisions()

    assert [(r.id, r.meeting, r.decided_on, r.text) for r in rows] == [
        (
            "im/2023-11-17/4/d1",
            "im/2023-11-17",
            date(2023, 11, 17),
            "The network day becomes a yearly event",
        ),
        ("im/2023-12-08/2/d1", "im/2023-12-08", date(2023, 12, 8), "Approved"),
        (
            "im/2023-11-17/7a/d1",
            "im/2024-01-26",
            date(2024, 1, 26),
            "Skolorna delar sina rutiner för frånvaro",
        ),
    ]
    assert rows[0].title == "Evaluation of the network day"
    assert rows[2].title == "Hemmasittare"  # the title it was taken up under


def test_decisions_are_filtered_by_body_date_and_word(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8, TAKEN_UP)

    assert [r.item for r in record.decisions(since=date(2023, 12, 1))] == [
        "im/2023-12-08/2",
        "im/2023-11-17/7a",
    ]
    assert [r.item for r in record.decisions(search="FRÅNVARO")] == ["im/2023-11-17/7a"]
    assert [r.item for r in record.decisions(search="network day")] == ["im/2023-11-17/4"]
    assert record.decisions(body="gy") == ()
    assert [r.item for r in record.decisions(as_of=date(2023, 12, 31))] == [
        "im/2023-11-17/4",
        "im/2023-12-08/2",
    ]


def test_an_unknown_body_is_an_error_that_lists_the_bodies(record: Governance) -> None:
    record.record(*scenario.SETUP)

    with pytest.raises(GovernanceError, match=r"no body 'xx'.*chiefs, gy, im"):
        record.decisions(body="xx")


def test_meetings_list_held_and_announced_meetings(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    rows = record.meetings(body="im")
    assert [(r.id, r.status, r.place, r.time) for r in rows] == [
        ("im/2023-11-17", "held", "Tidaholm", None),
        ("im/2023-12-08", "scheduled", "Tibro", "09:00-12:00"),
    ]
    assert rows[0].attendees == 2
    assert rows[0].submitted_on == date(2023, 11, 21)

    record.record(scenario.DEC_8)
    held = record.meetings(body="im")[1]
    assert (held.status, held.place, held.time) == ("held", "Tibro", "09:00-12:00")


def test_bodies_are_listed_as_last_described(record: Governance) -> None:
    record.record(*scenario.SETUP)

    assert [(b.body_id, b.name) for b in record.bodies()] == [
        ("chiefs", "Skolchefsgruppen"),
        ("gy", "Gymnasienätverket"),
        ("im", "IM-nätverket"),
    ]


def test_items_show_their_latest_step_and_tablings(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)
    referred = RecordMinutes(
        body_id="im",
        meeting=MeetingDetails(date=date(2024, 1, 26)),
        items=(ItemEntry(continues="im/2023-11-17/7a", referred_to="gy"),),
    )
    record.record(referred)

    rows = {row.id: row for row in record.items()}
    assert rows["im/2023-11-17/4"].status == "decided"
    tabled = rows["im/2023-11-17/7a"]
    assert (tabled.status, tabled.body, tabled.referred_by, tabled.referred_to) == (
        "referred",
        "gy",
        "im",
        "gy",
    )
    assert (tabled.first_tabled_on, tabled.times_tabled) == (date(2023, 11, 17), 1)
    assert [row.id for row in record.items(body="gy")] == ["im/2023-11-17/7a"]
    as_of_dec = {row.id: row for row in record.items(as_of=date(2023, 12, 31))}
    assert as_of_dec["im/2023-11-17/7a"].status == "tabled"


REFERRED = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2024, 1, 26)),
    items=(ItemEntry(continues="im/2023-11-17/7a", referred_to="gy"),),
)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_store_without_the_bodies_of_streams_is_made_again(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A store whose tables an earlier version made has no bodies of streams (the table
    made empty when this version opens it): the tables are made again from the log
    before one body's decisions, items and meetings are read through them."""
    store = (
        str(tmp_path / "g.db")
        if backend == "sqlite"
        else str(request.getfixturevalue("fresh_postgres_url"))
    )
    app = Governance(store, clock=StepClock())
    app.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8, REFERRED)
    everything = app.log_position()
    bodies = [info.body_id for info in app.bodies()]
    expected = [
        (
            app.decisions(body=body, known_at=everything),
            app.items(body=body, known_at=everything),
            app.meetings(body=body, known_at=everything),
        )
        for body in bodies
    ]
    assert isinstance(app.recorder, RegisterRecorder)
    tables = app.recorder.registers
    with tables.write() as tx:  # the tables as the version before them left them
        tx.run(tables.sql("DROP TABLE {stream_bodies}"))
        tx.run(tables.sql("DROP TABLE {decisions}"))
        tx.run(tables.sql("DROP TABLE {version}"))
    app.close()

    again = Governance(store, clock=StepClock())
    assert isinstance(again.recorder, RegisterRecorder)
    assert [
        (again.decisions(body=body), again.items(body=body), again.meetings(body=body))
        for body in bodies
    ] == expected
    assert [row.id for row in again.items(body="gy")] == ["im/2023-11-17/7a"]  # referred
    assert again.recorder.registers.streams_of_body("gy", "item")  # read through the tables
    again.close()
