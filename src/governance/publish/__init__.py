"""What the chiefs and other systems read: the next meeting's agenda, a report,
calendars and open-data exports, all made from the record's public queries."""

from governance.publish.agenda import (
    Agenda,
    NoMeetingError,
    agenda_docx,
    agenda_markdown,
    agenda_yaml,
    build_agenda,
    written,
)

__all__ = [
    "Agenda",
    "NoMeetingError",
    "agenda_docx",
    "agenda_markdown",
    "agenda_yaml",
    "build_agenda",
    "written",
]
