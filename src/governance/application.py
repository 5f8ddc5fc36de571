"""The governance record as an eventsourcing application.

``Governance`` turns commands (or minutes files) into saved events and answers
queries from the projections. It loads the streams a command touches, asks the pure
domain to decide, and saves every new event of a file in one transaction: a file is
recorded whole or not at all, and recording it again records nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeVar, cast, get_args, get_origin
from uuid import UUID

import attrs
from cattrs import ClassValidationError, IterableValidationError, transform_error
from eventsourcing.application import Application
from eventsourcing.domain import EventSourcingError
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Notification,
    OperationalError,
)
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.utils import Environment, get_topic

from governance._collector import collector_paused
from governance._log import logger
from governance.domain import ids
from governance.domain.commands import (
    Command,
    CorrectMinutes,
    IssueMandate,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.decide import Context, Decision, Notice, decide
from governance.domain.errors import GovernanceError, InvalidValueError, UnknownReferenceError
from governance.domain.events import BodyEvent, EntryCorrected, Event, origin_meeting
from governance.domain.ids import StreamKind
from governance.domain.messages import Names, msg
from governance.domain.names import normalised
from governance.domain.references import awaited_items
from governance.domain.state import RecordState, evolve
from governance.minutes import MinutesFile, parse_file
from governance.projections import (
    History,
    LogEntry,
    Status,
    StatusView,
    current_events,
    history,
    item_register,
    meeting_register,
    minutes_notices,
    without_retracted,
)
from governance.projections import bodies as bodies_model
from governance.projections import decisions as decisions_model
from governance.projections.bodies import BodyInfo
from governance.projections.decisions import DecisionRow
from governance.projections.item_register import ItemRow
from governance.projections.meeting_register import MeetingRow
from governance.projections.notices import notices_from_view
from governance.projections.status import evolve as evolve_status
from governance.projections.status import status_of
from governance.registers import (
    RegisterRow,
    meetings_of_rows,
    notices_of_streams,
    status_of_streams,
    stream_references,
    stream_rows,
)
from governance.store import (
    NULL_COLUMN,
    REGISTERS,
    GovernanceMapper,
    Made,
    RegisterRecorder,
    RegisterTables,
    StateRecorder,
    StoredFact,
    StreamStates,
    canonical_json,
    converter,
    default_store,
    describe_store,
    pass_on_libpq_parameters,
    read_rows,
    record_is_missing,
    redact,
    refuse_streams_the_log_disagrees_with,
    store_problem,
    store_settings,
    stored_fact,
    stream_uuid,
    unreadable,
)
from governance.views import views_status

#: How often a file is decided again when another writer saved to the same streams first.
MAX_ATTEMPTS = 5

#: Notifications read per query when the log is streamed.
PAGE_SIZE = 2_000

_CORRECTION_TOPIC = get_topic(EntryCorrected)


Row = tuple[int, str, bytes]


_Read = TypeVar("_Read")


def _paged(select: Callable[[int], Sequence[Row]], after: int) -> Iterator[Row]:
    """The rows ``select`` gives page by page, each page after the last row of the one
    before (rows begin with their log position)."""
    while rows := select(after):
        yield from rows
        after = rows[-1][0]


def _dated_up_to(events: Iterable[Event], as_of: date | None) -> Iterator[Event]:
    """The events dated on or before ``as_of``, and body registrations (reference data,
    which apply to every date)."""
    if as_of is None:
        yield from events
        return
    for event in events:
        if event.occurred_on <= as_of or isinstance(event, BodyEvent):
            yield event


class ConcurrentRecordingError(GovernanceError):
    """Other writers kept changing the same streams; nothing of this file was recorded."""


class StoreUnavailableError(GovernanceError):
    """The store cannot be opened or reached."""


class NoRecordError(GovernanceError):
    """The store was opened to be read (``create=False``) and holds no record yet."""


@attrs.frozen
class DocumentOutcome:
    """What recording one document did."""

    number: int
    kind: str
    subject: str
    events: tuple[Event, ...]
    notices: tuple[Notice, ...]

    @property
    def is_new(self) -> bool:
        return bool(self.events)


@attrs.frozen
class RecordOutcome:
    """What recording one file (or one batch of commands) did."""

    source: str
    documents: tuple[DocumentOutcome, ...]
    positions: tuple[int, ...] = ()

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(event for document in self.documents for event in document.events)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(notice for document in self.documents for notice in document.notices)

    @property
    def is_new(self) -> bool:
        return bool(self.events)


def content_digest(command: Command) -> str:
    """The digest of a document's content, without the dates that may be added later.

    Minutes may later gain ``approved_on`` and ``submitted_on``, and a mandate its
    ``ended_on``: recording the same document with those added records just them.
    """
    if isinstance(command, CorrectMinutes):
        command = command.minutes
    if isinstance(command, RecordMinutes):
        command = attrs.evolve(command, approved_on=None, submitted_on=None)
    elif isinstance(command, IssueMandate):
        command = attrs.evolve(command, ended_on=None)
    payload = {"kind": type(command).__name__, "content": converter.unstructure(command)}
    return "sha256:" + hashlib.sha256(canonical_json(payload)).hexdigest()


def _subject(command: Command) -> str:
    match command:
        case RegisterBody():
            return command.body_id
        case IssueMandate():
            return command.mandate_id
        case RecordMinutes():
            return ids.meeting_id(command.body_id, command.meeting.date)
        case CorrectMinutes():
            return ids.meeting_id(command.minutes.body_id, command.minutes.meeting.date)


def _kind(command: Command) -> str:
    match command:
        case RegisterBody():
            return "body"
        case IssueMandate():
            return "mandate"
        case RecordMinutes():
            return "minutes"
        case CorrectMinutes():
            return "correction"


def _streams_to_load(command: Command) -> Iterator[tuple[StreamKind, str]]:
    match command:
        case RegisterBody():
            yield "body", command.body_id
            if command.parent:
                yield "body", command.parent
        case IssueMandate():
            yield "mandate", command.mandate_id
            yield "body", command.issued_by
            yield "body", command.issued_to
            for obligation in command.obligations:
                if obligation.to is not None:
                    yield "body", obligation.to
        case RecordMinutes():
            yield "body", command.body_id
            yield "meeting", ids.meeting_id(command.body_id, command.meeting.date)
            for entry in command.items:
                referred: list[str | None] = [entry.continues]
                if entry.continues is None and entry.number is not None:
                    yield "item", ids.item_id(command.body_id, command.meeting.date, entry.number)
                if entry.referred_to is not None:
                    yield "body", entry.referred_to
                referred += [
                    ids.item_of_assignment(r.assignment_id) for r in entry.assignment_reports
                ]
                for item in filter(None, referred):
                    yield "item", item
                    meeting = ids.meeting_of_item(item)  # recorded? (see domain.references)
                    if meeting is not None:
                        yield "meeting", meeting
            mandates = [r.mandate_id for r in command.reports]
            mandates += [w.mandate_id for w in command.waivers]
            for mandate_id in mandates:
                yield "mandate", mandate_id
        case CorrectMinutes():
            yield from _streams_to_load(command.minutes)


class _Batch:
    """The streams one recording has loaded, their versions, and the decision state."""

    def __init__(self, app: Governance) -> None:
        self.app = app
        self.state = RecordState()
        self.versions: dict[str, int] = {}
        self.pending: list[Event] = []

    def load_streams(self, streams: Iterable[str]) -> None:
        """Load the streams not loaded yet, in one query where the store allows."""
        reader = self.app._state_reader
        missing = {stream_uuid(s): s for s in dict.fromkeys(streams) if s not in self.versions}
        refuse_streams_the_log_disagrees_with(self.app.recorder, missing)
        if reader is None or len(missing) < 2:
            for stream in missing.values():
                self.load_stream(stream)
            return
        quick_event = cast(GovernanceMapper, self.app.mapper).quick_event
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
        for fact in self.app.stream(stream):
            self.state = evolve(self.state, fact.event)
            version = fact.originator_version
        self.versions[stream] = version

    def ensure_version(self, stream: str) -> None:
        if stream not in self.versions:
            refuse_streams_the_log_disagrees_with(self.app.recorder, {stream_uuid(stream): stream})
            last = self.app.recorder.select_events(stream_uuid(stream), desc=True, limit=1)
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


def _load_parents(batch: _Batch, command: RegisterBody) -> None:
    """The bodies above a body being registered, to see that it is not among them."""
    parent, seen = command.parent, {command.body_id}
    while parent is not None and parent not in seen:
        seen.add(parent)
        batch.load_streams([ids.stream_name("body", parent)])
        current = batch.state.body(parent).current
        parent = None if current is None else current.parent


class _BodyRecord:
    """One body's recorded events, and the read models of them kept up to date, for the
    warnings of the body's next minutes."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        #: The read models of the events less those retracted, or None until needed
        #: and after a correction.
        self._view: StatusView | None = None
        #: The latest date of an event (body registrations aside).
        self._latest = date.min

    def add(self, event: Event) -> None:
        self.events.append(event)
        if isinstance(event, EntryCorrected):
            self._view = None
        elif self._view is not None:
            evolve_status(self._view, event)
        if not isinstance(event, BodyEvent) and event.occurred_on > self._latest:
            self._latest = event.occurred_on

    def view_as_of(self, day: date) -> StatusView | None:
        """The read models as of ``day``: those of every event, or None if an event is
        dated after ``day``."""
        if day < self._latest:
            return None
        if self._view is None:
            self._view = StatusView()
            for event in without_retracted(self.events):
                evolve_status(self._view, event)
        return self._view


