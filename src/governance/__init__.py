"""governance: an event-sourced record of what governing bodies do.

Record meetings, decisions, tabled items, assignments and mandate reports; ask what
is open, owed and overdue on any date, and as the record stood at any earlier moment.

>>> from governance import Governance
>>> record = Governance("memory:")
>>> record.status().tabled_items
()
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Installs where messages take their language from (set_language, GOVERNANCE_LANG, locale).
from governance import i18n as _i18n  # noqa: F401

if TYPE_CHECKING:
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

#: Where each public name lives: imported on first use, so that ``import governance``
#: (and the command line's ``--help``) does not load the store, eventsourcing or drafting.
_MODULES = {
    "NEXT_MEETING": "governance.domain.values",
    "Alias": "governance.domain.values",
    "AssignmentReport": "governance.domain.commands",
    "Attendee": "governance.domain.values",
    "ComingMeeting": "governance.domain.commands",
    "ConcurrentRecordingError": "governance.application",
    "CorruptRecordError": "governance.store",
    "DocumentOutcome": "governance.application",
    "Draft": "governance.draft",
    "DraftError": "governance.draft",
    "Due": "governance.domain.values",
    "Goal": "governance.domain.values",
    "Governance": "governance.application",
    "GovernanceError": "governance.domain.errors",
    "History": "governance.projections",
    "IssueMandate": "governance.domain.commands",
    "ItemEntry": "governance.domain.commands",
    "MandateReport": "governance.domain.commands",
    "MeetingDetails": "governance.domain.commands",
    "Member": "governance.domain.values",
    "MinutesError": "governance.minutes",
    "NewAssignment": "governance.domain.commands",
    "NoRecordError": "governance.application",
    "Obligation": "governance.domain.values",
    "RecordMinutes": "governance.domain.commands",
    "RecordOutcome": "governance.application",
    "RegisterBody": "governance.domain.commands",
    "RuleViolationError": "governance.domain.errors",
    "Source": "governance.draft",
    "Status": "governance.projections",
    "StoreUnavailableError": "governance.application",
    "Tabling": "governance.domain.commands",
    "Task": "governance.domain.values",
    "Unsure": "governance.draft",
    "Waiver": "governance.domain.commands",
    "draft_mandate": "governance.draft",
    "draft_minutes": "governance.draft",
    "history_to_json": "governance.projections",
    "parse_file": "governance.minutes",
    "parse_text": "governance.minutes",
    "set_language": "governance.i18n",
    "status_to_json": "governance.projections",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'governance' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
