"""What ``status``, ``history`` and ``record`` show a person: their sections, in the
current language, built from the same JSON the ``--json`` contract prints."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from governance.cli._tables import Cell, Column, Moment, Section, Word
from governance.domain.messages import ROLE_WORDS, Message, Names, msg
from governance.domain.values import format_day
from governance.i18n import gettext as _
from governance.i18n import language, ngettext

if TYPE_CHECKING:
    from collections.abc import Sequence

    from governance.application import RecordOutcome
    from governance.projections import History, HistoryEntry
    from governance.projections.decisions import DecisionRow

#: The record's words (status, due, kind) as a person reads them.
WORDS: dict[str, Message] = {
    "open": msg("word.open", "open"),
    "overdue": msg("word.overdue", "overdue"),
    "done": msg("word.done", "done"),
    "cancelled": msg("word.cancelled", "cancelled"),
    "upcoming": msg("word.upcoming", "upcoming"),
    "due": msg("word.due", "due"),
    "fulfilled": msg("word.fulfilled", "fulfilled"),
    "waived": msg("word.waived", "waived"),
    "active": msg("word.active", "active"),
    "expired": msg("word.expired", "expired"),
    "ended": msg("word.ended", "ended"),
    "next_meeting": msg("word.next-meeting", "next meeting"),
    "minimum_meetings": msg("word.minimum-meetings", "meetings"),
    "submit_minutes": msg("word.submit-minutes", "minutes"),
    "report": msg("word.report", "report"),
    "review": msg("word.review", "review"),
    "item": msg("word.item", "item"),
    "assignment": msg("word.assignment", "assignment"),
    "mandate": msg("word.mandate", "mandate"),
    "meeting": msg("word.meeting", "meeting"),
    "body": msg("word.body", "body"),
    "minutes": msg("word.minutes", "minutes"),
    "correction": msg("word.correction", "correction"),
    **ROLE_WORDS,
}


#: The obligations ``status`` leaves out unless asked for all.
SETTLED = ("fulfilled", "waived")


@cache
def _words(code: str) -> dict[str, Word]:
    """The record's words in the language ``code``, written once: a status of a hundred
    thousand events shows eight thousand of them."""
    shown = language(code)
    return {key: Word(key, text.render(shown)) for key, text in WORDS.items()}


def word(key: str) -> Word:
    """``key`` as the current language says it (unknown keys as they are)."""
    return _words(language().code).get(key) or Word(key, key)


def _day(value: str | None) -> Cell:
    """An ISO date as a date (shown the language's way); anything else as a word."""
    if not value:
        return ""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return word(value)


def status_sections(
    data: dict[str, Any], *, include_all: bool = False, overdue_only: bool = False
) -> list[Section]:
    """The sections of ``status``: tabled items, assignments, obligations (those fulfilled
    or waived only with ``include_all``) and mandates; with ``overdue_only`` (the data of
    ``status(overdue_only=True)``, already only what is overdue), no mandates and the
    empty sections said as "none overdue"."""
    tabled = Section(
        _("Tabled items"),
        (
            Column(_("id"), "id"),
            Column(_("title"), "text", share=2),
            Column(_("tabled on")),
            Column(_("times")),
            Column(_("due")),
            Column(_("status")),
        ),
        (),
        _("none overdue") if overdue_only else _("none open"),
    ).with_rows(
        (
            r["id"],
            r["title"] or "",
            _day(r["tabled_on"]),
            r["times_tabled"],
            _day(r["due"]),
            word(r["status"]),
        )
        for r in data["tabled_items"]
    )
    assignments = Section(
        _("Assignments"),
        (
            Column(_("id"), "id"),
            Column(_("to"), "text"),
            Column(_("task"), "text", share=2),
            Column(_("due")),
            Column(_("status")),
        ),
        (),
        _("none overdue") if overdue_only else _("none open"),
    ).with_rows(
        (
            r["id"],
            language().names(Names(word(name).text for name in r["to"])),
            r["task"],
            _day(r["due"]),
            word(r["status"]),
        )
        for r in data["assignments"]
    )
    obligations = Section(
        _("Obligations"),
        (
            Column(_("mandate"), "id"),
            Column(_("obligation"), "id"),
            Column(_("kind")),
            Column(_("period")),
            Column(_("progress"), "text"),
            Column(_("status")),
        ),
        (),
        _("none overdue") if overdue_only else _("none owed"),
    ).with_rows(
        (
            r["mandate"],
            r["obligation"],
            word(r["kind"]),
            _day(r["period"]),
            progress(r),
            word(r["status"]),
        )
        for r in data["obligations"]
        if include_all or r["status"] not in SETTLED
    )
    sections = [tabled, assignments, obligations]
    if not overdue_only:
        sections.append(
            Section(
                _("Mandates"),
                (
                    Column(_("id"), "id"),
                    Column(_("issued to"), "id"),
                    Column(_("valid from")),
                    Column(_("valid to")),
                    Column(_("status")),
                ),
                (),
                _("none"),
            ).with_rows(
                (
                    r["id"],
                    r["issued_to"],
                    _day(r["valid_from"]),
                    _day(r["valid_to"]),
                    word(r["status"]),
                )
                for r in data["mandates"]
            )
        )
    return sections


def progress(row: dict[str, Any]) -> str:
    """How far an obligation has come, in words."""
    if "required" in row:
        done = _("{count} of {required}").format(
            count=row.get("count", 0), required=row["required"]
        )
        if "covered_from" not in row:
            return ngettext("{done} meeting", "{done} meetings", row["required"]).format(done=done)
        rule = _("prorated") if row["prorated"] else _("whole minimum")
        return f"{done} ({rule}: {_covered(row['covered_from'], row['covered_to'])})"
    if row.get("fulfilled_on"):
        day = language().date(date.fromisoformat(row["fulfilled_on"]))
        if row.get("late"):
            return _("done {day} (late)").format(day=day)
        return _("done {day}").format(day=day)
    if row.get("due_on"):
        return _("by {day}").format(day=language().date(date.fromisoformat(row["due_on"])))
    return ""


def _covered(first: str, last: str) -> str:
    """The part of a year a mandate covers, as its bounds inside the year: ``valid from
    15 Aug``, ``valid until 30 Jun``, ``valid from 15 Aug until 30 Sep``."""
    first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
    starts = (first_day.month, first_day.day) != (1, 1)
    ends = (last_day.month, last_day.day) != (12, 31)
    start, end = _day_in_year(first_day), _day_in_year(last_day)
    if starts and ends:
        return _("valid from {start} until {end}").format(start=start, end=end)
    if starts:
        return _("valid from {start}").format(start=start)
    if ends:
        return _("valid until {end}").format(end=end)
    return _("valid")


def _day_in_year(day: date) -> str:
    if language().code == "en":
        return format_day(day, with_year=False)
    from babel.dates import format_date

    return format_date(day, format="d MMM", locale=language().code)


def summary(data: dict[str, Any]) -> str:
    """The status in one line: what was forgotten, what is overdue."""
    forgotten = sum(r["status"] == "overdue" for r in data["tabled_items"])
    overdue = sum(r["status"] == "overdue" for r in data["assignments"])
    owed = sum(r["status"] == "overdue" for r in data["obligations"])
    return _("In short: {items}, {assignments} and {obligations}.").format(
        items=ngettext(
            "{n} tabled item was forgotten", "{n} tabled items were forgotten", forgotten
        ).format(n=forgotten),
        assignments=ngettext(
            "{n} assignment is overdue", "{n} assignments are overdue", overdue
        ).format(n=overdue),
        obligations=ngettext(
            "{n} obligation to the chiefs is overdue",
            "{n} obligations to the chiefs are overdue",
            owed,
        ).format(n=owed),
    )


def history_section(timeline: History) -> Section:
    """The timeline of ``history`` as one section, each entry in the current language."""
    from governance.projections import history_to_json

    data = history_to_json(timeline)
    return Section(
        _("History of {kind} {id}").format(kind=word(data["kind"]).text, id=data["id"]),
        (
            Column(_("occurred on")),
            Column(_("what"), "text"),
            Column(_("position")),
            Column(_("recorded at")),
        ),
        (),
        _("nothing recorded"),
    ).with_rows(
        (
            _day(e["occurred_on"]),
            _entry_line(entry)
            + (
                " " + _("[retracted by {position}]").format(position=e["retracted_by"])
                if "retracted_by" in e
                else ""
            ),
            e["position"],
            Moment(datetime.fromisoformat(e["recorded_at"])),
        )
        for entry, e in zip(timeline.entries, data["entries"], strict=True)
    )


def _entry_line(entry: HistoryEntry) -> str:
    """An entry's line in the current language (with its item's id, as in English)."""
    from governance.projections.history import describe, summarize

    with_item = entry.summary != summarize(entry.event)
    return str(describe(entry.event, with_item=with_item))


def outcome_section(outcomes: list[RecordOutcome]) -> Section:
    """What ``record`` recorded: a row a document, with its count of new events."""
    return Section(
        _("Recorded"),
        (
            Column(_("file"), "text"),
            Column(_("kind")),
            Column(_("id"), "id"),
            Column(_("new events")),
        ),
        (),
        _("nothing"),
    ).with_rows(
        (outcome.source, word(document.kind).text, document.subject, len(document.events))
        for outcome in outcomes
        for document in outcome.documents
    )


def decisions_section(rows: Sequence[DecisionRow]) -> Section:
    """The decisions register as one section: a row a decision."""
    return Section(
        _("Decisions"),
        (
            Column(_("decided on")),
            Column(_("item"), "id"),
            Column(_("title"), "text"),
            Column(_("decision"), "text"),
        ),
        (),
        _("none"),
    ).with_rows((row.decided_on, row.item, row.title or "", row.text) for row in rows)
