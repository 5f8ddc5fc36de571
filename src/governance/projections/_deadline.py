"""When something owed (an item tabled, an assignment given) is overdue: the one
definition, which `tabled_items` and `assignments` give for each thing they hold, their
statuses read, and the register rows store (`governance.registers`) for the store's SQL
to read the same way (`governance.store._registers._OVERDUE`).
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
        if self.meeting_after is None:
            return False
        # The body's later meetings in date order: the first that counts decides.
        for held_on in meetings_model.held_between(meetings, body, self.meeting_after, as_of):
            if ids.meeting_id(body, held_on) not in attended:
                return self.meeting_before is None or held_on < self.meeting_before
        return False


#: Owed nothing: never overdue.
NEVER = Deadline()
