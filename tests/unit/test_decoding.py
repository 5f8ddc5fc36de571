"""Reading stored events the quick way (``store._decode`` and ``GovernanceMapper``) gives
exactly what the converter gives: the same events, and the same errors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

import attrs
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain.events import (
    EVENT_TYPES,
    AssignmentGiven,
    EntryCorrected,
    Event,
    ItemEvent,
    ItemRaised,
    MandateIssued,
    MeetingHeld,
)
from governance.domain.values import Alias, Attendee, Due, Goal, Member, Obligation, Task
from governance.store._converter import converter
from governance.store._decode import generated, structurer
from governance.store.mapper import GovernanceMapper, StoredFact, canonical_json, event_data
from governance.testing import dates, events

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ID = UUID("0d7c3c9e-6a3f-4a55-9a0e-7f1f3c2b7e11")
MAPPER = GovernanceMapper(transcoder=None)  # type: ignore[arg-type]

#: Corrections that retract and replace events of every type, corrections too.
corrections = st.builds(
    EntryCorrected,
    occurred_on=dates(),
    stream=st.just("item:im/2023-11-17/7a"),
    meeting_id=st.just("im/2023-11-17"),
    reason=st.text(max_size=10),
    corrected_on=dates(),
    retracted=st.lists(events(), max_size=2).map(tuple),
    replacements=st.lists(events(), max_size=2).map(tuple),
)
any_event = events() | corrections


def stored(data: Any) -> Any:
    """``data`` as it comes back from the store: through canonical JSON."""
    return json.loads(canonical_json(data))


def stored_event(event: Event) -> StoredEvent:
    fact = StoredFact(originator_id=ID, originator_version=4, recorded_at=AT, event=event)
    return MAPPER.to_stored_event(fact)


def row_of(data: Any, cls: type[Event]) -> StoredEvent:
    """A stored event of ``cls`` whose fields are ``data`` (at the class's version)."""
    state = {"event": data, "recorded_at": AT.isoformat(), "schema_version": cls.schema_version}
    return StoredEvent(
        originator_id=ID, originator_version=4, topic=get_topic(cls), state=canonical_json(state)
    )


def read_event(row: StoredEvent) -> Event:
    """The event the mapper reads from ``row`` (the quick way, else the plain way)."""
    return cast(StoredFact, MAPPER.to_domain_event(row)).event


def mapper_error(cls: type[Event], error: str) -> tuple[str, Any]:
    """What the mapper raises on a ``row_of`` whose fields the converter rejects with
    ``error``: the converter's error, in the mapper's."""
    text = f"cannot read stored event {ID} v4 ({get_topic(cls)}): {error}"
    return "error", (MapperDeserialisationError, text)


def with_state(original: StoredEvent, state: bytes, topic: str | None = None) -> StoredEvent:
    return StoredEvent(
        originator_id=original.originator_id,
        originator_version=original.originator_version,
        topic=original.topic if topic is None else topic,
        state=state,
    )


def outcome(read: Any, *args: Any) -> tuple[str, Any]:
    """What ``read(*args)`` gives: ("value", value) or ("error", (type, message))."""
    try:
        return "value", read(*args)
    except Exception as error:
        return "error", (type(error), str(error))


def same_event(a: Any, b: Any) -> bool:
    """Equal, of the same class, with the same fields in the same order (``vars``)."""
    return type(a) is type(b) and a == b and list(vars(a).items()) == list(vars(b).items())


# --- the generated functions ---------------------------------------------------------


@pytest.mark.parametrize("cls", [*EVENT_TYPES, Member, Alias, Attendee, Task, Goal, Obligation])
def test_every_event_type_and_value_has_a_generated_function(cls: type[Any]) -> None:
    assert generated(cls)


@pytest.mark.parametrize("cls", [Event, Due])
def test_classes_with_a_hook_of_their_own_are_left_to_the_converter(cls: type[Any]) -> None:
    assert not generated(cls)


@pytest.mark.parametrize("cls", EVENT_TYPES)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_the_generated_function_gives_what_the_converter_gives(
    cls: type[Event], data: st.DataObject
) -> None:
    event = data.draw(corrections if cls is EntryCorrected else events(types=[cls]))
    data = stored(event_data(event))

    quick = structurer(type(event))(data)

    assert same_event(quick, converter.structure(data, type(event)))
    assert same_event(quick, event)


@pytest.mark.parametrize("cls", EVENT_TYPES)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_the_quick_event_of_a_stored_event_is_what_the_converter_reads(
    cls: type[Event], data: st.DataObject
) -> None:
    """What a rebuild reads (``quick_event``) for every event type, against the plain way
    (``json.loads`` and the converter)."""
    event = data.draw(corrections if cls is EntryCorrected else events(types=[cls]))
    row = stored_event(event)

    quick = MAPPER.quick_event(row.topic, row.state)
    ids = {value: value for value in data.draw(st.lists(st.text(max_size=3)))}
    sharing = MAPPER.quick_event(row.topic, row.state, ids)

    assert same_event(quick, MAPPER._read(row).event)
    assert same_event(quick, converter.structure(json.loads(row.state)["event"], cls))
    assert same_event(sharing, quick)


@given(event=corrections)
@settings(max_examples=100, deadline=None)
def test_events_inside_a_correction_are_read_as_the_converter_reads_them(
    event: EntryCorrected,
) -> None:
    quick = structurer(EntryCorrected)(stored(event_data(event)))

    for read, original in zip(
        quick.retracted + quick.replacements, event.retracted + event.replacements, strict=True
    ):
        assert same_event(read, original)


def test_fields_with_defaults_left_out_are_read_with_their_defaults() -> None:
    data = {
        "occurred_on": "2023-11-17",
        "meeting_id": "im/2023-11-17",
        "body_id": "im",
        "attendees": [{"name": "Anna"}, {"name": "Bo", "municipality": "Mariestad"}],
        "digest": "sha256:0",
    }

    assert same_event(structurer(MeetingHeld)(data), converter.structure(data, MeetingHeld))
    assert structurer(Member)({"name": "Anna"}) == Member("Anna")


def test_a_mandate_stored_before_partial_years_is_read_as_prorated() -> None:
    data = {
        "occurred_on": "2023-01-20",
        "mandate_id": "im-2023",
        "issued_by": "chiefs",
        "issued_to": "im",
        "valid_from": "2023-01-01",
        "digest": "sha256:0",
    }

    for read in (structurer(MandateIssued), lambda d: converter.structure(d, MandateIssued)):
        assert read(data).partial_years == "prorate"


def test_due_is_read_as_the_converter_reads_it() -> None:
    given_ = AssignmentGiven(
        occurred_on=date(2023, 11, 17),
        item_id="im/2023-11-17/7a",
        body_id="im",
        meeting_id="im/2023-11-17",
        assignment_id="im/2023-11-17/7a/1",
        to=("Anna",),
        task="Ring skolan",
        due=Due.next_meeting(),
    )
    for due in (Due.next_meeting(), Due(date(2024, 1, 31))):
        event = attrs.evolve(given_, due=due)
        data = stored(event_data(event))
        assert same_event(structurer(AssignmentGiven)(data), event)


# --- what is rejected is rejected as before --------------------------------------------


def item_raised() -> dict[str, Any]:
    event = ItemRaised(
        occurred_on=date(2023, 11, 17),
        item_id="im/2023-11-17/7a",
        body_id="im",
        meeting_id="im/2023-11-17",
        number="7a",
        title="Budget",
    )
    return dict(stored(event_data(event)))


def meeting_held() -> dict[str, Any]:
    event = MeetingHeld(
        occurred_on=date(2023, 11, 17),
        meeting_id="im/2023-11-17",
        body_id="im",
        mode="digital",
        attendees=(Attendee("Anna", "Skövde"),),
        digest="sha256:0",
    )
    return dict(stored(event_data(event)))


def correction(retracted: dict[str, Any]) -> dict[str, Any]:
    return {
        "occurred_on": "2023-11-17",
        "stream": "item:im/2023-11-17/7a",
        "meeting_id": "im/2023-11-17",
        "reason": "Fel beslut",
        "corrected_on": "2023-12-01",
        "retracted": [retracted],
        "replacements": [],
    }


REJECTED: list[tuple[str, type[Event], Any]] = [
    ("an unknown key", ItemRaised, {**item_raised(), "colour": "red"}),
    (
        "an unknown key in place of a known one",
        ItemRaised,
        {**{k: v for k, v in item_raised().items() if k != "notes"}, "colour": None},
    ),
    ("a missing key", ItemRaised, {k: v for k, v in item_raised().items() if k != "title"}),
    ("a date that is not one", ItemRaised, {**item_raised(), "occurred_on": "17 Nov 2023"}),
    ("a number for a date", ItemRaised, {**item_raised(), "occurred_on": 20231117}),
    ("a literal out of range", MeetingHeld, {**meeting_held(), "mode": "outdoors"}),
    ("a number for a list", MeetingHeld, {**meeting_held(), "attendees": 3}),
    ("text for a value", MeetingHeld, {**meeting_held(), "attendees": ["Anna"]}),
    (
        "an unknown key in a value",
        MeetingHeld,
        {**meeting_held(), "attendees": [{"name": "Anna", "role": "chair"}]},
    ),
    ("a list for the fields", ItemRaised, list(item_raised().items())),
    (
        "an unknown key in an event inside a correction",
        EntryCorrected,
        correction({"type": "ItemRaised", "event": {**item_raised(), "colour": "red"}}),
    ),
    (
        "an unknown event type inside a correction",
        EntryCorrected,
        correction({"type": "ItemPainted", "event": item_raised()}),
    ),
]


@pytest.mark.parametrize(
    ("cls", "data"), [(cls, data) for _, cls, data in REJECTED], ids=[r[0] for r in REJECTED]
)
def test_data_the_converter_rejects_is_rejected(cls: type[Event], data: Any) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 (any error: the converter's is checked below)
        structurer(cls)(data)
    with pytest.raises(Exception) as expected:  # noqa: PT011
        converter.structure(data, cls)

    assert outcome(read_event, row_of(data, cls)) == mapper_error(cls, str(expected.value))


@pytest.mark.parametrize(
    ("cls", "data"), [(cls, data) for _, cls, data in REJECTED], ids=[r[0] for r in REJECTED]
)
def test_a_stored_event_that_cannot_be_read_gives_the_same_error_as_before(
    cls: type[Event], data: Any
) -> None:
    state = canonical_json({"event": data, "recorded_at": AT.isoformat(), "schema_version": 1})
    bad = StoredEvent(originator_id=ID, originator_version=4, topic=get_topic(cls), state=state)

    with pytest.raises(MapperDeserialisationError) as raised:
        MAPPER.to_domain_event(bad)
    with pytest.raises(MapperDeserialisationError) as before:
        MAPPER._read(bad)

    assert str(raised.value) == str(before.value)
    assert str(raised.value).startswith(
        f"cannot read stored event {ID} v4 (governance.domain.events:{cls.__name__}): "
    )
    assert type(raised.value.__cause__) is type(before.value.__cause__)
    # Nothing of the quick attempt is chained to the error.
    assert raised.value.__cause__ is not None
    assert raised.value.__cause__.__context__ is None


@pytest.mark.parametrize(
    ("state", "topic"),
    [
        (b"{not json", None),
        (b"", None),
        (b"[1, 2]", None),
        (b'{"event": {}, "schema_version": 1}', None),
        (b'{"event": {}, "recorded_at": "now", "schema_version": 1} {}', None),
        (b'{"event": {}, "recorded_at": "now", "schema_version": "1"}', None),
        (None, "governance.domain.events:NoSuchEvent"),
        (None, "governance.domain.values:Due"),
        (
            b'{"event":{"occurred_on":"2023-11-17"},"recorded_at":"2026-01-05T09:00:00+00:00",'
            b'"schema_version":1}',
            "governance.domain.events:Event",
        ),
        (None, "governance.domain.events:ItemReopened"),
        (None, "no.such.module:Event"),
    ],
)
def test_a_damaged_stored_event_gives_the_same_error_as_before(
    state: bytes | None, topic: str | None
) -> None:
    good = stored_event(converter.structure(item_raised(), ItemRaised))
    bad = with_state(good, good.state if state is None else state, topic)

    with pytest.raises(MapperDeserialisationError) as raised:
        MAPPER.to_domain_event(bad)

    assert outcome(MAPPER._read, bad) == ("error", (type(raised.value), str(raised.value)))


# --- any change to stored data: the quick way and the converter agree -----------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*path, index))
    return found


def changed(value: Any, path: tuple[Any, ...], change: str, new: Any) -> Any:
    """``value`` with the value at ``path`` replaced, or removed, or given another key."""
    if not path:
        return new if change == "replace" else value
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    if rest:
        copy[head] = changed(copy[head], tuple(rest), change, new)
    elif change == "replace":
        copy[head] = new
    elif change == "remove":
        del copy[head]
    elif isinstance(copy, dict):
        copy[f"{head}_"] = new
    return copy


@given(
    event=any_event,
    choice=st.integers(min_value=0),
    change=st.sampled_from(["replace", "remove", "add"]),
    new=json_values | st.sampled_from(["2023-11-17", "next_meeting", "digital", "member"]),
)
@settings(max_examples=1000, deadline=None)
def test_changed_data_is_read_as_the_converter_reads_it(
    event: Event, choice: int, change: str, new: Any
) -> None:
    data = stored(event_data(event))
    places = paths(data)
    data = stored(changed(data, places[choice % len(places)], change, new))
    cls = type(event)

    expected = outcome(converter.structure, data, cls)
    quick = outcome(structurer(cls), data)

    if quick[0] == "value":
        assert expected[0] == "value"
        assert same_event(quick[1], expected[1])
    read = outcome(read_event, row_of(data, cls))
    if expected[0] == "value":
        assert read[0] == "value"
        assert same_event(read[1], expected[1])
    else:
        assert read == mapper_error(cls, expected[1][1])


# --- the mapper -----------------------------------------------------------------------


@given(event=any_event)
@settings(max_examples=200, deadline=None)
def test_the_mapper_reads_back_what_it_stored_as_before(event: Event) -> None:
    row = stored_event(event)

    fact = MAPPER.to_domain_event(row)

    assert fact == StoredFact(originator_id=ID, originator_version=4, recorded_at=AT, event=event)
    assert list(vars(fact).items()) == list(vars(MAPPER._read(row)).items())
    assert same_event(fact.event, MAPPER._read(row).event)


@given(
    event=events(),
    indent=st.sampled_from([None, 1]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
@settings(max_examples=50, deadline=None)
def test_json_that_is_not_canonical_is_read_as_json_loads_reads_it(
    event: Event, indent: int | None, encoding: str
) -> None:
    row = stored_event(event)
    text = json.dumps(json.loads(row.state), indent=indent, ensure_ascii=False)
    other = with_state(row, text.encode(encoding))

    assert MAPPER.to_domain_event(other) == MAPPER._read(other) == MAPPER.to_domain_event(row)


def test_a_string_originator_id_is_read_as_a_uuid() -> None:
    row = stored_event(converter.structure(item_raised(), ItemRaised))
    as_text = StoredEvent(
        originator_id=str(ID),
        originator_version=4,
        topic=row.topic,
        state=row.state,
    )

    assert MAPPER.to_domain_event(as_text).originator_id == ID


@attrs.frozen(slots=False, kw_only=True)
class ItemNoted(ItemEvent):
    """A test-only event at schema version 3: v1 called the field ``text``, v2 had no
    ``by``."""

    schema_version: ClassVar[int] = 3
    note: str
    by: str | None = None

    @staticmethod
    def upcast_v1_v2(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data["note"] = data.pop("text")
        return data

    @staticmethod
    def upcast_v2_v3(data: dict[str, Any]) -> dict[str, Any]:
        return data


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_stored_versions_are_upcast_before_they_are_read(version: int) -> None:
    fields = {
        "item_id": "im/2023-11-17/7a",
        "body_id": "im",
        "meeting_id": "im/2023-11-17",
        "occurred_on": "2023-11-17",
        ("text" if version == 1 else "note"): "noted",
    }
    state = canonical_json(
        {"event": fields, "recorded_at": AT.isoformat(), "schema_version": version}
    )
    row = StoredEvent(
        originator_id=uuid4(), originator_version=1, topic=get_topic(ItemNoted), state=state
    )

    fact = MAPPER.to_domain_event(row)

    assert generated(ItemNoted)
    assert fact == MAPPER._read(row)
    assert fact.event == ItemNoted(
        item_id="im/2023-11-17/7a",
        body_id="im",
        meeting_id="im/2023-11-17",
        occurred_on=date(2023, 11, 17),
        note="noted",
    )


def test_the_stored_bytes_are_as_before() -> None:
    event = MeetingHeld(
        occurred_on=date(2023, 11, 17),
        meeting_id="im/2023-11-17",
        body_id="im",
        mode="digital",
        attendees=(Attendee("Åsa Öberg", "Skövde"),),
        digest="sha256:0",
    )
    nested = EntryCorrected(
        occurred_on=date(2023, 11, 17),
        stream="meeting:im/2023-11-17",
        meeting_id="im/2023-11-17",
        reason="Närvaro",
        corrected_on=date(2023, 12, 1),
        retracted=(event,),
    )

    assert stored_event(nested).state == (
        b'{"event":{"corrected_on":"2023-12-01","meeting_id":"im/2023-11-17",'
        b'"occurred_on":"2023-11-17","reason":"N\xc3\xa4rvaro","replacements":[],'
        b'"retracted":[{"event":{"adjusters":[],"attendees":[{"municipality":"Sk\xc3\xb6vde",'
        b'"name":"\xc3\x85sa \xc3\x96berg"}],"body_id":"im","digest":"sha256:0",'
        b'"meeting_id":"im/2023-11-17","mode":"digital","occurred_on":"2023-11-17",'
        b'"place":null,"secretary":null,"time":null},"type":"MeetingHeld"}],'
        b'"stream":"meeting:im/2023-11-17"},"recorded_at":"2026-01-05T09:00:00+00:00",'
        b'"schema_version":1}'
    )
