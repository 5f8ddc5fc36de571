"""Events through the real store: the mapper, the upcaster path, stream ids."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

import attrs
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import CorruptRecordError, Governance
from governance.domain.events import EVENT_TYPES, Event, ItemEvent
from governance.store.mapper import (
    GovernanceMapper,
    StoredFact,
    canonical_json,
    stream_uuid,
)
from governance.testing import events
from tests.scenario import NOV_17, SETUP

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@given(st.data())
@settings(
    max_examples=len(EVENT_TYPES) * 4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_every_event_type_round_trips_through_the_sqlite_store(
    tmp_path: Path, data: st.DataObject
) -> None:
    store = Governance(str(tmp_path / f"{uuid4().hex}.db"))
    originals = [data.draw(events(types=[cls])) for cls in EVENT_TYPES]
    facts = [
        StoredFact(originator_id=uuid4(), originator_version=1, recorded_at=AT, event=event)
        for event in originals
    ]
    store.save(*facts)

    read_back = [entry.event for entry in store.read_log()]

    assert read_back == originals
    assert {type(event) for event in read_back} == set(EVENT_TYPES)
    store.close()


@given(event=events())
@settings(max_examples=50, deadline=None)
def test_the_same_event_is_stored_as_the_same_bytes(event: Event) -> None:
    mapper = GovernanceMapper(transcoder=None)  # type: ignore[arg-type]
    fact = StoredFact(originator_id=uuid4(), originator_version=3, recorded_at=AT, event=event)

    assert mapper.to_stored_event(fact) == mapper.to_stored_event(fact)


def test_stream_ids_are_the_same_in_every_store() -> None:
    assert stream_uuid("item:im/2023-11-17/7a") == stream_uuid("item:im/2023-11-17/7a")
    assert stream_uuid("item:im/2023-11-17/7a") != stream_uuid("item:im/2023-11-17/7b")


@attrs.frozen(slots=False, kw_only=True)
class ItemNoted(ItemEvent):
    """A test-only event at schema version 2: v1 called the field ``text``."""

    schema_version: ClassVar[int] = 2
    note: str

    @staticmethod
    def upcast_v1_v2(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data["note"] = data.pop("text")
        return data


def test_a_v1_event_stored_is_read_back_as_v2(tmp_path: Path) -> None:
    store = Governance(str(tmp_path / "upcast.db"))
    v1_state = canonical_json(
        {
            "event": {
                "item_id": "im/2023-11-17/7a",
                "body_id": "im",
                "meeting_id": "im/2023-11-17",
                "occurred_on": "2023-11-17",
                "text": "stored before the field was renamed",
            },
            "recorded_at": AT.isoformat(),
            "schema_version": 1,
        }
    )
    store.recorder.insert_events(
        [
            StoredEvent(
                originator_id=uuid4(),
                originator_version=1,
                topic=get_topic(ItemNoted),
                state=v1_state,
            )
        ]
    )

    (entry,) = store.read_log()

    assert entry.event == ItemNoted(
        item_id="im/2023-11-17/7a",
        body_id="im",
        meeting_id="im/2023-11-17",
        occurred_on=date(2023, 11, 17),
        note="stored before the field was renamed",
    )
    store.close()


def test_an_unreadable_stored_event_gives_a_clear_error_naming_its_position(
    tmp_path: Path,
) -> None:
    path = tmp_path / "damaged.db"
    Governance(str(path)).record(*SETUP, NOV_17)
    with sqlite3.connect(path) as connection:
        # position 10: an assignment still open, which the status reads
        connection.execute("UPDATE stored_events SET state = ? WHERE rowid = 10", (b"{not json",))

    with pytest.raises(CorruptRecordError, match=r"log position 10.*audit verify"):
        Governance(str(path)).status(as_of=date(2023, 12, 31))
