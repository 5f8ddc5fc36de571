"""The streams one recording has loaded, their versions, and the decision state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast
from uuid import UUID

from governance._reading import LogReader
from governance.domain import ids
from governance.domain.commands import RegisterBody
from governance.domain.events import Event
from governance.domain.state import RecordState, evolve
from governance.store import (
    GovernanceMapper,
    StoredFact,
    refuse_streams_the_log_disagrees_with,
    stream_uuid,
)


class Batch:
    """The streams one recording has loaded, their versions, and the decision state."""

    def __init__(self, log: LogReader) -> None:
        self.log = log
        self.state = RecordState()
        self.versions: dict[str, int] = {}
        self.pending: list[Event] = []

    def load_streams(self, streams: Iterable[str]) -> None:
        """Load the streams not loaded yet, in one query where the store allows."""
        reader = self.log.state_reader
        missing = {stream_uuid(s): s for s in dict.fromkeys(streams) if s not in self.versions}
        refuse_streams_the_log_disagrees_with(self.log.recorder, missing)
        if reader is None or len(missing) < 2:
            for stream in missing.values():
                self.load_stream(stream)
            return
        quick_event = cast(GovernanceMapper, self.log.mapper).quick_event
        rows: dict[UUID, list[tuple[int, Event | None]]] = {id_: [] for id_ in missing}
        for originator_id, version, topic, state in reader.select_stream_states(list(missing)):
            rows[originator_id].append((version, quick_event(topic, state)))
        for originator_id, stream in missing.items():
            read = rows[originator_id]
            if any(event is None for _, event in read):  # the full reading says what
                self.load_stream(stream)
                continue
            for _, event in read:
                self.state = evolve(self.state, cast(Event, event))
            self.versions[stream] = read[-1][0] if read else 0

    def load_stream(self, stream: str) -> None:
        if stream in self.versions:
            return
        version = 0
        for fact in self.log.stream(stream):
            self.state = evolve(self.state, fact.event)
            version = fact.originator_version
        self.versions[stream] = version

    def ensure_version(self, stream: str) -> None:
        if stream not in self.versions:
            refuse_streams_the_log_disagrees_with(self.log.recorder, {stream_uuid(stream): stream})
            last = self.log.recorder.select_events(stream_uuid(stream), desc=True, limit=1)
            self.versions[stream] = last[0].originator_version if last else 0

    def wrap(self, events: Iterable[Event], recorded_at: datetime) -> list[StoredFact]:
        facts = []
        for event in events:
            stream = event.stream_name
            self.ensure_version(stream)
            self.versions[stream] += 1
            facts.append(
                StoredFact(
                    originator_id=stream_uuid(stream),
                    originator_version=self.versions[stream],
                    recorded_at=recorded_at,
                    event=event,
                )
            )
            self.state = evolve(self.state, event)
            self.pending.append(event)
        return facts


def load_parents(batch: Batch, command: RegisterBody) -> None:
    """The bodies above a body being registered, to see that it is not among them."""
    parent, seen = command.parent, {command.body_id}
    while parent is not None and parent not in seen:
        seen.add(parent)
        batch.load_streams([ids.stream_name("body", parent)])
        current = batch.state.body(parent).current
        parent = None if current is None else current.parent
