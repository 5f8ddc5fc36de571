"""Tables for people and plain lines for programs, from the same rows.

A table on a terminal never cuts or wraps an id (other columns wrap) and shows dates the
language's way; an empty section is one line. ``tsv`` and ``csv`` are one line a row with
ISO dates, for a spreadsheet or ``cut``; a header line names the columns, and when there
are several sections, the first column names the section.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import attrs

from governance.cli._common import Format, out
from governance.i18n import language

if TYPE_CHECKING:  # rich is imported for a table only: TSV, CSV and JSON never load it
    from rich.segment import Segments
    from rich.table import Table
    from rich.text import Text


def chosen_format(given: Format | None, as_json: bool) -> Format:
    """``--format``, else ``--json``, else a table on a terminal and TSV elsewhere."""
    if given is not None:
        return given
    if as_json:
        return Format.json
    return Format.table if sys.stdout.isatty() else Format.tsv


@attrs.frozen
class Word:
    """A status word: ``key`` as the record has it, ``text`` as a person reads it."""

    key: str
    text: str


@attrs.frozen
class Moment:
    """A time of recording, shown in local time to the second."""

    at: datetime


Cell = str | int | date | Word | Moment

#: The least a text column is narrowed to, words broken, when nothing else gives.
NARROWEST = 4
#: The blank after each cell (a column's width includes it).
PADDING = 1
#: A text column is kept at least this wide, or as wide as its longest word, so that
#: words are not broken when the width allows.
WORD_WIDTH = 14

_STYLE = {"overdue": "bold red", "due": "yellow", "fulfilled": "green", "done": "green"}


@attrs.frozen
class Column:
    """A column: ``header`` as a person reads it; an ``id`` column is never cut or wrapped,
    a ``text`` column wraps, the others (dates, numbers, words) stay on one line."""

    header: str
    kind: str = "short"
    #: A text column's share of the width left to the text columns.
    share: int = 1


@attrs.frozen
class Section:
    """One table: its title, its columns, its rows, and the line shown when it has none."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str

    def with_rows(self, rows: Iterable[tuple[Cell, ...]]) -> Section:
        return attrs.evolve(self, rows=tuple(rows))


def _shown(cell: Cell) -> str | Text:
    match cell:
        case Word():
            from rich.text import Text

            return Text(cell.text, style=_STYLE.get(cell.key, ""))
        case Moment():
            local = cell.at.astimezone()
            return f"{language().date(local.date())} {local:%H:%M:%S}"
        case datetime():
            return cell.isoformat()
        case date():
            return language().date(cell)
        case int():
            return str(cell)
        case _:
            return cell


def _plain(cell: Cell) -> str:
    match cell:
        case Word():
            return cell.text
        case Moment():
            return cell.at.astimezone().isoformat(timespec="seconds")
        case date() | datetime():
            return cell.isoformat()
        case _:
            return str(cell)


def _text_widths(section: Section, room: int) -> dict[int, int]:
    """The width of each text column when the table would be wider than ``room``: what
    the other columns leave, shared by the columns' shares, none narrower than its
    longest word (up to `WORD_WIDTH`); empty when everything fits unwrapped."""
    widest = {
        index: max([len(column.header), *(len(_seen(row[index])) for row in section.rows)])
        + PADDING
        for index, column in enumerate(section.columns)
    }
    room -= len(section.columns) - 1  # the blank rich puts between columns
    if sum(widest.values()) <= room:
        return {}
    text = [i for i, column in enumerate(section.columns) if column.kind == "text"]
    left = room - sum(width for i, width in widest.items() if i not in text)
    shares = sum(section.columns[i].share for i in text)
    least = {
        i: min(
            widest[i],
            max((len(word) for row in section.rows for word in _seen(row[i]).split()), default=1)
            + PADDING,
            WORD_WIDTH + PADDING,
        )
        for i in text
    }
    widths = {
        i: min(widest[i], max(least[i], left * section.columns[i].share // max(shares, 1)))
        for i in text
    }
    # a column held at its least took more than its share: the others give it back
    excess = sum(widths.values()) - left
    for i in sorted(text, key=lambda i: widths[i] - least[i], reverse=True):
        give = min(max(excess, 0), widths[i] - least[i])
        widths[i] -= give
        excess -= give
    # still too wide: words are broken rather than an id, a date or a status cut
    while excess > 0 and any(widths[i] > NARROWEST for i in text):
        widest_text = max(text, key=lambda i: widths[i])
        widths[widest_text] -= 1
        excess -= 1
    return widths


def _rich_table(section: Section) -> Table:
    """The section as a table: ids, dates, numbers and words on one line each; the text
    columns wrapped to share what the others leave of the screen."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"{section.title} ({len(section.rows)})", style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, PADDING, 0, 0),
        pad_edge=False,
        show_edge=False,
    )
    text_widths = _text_widths(section, out.options.max_width)
    for index, column in enumerate(section.columns):
        if column.kind == "text":
            width = text_widths.get(index)  # rich adds the padding to a column's width
            table.add_column(
                column.header, overflow="fold", width=None if width is None else width - PADDING
            )
        else:
            table.add_column(column.header, no_wrap=True)
    for row in section.rows:
        table.add_row(*(_text(cell) for cell in row))
    return table


def _seen(cell: Cell) -> str:
    """The cell's text as the table shows it."""
    return str(_shown(cell))


def _text(cell: Cell) -> Text:
    from rich.text import Text

    shown = _shown(cell)
    return shown if isinstance(shown, Text) else Text(shown)


def print_tables(sections: Sequence[Section], *, heading: str | None = None) -> None:
    """The sections as tables on ``out``; an empty section as its one line."""
    from rich.text import Text

    if heading:
        out.print(Text(heading, style="bold"))
    for section in sections:
        if section.rows:
            out.print(_without_trailing_blanks(_rich_table(section)))
        else:
            out.print(Text(f"{section.title}: {section.empty}"))


def _without_trailing_blanks(table: Table) -> Segments:
    """The table as the console renders it, less the blanks that pad each line's end."""
    from rich.segment import Segment, Segments

    segments: list[Segment] = []
    for line in out.render_lines(table, out.options, pad=False, new_lines=False):
        while line and not line[-1].text.strip() and not line[-1].control:
            line.pop()
        if line:
            last = line[-1]
            line[-1] = Segment(last.text.rstrip(), last.style, last.control)
        segments.extend([*line, Segment.line()])
    return Segments(segments)


def write_lines(sections: Sequence[Section], form: Format) -> None:
    """The sections as TSV or CSV lines on stdout: a header line, then a line a row."""
    buffer = io.StringIO()
    several = len(sections) > 1
    if form is Format.csv:
        writer = csv.writer(buffer, lineterminator="\n")
        for section in sections:
            if section.rows:
                lead = [section.title] if several else []
                writer.writerow([*lead, *(c.header for c in section.columns)])
                writer.writerows([*lead, *map(_plain, row)] for row in section.rows)
    else:
        for section in sections:
            if section.rows:
                lead = [section.title] if several else []
                buffer.write("\t".join([*lead, *(c.header for c in section.columns)]) + "\n")
                for row in section.rows:
                    cells = [*lead, *(_one_line(_plain(cell)) for cell in row)]
                    buffer.write("\t".join(cells) + "\n")
    sys.stdout.write(buffer.getvalue())


def _one_line(text: str) -> str:
    """A TSV cell: tabs and line breaks would start another cell or row."""
    return " ".join(text.split())
