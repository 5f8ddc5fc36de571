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
NOTHING = "nothing"
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
