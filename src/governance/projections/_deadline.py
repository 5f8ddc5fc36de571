"""When something owed (an item tabled, an assignment given) is overdue: the one
definition, which `tabled_items` and `assignments` give for each thing they hold, their
statuses read, and the register rows store (`governance.registers`) for the store's SQL
to read the same way (`governance.store._registers._OVERDUE`). The persisted views
(`governance.views`) store the meeting an item tabled missed as `Deadline.deciding_meeting`
gives it.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date

import attrs

from governance.domain import ids
from governance.projections import meetings as meetings_model
from governance.projections.meetings import MeetingsView


@attrs.frozen
class Deadline:
    """Overdue on the days after ``due_on``, or once the body has held a meeting after
    ``meeting_after`` and before ``meeting_before`` (no bound when None: an assignment's
    first report, made before that meeting, keeps it open); never when neither is set."""

    due_on: date | None = None
    meeting_after: date | None = None
    meeting_before: date | None = None

    def passed(
        self, as_of: date, meetings: MeetingsView, body: str, attended: Container[str] = ()
    ) -> bool:
        """Whether it is overdue on ``as_of`` for ``body``, whose held meetings
        ``meetings`` knows; a meeting in ``attended`` (by id: an item's own, where it was
        taken up) does not count. The store's SQL reads the columns as this does, except
        for ``attended``, which the rows do not hold: of the rows it selects, the fold says
        which are overdue."""
        if self.due_on is not None and as_of > self.due_on:
            return True
        held_on = self.deciding_meeting(meetings, body, attended, until=as_of)
        return held_on is not None and (
            self.meeting_before is None or held_on < self.meeting_before
        )

    def deciding_meeting(
        self,
        meetings: MeetingsView,
        body: str,
        attended: Container[str] = (),
        *,
        until: date | None = None,
    ) -> date | None:
        """The meeting that decides whether it is overdue: the first ``body`` held after
        ``meeting_after`` (and on or before ``until``; None: no bound) that is not in
        ``attended``; it is overdue from then on unless ``meeting_before`` is that day or
        earlier. None when it is not due at a meeting, or no such meeting is held."""
        if self.meeting_after is None:
            return None
        # The body's later meetings in date order, read lazily up to the first that counts.
        for held_on in meetings_model.held_between(meetings, body, self.meeting_after, until):
            if ids.meeting_id(body, held_on) not in attended:
                return held_on
        return None


#: Owed nothing: never overdue.
NEVER = Deadline()
