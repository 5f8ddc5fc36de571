"""What corrections retract, as the list (`without_retracted`), the stream
(`current_events`) and one stream of the log (`current_of_stream`) give it, against its
plain definition, over lists with repeated events and corrections in any places."""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from governance.domain.events import EntryCorrected, Event, ItemTabled, MeetingHeld
from governance.domain.values import NEXT_MEETING
from governance.projections import current_events, current_of_stream, without_retracted

POOL: list[Event] = [
    MeetingHeld(meeting_id="im/2023-11-17", body_id="im", occurred_on=date(2023, 11, 17), digest=d)
    for d in ("a", "b")
] + [
    ItemTabled(
        item_id=f"im/2023-11-17/{n}",
        body_id="im",
        meeting_id="im/2023-11-17",
        occurred_on=date(2023, 11, 17),
        until=NEXT_MEETING,
    )
    for n in ("1", "2")
]


def _plain(events: list[Event]) -> list[Event]:
    """A correction retracts the latest equal event recorded before it."""
    kept: list[Event | None] = []
    for event in events:
        if isinstance(event, EntryCorrected):
            for gone in event.retracted:
                places = [i for i, e in enumerate(kept) if e == gone]
                if places:
                    kept[places[-1]] = None
            continue
        kept.append(event)
    return [event for event in kept if event is not None]


def _correction(retracted: list[Event]) -> Event:
    return EntryCorrected(
        stream="meeting:im/2023-11-17",
        meeting_id="im/2023-11-17",
        reason="checked with the chair",
        corrected_on=date(2023, 12, 1),
        occurred_on=date(2023, 11, 17),
        retracted=tuple(retracted),
        replacements=(),
    )


logs = st.lists(
    st.one_of(
        st.sampled_from(POOL),
        st.lists(st.sampled_from(POOL), min_size=1, max_size=3).map(_correction),
    ),
    max_size=12,
)


@given(logs)
def test_without_retracted_keeps_what_the_plain_definition_keeps(events: list[Event]) -> None:
    assert without_retracted(events) == _plain(events)


def test_a_correction_retracts_only_the_latest_equal_event_before_it() -> None:
    first, other = POOL[0], POOL[2]
    log = [first, other, first, _correction([first]), first]

    assert without_retracted(log) == [first, other, first]


@given(logs)
def test_the_stream_keeps_what_the_list_keeps(events: list[Event]) -> None:
    log = list(enumerate(events, start=1))
    corrections = [(p, e) for p, e in log if isinstance(e, EntryCorrected)]

    assert Counter(current_events(log, corrections)) == Counter(_plain(events))


def test_the_stream_gives_the_events_no_correction_could_retract_as_they_come() -> None:
    first, other = POOL[0], POOL[2]
    log = list(enumerate([first, other, _correction([first]), first], start=1))
    stream = current_events(iter(log), [log[2]])

    assert next(stream) == other
    assert list(stream) == [first]


def _in_its_stream(retracted: list[Event]) -> Event:
    """A correction recorded in the stream of the events it retracts, as recording makes
    them."""
    correction = _correction(retracted)
    assert isinstance(correction, EntryCorrected)
    return attrs.evolve(correction, stream=retracted[0].stream_name)


stream_logs = st.lists(
    st.one_of(
        st.sampled_from(POOL),
        st.sampled_from(POOL).flatmap(
            lambda event: st.integers(1, 2).map(lambda n: _in_its_stream([event] * n))
        ),
    ),
    max_size=12,
)


@given(stream_logs)
@example([POOL[0], _in_its_stream([POOL[0]]), POOL[0], POOL[1]])  # the one kept again comes last
def test_one_stream_gives_what_the_whole_log_gives_of_it(events: list[Event]) -> None:
    """In the same order too: a fold of one body's streams folds late minutes of one date
    in the order the whole log's does."""
    log = list(enumerate(events, start=1))
    corrections = [(p, e) for p, e in log if isinstance(e, EntryCorrected)]
    whole = list(current_events(log, corrections))
    for stream in {event.stream_name for event in events}:
        own = [event for event in events if event.stream_name == stream]
        assert list(current_of_stream(own)) == [e for e in whole if e.stream_name == stream]
