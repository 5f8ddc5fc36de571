"""The recorded events of bodies, for the warnings of their next minutes in a store
without the register tables (``memory:``, another eventsourcing module)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from governance._reading import LogReader
from governance.domain.events import BodyEvent, EntryCorrected, Event, origin_meeting
from governance.projections import StatusView, without_retracted
from governance.projections.status import evolve as evolve_status
from governance.store import canonical_json


class BodyRecord:
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


def body_of(event: Event) -> str | None:
    """The body whose record an event is part of: its ``body_id``, or the body of the
    meeting whose minutes recorded it (a correction: of the corrected meeting)."""
    body = getattr(event, "body_id", None)
    if isinstance(body, str):
        return body
    meeting = event.meeting_id if isinstance(event, EntryCorrected) else origin_meeting(event)
    return None if meeting is None else meeting.partition("/")[0]


def _mentions(state: bytes, needles: list[bytes] | None) -> bool:
    """Whether a stored state may hold an event of the bodies of ``needles``."""
    return needles is None or any(needle in state for needle in needles)


class BodyRecords:
    """The events of the bodies asked for, in log order, kept and brought up to date
    from the end of the log."""

    def __init__(self, log: LogReader) -> None:
        self.log = log
        #: The records of the bodies asked for; all current up to ``at``.
        self.bodies: dict[str, BodyRecord] = {}
        self.at = 0

    def of(self, body: str) -> BodyRecord:
        """The events of ``body`` in the log, brought up to date.

        A body asked for the first time costs one pass over the log, which decodes only
        the rows that mention the body.
        """
        last = self.at
        known = self._needles(self.bodies)
        for page in self.log.notification_pages(after=last):
            for notification in page:
                if not _mentions(notification.state, known):
                    continue
                event = self.log.fact(notification).event
                record = self.bodies.get(body_of(event) or "")
                if record is not None:
                    record.add(event)
            last = page[-1].id
        if body not in self.bodies:
            record = self.bodies[body] = BodyRecord()
            needles = self._needles((body,))
            for page in self.log.notification_pages(stop=last):
                for notification in page:
                    if _mentions(notification.state, needles):
                        event = self.log.fact(notification).event
                        if body_of(event) == body:
                            record.add(event)
        self.at = last
        return self.bodies[body]

    def _needles(self, bodies: Iterable[str]) -> list[bytes] | None:
        """Bytes one of which every stored event of ``bodies`` contains (see `body_of`);
        None where the stored bytes are compressed or encrypted."""
        if not self.log.plain:
            return None
        needles = []
        for body in bodies:
            quoted = canonical_json(body)
            needles += [b'"body_id":' + quoted, b'"meeting_id":' + quoted[:-1] + b"/"]
        return needles
