"""The registers as spreadsheets: one row per entry, documented columns, dates as dates.

``register_table`` gives a register's column keys and rows (cells are text, numbers,
booleans, dates or empty) from the public queries; ``write_csv`` writes them as CSV in
UTF-8 with a byte-order mark (so Excel reads å, ä and ö), ``write_xlsx`` as an Excel
workbook (openpyxl) whose date cells are dates.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal, get_args

import attrs
import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from governance.application import Governance
from governance.domain.values import Due
from governance.publish import _texts as texts
from governance.publish._texts import COLUMN_HEADERS, say

Register = Literal["tabled", "assignments", "obligations", "mandates", "meetings", "decisions"]
REGISTERS: tuple[str, ...] = get_args(Register)
Cell = str | int | bool | date | None

#: Each register's columns: the row attribute (or key) each is read from, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "tabled": ("id", "body", "title", "tabled_on", "times_tabled", "due", "status"),
    "assignments": ("id", "item", "body", "to", "task", "given_on", "due", "status"),
    "obligations": (
        "mandate",
        "obligation",
        "kind",
        "period",
        "status",
        "required",
        "count",
        "due_on",
        "fulfilled_on",
        "fulfilled_by",
        "late",
    ),
    "mandates": ("id", "issued_by", "issued_to", "valid_from", "valid_to", "ended_on", "status"),
    "meetings": (
        "id",
        "body",
        "date",
        "status",
        "place",
        "time",
        "mode",
        "attendees",
        "announced_on",
        "approved_on",
        "submitted_on",
    ),
    "decisions": ("id", "item", "title", "body", "meeting", "decided_on", "text"),
}
#: Attributes named differently on the row than in the column key.
_ATTRIBUTE = {"date": "on"}


@attrs.frozen
class Table:
    """A register's rows; ``columns`` are the keys, ``headers`` the column headers as a
    person reads them (English or Swedish)."""

    register: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _cell(value: Any) -> Cell:
    if isinstance(value, Due):
        return value.on if value.on is not None else str(value)
    if isinstance(value, tuple):
        return "; ".join(str(part) for part in value)
    if value is None or isinstance(value, str | int | bool | date):
        return value
    return str(value)


def _entries(
    record: Governance, register: str, body: str | None, as_of: date | None
) -> Sequence[object]:
    queries: dict[str, Callable[[], Sequence[object]]] = {
        "tabled": lambda: record.status(as_of=as_of, body=body).tabled_items,
        "assignments": lambda: record.status(as_of=as_of, body=body, include_all=True).assignments,
        "obligations": lambda: record.status(as_of=as_of, body=body).obligations,
        "mandates": lambda: record.status(as_of=as_of, body=body).mandates,
        "meetings": lambda: record.meetings(body=body, as_of=as_of),
        "decisions": lambda: record.decisions(body=body, as_of=as_of),
    }
    return queries[register]()


def register_table(
    record: Governance,
    register: str,
    *,
    body: str | None = None,
    as_of: date | None = None,
    language: str | None = None,
) -> Table:
    """A register's rows: tabled items, assignments (done and cancelled too), obligation
    periods, mandates, meetings or decisions; of one ``body``, as of ``as_of``. The
    headers are in ``language`` (``en``, ``sv``; default: the current one); the cells
    are the record's values, the same in every language."""
    if register not in COLUMNS:
        raise ValueError(f"no register '{register}'; expected one of {', '.join(REGISTERS)}")
    lang = texts.language_of(language)
    columns = COLUMNS[register]
    headers = tuple(say(COLUMN_HEADERS[column], lang) for column in columns)
    rows = tuple(
        tuple(_cell(getattr(entry, _ATTRIBUTE.get(column, column))) for column in columns)
        for entry in _entries(record, register, body, as_of)
    )
    return Table(register, columns, headers, rows)


def write_csv(table: Table, stream: IO[str], *, delimiter: str = ",") -> None:
    """The table as CSV: a header row, then one row per entry; dates ISO (YYYY-MM-DD).
    Open the stream with ``encoding="utf-8-sig", newline=""`` for the byte-order mark."""
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if cell is None else _text(cell) for cell in row])


def _text(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def write_xlsx(table: Table, target: str | Path | IO[bytes]) -> None:
    """The table as an Excel workbook: one sheet named after the register, a bold
    header row frozen at the top, date cells as dates (YYYY-MM-DD)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.register
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
                # left, as the texts beside it: a right-aligned date runs into the next cell
                cell.alignment = Alignment(horizontal="left")
    for index, header in enumerate(table.headers, start=1):
        longest = max(
            [
                len(header),
                *(len(_text(r[index - 1])) for r in table.rows if r[index - 1] is not None),
            ]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    sheet.freeze_panes = "A2"
    # Printed: landscape A4, every column on the page's width.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    workbook.save(target)


def written_file(path: str | Path, language: str | None = None) -> str:
    """What the command line says after writing an export to a file."""
    return say(texts.FILE_WRITTEN, texts.language_of(language), path=path)
