"""governance: an event-sourced record of what governing bodies do.

Record meetings, decisions, tabled items, assignments and mandate reports; ask what
is open, owed and overdue on any date, and as the record stood at any earlier moment.

>>> from governance import Governance
>>> record = Governance("memory:")
>>> record.status().tabled_items
()
"""

from governance.application import (
    ConcurrentRecordingError,
    DocumentOutcome,
    Governance,
    NoRecordError,
    RecordOutcome,
    StoreUnavailableError,
)
from governance.domain.commands import (
    AssignmentReport,
    ComingMeeting,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Waiver,
)
from governance.domain.errors import GovernanceError, RuleViolationError
from governance.domain.values import (
    NEXT_MEETING,
    Alias,
    Attendee,
    Due,
    Goal,
    Member,
    Obligation,
    Task,
)
from governance.draft import Draft, DraftError, Source, Unsure, draft_mandate, draft_minutes
from governance.i18n import set_language
from governance.minutes import MinutesError, parse_file, parse_text
from governance.projections import History, Status, history_to_json, status_to_json
from governance.store import CorruptRecordError

__all__ = [
    "NEXT_MEETING",
    "Alias",
    "AssignmentReport",
    "Attendee",
    "ComingMeeting",
    "ConcurrentRecordingError",
    "CorruptRecordError",
    "DocumentOutcome",
    "Draft",
    "DraftError",
    "Due",
    "Goal",
    "Governance",
    "GovernanceError",
    "History",
    "IssueMandate",
    "ItemEntry",
    "MandateReport",
    "MeetingDetails",
    "Member",
    "MinutesError",
    "NewAssignment",
    "NoRecordError",
    "Obligation",
    "RecordMinutes",
    "RecordOutcome",
    "RegisterBody",
    "RuleViolationError",
    "Source",
    "Status",
    "StoreUnavailableError",
    "Tabling",
    "Task",
    "Unsure",
    "Waiver",
    "draft_mandate",
    "draft_minutes",
    "history_to_json",
    "parse_file",
    "parse_text",
    "set_language",
    "status_to_json",
]
