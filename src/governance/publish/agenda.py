"""The draft agenda (*dagordning*) of a body's next meeting, from the record.

What the meeting must take up, as the record stands the day before it: every item tabled
to it or overdue, every assignment due for report there or overdue, every obligation to
the issuer that falls due before the meeting after, and the items referred to the body;
between the standing items (attendance, previous minutes, other matters, closing).

Everything comes from the public queries (``status``, ``items``, ``meetings``,
``bodies``): the rules that make a thing due or overdue are the projections', never
recomputed here.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Literal

import attrs
import docx
from docx.shared import Mm

from governance.application import Governance
from governance.domain.errors import GovernanceError
from governance.domain.messages import Language, msg
from governance.projections import (
    AssignmentRow,
    ItemRow,
    MandateRow,
    MeetingRow,
    ObligationRow,
    TabledItemRow,
)
from governance.publish import _texts as texts
from governance.publish._texts import say

#: Without an announced meeting after this one, obligations due within this many days
#: of the meeting are on its agenda.
HORIZON_DAYS = 60
#: The language tag a Word document carries, per language of the catalogs.
_DOCUMENT_LANGUAGE = {"en": "en-GB", "sv": "sv-SE"}


class NoMeetingError(GovernanceError):
    """No coming meeting of the body is announced, and no date was given."""


@attrs.frozen
class AgendaTabledItem:
    row: TabledItemRow
    first_tabled_on: date


@attrs.frozen
class AgendaObligation:
    row: ObligationRow
    issued_by: str


@attrs.frozen
class Agenda:
    """The draft agenda of the meeting of ``body`` on ``on``."""

    body: str
    body_name: str
    on: date
    meeting_id: str
    place: str | None
    time: str | None
    #: The record as it stood on this date (the day before the meeting) and position.
    as_of: date
    position: int
    previous_meeting: str | None
    #: Obligations falling due up to this date are listed.
    horizon: date
    tabled: tuple[AgendaTabledItem, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    obligations: tuple[AgendaObligation, ...] = ()
    referred: tuple[ItemRow, ...] = ()
    issuers: tuple[str, ...] = ()


def _coming(meetings: tuple[MeetingRow, ...], on: date | None, body: str) -> MeetingRow | date:
    held = [m.on for m in meetings if m.status == "held"]
    if on is not None:
        return next((m for m in meetings if m.on == on), on)
    last = max(held, default=None)
    coming = [m for m in meetings if m.status == "scheduled" and (last is None or m.on > last)]
    if not coming:
        raise NoMeetingError(
            msg(
                "agenda.no-coming-meeting-after",
                "no coming meeting of {body} is announced after its last meeting on {last}; "
                "give its date with --date",
                body=body,
                last=last,
            )
            if last
            else msg(
                "agenda.no-coming-meeting",
                "no coming meeting of {body} is announced; give its date with --date",
                body=body,
            )
        )
    return coming[0]


def _is_for(due_on: date | None, on: date) -> bool:
    """Due at the next meeting (``None``) or on a date up to the meeting."""
    return due_on is None or due_on <= on


def build_agenda(
    record: Governance, body: str, *, on: date | None = None, known_at: int | None = None
) -> Agenda:
    """The draft agenda of the body's next meeting: the first meeting announced after its
    last held one, or the meeting on ``on``."""
    known_at = record.log_position() if known_at is None else known_at  # one state for all
    meetings = record.meetings(body=body, known_at=known_at)
    coming = _coming(meetings, on, body)
    day = coming.on if isinstance(coming, MeetingRow) else coming
    before = day - timedelta(days=1)
    later = [m.on for m in meetings if m.on > day]
    horizon = min(later) if later else day + timedelta(days=HORIZON_DAYS)
    status = record.status(as_of=before, body=body, known_at=known_at)
    items = {row.id: row for row in record.items(as_of=before, known_at=known_at)}
    bodies = {info.body_id: info for info in record.bodies(known_at=known_at)}
    mandates: dict[str, MandateRow] = {row.id: row for row in status.mandates}
    held_before = [m for m in meetings if m.status == "held" and m.on < day]
    tabled = tuple(
        AgendaTabledItem(row, items[row.id].first_tabled_on or row.tabled_on)
        for row in status.tabled_items
        if row.status == "overdue" or _is_for(row.due.on, day)
    )
    assignments = tuple(
        row
        for row in status.assignments
        if row.status == "overdue" or (row.status == "open" and _is_for(row.due.on, day))
    )
    obligations = tuple(
        AgendaObligation(row, mandates[row.mandate].issued_by)
        for row in status.obligations
        if _owed_before(row, day, horizon)
    )
    referred = tuple(
        row for row in items.values() if row.status == "referred" and row.referred_to == body
    )
    issuers = tuple(sorted({o.issued_by for o in obligations}))
    return Agenda(
        body=body,
        body_name=bodies[body].name,
        on=day,
        meeting_id=f"{body}/{day.isoformat()}",
        place=coming.place if isinstance(coming, MeetingRow) else None,
        time=coming.time if isinstance(coming, MeetingRow) else None,
        as_of=before,
        position=known_at,
        previous_meeting=held_before[-1].id if held_before else None,
        horizon=horizon,
        tabled=tabled,
        assignments=assignments,
        obligations=obligations,
        referred=tuple(sorted(referred, key=lambda row: row.id)),
        issuers=tuple(bodies[i].name if i in bodies else i for i in issuers),
    )


def _owed_before(row: ObligationRow, day: date, horizon: date) -> bool:
    """Owed and not settled: overdue, or falling due before the meeting after; for the
    minimum of meetings, the count of the meeting's year so far."""
    if row.status in ("fulfilled", "waived"):
        return False
    if row.kind == "minimum_meetings":
        return row.period == str(day.year)
    return row.status == "overdue" or (row.due_on is not None and row.due_on < horizon)


