"""Queries: the status from the register tables, the persisted views or a fold of the
log; the history, and one body's decisions, items and meetings, from the streams the
register tables name, or the log; and the bodies, and every body's decisions, items and
meetings, folded from the log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from uuid import UUID

from eventsourcing.application import Application

from governance._collector import collector_paused
from governance._reading import LogReader
from governance.domain.events import BodyEvent, Event
from governance.domain.ids import StreamKind
from governance.projections import (
    History,
    Status,
    StatusView,
    current_of_stream,
    history,
    item_register,
    meeting_register,
)
from governance.projections import bodies as bodies_model
from governance.projections import decisions as decisions_model
from governance.projections.bodies import BodyInfo
from governance.projections.decisions import DecisionRow
from governance.projections.history import UnknownSubjectError, unknown_subject
from governance.projections.item_register import ItemRow
from governance.projections.meeting_register import MeetingRow
from governance.projections.status import evolve as evolve_status
from governance.projections.status import only_overdue, status_of
from governance.recording import RegisterUpkeep
from governance.registers import meetings_of_rows, status_of_streams, view_of_streams
from governance.store import StreamStates
from governance.views import views_status


def dated_up_to(events: Iterable[Event], as_of: date | None) -> Iterator[Event]:
    """The events dated on or before ``as_of``, and body registrations (reference data,
    which apply to every date)."""
    if as_of is None:
        yield from events
        return
    for event in events:
        if event.occurred_on <= as_of or isinstance(event, BodyEvent):
            yield event


def require_body(body: str | None, events: Iterable[Event]) -> None:
    """Raise `UnknownBodyError` unless ``body`` (if given) is registered in ``events``."""
    if body is not None:
        known = bodies_model.fold(e for e in events if isinstance(e, BodyEvent))
        bodies_model.require_body(known, body)


class Queries:
    """The answers of one application's record."""

    def __init__(
        self,
        app: Application[UUID],
        log: LogReader,
        upkeep: RegisterUpkeep,
    ) -> None:
        self.app = app
        self.log = log
        self.upkeep = upkeep

    def events_as_of(self, as_of: date | None, known_at: int | None) -> list[Event]:
        return list(dated_up_to(self.log.iter_current(known_at), as_of))

    def _events_of_body(
        self, body: str | None, kind: StreamKind, as_of: date | None, known_at: int | None
    ) -> list[Event]:
        """The events a read model of ``body`` folds (its ``kind`` of things: ``item``,
        ``meeting``), dated up to ``as_of``, once `require_body` holds: where ``body``
        and no ``known_at`` is given and the register tables are current, the events of
        the streams they say concern the body, and of the body's own, as the whole
        log's fold reads them (every read model keeps one record per entity, all of
        whose events are in its stream); else the whole log's."""
        if body is not None and known_at is None:
            found = self.upkeep.read_current(lambda tables: tables.streams_of_body(body, kind))
            if found is not None:
                with collector_paused():  # as in `status_from_registers`
                    events = self._current(found)
                    self._require_body_among(events, body)
                    return list(dated_up_to(events, as_of))
        events = self.events_as_of(as_of, known_at)
        require_body(body, events)
        return events

    def _require_body_among(self, events: Iterable[Event], body: str) -> None:
        """Raise `UnknownBodyError` unless ``events`` (read through the register tables)
        hold ``body``'s registration and the tables' bodies do either: an unknown body
        is said with every body there is, not only those ``events`` hold."""
        if not any(isinstance(e, BodyEvent) and e.body_id == body for e in events):
            tables = self.upkeep.tables
            assert tables is not None  # ``events`` were read through them
            require_body(body, self._current(tables.body_streams()))

    def _current(self, states: StreamStates) -> list[Event]:
        """The events of stored streams that corrections leave (see `current_of_stream`)."""
        streams = self.log.stream_events(states).values()
        return [event for events in streams for event in current_of_stream(events)]

    def status(
        self,
        day: date,
        *,
        body: str | None,
        include_all: bool,
        overdue_only: bool,
        known_at: int | None,
    ) -> Status:
        if known_at is None:
            from_registers = self.status_from_registers(day, body, include_all, overdue_only)
            if from_registers is not None:
                return from_registers
        if body is not None:
            require_body(body, self.log.iter_current(known_at))
        shown = views_status(self.app, day, body, include_all) if known_at is None else None
        if shown is None:
            view = StatusView()
            with collector_paused():
                for event in dated_up_to(self.log.iter_current(known_at), day):
                    evolve_status(view, event)
            shown = status_of(view, as_of=day, body=body, include_all=include_all)
        return only_overdue(shown) if overdue_only else shown

    def status_from_registers(
        self, day: date, body: str | None, include_all: bool, overdue_only: bool = False
    ) -> Status | None:
        """The status as of ``day`` from the register tables; None where the store keeps
        none or they cannot be made current, or another writer's rows left them behind
        between catching up and reading (the caller then folds the log). With
        ``overdue_only``, the tables' query names only the items with something overdue
        (and the mandates), and of what their streams give only what is overdue is kept."""
        # The collector paused, as for a rebuild: the thousands of events and rows read
        # and made hold no cycles, and its passes over them took a sixth of the time.
        with collector_paused():
            found = self.upkeep.read_current(
                lambda tables: tables.streams_as_of(
                    day, body=body, include_all=include_all, overdue_only=overdue_only
                )
            )
            if found is None or not found[0]:
                return None
            _, states, meeting_rows = found
            # Each read is let go of once what it is made into is made: the meeting
            # rows, and each stream's stored rows (the peak memory of a status).
            meetings = meetings_of_rows(meeting_rows, as_of=day)
            del meeting_rows
            streams = self.log.take_stream_events(states)
            if body is not None:
                self._require_body_among(chain.from_iterable(streams), body)
            shown = status_of_streams(
                streams, meetings=meetings, as_of=day, body=body, include_all=include_all
            )
            return only_overdue(shown) if overdue_only else shown

    def keeps_registers(self) -> bool:
        """Whether the store has register tables at all (``memory:`` and a store
        opened with eventsourcing's own recorder have none)."""
        return self.upkeep.tables is not None

    def view_from_registers(self, day: date, *, after: int) -> tuple[int, bool, StatusView] | None:
        """The read models of the whole record as of ``day`` (no event of the log
        dated later but body registrations) from the register tables, once they are
        current: the log position they hold the events up to, whether every position
        after ``after`` up to it was in the log they were read with, and the view folded
        from the streams they name (see `RegisterTables.streams_of_views`). None where
        the store keeps none or they cannot be made current, or another writer's rows
        left them behind between catching up and reading."""
        with collector_paused():  # as in `status_from_registers`
            found = self.upkeep.read_current(
                lambda tables: tables.streams_of_views(day, after=after)
            )
            if found is None:
                return None
            position, whole, states = found
            streams = self.log.take_stream_events(states)
            return position, whole, view_of_streams(streams, as_of=day)

    def history(self, subject_id: str, known_at: int | None) -> History:
        """The timeline of ``subject_id``: from the streams the register tables say hold
        its entries; from the whole log as known at ``known_at`` if given, or where the
        store keeps no tables or they cannot be made current."""
        if known_at is None:
            found = self.upkeep.read_current(lambda tables: tables.streams_of_subject(subject_id))
            if found is not None:
                try:
                    return history(self.log.stream_entries(found), subject_id)
                except UnknownSubjectError:  # said with every id there is
                    tables = self.upkeep.tables
                    assert tables is not None
                    raise unknown_subject(subject_id, tables.known_subjects()) from None
        return history(list(self.log.iter_log(known_at)), subject_id)

    def bodies(self, known_at: int | None) -> tuple[BodyInfo, ...]:
        view = bodies_model.fold(
            e for e in self.log.iter_current(known_at) if isinstance(e, BodyEvent)
        )
        return tuple(view.bodies[body_id] for body_id in sorted(view.bodies))

    def decisions(
        self,
        *,
        body: str | None,
        since: date | None,
        search: str | None,
        as_of: date | None,
        known_at: int | None,
    ) -> tuple[DecisionRow, ...]:
        """The decisions register: from the table ``governance_decisions`` once the
        register tables are current and no ``known_at`` is given (a decision's number
        and title as of a date it is dated up to are those the table holds, see
        `stream_decisions`); else folded from the streams or the log (`_events_of_body`)."""
        if known_at is None:
            found = self.upkeep.read_current(
                lambda tables: tables.decisions(body=body, since=since, as_of=as_of)
            )
            if found is not None:
                own, rows = found
                if body is not None:
                    self._require_body_among(self._current(own), body)
                return tuple(decisions_model.chosen(rows, search=search))
        view = decisions_model.fold(self._events_of_body(body, "item", as_of, known_at))
        return tuple(decisions_model.decision_rows(view, body=body, since=since, search=search))

    def items(
        self, *, body: str | None, as_of: date | None, known_at: int | None
    ) -> tuple[ItemRow, ...]:
        view = item_register.fold(self._events_of_body(body, "item", as_of, known_at))
        return tuple(item_register.item_rows(view, body=body))

    def meetings(
        self, *, body: str | None, as_of: date | None, known_at: int | None
    ) -> tuple[MeetingRow, ...]:
        view = meeting_register.fold(self._events_of_body(body, "meeting", as_of, known_at))
        return tuple(meeting_register.meeting_rows(view, body=body))
