"""Every text the published documents show, in one place, as messages to translate.

Each is a :class:`~governance.domain.messages.Message` without values: ``say`` fills in
its named fields and writes it in a language, from the gettext catalogs of
``governance.i18n`` (docs/embedding.md says how to update them). Dates given as dates
are written the language's way (``17 Nov 2023``, ``17 nov. 2023``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from governance.domain.messages import Language, Message, Names, Param, msg
from governance.i18n import LANGUAGES
from governance.i18n import language as _language


def language_of(code: str | None) -> Language:
    """The language ``code`` (``en``, ``sv``), or the current one (``--lang``,
    ``GOVERNANCE_LANG``, the locale). Raises ValueError for one without a catalog."""
    if code is not None and code not in LANGUAGES:
        raise ValueError(f"no catalog for language {code!r}; expected one of {LANGUAGES}")
    return _language(code)


def say(text: Message, language: Language, /, **values: Param) -> str:
    """``text`` with ``values`` in its fields, written in ``language``."""
    return Message(text.code, text.english, tuple(values.items())).render(language)


def names(people: Sequence[str], language: Language) -> str:
    """``Karin Berg and Per Lind`` / ``Karin Berg och Per Lind``."""
    return language.names(Names(tuple(people)))


def due(on: date | None, language: Language) -> str:
    """When something is due: ``at the next meeting`` or ``on 8 Dec 2023``."""
    return say(NEXT_MEETING, language) if on is None else say(DUE_ON, language, on=on)


# --- shared ------------------------------------------------------------------------------
NEXT_MEETING = msg("publish.due.next-meeting", "at the next meeting")
DUE_ON = msg("publish.due.on", "on {on}")
#: The statuses of tabled items and assignments, as a person reads them.
STATUS_WORDS = {
    "open": msg("publish.status.open", "open"),
    "overdue": msg("publish.status.overdue", "overdue"),
    "done": msg("publish.status.done", "done"),
    "cancelled": msg("publish.status.cancelled", "cancelled"),
}
#: The statuses of an obligation's periods (in Swedish an obligation is *en* skyldighet,
#: an item or assignment *ett* ärende or uppdrag: the words differ).
OBLIGATION_STATUS_WORDS = {
    "due": msg("publish.obligation-status.due", "due"),
    "upcoming": msg("publish.obligation-status.upcoming", "upcoming"),
    "overdue": msg("publish.obligation-status.overdue", "overdue"),
    "fulfilled": msg("publish.obligation-status.fulfilled", "fulfilled"),
    "waived": msg("publish.obligation-status.waived", "waived"),
}
#: The kinds of obligation a mandate sets.
KIND_WORDS = {
    "minimum_meetings": msg("publish.kind.minimum-meetings", "minimum of meetings"),
    "submit_minutes": msg("publish.kind.submit-minutes", "minutes submitted"),
    "report": msg("publish.kind.report", "report"),
    "review": msg("publish.kind.review", "yearly review"),
}


def status_word(status: str, language: Language) -> str:
    """A tabled item's or assignment's status as a person reads it."""
    word = STATUS_WORDS.get(status)
    return status if word is None else say(word, language)


def obligation_status(status: str, language: Language) -> str:
    """An obligation period's status as a person reads it."""
    word = OBLIGATION_STATUS_WORDS.get(status)
    return status if word is None else say(word, language)


def kind_word(kind: str, language: Language) -> str:
    word = KIND_WORDS.get(kind)
    return kind if word is None else say(word, language)