# --- the outline every format renders ---------------------------------------------------

SectionKind = Literal[
    "attendance",
    "previous",
    "tabled",
    "referred",
    "assignments",
    "obligations",
    "other",
    "closing",
]


@attrs.frozen
class Section:
    """One numbered item of the agenda: its title and the lines under it. ``item`` is
    the id of the earlier item it takes up, if it does."""

    number: str
    kind: SectionKind
    title: str
    lines: tuple[str, ...] = ()
    item: str | None = None


def _obligation_line(entry: AgendaObligation, language: Language) -> str:
    row = entry.row
    if row.kind == "minimum_meetings":
        progress = say(texts.MEETINGS_SO_FAR, language, count=row.count, required=row.required)
    else:
        progress = say(texts.DUE_BY, language, due_on=row.due_on)
    return say(
        texts.OBLIGATION_LINE,
        language,
        mandate=row.mandate,
        obligation=row.obligation,
        kind=texts.kind_word(row.kind, language),
        period=row.period,
        progress=f"{progress} ({texts.obligation_status(row.status, language)})",
    )


def outline(agenda: Agenda, language: str | None = None) -> list[Section]:
    """The agenda's items in order, numbered from 1, in ``language`` (default: the
    current one)."""
    lang = texts.language_of(language)
    planned: list[tuple[SectionKind, str, tuple[str, ...], str | None]] = [
        ("attendance", say(texts.ATTENDANCE, lang), (), None)
    ]
    previous = (
        say(texts.PREVIOUS_MINUTES_OF, lang, meeting=agenda.previous_meeting)
        if agenda.previous_meeting
        else say(texts.PREVIOUS_MINUTES, lang)
    )
    planned.append(("previous", previous, (), None))
    for entry in agenda.tabled:
        tabled = entry.row
        line = say(
            texts.TABLED_ITEM,
            lang,
            id=tabled.id,
            first=entry.first_tabled_on,
            times=tabled.times_tabled,
            due=texts.due(tabled.due.on, lang),
        )
        overdue = (say(texts.TABLED_OVERDUE, lang),) if tabled.status == "overdue" else ()
        planned.append(("tabled", tabled.title or tabled.id, (line, *overdue), tabled.id))
    for row in agenda.referred:
        line = say(texts.REFERRED_ITEM, lang, id=row.id, by=row.referred_by, on=row.status_since)
        planned.append(("referred", row.title or row.id, (line,), row.id))
    if agenda.assignments:
        lines = tuple(
            say(
                texts.ASSIGNMENT_LINE,
                lang,
                id=row.id,
                to=texts.names(row.to, lang),
                task=row.task,
                given_on=row.given_on,
                due=texts.due(row.due.on, lang),
            )
            + ("" if row.status == "open" else f" ({texts.status_word(row.status, lang)})")
            for row in agenda.assignments
        )
        planned.append(("assignments", say(texts.ASSIGNMENTS_TO_REPORT, lang), lines, None))
    if agenda.obligations:
        issuer = texts.names(agenda.issuers, lang)
        lines = tuple(_obligation_line(entry, lang) for entry in agenda.obligations)
        title = say(texts.OBLIGATIONS_TO_ISSUER, lang, issuer=issuer)
        planned.append(("obligations", title, lines, None))
    planned.append(("other", say(texts.OTHER_MATTERS, lang), (), None))
    planned.append(("closing", say(texts.CLOSING, lang), (), None))
    return [
        Section(str(number), kind, title, lines, item)
        for number, (kind, title, lines, item) in enumerate(planned, start=1)
    ]


