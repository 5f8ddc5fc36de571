"""The streams one recording has loaded, their versions, and the decision state."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import cast
from uuid import UUID

from governance._reading import LogReader
from governance.domain import ids
from governance.domain.commands import RegisterBody
from governance.domain.events import EntryCorrected, Event
from governance.domain.state import Folding, RecordState
from governance.recording._bodies import body_of
from governance.registers import RegisterRow, stream_rows
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
        self._folding = Folding()
        self.versions: dict[str, int] = {}
        self.pending: list[Event] = []
        #: The events of each stream loaded whole, and of each new one, with those
        #: wrapped since: the stream as it will be stored (see `rows_knowing`).
        self.known: dict[UUID, list[Event]] = {}
        #: Where in ``pending`` each stream's events are, and which streams have an
        #: event of each body (see `body_of`): so that the warnings for one body's
        #: minutes look at that body's part of the call, not at everything before it.
        self._pending_at: dict[UUID, list[int]] = {}
        self._of_body: dict[str | None, list[int]] = {}
        #: The body streams with a pending event of each body (and the meeting streams
        #: not read whole, whose pending events then stand for them).
        self._others_of_body: dict[str | None, dict[UUID, None]] = {}
        #: The meeting streams read whole with a pending event of each body, and their
        #: register rows from the streams as they will be stored: what the registers
        #: will hold of them once the call is saved (see `meetings_with_pending`).
        self._meetings_of_body: dict[str | None, dict[str, None]] = {}
        self._meeting_rows: dict[str, list[RegisterRow]] = {}
        self._corrections: list[int] = []
        #: For each body, the item streams whose pending events alone give them
        #: register rows listed for the body, with the dates of those rows (see
        #: `pending_touching`); and the bodies each stream is listed for.
        self._listed: dict[str, dict[UUID, list[tuple[date, date | None]]]] = {}
        self._listed_for: dict[UUID, list[str]] = {}
        #: Whether a pending event corrects the minutes of a meeting.
        self.corrects_a_meeting = False

    @property
    def state(self) -> RecordState:
        """What the streams loaded and the events decided so far hold (until the next
        load or wrap)."""
        return self._folding.state

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
        events: list[Event] = []
        for originator_id, stream in missing.items():
            read = rows[originator_id]
            if any(event is None for _, event in read):  # the full reading says what
                events.extend(self._read_stream(stream))
                continue
            self.known[originator_id] = [cast(Event, event) for _, event in read]
            events.extend(self.known[originator_id])
            self.versions[stream] = read[-1][0] if read else 0
        self._folding.fold(events)

    def load_stream(self, stream: str) -> None:
        if stream not in self.versions:
            self._folding.fold(self._read_stream(stream))

    def _read_stream(self, stream: str) -> list[Event]:
        """A stream's events, its version noted."""
        facts = list(self.log.stream(stream))
        self.versions[stream] = facts[-1].originator_version if facts else 0
        events = self.known[stream_uuid(stream)] = [fact.event for fact in facts]
        return events

    def ensure_version(self, stream: str) -> None:
        if stream not in self.versions:
            refuse_streams_the_log_disagrees_with(self.log.recorder, {stream_uuid(stream): stream})
            last = self.log.recorder.select_events(stream_uuid(stream), desc=True, limit=1)
            self.versions[stream] = last[0].originator_version if last else 0
            if not last:  # a new stream: what it will hold is what is wrapped
                self.known[stream_uuid(stream)] = []

    def wrap(self, events: Iterable[Event], recorded_at: datetime) -> list[StoredFact]:
        facts = []
        items: dict[UUID, str] = {}
        meetings: dict[UUID, str] = {}
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
            self._note_pending(event, facts[-1].originator_id)
            if facts[-1].originator_id in self.known:
                self.known[facts[-1].originator_id].append(event)
            if stream.startswith("item:"):
                items[facts[-1].originator_id] = stream
            if stream.startswith("meeting:") and facts[-1].originator_id in self.known:
                meetings[facts[-1].originator_id] = stream
        self._folding.fold(fact.event for fact in facts)
        for originator_id, stream in items.items():
            self._list(originator_id, stream)
        for originator_id, stream in meetings.items():
            self._meeting_rows[stream] = stream_rows(stream, self.known[originator_id])
        return facts

    def _note_pending(self, event: Event, stream: UUID) -> None:
        body = body_of(event)
        self._pending_at.setdefault(stream, []).append(len(self.pending))
        self._of_body.setdefault(body, []).append(len(self.pending))
        kind = event.stream_name.partition(":")[0]
        if kind == "meeting" and stream in self.known:
            self._meetings_of_body.setdefault(body, {})[event.stream_name] = None
        elif kind in ("body", "meeting"):
            self._others_of_body.setdefault(body, {})[stream] = None
        if isinstance(event, EntryCorrected):
            self._corrections.append(len(self.pending))
            self.corrects_a_meeting |= event.stream.startswith("meeting:")
        self.pending.append(event)

    def _list(self, stream: UUID, name: str) -> None:
        """Note the bodies an item stream's pending events list it for, and when."""
        for body in self._listed_for.pop(stream, ()):
            del self._listed[body][stream]
        listed: dict[str, list[tuple[date, date | None]]] = {}
        for row in stream_rows(name, self._in_order(self._pending_at[stream])):
            if row.listed:
                listed.setdefault(row.body, []).append((row.valid_from, row.valid_to))
        for body, dates in listed.items():
            self._listed.setdefault(body, {})[stream] = dates
        self._listed_for[stream] = list(listed)

    def pending_of_body(self, body: str) -> list[Event]:
        """The pending events of ``body`` (see `body_of`), in order."""
        return [self.pending[i] for i in self._of_body.get(body, ())]

    def meetings_with_pending(self, stored: Iterable[RegisterRow], body: str) -> list[RegisterRow]:
        """The register rows of ``body``'s meetings as they will be once the call is
        saved: the ``stored`` rows, those of the meetings read whole with a pending event
        of ``body`` in place of theirs. The warnings read a meeting's row, not its events
        (see `meetings_of_rows`), as they do when the meeting is stored."""
        pending = self._meetings_of_body.get(body, {})
        rows = [row for row in stored if row.stream not in pending]
        rows += [row for name in pending for row in self._meeting_rows[name] if row.body == body]
        return rows

    def pending_touching(self, streams: Iterable[UUID], body: str, day: date) -> list[Event]:
        """The pending events, in order, that the warnings for minutes of ``body`` on
        ``day`` may need besides the stored ``streams`` the registers name: those of
        ``streams``; of the body, and of the meetings not read whole, with a pending event
        of ``body`` (the others' are in `meetings_with_pending`; a mandate's no warning
        reads, as the registers name none); of the item streams whose pending events
        alone give them a register row listed for ``body`` on ``day`` (what the registers
        would name, the call saved: a row of the stored events is named already, and
        pending events list a stream for a body only by an event of that body); and every
        pending correction with the events of its stream. Not all of ``body``'s part of
        the call, which grows with every file of the body before."""
        wanted = dict.fromkeys(streams)
        wanted.update(self._others_of_body.get(body, {}))
        for stream, dates in self._listed.get(body, {}).items():
            if any(start <= day and (end is None or end > day) for start, end in dates):
                wanted[stream] = None
        wanted.update((stream_uuid(self.pending[i].stream_name), None) for i in self._corrections)
        return self._in_order([i for stream in wanted for i in self._pending_at.get(stream, ())])

    def _in_order(self, at: Sequence[int]) -> list[Event]:
        return [self.pending[i] for i in sorted(set(at))]


def load_parents(batch: Batch, command: RegisterBody) -> None:
    """The bodies above a body being registered, to see that it is not among them."""
    parent, seen = command.parent, {command.body_id}
    while parent is not None and parent not in seen:
        seen.add(parent)
        batch.load_streams([ids.stream_name("body", parent)])
        current = batch.state.body(parent).current
        parent = None if current is None else current.parent
