"""Reading the log: notifications a page at a time, stored rows decoded into domain
events, and the streams one meeting's minutes wrote to.

Memory stays flat in the length of the log: every read goes a page at a time, through
eventsourcing's own `NotificationLogReader` where whole notifications are read, and
through the store's row queries (topic and state only) where it has them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import ApplicationRecorder, EventStore, Mapper, Notification
from eventsourcing.system import NotificationLogReader
from eventsourcing.utils import get_topic

from governance.domain import ids
from governance.domain.events import EntryCorrected, Event, origin_meeting
from governance.projections import LogEntry, current_events
from governance.store import (
    NULL_COLUMN,
    GovernanceMapper,
    OwnStreamStates,
    StateRecorder,
    StoredFact,
    StreamStates,
    canonical_json,
    read_rows,
    stored_fact,
    stream_uuid,
    unreadable,
)

#: Notifications read per query when the log is streamed.
PAGE_SIZE = 2_000

CORRECTION_TOPIC = get_topic(EntryCorrected)

Row = tuple[int, str, bytes]


def _paged(select: Callable[[int], Sequence[Row]], after: int) -> Iterator[Row]:
    """The rows ``select`` gives page by page, each page after the last row of the one
    before (rows begin with their log position)."""
    while rows := select(after):
        yield from rows
        after = rows[-1][0]


class _CheckedNotificationLog(LocalNotificationLog):
    """The store's notifications, a damaged row named by its position
    (`CorruptRecordError`)."""

    def select(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        after = start or 0
        return read_rows(
            self.recorder,
            lambda: super(_CheckedNotificationLog, self).select(
                start, limit, stop, topics, inclusive_of_start=inclusive_of_start
            ),
            after=after if not inclusive_of_start else max(after - 1, 0),
            stop=stop,
        )


class LogReader:
    """The log of one store, read a page at a time."""

    def __init__(
        self, recorder: ApplicationRecorder, mapper: Mapper[UUID], events: EventStore[UUID]
    ):
        self.recorder = recorder
        self.mapper = mapper
        self.events = events
        #: The store's row queries (topic and state alone), where it has them.
        self.state_reader = recorder if isinstance(recorder, StateRecorder) else None

    @property
    def plain(self) -> bool:
        """Whether stored states are plain JSON (neither compressed nor encrypted)."""
        return not (self.mapper.compressor or self.mapper.cipher)

    def stream(self, stream: str) -> Iterator[StoredFact]:
        yield from self.events.get(stream_uuid(stream))  # type: ignore[misc]

    def notification_pages(
        self,
        *,
        after: int = 0,
        stop: int | None = None,
        topics: Sequence[str] = (),
        size: int | None = None,
    ) -> Iterator[Sequence[Notification]]:
        section_size = size or PAGE_SIZE
        reader = NotificationLogReader(
            _CheckedNotificationLog(self.recorder, section_size), section_size
        )
        yield from reader.select(start=after, stop=stop, topics=topics, inclusive_of_start=False)

    def select_notifications(self, *, after: int, limit: int) -> Sequence[Notification]:
        """At most ``limit`` stored notifications after position ``after``; a damaged
        row raises `CorruptRecordError` naming it."""
        return _CheckedNotificationLog(self.recorder, limit).select(
            after, limit, inclusive_of_start=False
        )

    def fact(self, notification: Notification) -> StoredFact:
        return stored_fact(self.mapper, notification)

    def iter_log(self, known_at: int | None = None) -> Iterator[LogEntry]:
        for page in self.notification_pages(stop=known_at):
            for notification in page:
                fact = self.fact(notification)
                yield LogEntry(notification.id, fact.recorded_at, fact.event)

    def iter_current(self, known_at: int | None = None) -> Iterator[Event]:
        corrections = [
            (notification.id, self.fact(notification).event)
            for page in self.notification_pages(stop=known_at, topics=(CORRECTION_TOPIC,))
            for notification in page
        ]
        yield from current_events(self.events_up_to(stop=known_at), corrections)

    def position_at(self, moment: datetime) -> int:
        position = 0
        for entry in self.iter_log():
            if entry.recorded_at > moment:
                break
            position = entry.position
        return position

    def events_up_to(self, *, after: int = 0, stop: int | None) -> Iterator[tuple[int, Event]]:
        """The position and the domain event of every row up to ``stop``: what a rebuild
        reads, read from the rows' topics and states alone where the store allows."""
        reader = self.state_reader
        if reader is None:
            for page in self.notification_pages(after=after, stop=stop):
                for notification in page:
                    yield notification.id, self.fact(notification).event
            return
        for position, topic, state in self.states(reader, after=after, stop=stop):
            yield position, self.event_at(position, topic, state)

    def event_at(self, position: int, topic: str, state: bytes) -> Event:
        """The domain event of a row, from its topic and state alone where it can be."""
        if topic is None or state is None:
            raise unreadable(position, NULL_COLUMN)
        event = cast(GovernanceMapper, self.mapper).quick_event(topic, state)
        if event is None:  # the full reading says what it holds, or what is wrong
            (notification,) = self.select_notifications(after=position - 1, limit=1)
            event = self.fact(notification).event
        return event

    def stream_events(self, states: StreamStates) -> dict[UUID, list[Event]]:
        """The domain events of stored rows, by stream, in stream order."""
        return {
            originator_id: [
                self.stored_event(originator_id, version, position, topic, state)
                for version, position, topic, state in rows
            ]
            for originator_id, rows in states.items()
        }

    def take_stream_events(self, states: OwnStreamStates) -> list[list[Event]]:
        """The domain events of stored rows, a list a stream in the order of ``states``
        and each in stream order, taking each stream's rows out of ``states`` as they are
        decoded (``states`` is left empty), and the events sharing one copy of each id
        (`GovernanceMapper.quick_event`): the stored rows of a status and its events are
        not held whole at the same time, nor an id once an event."""
        streams: list[list[Event]] = []
        ids: dict[str, str] = {}
        for originator_id in list(states):
            rows = states.pop(originator_id)
            streams.append([self.stored_event(originator_id, *row, ids=ids) for row in rows])
        return streams

    def stream_entries(self, states: StreamStates) -> list[LogEntry]:
        """The stored rows of streams as the log gives them: position, when recorded
        and event (as `iter_log`), read whole (a timeline shows when each was
        recorded)."""
        entries = []
        for originator_id, rows in states.items():
            for version, position, topic, state in rows:
                fact = self.fact(
                    Notification(
                        id=position,
                        originator_id=originator_id,
                        originator_version=version,
                        topic=topic,
                        state=state,
                    )
                )
                entries.append(LogEntry(position, fact.recorded_at, fact.event))
        return entries

    def stored_event(
        self,
        originator_id: UUID,
        version: int,
        position: int,
        topic: str,
        state: bytes,
        *,
        ids: dict[str, str] | None = None,
    ) -> Event:
        """The domain event of a stored row; a damaged row is named by its position.
        ``ids``: see `GovernanceMapper.quick_event`."""
        if topic is None or state is None:
            raise unreadable(position, NULL_COLUMN)
        event = cast(GovernanceMapper, self.mapper).quick_event(topic, state, ids)
        if event is None:  # the full reading says what it holds, or what is wrong
            notification = Notification(
                id=position,
                originator_id=originator_id,
                originator_version=version,
                topic=topic,
                state=state,
            )
            event = self.fact(notification).event
        return event

    def streams_recorded_by(self, meeting_id: str) -> list[str]:
        """The streams a meeting's minutes wrote to (a correction must load them all).

        Found in the log itself, not through the registers: what a correction records
        depends only on what the audit log covers. The log is read from the first event
        of the meeting's stream on (the minutes' first recording wrote their
        ``MeetingHeld`` there before any other event of theirs), and only the rows that
        mention the meeting are decoded.
        """
        quoted = canonical_json(meeting_id)
        plain = self.plain
        streams: dict[str, None] = {}
        reader = self.state_reader
        rows: Iterable[Row]
        if reader is None:
            rows = ((n.id, n.topic, n.state) for page in self.notification_pages() for n in page)
        else:
            first = reader.first_position(stream_uuid(ids.stream_name("meeting", meeting_id)))
            after = 0 if first is None else first - 1
            if plain:  # the database finds the rows that mention the meeting
                rows = self._states_containing(reader, after=after, needle=quoted)
            else:
                rows = self.states(reader, after=after)
        for position, topic, state in rows:
            if plain and quoted not in state:
                continue
            event = self.event_at(position, topic, state)
            if origin_meeting(event) == meeting_id:
                streams[event.stream_name] = None
        return list(streams)

    def _states_containing(
        self, reader: StateRecorder, *, after: int, needle: bytes
    ) -> Iterator[Row]:
        return _paged(
            lambda start: read_rows(
                self.recorder,
                lambda: reader.select_states_containing(
                    after=start, needle=needle, limit=PAGE_SIZE
                ),
                after=start,
            ),
            after,
        )

    def states(
        self, reader: StateRecorder, *, after: int = 0, stop: int | None = None
    ) -> Iterator[Row]:
        """``(position, topic, state)`` of the rows after ``after`` up to ``stop``, a page
        at a time."""
        return _paged(
            lambda start: read_rows(
                self.recorder,
                lambda: reader.select_states(after=start, stop=stop, limit=PAGE_SIZE),
                after=start,
                stop=stop,
            ),
            after,
        )