def _heading(agenda: Agenda, language: Language) -> tuple[str, list[str]]:
    title = say(texts.AGENDA_TITLE, language, body=agenda.body_name, date=agenda.on)
    facts = [say(texts.AGENDA_MEETING, language, meeting=agenda.meeting_id)]
    if agenda.place:
        facts.append(say(texts.AGENDA_PLACE, language, place=agenda.place))
    if agenda.time:
        facts.append(say(texts.AGENDA_TIME, language, time=agenda.time))
    drafted = say(texts.AGENDA_DRAFTED, language, as_of=agenda.as_of, position=agenda.position)
    return title, [" · ".join(facts), drafted]


def agenda_markdown(agenda: Agenda, language: str | None = None) -> str:
    """The agenda as Markdown: a heading, the meeting's facts and the numbered items; in
    ``language`` (``en``, ``sv``; default: the current one)."""
    lang = texts.language_of(language)
    title, facts = _heading(agenda, lang)
    out = [f"# {title}", "", *(f"{fact}  " for fact in facts), ""]
    for section in outline(agenda, lang.code):
        out.append(f"{section.number}. **{section.title}**")
        out.extend(f"   - {line}" for line in section.lines)
    return "\n".join(out) + "\n"


def agenda_docx(
    agenda: Agenda, target: str | Path | IO[bytes], language: str | None = None
) -> None:
    """The agenda as a Word document (python-docx), written to a path or binary stream;
    in ``language`` (default: the current one)."""
    lang = texts.language_of(language)
    document = docx.Document()
    title, facts = _heading(agenda, lang)
    document.core_properties.title = title
    document.core_properties.language = _DOCUMENT_LANGUAGE[lang.code]
    for page in document.sections:  # A4, as Swedish offices print
        page.page_width, page.page_height = Mm(210), Mm(297)
    document.add_heading(title, level=1)
    for fact in facts:
        document.add_paragraph(fact)
    for section in outline(agenda, lang.code):
        document.add_heading(f"{section.number}. {section.title}", level=2)
        for line in section.lines:
            document.add_paragraph(line, style="List Bullet")
    document.save(target)  # type: ignore[arg-type]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def agenda_yaml(agenda: Agenda, language: str | None = None) -> str:
    """A minutes file (minutes-format.md) of the meeting with the agenda's items in
    place, ready for the secretary to fill in and record. The titles and comments are in
    ``language`` (default: the current one); the keys are the format's own."""
    lang = texts.language_of(language)
    header = say(texts.SKELETON_HEADER, lang, body=agenda.body, date=agenda.on)
    out = [*(f"# {line}" for line in textwrap.wrap(header, 86)), "kind: minutes"]
    out += [f"body: {_quoted(agenda.body)}", "meeting:", f"  date: {agenda.on.isoformat()}"]
    if agenda.place:
        out.append(f"  place: {_quoted(agenda.place)}")
    if agenda.time:
        out.append(f"  time: {_quoted(agenda.time)}")
    out += ["  attendees: []", "items:"]
    for section in outline(agenda, lang.code):
        out.append(f"  - number: {_quoted(section.number)}")
        if section.item is not None:
            out.append(f"    continues: {_quoted(section.item)}")
            out.extend(f"    # {line}" for line in section.lines)
            out.append("    decisions: []")
        elif section.kind == "assignments":
            out.append(f"    title: {_quoted(section.title)}")
            out.append("    assignment_reports:")
            for row, line in zip(agenda.assignments, section.lines, strict=True):
                out.append(f"      # {line}")
                out.append(f"      - assignment: {_quoted(row.id)}")
                out.append("        status: progress  # done | progress | cancelled")
        else:
            out.append(f"    title: {_quoted(section.title)}")
            out.extend(f"    # {line}" for line in section.lines)
    reports = [e for e in agenda.obligations if e.row.kind in ("report", "review")]
    if reports:
        issuer = texts.names(agenda.issuers, lang)
        out.append(f"# {say(texts.SKELETON_REPORTS, lang, issuer=issuer)}")
        out.append("# reports:")
        for entry in reports:
            out.append(
                f"#   - {{mandate: {entry.row.mandate}, obligation: {entry.row.obligation}, "
                f"on: {agenda.on.isoformat()}, summary: ...}}"
            )
    return "\n".join(out) + "\n"


def written(meeting_id: str, path: str | Path, language: str | None = None) -> str:
    """What the command line says after writing an agenda to a file."""
    return say(texts.AGENDA_WRITTEN, texts.language_of(language), meeting=meeting_id, path=path)