# --- agenda ---------------------------------------------------------------------------
AGENDA_TITLE = msg("publish.agenda.title", "Agenda: {body}, {date}")
AGENDA_MEETING = msg("publish.agenda.meeting", "Meeting {meeting}")
AGENDA_PLACE = msg("publish.agenda.place", "Place: {place}")
AGENDA_TIME = msg("publish.agenda.time", "Time: {time}")
AGENDA_DRAFTED = msg(
    "publish.agenda.drafted",
    "Drafted from the record as it stood on {as_of} (log position {position}).",
)
ATTENDANCE = msg("publish.agenda.attendance", "Attendance")
PREVIOUS_MINUTES = msg("publish.agenda.previous-minutes", "Previous minutes")
PREVIOUS_MINUTES_OF = msg("publish.agenda.previous-minutes-of", "Previous minutes ({meeting})")
TABLED_ITEM = msg(
    "publish.agenda.tabled-item",
    "{id}: first tabled on {first}, times tabled: {times}; due {due}",
)
TABLED_OVERDUE = msg("publish.agenda.tabled-overdue", "overdue: not taken up when it was due")
ASSIGNMENTS_TO_REPORT = msg("publish.agenda.assignments", "Reports on assignments")
ASSIGNMENT_LINE = msg(
    "publish.agenda.assignment", "{id}: {to}: {task} (given on {given_on}, due {due})"
)
OBLIGATIONS_TO_ISSUER = msg("publish.agenda.obligations", "Reporting to {issuer}")
OBLIGATION_LINE = msg(
    "publish.agenda.obligation", "{mandate} · {obligation} ({kind}, {period}): {progress}"
)
MEETINGS_SO_FAR = msg(
    "publish.agenda.meetings-so-far", "{count} of {required} meetings held so far"
)
DUE_BY = msg("publish.agenda.due-by", "due by {due_on}")
REFERRED_ITEM = msg("publish.agenda.referred", "{id}: referred by {by} on {on}")
OTHER_MATTERS = msg("publish.agenda.other-matters", "Other matters")
CLOSING = msg("publish.agenda.closing", "Closing")
SKELETON_HEADER = msg(
    "publish.agenda.skeleton",
    "Minutes of {body} on {date}, drafted from its agenda. Fill in the attendees, the "
    "notes and the decisions; set each assignment report's status (done, progress or "
    "cancelled); then: governance record FILE",
)
SKELETON_REPORTS = msg(
    "publish.agenda.skeleton-reports", "Reports to {issuer} made at this meeting, for example:"
)
AGENDA_WRITTEN = msg("publish.agenda.written", "Wrote the agenda of {meeting} to {path}")

# --- calendar -------------------------------------------------------------------------
MEETING_SUMMARY = msg("publish.ical.meeting", "{body}: meeting")
MEETING_HELD = msg("publish.ical.meeting-held", "Held; minutes recorded ({meeting}).")
MEETING_ANNOUNCED = msg("publish.ical.meeting-announced", "Announced on {on}.")
MEETING_TIME_AS_WRITTEN = msg(
    "publish.ical.meeting-time", "Time as written in the minutes: {time}"
)
ASSIGNMENT_DESCRIPTION = msg(
    "publish.ical.assignment", "Assignment {id} of item {item}, given on {given_on}."
)
DUE_AT_NEXT_MEETING = msg(
    "publish.ical.due-at-next-meeting", "Due at the next meeting of {body}, on {on}."
)
DUE_AT_UNANNOUNCED_MEETING = msg(
    "publish.ical.due-at-unannounced-meeting",
    "Due at the next meeting of {body}, which is not announced yet: no due date until it is.",
)
OBLIGATION_DESCRIPTION = msg(
    "publish.ical.obligation",
    "Obligation {obligation} ({kind}) of mandate {mandate} to {issuer}.",
)

# --- spreadsheets: column headers -----------------------------------------------------
COLUMN_HEADERS = {
    "id": msg("publish.column.id", "id"),
    "body": msg("publish.column.body", "body"),
    "title": msg("publish.column.title", "title"),
    "tabled_on": msg("publish.column.tabled-on", "tabled on"),
    "times_tabled": msg("publish.column.times-tabled", "times tabled"),
    "due": msg("publish.column.due", "due at"),
    "status": msg("publish.column.status", "status"),
    "item": msg("publish.column.item", "item"),
    "to": msg("publish.column.to", "to"),
    "task": msg("publish.column.task", "task"),
    "given_on": msg("publish.column.given-on", "given on"),
    "mandate": msg("publish.column.mandate", "mandate"),
    "obligation": msg("publish.column.obligation", "obligation"),
    "kind": msg("publish.column.kind", "kind"),
    "period": msg("publish.column.period", "period"),
    "required": msg("publish.column.required", "required"),
    "count": msg("publish.column.count", "count"),
    "due_on": msg("publish.column.due-on", "due on"),
    "fulfilled_on": msg("publish.column.fulfilled-on", "fulfilled on"),
    "fulfilled_by": msg("publish.column.fulfilled-by", "fulfilled by"),
    "late": msg("publish.column.late", "late"),
    "issued_by": msg("publish.column.issued-by", "issued by"),
    "issued_to": msg("publish.column.issued-to", "issued to"),
    "valid_from": msg("publish.column.valid-from", "valid from"),
    "valid_to": msg("publish.column.valid-to", "valid to"),
    "ended_on": msg("publish.column.ended-on", "ended on"),
    "date": msg("publish.column.date", "date"),
    "place": msg("publish.column.place", "place"),
    "time": msg("publish.column.time", "time"),
    "mode": msg("publish.column.mode", "mode"),
    "attendees": msg("publish.column.attendees", "attendees"),
    "announced_on": msg("publish.column.announced-on", "announced on"),
    "approved_on": msg("publish.column.approved-on", "minutes approved on"),
    "submitted_on": msg("publish.column.submitted-on", "minutes submitted on"),
    "meeting": msg("publish.column.meeting", "meeting"),
    "decided_on": msg("publish.column.decided-on", "decided on"),
    "text": msg("publish.column.text", "decision"),
}
REPORT_WRITTEN = msg("publish.report.written", "Wrote the report to {path}")
FILE_WRITTEN = msg("publish.export.written", "Wrote {path}")