Locate = Callable[[int, GovernanceError], GovernanceError]
Group = tuple[str, Sequence[Command], Locate]


def _unlocated(index: int, error: GovernanceError) -> GovernanceError:
    error.add_note(f"in command {index + 1}")
    return error


def _body_of(event: Event) -> str | None:
    """The body whose record an event is part of: its ``body_id``, or the body of the
    meeting whose minutes recorded it (a correction: of the corrected meeting)."""
    body = getattr(event, "body_id", None)
    if isinstance(body, str):
        return body
    meeting = event.meeting_id if isinstance(event, EntryCorrected) else origin_meeting(event)
    return None if meeting is None else meeting.partition("/")[0]


def _literals(kind: Any) -> tuple[object, ...]:
    if get_origin(kind) is Literal:
        return get_args(kind)
    return tuple(value for arg in get_args(kind) for value in _literals(arg))


def _expected(error: BaseException, kind: Any) -> str:
    """What cattrs could not structure, said for a user."""
    if isinstance(error, KeyError):
        return "a required value is missing"
    choices = _literals(kind)
    if choices:
        return f"expected one of {', '.join(repr(c) for c in choices)}"
    name = getattr(kind, "__name__", None) or str(kind)
    return f"expected {name} ({error})"


_CATTRS_PATH = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _unstorable(command: Command) -> InvalidValueError | None:
    """Why the store could not give a command's values back as they are, if it could not.

    A command built in Python skips the checks a minutes file's parser makes; a value of
    the wrong kind would be stored and then fail to read back, so it is refused here.
    """
    try:
        back = converter.structure(converter.unstructure(command), type(command))
    except Exception as error:  # cattrs says where; anything else, what
        if not isinstance(error, (ClassValidationError, IterableValidationError)):
            return InvalidValueError(
                msg("value.cannot-be-stored", "a value cannot be stored: {error}", error=error)
            )
        message, _, where = transform_error(error, format_exception=_expected)[0].rpartition(
            " @ $"
        )
        path = [int(n) if n else name for name, n in _CATTRS_PATH.findall(where)]
        return InvalidValueError(
            msg("value.cannot-be-stored", "a value cannot be stored: {error}", error=message),
            path=path,
        )
    if back != command:
        return InvalidValueError(
            msg(
                "value.not-stored-as-given",
                "a value would not be stored as given ({name}): check the types of its fields",
                name=type(command).__name__,
            )
        )
    return None


