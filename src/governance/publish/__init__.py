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
from governance.publish.calendar import export_ical
from governance.publish.popolo import export_popolo
from governance.publish.report import report_html, written_report
from governance.publish.spreadsheets import (
    REGISTERS,
    Table,
    register_table,
    write_csv,
    write_xlsx,
    written_file,
)

__all__ = [
    "REGISTERS",
    "Agenda",
    "NoMeetingError",
    "Table",
    "agenda_docx",
    "agenda_markdown",
    "agenda_yaml",
    "build_agenda",
    "export_ical",
    "export_popolo",
    "register_table",
    "report_html",
    "write_csv",
    "write_xlsx",
    "written",
    "written_file",
    "written_report",
]