# --- the report for the chiefs ----------------------------------------------------------
REPORT_TITLE = msg("publish.report.title", "Governance report")
REPORT_SUBTITLE = msg(
    "publish.report.subtitle",
    "As of {as_of}: meetings, minutes, reports and what is open, per body.",
)
REPORT_CONTENTS = msg("publish.report.contents", "Bodies")
COMPLIANCE_CAPTION = msg("publish.report.compliance", "{body}: obligations per year")
COL_YEAR = msg("publish.report.year", "Year")
COL_MEETINGS_HELD = msg("publish.report.meetings-held", "Meetings held")
COL_MEETINGS_MINIMUM = msg("publish.report.meetings-minimum", "Minimum")
COL_MINUTES_ON_TIME = msg("publish.report.minutes-on-time", "Minutes submitted on time")
COL_MINUTES_DUE = msg("publish.report.minutes-due", "Minutes due")
COL_REPORTS_DELIVERED = msg("publish.report.reports-delivered", "Reports delivered")
COL_REPORTS_DUE = msg("publish.report.reports-due", "Reports owed")
COL_REVIEW = msg("publish.report.review", "Yearly review")
CHART_MEETINGS_TITLE = msg("publish.chart.meetings", "Meetings held per year against the minimum")
CHART_MEETINGS_DESC = msg("publish.chart.meetings-description", "Bar chart. {points}.")
CHART_MEETINGS_POINT = msg(
    "publish.chart.meetings-point", "{year}: {held} held, minimum {minimum}"
)
CHART_MEETINGS_HELD = msg("publish.chart.held", "held")
CHART_MEETINGS_MINIMUM = msg("publish.chart.minimum", "minimum")
CHART_OPEN_TITLE = msg(
    "publish.chart.open", "Open and overdue tabled items and assignments, month by month"
)
CHART_OPEN_DESC = msg(
    "publish.chart.open-description",
    "Line chart of the counts at the end of each month from {first} to {last}. "
    "On {last}: {tabled_open} tabled items open and {tabled_overdue} overdue; "
    "{assignments_open} assignments open and {assignments_overdue} overdue.",
)
PANEL_TABLED = msg("publish.chart.tabled", "Tabled items")
PANEL_ASSIGNMENTS = msg("publish.chart.assignments", "Assignments")
SERIES_OPEN = msg("publish.chart.series-open", "open")
SERIES_OVERDUE = msg("publish.chart.series-overdue", "overdue")
CHART_AGE_TITLE = msg("publish.chart.age", "Age of what is open, in days")
CHART_AGE_DESC = msg(
    "publish.chart.age-description", "Horizontal bar chart, oldest first. {points}."
)
CHART_AGE_POINT = msg("publish.chart.age-point", "{id}: {days} days ({status})")
CHART_AGE_NOTHING = msg("publish.chart.age-nothing", "Nothing is open.")
AXIS_YEAR = msg("publish.axis.year", "year")
AXIS_MONTH = msg("publish.axis.month", "month")
AXIS_COUNT = msg("publish.axis.count", "count")
AXIS_DAYS = msg("publish.axis.days", "days open")
FORGOTTEN_HEADING = msg("publish.report.forgotten", "Forgotten tabled items")
OVERDUE_ASSIGNMENTS_HEADING = msg("publish.report.overdue-assignments", "Overdue assignments")
NONE_FORGOTTEN = msg("publish.report.none-forgotten", "No tabled item is overdue.")
NONE_OVERDUE = msg("publish.report.none-overdue", "No assignment is overdue.")
TIMELINE_CAPTION = msg("publish.report.timeline", "Timeline of {id}")
COL_DATE = msg("publish.report.date", "Date")
COL_EVENT = msg("publish.report.event", "What happened")
TABLED_SUMMARY = msg(
    "publish.report.tabled",
    "{id}: {title}. Tabled on {tabled_on} (times tabled: {times}); due {due}.",
)
ASSIGNMENT_SUMMARY_LINE = msg(
    "publish.report.assignment", "{id}: {to}: {task}. Given on {given_on}; due {due}."
)
FOOT_PROVENANCE = msg(
    "publish.report.provenance",
    "Made from the record at log position {position} ({size} events); Merkle root "
    "{root}. An auditor can check it with: governance audit verify.",
)
