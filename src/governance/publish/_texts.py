"""Every text the published documents show, in one place.

The texts are English msgids; ``tr`` is where they are translated when the command
line's language choice (gettext catalogues) lands. Format fields are named.
"""

from __future__ import annotations


def tr(text: str) -> str:
    """The text in the reader's language (English until the catalogues land)."""
    return text


# --- agenda ---------------------------------------------------------------------------
AGENDA_TITLE = "Agenda: {body}, {date}"
AGENDA_MEETING = "Meeting {meeting}"
AGENDA_PLACE = "Place: {place}"
AGENDA_TIME = "Time: {time}"
AGENDA_DRAFTED = "Drafted from the record as it stood on {as_of} (log position {position})."
ATTENDANCE = "Attendance"
PREVIOUS_MINUTES = "Previous minutes"
PREVIOUS_MINUTES_OF = "Previous minutes ({meeting})"
TABLED_ITEM = "{id}: first tabled on {first}, times tabled: {times}; due {due}"
TABLED_OVERDUE = "overdue: not taken up when it was due"
ASSIGNMENTS_TO_REPORT = "Reports on assignments"
ASSIGNMENT_LINE = "{id}: {to}: {task} (given on {given_on}, due {due})"
OBLIGATIONS_TO_ISSUER = "Reporting to {issuer}"
OBLIGATION_LINE = "{mandate} · {obligation} ({kind}, {period}): {progress}"
MEETINGS_SO_FAR = "{count} of {required} meetings held so far"
DUE_BY = "due by {due_on}"
REFERRED_ITEM = "{id}: referred by {by} on {on}"
OTHER_MATTERS = "Other matters"
CLOSING = "Closing"
NEXT_MEETING = "the next meeting"
STATUS_WORDS = {
    "open": "open",
    "overdue": "overdue",
    "due": "due",
    "upcoming": "upcoming",
    "fulfilled": "fulfilled",
    "waived": "waived",
    "done": "done",
    "cancelled": "cancelled",
}
SKELETON_HEADER = (
    "Minutes of {body} on {date}, drafted from its agenda. Fill in the attendees, the "
    "notes and the decisions; set each assignment report's status (done, progress or "
    "cancelled); then: governance record FILE"
)
SKELETON_REPORTS = "Reports to {issuer} made at this meeting, for example:"
AGENDA_WRITTEN = "Wrote the agenda of {meeting} to {path}"

# --- calendar -------------------------------------------------------------------------
MEETING_SUMMARY = "{body}: meeting"
MEETING_HELD = "Held; minutes recorded ({meeting})."
MEETING_ANNOUNCED = "Announced on {on}."
MEETING_TIME_AS_WRITTEN = "Time as written in the minutes: {time}"
ASSIGNMENT_SUMMARY = "{to}: {task}"
ASSIGNMENT_DESCRIPTION = "Assignment {id} of item {item}, given on {given_on}."
DUE_AT_NEXT_MEETING = "Due at the next meeting of {body}, on {on}."
DUE_AT_UNANNOUNCED_MEETING = (
    "Due at the next meeting of {body}, which is not announced yet: no due date until it is."
)
OBLIGATION_SUMMARY = "{mandate}: {obligation} ({period})"
OBLIGATION_DESCRIPTION = "Obligation {obligation} ({kind}) of mandate {mandate} to {issuer}."

# --- spreadsheets: column headers -----------------------------------------------------
COLUMN_HEADERS = {
    "id": "id",
    "body": "body",
    "title": "title",
    "tabled_on": "tabled on",
    "times_tabled": "times tabled",
    "due": "due at",
    "status": "status",
    "item": "item",
    "to": "to",
    "task": "task",
    "given_on": "given on",
    "mandate": "mandate",
    "obligation": "obligation",
    "kind": "kind",
    "period": "period",
    "required": "required",
    "count": "count",
    "due_on": "due on",
    "fulfilled_on": "fulfilled on",
    "fulfilled_by": "fulfilled by",
    "late": "late",
    "issued_by": "issued by",
    "issued_to": "issued to",
    "valid_from": "valid from",
    "valid_to": "valid to",
    "ended_on": "ended on",
    "date": "date",
    "place": "place",
    "time": "time",
    "mode": "mode",
    "attendees": "attendees",
    "announced_on": "announced on",
    "approved_on": "minutes approved on",
    "submitted_on": "minutes submitted on",
    "meeting": "meeting",
    "decided_on": "decided on",
    "text": "decision",
}
EXPORT_WRITTEN = "Wrote {what} to {path}"

# --- open data ------------------------------------------------------------------------
EVENT_NAME = "{body}: meeting"

# --- the report for the chiefs ----------------------------------------------------------
REPORT_TITLE = "Governance report"
REPORT_SUBTITLE = "As of {as_of}: meetings, minutes, reports and what is open, per body."
REPORT_CONTENTS = "Bodies"
COMPLIANCE_CAPTION = "{body}: obligations per year"
COL_YEAR = "Year"
COL_MEETINGS_HELD = "Meetings held"
COL_MEETINGS_MINIMUM = "Minimum"
COL_MINUTES_ON_TIME = "Minutes submitted on time"
COL_MINUTES_DUE = "Meetings whose minutes were due"
COL_REPORTS_DELIVERED = "Reports delivered"
COL_REPORTS_DUE = "Reports owed"
COL_REVIEW = "Yearly review"
CHART_MEETINGS_TITLE = "Meetings held per year against the minimum"
CHART_MEETINGS_DESC = "Bar chart. {points}."
CHART_MEETINGS_POINT = "{year}: {held} held, minimum {minimum}"
CHART_MEETINGS_HELD = "held"
CHART_MEETINGS_MINIMUM = "minimum"
CHART_OPEN_TITLE = "Open and overdue tabled items and assignments, month by month"
CHART_OPEN_DESC = (
    "Line chart of the counts at the end of each month from {first} to {last}. "
    "On {last}: {tabled_open} tabled items open and {tabled_overdue} overdue; "
    "{assignments_open} assignments open and {assignments_overdue} overdue."
)
SERIES_TABLED_OPEN = "tabled items, open"
SERIES_TABLED_OVERDUE = "tabled items, overdue"
SERIES_ASSIGNMENTS_OPEN = "assignments, open"
SERIES_ASSIGNMENTS_OVERDUE = "assignments, overdue"
CHART_AGE_TITLE = "Age of what is open, in days"
CHART_AGE_DESC = "Horizontal bar chart, oldest first. {points}."
CHART_AGE_POINT = "{id}: {days} days ({status})"
CHART_AGE_NOTHING = "Nothing is open."
AXIS_YEAR = "year"
AXIS_MONTH = "month"
AXIS_COUNT = "count"
AXIS_DAYS = "days open"
FORGOTTEN_HEADING = "Forgotten tabled items"
OVERDUE_ASSIGNMENTS_HEADING = "Overdue assignments"
NONE_FORGOTTEN = "No tabled item is overdue."
NONE_OVERDUE = "No assignment is overdue."
TIMELINE_CAPTION = "Timeline of {id}"
COL_DATE = "Date"
COL_EVENT = "What happened"
TABLED_SUMMARY = "{id}: {title}. Tabled on {tabled_on} (times tabled: {times}); due {due}."
ASSIGNMENT_SUMMARY_LINE = "{id}: {to}: {task}. Given on {given_on}; due {due}."
FOOT_PROVENANCE = (
    "Made from the record at log position {position} ({size} events); Merkle root "
    "{root}. An auditor can check it with: governance audit verify."
)