def _mentions(state: bytes, needles: list[bytes] | None) -> bool:
    """Whether a stored state may hold an event of the bodies of ``needles``."""
    return needles is None or any(needle in state for needle in needles)


def _as_correction(command: Command, reason: str) -> Command:
    if isinstance(command, RecordMinutes):
        return CorrectMinutes(minutes=command, reason=reason)
    return command


def _group(minutes: MinutesFile) -> Group:
    def locate(index: int, error: GovernanceError) -> GovernanceError:
        return minutes.documents[index].locate(error)

    return minutes.source, [document.command for document in minutes.documents], locate


class Governance(Application[UUID]):
    """The record of what governing bodies do, in one store.

    >>> from governance import Governance
    >>> record = Governance("memory:")

    ``store`` is a store URL (``memory:``, an SQLite path, ``postgresql://…``); without
    one, ``GOVERNANCE_STORE`` or ``governance.db`` in the current folder. ``env`` gives
    eventsourcing settings directly (for example another ``PERSISTENCE_MODULE``).
    ``clock`` gives the time of recording (transaction time); it defaults to UTC now.
    With ``create=False`` a store that holds no record yet is not created: opening it
    raises `NoRecordError` (for reading, where an empty record would answer wrongly).
    """

    name = "governance"

    def __init__(
        self,
        store: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] | None = None,
        create: bool = True,
    ) -> None:
        explicit = dict(env or {})
        self.store_url = store or ("" if "PERSISTENCE_MODULE" in explicit else default_store())
        settings = store_settings(self.store_url) if self.store_url else {}
        settings.update(explicit)
        self._clock = clock or (lambda: datetime.now(UTC))
        #: The recorded events of the bodies whose minutes were recorded here, for the
        #: warnings of a store without the registers; all current up to ``_bodies_at``.
        self._bodies: dict[str, _BodyRecord] = {}
        self._bodies_at = 0
        where = redact(self.store_url) or settings.get("PERSISTENCE_MODULE", "")
        problem = store_problem(self.name, settings)
        if problem is not None:
            raise StoreUnavailableError(
                msg(
                    "store.cannot-open",
                    "cannot open the store {where}: {problem}",
                    where=where,
                    problem=problem,
                )
            )
        if not create and record_is_missing(self.name, settings):
            raise NoRecordError(
                msg(
                    "store.no-record",
                    "no record at {where}",
                    where=describe_store(self.store_url) if self.store_url else where,
                )
            )
        try:
            super().__init__(env=settings)
        except (EventSourcingError, OSError) as error:
            raise StoreUnavailableError(
                msg(
                    "store.cannot-open",
                    "cannot open the store {where}: {problem}",
                    where=where,
                    problem=error,
                )
            ) from error
        recorder = self.recorder
        self._state_reader = recorder if isinstance(recorder, StateRecorder) else None
        self._registers = recorder.registers if isinstance(recorder, RegisterRecorder) else None
        #: Whether the register tables were found to have this version's columns.
        self._registers_checked = False

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(env)
        pass_on_libpq_parameters(factory, env)
        return factory

    def construct_mapper(self) -> Mapper[UUID]:
        return GovernanceMapper(
            transcoder=JSONTranscoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )

    # --- recording --------------------------------------------------------------------

    def record(self, *commands: Command, source: str = "<api>") -> RecordOutcome:
        """Record commands in one transaction: all of them, or (on an error) none."""
        return self._record_groups([(source, commands, _unlocated)])[0]

    def record_file(
        self, path: str | os.PathLike[str], *, correct: str | None = None
    ) -> RecordOutcome:
        """Parse a minutes file and record its documents in one transaction.

        Raises ``MinutesError`` naming the file, document, path and line for bad input
        and for rule violations; nothing of the file is recorded then. With ``correct``
        (the reason), minutes already recorded are corrected to what the file says.
        """
        return self.record_minutes(parse_file(path), correct=correct)[0]

    def record_minutes(
        self, *files: MinutesFile, correct: str | None = None
    ) -> list[RecordOutcome]:
        """Record parsed minutes files, in order, all in one transaction.

        With ``correct``, every minutes document is a correction (`CorrectMinutes`) of
        minutes already recorded, for that reason; bodies and mandates are recorded as
        usual.
        """
        groups = [_group(minutes) for minutes in files]
        if correct is not None:
            groups = [
                (source, [_as_correction(c, correct) for c in commands], locate)
                for source, commands, locate in groups
            ]
        return self._record_groups(groups)

    def _record_groups(self, groups: Sequence[Group]) -> list[RecordOutcome]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            batch = _Batch(self)
            decided = [self._decide_group(batch, *group) for group in groups]
            facts = [fact for _, group_facts in decided for fact in group_facts]
            if not facts:
                return [
                    RecordOutcome(source, outcomes)
                    for (source, _, _), (outcomes, _) in zip(groups, decided, strict=True)
                ]
            try:
                recordings = self.save(*facts, **self._save_options(facts))
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

    def _save_options(self, facts: Sequence[StoredFact]) -> dict[str, Any]:
        if self._upgraded_registers() is None:
            return {}
        return {REGISTERS: self._register_rows}

    def _stream_events(self, states: StreamStates) -> dict[UUID, list[Event]]:
        """The domain events of stored rows, by stream, in stream order."""
        return {
            originator_id: [
                self._stored_event(originator_id, version, position, topic, state)
                for version, position, topic, state in rows
            ]
            for originator_id, rows in states.items()
        }

    def _stored_event(
        self, originator_id: UUID, version: int, position: int, topic: str, state: bytes
    ) -> Event:
        """The domain event of a stored row; a damaged row is named by its position."""
        if topic is None or state is None:
            raise unreadable(position, NULL_COLUMN)
        event = cast(GovernanceMapper, self.mapper).quick_event(topic, state)
        if event is None:  # the full reading says what it holds, or what is wrong
            notification = Notification(
                id=position,
                originator_id=originator_id,
                originator_version=version,
                topic=topic,
                state=state,
            )
            event = self._fact(notification).event
        return event

    def _register_rows(self, states: StreamStates) -> Made:
        """The register rows of streams from their stored rows, and the meetings each
        refers into (see `governance.registers`)."""
        names: list[str] = []
        rows: list[RegisterRow] = []
        references: list[tuple[str, str]] = []
        for events in self._stream_events(states).values():
            if events:
                name = events[0].stream_name
                names.append(name)
                rows.extend(stream_rows(name, events))
                references.extend((meeting, name) for meeting in stream_references(events))
        return names, rows, references

    def _upgraded_registers(self) -> RegisterTables | None:
        """The register tables, made again first (once) if an earlier version made them
        with other columns; None where the store has none or they cannot be written."""
        tables = self._registers
        if tables is None or self._registers_checked:
            return tables
        try:
            if tables.upgrade():
                logger.info("governance.registers_upgraded")
        except OperationalError as error:  # a read-only file, for one
            logger.debug("governance.registers_not_made", error=str(error))
            return None
        self._registers_checked = True
        return tables

    def _current_registers(self) -> bool:
        """Whether the register tables are current, after catching up with rows saved
        by other means; False where the store has none or they cannot be written."""
        tables = self._upgraded_registers()
        if tables is None:
            return False
        made_to, last = tables.lag()
        if made_to >= last:
            return True
        if made_to == 0:
            logger.info("governance.making_registers", events=last)
        try:
            tables.catch_up(self._register_rows)
        except OperationalError as error:  # a read-only file, for one
            logger.debug("governance.registers_not_made", error=str(error))
            return False
        return True

    def rebuild_registers(self) -> int:
        """Make the register tables again from the log, in one transaction (readers see
        the old rows until it commits); the number of log positions they cover. A store
        without tables (``memory:``) raises `StoreUnavailableError`."""
        tables = self._upgraded_registers()
        if tables is None:
            raise StoreUnavailableError(
                msg(
                    "store.no-registers",
                    "the store {where} keeps no register tables (only SQLite and PostgreSQL do)",
                    where=redact(self.store_url) or "memory:",
                )
            )
        covered = tables.rebuild(self._register_rows)
        logger.info("governance.registers_rebuilt", events=covered)
        return covered

    def _status_from_registers(
        self, day: date, body: str | None, include_all: bool
    ) -> Status | None:
        tables = self._registers
        if tables is None or not self._current_registers():
            return None
        current, states, meeting_rows = tables.streams_as_of(
            day, body=body, include_all=include_all
        )
        if not current:
            return None
        streams = list(self._stream_events(states).values())
        if body is not None and not any(
            isinstance(e, BodyEvent) and e.body_id == body for events in streams for e in events
        ):  # an unknown body: said with the bodies there are
            every = self._stream_events(tables.body_streams()).values()
            bodies_model.require_body(bodies_model.fold(e for es in every for e in es), body)
        meetings = meetings_of_rows(meeting_rows, as_of=day)
        return status_of_streams(
            streams, meetings=meetings, as_of=day, body=body, include_all=include_all
        )

    def _decide_group(
        self, batch: _Batch, source: str, commands: Sequence[Command], locate: Locate
    ) -> tuple[tuple[DocumentOutcome, ...], list[StoredFact]]:
        declared = frozenset(c.body_id for c in commands if isinstance(c, RegisterBody))
        recorded_at = self._clock()
        outcomes: list[DocumentOutcome] = []
        facts: list[StoredFact] = []
        for index, given in enumerate(commands):
            problem = _unstorable(given)
            if problem is not None:
                raise locate(index, problem)
            command = normalised(given)  # the same names, however spelled, are one content
            batch.load_streams(ids.stream_name(k, n) for k, n in _streams_to_load(command))
            if isinstance(command, CorrectMinutes):
                batch.load_streams(self._streams_recorded_by(_subject(command)))
            if isinstance(command, RecordMinutes):
                self._load_referred(batch, command)
            if isinstance(command, RegisterBody):
                _load_parents(batch, command)
            context = Context(
                digest=content_digest(command),
                today=recorded_at.date(),
                declared_bodies=declared,
            )
            try:
                decision = self._decide(batch, command, context)
                notices = decision.notices
                if isinstance(command, RecordMinutes) and decision.events:
                    notices += tuple(self._notices_for(command, batch))
            except GovernanceError as error:
                raise locate(index, error) from None
            facts.extend(batch.wrap(decision.events, recorded_at))
            outcomes.append(
                DocumentOutcome(
                    number=index + 1,
                    kind=_kind(command),
                    subject=_subject(command),
                    events=decision.events,
                    notices=notices,
                )
            )
        return tuple(outcomes), facts

    def _load_referred(self, batch: _Batch, command: RecordMinutes) -> None:
        """For minutes recorded for the first time, load the items that minutes in the
        record refer to in them: from the references the registers keep, or else found
        in the body's record (see `awaited_items`)."""
        meeting_id = ids.meeting_id(command.body_id, command.meeting.date)
        if batch.state.meeting(meeting_id).held is not None:
            return
        awaiting = self._registers_current(lambda t: t.streams_awaiting(meeting_id))
        if awaiting is not None:
            streams = [
                events[0].stream_name
                for events in self._stream_events(awaiting).values()
                if events
            ]
            batch.load_streams(sorted(streams))
            return
        events = self._body_record(command.body_id).events
        awaited = awaited_items(command.body_id, command.meeting.date, events)
        batch.load_streams(ids.stream_name("item", item) for item in sorted(awaited))

    def _decide(self, batch: _Batch, command: Command, context: Context) -> Decision:
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
                batch.load_streams(self._streams_recorded_by(error.meeting_id))

    def _notices_for(self, command: RecordMinutes, batch: _Batch) -> list[Notice]:
        """The warnings for minutes about to be recorded (see `minutes_notices`): folded
        from the streams the registers name for the body on the meeting's day, with what
        this recording has decided so far; or else from the body's record."""
        body, day = command.body_id, command.meeting.date
        pending = [event for event in batch.pending if _body_of(event) == body]
        corrects_a_meeting = any(
            isinstance(e, EntryCorrected) and e.stream.startswith("meeting:")
            for e in batch.pending
        )
        due = (
            None
            if corrects_a_meeting  # the meetings' rows may not say what the batch makes them
            else self._registers_current(lambda t: t.streams_due_at(body, day))
        )
        if due is not None:
            states, meetings = due
            streams = self._stream_events(states).values()
            return notices_of_streams(streams, meetings, batch.pending, command)
        record = self._body_record(body)
        view = None if pending else record.view_as_of(day)
        if view is None:  # minutes recorded late, or a file with more of the body's minutes
            return minutes_notices([*record.events, *pending], command)
        return notices_from_view(view, command)

    def _registers_current(self, read: Callable[[RegisterTables], _Read | None]) -> _Read | None:
        """``read(tables)`` once the register tables are current; None where the store
        keeps none (``memory:``) or they cannot be made current."""
        tables = self._registers
        if tables is None or not self._current_registers():
            return None
        return read(tables)

    def _body_record(self, body: str) -> _BodyRecord:
        """The events of ``body`` in the log, in log order, brought up to date, for a
        store without the registers (``memory:``, another eventsourcing module).

        The bodies asked for are kept and brought up to date from the end of the log;
        a body asked for the first time costs one pass over the log, which decodes only
        the rows that mention the body.
        """
        last = self._bodies_at
        known = self._needles(self._bodies)
        for page in self.notification_pages(after=last):
            for notification in page:
                if not _mentions(notification.state, known):
                    continue
                event = self._fact(notification).event
                record = self._bodies.get(_body_of(event) or "")
                if record is not None:
                    record.add(event)
            last = page[-1].id
        if body not in self._bodies:
            record = self._bodies[body] = _BodyRecord()
            needles = self._needles((body,))
            for page in self.notification_pages(stop=last):
                for notification in page:
                    if _mentions(notification.state, needles):
                        event = self._fact(notification).event
                        if _body_of(event) == body:
                            record.add(event)
        self._bodies_at = last
        return self._bodies[body]

    def _needles(self, bodies: Iterable[str]) -> list[bytes] | None:
        """Bytes one of which every stored event of ``bodies`` contains (see `_body_of`);
        None where the stored bytes are compressed or encrypted."""
        if self.mapper.compressor or self.mapper.cipher:
            return None
        needles = []
        for body in bodies:
            quoted = canonical_json(body)
            needles += [b'"body_id":' + quoted, b'"meeting_id":' + quoted[:-1] + b"/"]
        return needles

    def _streams_recorded_by(self, meeting_id: str) -> list[str]:
        """The streams a meeting's minutes wrote to (a correction must load them all).

        Found in the log itself, not through the registers: what a correction records
        depends only on what the audit log covers. The log is read from the first event
        of the meeting's stream on (the minutes' first recording wrote their
        ``MeetingHeld`` there before any other event of theirs), and only the rows that
        mention the meeting are decoded.
        """
        quoted = canonical_json(meeting_id)
        plain = not (self.mapper.compressor or self.mapper.cipher)
        streams: dict[str, None] = {}
        reader = self._state_reader
        rows: Iterable[tuple[int, str, bytes]]
        if reader is None:
            rows = ((n.id, n.topic, n.state) for page in self.notification_pages() for n in page)
        else:
            first = reader.first_position(stream_uuid(ids.stream_name("meeting", meeting_id)))
            after = 0 if first is None else first - 1
            if plain:  # the database finds the rows that mention the meeting
                rows = self._states_containing(reader, after=after, needle=quoted)
            else:
                rows = self._states(reader, after=after)
        for position, topic, state in rows:
            if plain and quoted not in state:
                continue
            event = self._event_at(position, topic, state)
            if origin_meeting(event) == meeting_id:
                streams[event.stream_name] = None
        return list(streams)

    def _states_containing(
        self, reader: StateRecorder, *, after: int, needle: bytes
    ) -> Iterator[tuple[int, str, bytes]]:
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

    def _states(
        self, reader: StateRecorder, *, after: int = 0, stop: int | None = None
    ) -> Iterator[tuple[int, str, bytes]]:
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

    # --- reading ----------------------------------------------------------------------

    def stream(self, stream: str) -> Iterator[StoredFact]:
        """The stored facts of one named stream (``item:im/2023-11-17/7a``), in order."""
        yield from self.events.get(stream_uuid(stream))  # type: ignore[misc]

    def notification_pages(
        self,
        *,
        after: int = 0,
        stop: int | None = None,
        topics: Sequence[str] = (),
        size: int | None = None,
    ) -> Iterator[Sequence[Notification]]:
        """The stored notifications after position ``after`` up to ``stop`` (of
        ``topics``), ``size`` (default `PAGE_SIZE`) at a time: memory stays flat in the
        length of the log."""
        while stop is None or after < stop:
            page = self._select_notifications(
                after=after, limit=size or PAGE_SIZE, stop=stop, topics=topics
            )
            if not page:
                return
            yield page
            after = page[-1].id

    def _select_notifications(
        self, *, after: int, limit: int, stop: int | None = None, topics: Sequence[str] = ()
    ) -> Sequence[Notification]:
        """At most ``limit`` stored notifications after position ``after`` (up to
        ``stop``, of ``topics``); a damaged row raises `CorruptRecordError` naming it."""
        return read_rows(
            self.recorder,
            lambda: self.recorder.select_notifications(
                start=after, limit=limit, stop=stop, topics=topics, inclusive_of_start=False
            ),
            after=after,
            stop=stop,
        )

    def _fact(self, notification: Notification) -> StoredFact:
        return stored_fact(self.mapper, notification)

    def _events(self, *, after: int = 0, stop: int | None) -> Iterator[tuple[int, Event]]:
        """The position and the domain event of every row up to ``stop``: what a rebuild
        reads, read from the rows' topics and states alone where the store allows."""
        recorder = self._state_reader
        if recorder is None:
            for page in self.notification_pages(after=after, stop=stop):
                for notification in page:
                    yield notification.id, self._fact(notification).event
            return
        for position, topic, state in self._states(recorder, after=after, stop=stop):
            yield position, self._event_at(position, topic, state)

    def _event_at(self, position: int, topic: str, state: bytes) -> Event:
        """The domain event of a row, from its topic and state alone where it can be."""
        if topic is None or state is None:
            raise unreadable(position, NULL_COLUMN)
        event = cast(GovernanceMapper, self.mapper).quick_event(topic, state)
        if event is None:  # the full reading says what it holds, or what is wrong
            (notification,) = self._select_notifications(after=position - 1, limit=1)
            event = self._fact(notification).event
        return event

    def iter_log(self, known_at: int | None = None) -> Iterator[LogEntry]:
        """Every recorded event in log order (transaction time), up to ``known_at``,
        read from the store a page at a time as it is iterated."""
        for page in self.notification_pages(stop=known_at):
            for notification in page:
                fact = self._fact(notification)
                yield LogEntry(notification.id, fact.recorded_at, fact.event)

    def read_log(self, known_at: int | None = None) -> list[LogEntry]:
        """Every recorded event in log order (transaction time), up to ``known_at``."""
        return list(self.iter_log(known_at))

    def iter_current(self, known_at: int | None = None) -> Iterator[Event]:
        """The events of the record as it stood at ``known_at``, less those that
        corrections retracted and less the corrections themselves.

        See `governance.projections.current_events`: in log order, except that the few
        events a correction could have retracted come last.
        """
        corrections = [
            (notification.id, self._fact(notification).event)
            for page in self.notification_pages(stop=known_at, topics=(_CORRECTION_TOPIC,))
            for notification in page
        ]
        yield from current_events(self._events(stop=known_at), corrections)

    def events_as_of(
        self, as_of: date | None = None, *, known_at: int | None = None
    ) -> list[Event]:
        """The events that describe the state on ``as_of`` as the record stood at ``known_at``.

        Events retracted by corrections known at ``known_at`` are left out. Body
        registrations are reference data: they apply to every date. The order is log
        order, except that events a correction could have retracted come last.
        """
        return list(_dated_up_to(self.iter_current(known_at), as_of))

    def position_at(self, moment: datetime) -> int:
        """The last log position recorded at or before ``moment`` (0 if none was)."""
        position = 0
        for entry in self.iter_log():
            if entry.recorded_at > moment:
                break
            position = entry.position
        return position

    def status(
        self,
        *,
        as_of: date | None = None,
        body: str | None = None,
        include_all: bool = False,
        known_at: int | None = None,
    ) -> Status:
        """Open and overdue tabled items, assignments and obligations, and the mandates.

        ``as_of`` is valid time (default: today by the clock); ``known_at`` a log
        position: the record as it stood then.
        """
        day = as_of or self._clock().date()
        if known_at is None:
            from_registers = self._status_from_registers(day, body, include_all)
            if from_registers is not None:
                return from_registers
        if body is not None:
            self._require_body(body, self.iter_current(known_at))
        if known_at is None:
            persisted = views_status(self, day, body, include_all)
            if persisted is not None:
                return persisted
        view = StatusView()
        with collector_paused():
            for event in _dated_up_to(self.iter_current(known_at), day):
                evolve_status(view, event)
        return status_of(view, as_of=day, body=body, include_all=include_all)

    def history(self, subject_id: str, *, known_at: int | None = None) -> History:
        """The dated timeline of an item, assignment, mandate, meeting or body."""
        return history(self.read_log(known_at), subject_id)

    @property
    def keeps_nothing(self) -> bool:
        """Whether the store is in memory (``memory:``): nothing recorded in it is kept
        once the process ends."""
        return isinstance(self.recorder, POPOApplicationRecorder)

    def log_position(self) -> int:
        """The position of the last recorded event (0 for an empty record)."""
        return self.recorder.max_notification_id() or 0

    # --- registers --------------------------------------------------------------------

    def bodies(self, *, known_at: int | None = None) -> tuple[BodyInfo, ...]:
        """The registered bodies as last described, sorted by id."""
        view = bodies_model.fold(
            e for e in self.iter_current(known_at) if isinstance(e, BodyEvent)
        )
        return tuple(view.bodies[body_id] for body_id in sorted(view.bodies))

    def decisions(
        self,
        *,
        body: str | None = None,
        since: date | None = None,
        search: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[DecisionRow, ...]:
        """Every decision, with its item and meeting, by date: of one ``body``, decided
        on or after ``since``, with ``search`` in its text or its item's title; dated up
        to ``as_of`` (default: all) as the record stood at ``known_at``."""
        events = self.events_as_of(as_of, known_at=known_at)
        self._require_body(body, events)
        view = decisions_model.fold(events)
        return tuple(decisions_model.decision_rows(view, body=body, since=since, search=search))

    def items(
        self,
        *,
        body: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[ItemRow, ...]:
        """Every item with its latest step (open, decided, tabled, referred, closed), the
        body that holds it now (``body`` keeps those), when it was first tabled and how
        often; dated up to ``as_of`` (default: all) as known at ``known_at``."""
        events = self.events_as_of(as_of, known_at=known_at)
        self._require_body(body, events)
        view = item_register.fold(events)
        return tuple(item_register.item_rows(view, body=body))

    def meetings(
        self,
        *,
        body: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
    ) -> tuple[MeetingRow, ...]:
        """Held meetings and meetings announced but not held, by date, with place and
        time when known; dated up to ``as_of`` (default: all) as known at ``known_at``."""
        events = self.events_as_of(as_of, known_at=known_at)
        self._require_body(body, events)
        view = meeting_register.fold(events)
        return tuple(meeting_register.meeting_rows(view, body=body))

    @staticmethod
    def _require_body(body: str | None, events: Iterable[Event]) -> None:
        if body is not None:
            known = bodies_model.fold(e for e in events if isinstance(e, BodyEvent))
            bodies_model.require_body(known, body)
