"""Read models: pure folds of events into registers, as of any date.

Each module is one read model: a view, ``evolve(view, event) -> view`` (the view is
updated in place and returned, so a fold over many events stays linear), ``fold(events)``
which folds in valid-time order, and functions that read rows out of the view. Nothing
here reads a clock, a file or a database, or logs. Callers pass the events they know
(filtered by transaction time) dated up to the as-of date; body registrations apply to
every date.
"""

from governance.projections._order import (
    current_events,
    current_of_stream,
    in_valid_time_order,
    without_retracted,
)
from governance.projections.assignments import AssignmentRow
from governance.projections.bodies import BodyInfo
from governance.projections.decisions import DecisionRow, decision_to_json
from governance.projections.history import (
    History,
    HistoryEntry,
    LogEntry,
    UnknownSubjectError,
    history,
    history_to_json,
)
from governance.projections.item_register import ItemRow
from governance.projections.mandates import MandateRow
from governance.projections.meeting_register import MeetingRow, meeting_to_json
from governance.projections.notices import minutes_notices
from governance.projections.obligations import ObligationRow
from governance.projections.status import Status, StatusView, compute_status, status_to_json
from governance.projections.tabled_items import TabledItemRow

__all__ = [
    "AssignmentRow",
    "BodyInfo",
    "DecisionRow",
    "History",
    "HistoryEntry",
    "ItemRow",
    "LogEntry",
    "MandateRow",
    "MeetingRow",
    "ObligationRow",
    "Status",
    "StatusView",
    "TabledItemRow",
    "UnknownSubjectError",
    "compute_status",
    "current_events",
    "current_of_stream",
    "decision_to_json",
    "history",
    "history_to_json",
    "in_valid_time_order",
    "meeting_to_json",
    "minutes_notices",
    "status_to_json",
    "without_retracted",
]
