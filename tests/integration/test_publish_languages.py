"""The published documents in English and Swedish: the same information in both, every
text in the reader's language, dates written the language's way."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import icalendar
import openpyxl
import pytest

from governance import Governance, RecordMinutes, parse_text
from governance.publish import (
    agenda_docx,
    agenda_markdown,
    agenda_yaml,
    build_agenda,
    export_ical,
    register_table,
    report_html,
    write_csv,
    write_xlsx,
)
from governance.publish.agenda import outline
from tests import scenario
from tests.integration.test_agenda import DEC_8

#: Ids, log positions and other figures: what must be the same in every language.
FIGURES = re.compile(r"[\w-]+(?:/[\w-]+)+|\b\d+\b")


def _figures(text: str) -> list[str]:
    """The ids and figures of ``text``, dates taken out (they are written differently)."""
    return FIGURES.findall(re.sub(r"\d{1,2} \w+\.? \d{4}", "DATE", text))


def test_the_agenda_says_the_same_in_swedish(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    agenda = build_agenda(record, "im")

    english, swedish = agenda_markdown(agenda, "en"), agenda_markdown(agenda, "sv")

    assert english.startswith("# Agenda: IM-nätverket, 26 Jan 2024\n")
    assert swedish.startswith("# Dagordning: IM-nätverket, 26 jan. 2024\n")
    assert "Möte im/2024-01-26 · Plats: Skövde · Tid: 09:00-12:00" in swedish
    assert "bordlagt första gången den 17 nov. 2023" in swedish
    assert "Karin Berg: Book the bus (givet den 8 dec. 2023, ska redovisas vid nästa möte)" in (
        swedish
    )
    assert _figures(english) == _figures(swedish)
    both = list(zip(outline(agenda, "en"), outline(agenda, "sv"), strict=True))
    for in_english, in_swedish in both:
        assert (in_english.number, in_english.kind, in_english.item) == (
            in_swedish.number,
            in_swedish.kind,
            in_swedish.item,
        )
        assert len(in_english.lines) == len(in_swedish.lines)
        if in_english.item is None:  # a standing item's title is ours, not the record's
            assert in_english.title != in_swedish.title
    assert [s.title for s in outline(agenda, "sv") if s.item is None] == [
        "Närvaro",
        "Föregående protokoll (im/2023-12-08)",
        "Återrapportering av uppdrag",
        "Återrapportering till Skolchefsgruppen",
        "Övriga frågor",
        "Mötets avslutande",
    ]


def test_the_swedish_skeleton_records_the_same_minutes(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, DEC_8)
    agenda = build_agenda(record, "im")

    (english,) = parse_text(agenda_yaml(agenda, "en"), source="en.yaml").documents
    (swedish,) = parse_text(agenda_yaml(agenda, "sv"), source="sv.yaml").documents

    assert agenda_yaml(agenda, "sv").startswith("# Protokoll för im den 26 jan. 2024, upprättat")
    assert isinstance(english.command, RecordMinutes)
    assert isinstance(swedish.command, RecordMinutes)
    assert [(i.number, i.continues, i.assignment_reports) for i in english.command.items] == [
        (i.number, i.continues, i.assignment_reports) for i in swedish.command.items
    ]
    assert english.command.meeting == swedish.command.meeting
    (outcome,) = record.record_minutes(parse_text(agenda_yaml(agenda, "sv"), source="sv.yaml"))
    assert outcome.is_new


def test_the_word_agenda_carries_its_language(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)
    agenda = build_agenda(record, "im")
    written = {}
    for code in ("en", "sv"):
        stream = io.BytesIO()
        agenda_docx(agenda, stream, code)
        stream.seek(0)
        written[code] = docx.Document(stream)

    assert written["sv"].core_properties.language == "sv-SE"
    assert written["en"].core_properties.language == "en-GB"
    assert written["sv"].paragraphs[0].text == "Dagordning: IM-nätverket, 8 dec. 2023"
    english = [p.text for p in written["en"].paragraphs]
    swedish = [p.text for p in written["sv"].paragraphs]
    assert len(english) == len(swedish)
    assert [_figures(text) for text in english] == [_figures(text) for text in swedish]


class _Page(HTMLParser):
    """What a reader and a screen reader get from the report: the page's language, the
    headings, table headers, chart titles and descriptions, and the figures' cells."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.texts: dict[str, list[str]] = {}
        self.cells: list[tuple[str, str]] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag in ("h1", "h2", "h3", "th", "caption", "title", "desc", "td", "figcaption"):
            self._open.append((tag, found.get("data-key")))
            self.texts.setdefault(tag, []).append("")

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[self._open[-1][0]][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, key = self._open.pop()
            if key is not None:
                self.cells.append((key, self.texts[tag][-1]))


def test_the_report_says_the_same_in_swedish(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)

    english = _Page(report_html(record, as_of=date(2023, 12, 31), language="en"))
    swedish = _Page(report_html(record, as_of=date(2023, 12, 31), language="sv"))

    assert (english.lang, swedish.lang) == ("en", "sv")
    assert swedish.texts["h1"] == ["Uppföljningsrapport"]
    assert "Bortglömda bordlagda ärenden" in swedish.texts["h3"]
    assert "Hållna möten" in swedish.texts["th"]
    assert "Tidslinje för im/2023-11-17/7a" in swedish.texts["caption"]
    assert "Hållna möten per år mot minimikravet" in swedish.texts["title"]
    # every heading, header, caption and chart text is in the reader's language
    for tag in ("h1", "h3", "th", "caption", "title", "desc", "figcaption"):
        words = [text for text in english.texts[tag] if re.search(r"[A-Za-z]{3}", text)]
        assert len(english.texts[tag]) == len(swedish.texts[tag]), tag
        assert words, tag
        assert not set(words) & set(swedish.texts[tag]), tag
    # the same figures: review status written in Swedish, every other cell the same
    assert [key for key, _ in english.cells] == [key for key, _ in swedish.cells]
    numbers = [(k, v) for k, v in english.cells if k != "review"]
    assert numbers == [(k, v) for k, v in swedish.cells if k != "review"]
    assert ("review", "due") in english.cells
    assert ("review", "aktuell") in swedish.cells
    assert "17 nov. 2023" in swedish.texts["td"]
    assert "17 Nov 2023" in english.texts["td"]


STAMP = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
SAME_IN_EVERY_LANGUAGE = ("UID", "DTSTAMP", "DTSTART", "DTEND", "DUE", "STATUS", "LOCATION")


def _calendar(record: Governance, code: str) -> dict[str, Any]:
    data = export_ical(record, as_of=date(2023, 12, 1), stamp=STAMP, language=code)
    calendar = icalendar.Calendar.from_ical(data)
    return {str(c["UID"]): c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")}


def test_the_calendar_says_the_same_in_swedish(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17)

    english, swedish = _calendar(record, "en"), _calendar(record, "sv")

    assert set(english) == set(swedish)
    for uid, entry in english.items():
        for name in SAME_IN_EVERY_LANGUAGE:
            assert entry.get(name) == swedish[uid].get(name), (uid, name)
    meeting = swedish["meeting:im/2023-11-17@governance-tracker"]
    assert str(meeting["SUMMARY"]) == "IM-nätverket: möte"
    at_next = swedish["assignment:im/2023-11-17/5/a2@governance-tracker"]
    assert str(at_next["DESCRIPTION"]) == (
        "Uppdrag im/2023-11-17/5/a2 i ärende im/2023-11-17/5, givet den 17 nov. 2023.\n"
        "Ska redovisas vid nästa möte i IM-nätverket, den 8 dec. 2023."
    )
    assert "given on 17 Nov 2023" in str(english[str(at_next["UID"])]["DESCRIPTION"])


def test_the_spreadsheets_have_swedish_headers_and_the_same_cells(
    record: Governance, tmp_path: Path
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)

    english = register_table(record, "assignments", as_of=date(2023, 12, 31), language="en")
    swedish = register_table(record, "assignments", as_of=date(2023, 12, 31), language="sv")

    assert swedish.headers == (
        "id",
        "ärende",
        "organ",
        "ansvarig",
        "uppgift",
        "givet den",
        "senast",
        "status",
    )
    assert english.headers[1:7] == ("item", "body", "to", "task", "given on", "due at")
    assert swedish.rows == english.rows
    write_xlsx(swedish, tmp_path / "uppdrag.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "uppdrag.xlsx").active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == list(swedish.headers)
    assert isinstance(sheet["F2"].value, datetime)  # a date stays a date
    text = io.StringIO()
    write_csv(swedish, text)
    assert text.getvalue().startswith("id,ärende,organ,ansvarig,uppgift,givet den,senast,status")
    assert ",2023-11-17," in text.getvalue()  # and ISO in CSV


def test_an_unknown_language_is_refused(record: Governance) -> None:
    record.record(*scenario.SETUP)

    with pytest.raises(ValueError, match="'fi'"):
        register_table(record, "meetings", language="fi")
