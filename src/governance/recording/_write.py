"""Recording: load the streams a command touches, let the domain decide, save every
new event of a file in one transaction with the register rows of the streams it wrote.

A file is recorded whole or not at all, and recording it again records nothing; when
another writer saved to the same streams first, the file is decided again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, OperationalError

from governance._collector import collector_paused
from governance._log import logger
from governance._reading import LogReader
from governance.domain import ids
from governance.domain.commands import Command, CorrectMinutes, RecordMinutes, RegisterBody
from governance.domain.decide import Context, Decision, Notice, decide
from governance.domain.errors import GovernanceError, UnknownReferenceError
from governance.domain.events import Event
from governance.domain.messages import Names, msg
from governance.domain.names import normalised
from governance.domain.references import awaited_items
from governance.projections import minutes_notices
from governance.projections.notices import notices_from_view
from governance.recording._batch import Batch, load_parents
from governance.recording._bodies import BodyRecords
from governance.recording._commands import (
    Group,
    Locate,
    content_digest,
    kind,
    streams_to_load,
    subject,
    unstorable,
)
from governance.recording._outcome import (
    ConcurrentRecordingError,
    DocumentOutcome,
    RecordOutcome,
)
from governance.recording._upkeep import RegisterUpkeep
from governance.registers import notices_of_streams
from governance.store import (
    REGISTERS,
    VIEWS,
    RegisterTables,
    StoredFact,
    StoreUnavailableError,
    Tx,
)

#: How often a file is decided again when another writer saved to the same streams first.
MAX_ATTEMPTS = 5

#: The warnings for minutes about to be recorded (see `Recorder.notices_for`).
Notices = Callable[[RecordMinutes, Batch], list[Notice]]


class KeepsViews(Protocol):
    """What keeps the persisted views in the transaction of a save (the application
    gives `governance.views.RecordingViews`)."""

    def keep(
        self,
        known: Mapping[UUID, Sequence[Event]],
        new: Sequence[Event],
        tables: RegisterTables,
        tx: Tx,
        positions: Sequence[int],
    ) -> None: ...


class Recorder:
    """Records groups of commands in one store."""

    def __init__(
        self,
        log: LogReader,
        upkeep: RegisterUpkeep,
        *,
        clock: Callable[[], datetime],
        saving: Application[UUID],
        notices: Notices | None = None,
        views: KeepsViews | None = None,
    ) -> None:
        self.log = log
        self.upkeep = upkeep
        self.clock = clock
        #: Where the events are saved (its ``save``, as it is at each recording).
        self.saving = saving
        self.notices: Notices = notices or self.notices_for
        #: Keeps the persisted views in each save's transaction (None: a store without).
        self.views = views
        #: The recorded events of the bodies whose minutes were recorded here, for the
        #: warnings of a store without the registers.
        self.bodies = BodyRecords(log)

    def record_groups(self, groups: Sequence[Group]) -> list[RecordOutcome]:
        """Record groups of commands (a file's documents each), in order, in one
        transaction: all of them, or (on an error) none. The cyclic garbage collector is
        paused meanwhile: what a call decides is kept until its one save, and the
        collector's full passes over it cost more the more the call holds (at 100
        thousand events, 0.16 s at the start of the call and 0.5 s near its end)."""
        with collector_paused():
            return self._record_groups(groups)

    def _record_groups(self, groups: Sequence[Group]) -> list[RecordOutcome]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            batch = Batch(self.log)
            decided = [self._decide_group(batch, *group) for group in groups]
            facts = [fact for _, group_facts in decided for fact in group_facts]
            if not facts:
                return [
                    RecordOutcome(source, outcomes)
                    for (source, _, _), (outcomes, _) in zip(groups, decided, strict=True)
                ]
            try:
                recordings = self.saving.save(*facts, **self._save_options(batch))
            except IntegrityError:
                logger.debug("governance.recording_conflict", attempt=attempt)
                continue
            except OperationalError as error:
                raise StoreUnavailableError(
                    msg(
                        "store.cannot-write",
                        "cannot write to the store: {error}; nothing was recorded",
                        error=error,
                    )
                ) from error
            positions = iter(recording.notification.id for recording in recordings)
            results = [
                RecordOutcome(source, outcomes, tuple(next(positions) for _ in group_facts))
                for (source, _, _), (outcomes, group_facts) in zip(groups, decided, strict=True)
            ]
            logger.info(
                "governance.minutes_recorded",
                files=len(groups),
                documents=[o.subject for r in results for o in r.documents if o.is_new],
                events=len(facts),
                first_position=recordings[0].notification.id,
                last_position=recordings[-1].notification.id,
            )
            return results
        files = Names(source for source, _, _ in groups)
        raise ConcurrentRecordingError(
            msg(
                "store.concurrent-writers",
                "other writers changed the same records {attempts} times while {files} was being "
                "recorded; nothing was recorded, try again",
                attempts=MAX_ATTEMPTS,
                files=files,
            )
        )

    def _save_options(self, batch: Batch) -> dict[str, Any]:
        """The register rows made with the save, from the events the batch knows of the
        streams it writes (reading only the others in the save's transaction); and the
        persisted views kept in it, if they are current (see `governance.views`)."""
        if self.upkeep.upgraded() is None:
            return {}
        options: dict[str, Any] = {
            REGISTERS: functools.partial(self.upkeep.rows_knowing, batch.known)
        }
        if self.views is not None:
            options[VIEWS] = functools.partial(self.views.keep, batch.known, batch.pending)
        return options

    def _decide_group(
        self, batch: Batch, source: str, commands: Sequence[Command], locate: Locate
    ) -> tuple[tuple[DocumentOutcome, ...], list[StoredFact]]:
        declared = frozenset(c.body_id for c in commands if isinstance(c, RegisterBody))
        recorded_at = self.clock()
        outcomes: list[DocumentOutcome] = []
        facts: list[StoredFact] = []
        for index, given in enumerate(commands):
            problem = unstorable(given)
            if problem is not None:
                raise locate(index, problem)
            command = normalised(given)  # the same names, however spelled, are one content
            batch.load_streams(ids.stream_name(k, n) for k, n in streams_to_load(command))
            if isinstance(command, CorrectMinutes):
                batch.load_streams(self.log.streams_recorded_by(subject(command)))
            if isinstance(command, RecordMinutes):
                self._load_referred(batch, command)
            if isinstance(command, RegisterBody):
                load_parents(batch, command)
            context = Context(
                digest=content_digest(command),
                today=recorded_at.date(),
                declared_bodies=declared,
            )
            try:
                decision = self._decide(batch, command, context)
                notices = decision.notices
                if isinstance(command, RecordMinutes) and decision.events:
                    notices += tuple(self.notices(command, batch))
            except GovernanceError as error:
                raise locate(index, error) from None
            facts.extend(batch.wrap(decision.events, recorded_at))
            outcomes.append(
                DocumentOutcome(
                    number=index + 1,
                    kind=kind(command),
                    subject=subject(command),
                    events=decision.events,
                    notices=notices,
                )
            )
        return tuple(outcomes), facts

    def _load_referred(self, batch: Batch, command: RecordMinutes) -> None:
        """For minutes recorded for the first time, load the items that minutes in the
        record refer to in them: from the references the registers keep, or else found
        in the body's record (see `awaited_items`)."""
        meeting_id = ids.meeting_id(command.body_id, command.meeting.date)
        if batch.state.meeting(meeting_id).held is not None:
            return
        awaiting = self.upkeep.read_current(lambda t: t.streams_awaiting(meeting_id))
        if awaiting is not None:
            streams = [
                events[0].stream_name
                for events in self.log.stream_events(awaiting).values()
                if events
            ]
            batch.load_streams(sorted(streams))
            return
        events = self.bodies.of(command.body_id).events
        awaited = awaited_items(command.body_id, command.meeting.date, events)
        batch.load_streams(ids.stream_name("item", item) for item in sorted(awaited))

    def _decide(self, batch: Batch, command: Command, context: Context) -> Decision:
        """Decide; a reference into recorded minutes that names nothing they have is
        decided again with those minutes loaded, so that the error says what they have."""
        asked: set[str] = set()
        while True:
            try:
                return decide(command, batch.state, context)
            except UnknownReferenceError as error:
                if error.meeting_id in asked:
                    raise
                asked.add(error.meeting_id)
                batch.load_streams(self.log.streams_recorded_by(error.meeting_id))

    def notices_for(self, command: RecordMinutes, batch: Batch) -> list[Notice]:
        """The warnings for minutes about to be recorded (see `minutes_notices`): folded
        from the streams the registers name for the body on the meeting's day, with what
        this recording has decided so far; or else from the body's record."""
        body, day = command.body_id, command.meeting.date
        due = (
            None
            if batch.corrects_a_meeting  # the meetings' rows may not say what the batch makes them
            else self.upkeep.read_current(lambda t: t.streams_due_at(body, day))
        )
        if due is not None:
            states, meetings = due
            streams = self.log.stream_events(states).values()
            pending = batch.pending_touching(states, body, day)
            meetings = batch.meetings_with_pending(meetings, body)
            return notices_of_streams(streams, meetings, pending, command)
        pending = batch.pending_of_body(body)
        record = self.bodies.of(body)
        view = None if pending else record.view_as_of(day)
        if view is None:  # minutes recorded late, or a file with more of the body's minutes
            return minutes_notices([*record.events, *pending], command)
        return notices_from_view(view, command)
