"""A report for the chiefs: one self-contained HTML page per record, for screen and A4.

For each body: its obligations per year (meetings held against the minimum, minutes
submitted on time, reports delivered, the yearly review), three charts (meetings per
year; open and overdue tabled items and assignments month by month; the age of what is
open), and the forgotten tabled items and overdue assignments, each with its dated
timeline. At the foot, the log position and Merkle root the page was made from.

Every figure comes from the public queries and the projections (``status``,
``compute_status``, ``history``); nothing here decides what is due or overdue. Charts
are SVG drawn by matplotlib and inlined with a title and a description, so the page
needs no network and no script.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import attrs
import matplotlib
from babel.dates import format_date
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from governance.application import Governance
from governance.audit import take_digest
from governance.domain.events import Event, ItemEvent, MeetingEvent
from governance.domain.messages import Language
from governance.projections import (
    LogEntry,
    ObligationRow,
    Status,
    compute_status,
    history,
)
from governance.projections.bodies import BodyInfo
from governance.projections.history import describe
from governance.publish import _texts as texts
from governance.publish._texts import say

#: The open-over-time chart covers at most this many months, the latest ones.
MONTHS_SHOWN = 36
#: The age chart shows at most this many entries, the oldest ones.
AGES_SHOWN = 15
#: No RDF block in the SVG: the date would make the page differ from run to run.
_NO_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}
_COLOURS = {"held": "#2b6cb0", "minimum": "#c53030", "open": "#2b6cb0", "overdue": "#c53030"}


@attrs.frozen
class YearLine:
    """One year of a body's obligations, as the status gives them."""

    year: int
    meetings_held: int | None
    meetings_minimum: int | None
    minutes_on_time: int
    minutes_due: int
    reports_delivered: int
    reports_due: int
    review: str | None


def _year_of(row: ObligationRow) -> int:
    if row.due_on is not None and row.kind == "report":
        return row.due_on.year
    return int(row.period[:4])


def year_lines(status: Status, year: int | None = None) -> list[YearLine]:
    """The obligations of ``status`` (one body's) per year, oldest first."""
    by_year: dict[int, list[ObligationRow]] = {}
    for row in status.obligations:
        by_year.setdefault(_year_of(row), []).append(row)
    lines = []
    for each in sorted(by_year):
        if year is not None and each != year:
            continue
        rows = by_year[each]
        meetings = [r for r in rows if r.kind == "minimum_meetings"]
        minutes = [r for r in rows if r.kind == "submit_minutes"]
        reports = [r for r in rows if r.kind == "report"]
        reviews = [r for r in rows if r.kind == "review"]
        lines.append(
            YearLine(
                year=each,
                meetings_held=max((r.count or 0 for r in meetings), default=None),
                meetings_minimum=max((r.required or 0 for r in meetings), default=None),
                minutes_on_time=sum(1 for r in minutes if r.status == "fulfilled" and not r.late),
                minutes_due=len(minutes),
                reports_delivered=sum(1 for r in reports if r.status == "fulfilled"),
                reports_due=len(reports),
                review=reviews[0].status if reviews else None,
            )
        )
    return lines


# --- charts -------------------------------------------------------------------------------


def _svg(figure: Figure, key: str, title: str, description: str) -> str:
    """The figure as inline SVG with a title and a description for screen readers."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": key, "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA, bbox_inches="tight")
    text = buffer.getvalue()
    svg = text[text.index("<svg") :]
    head = svg.index(">") + 1
    opening = svg[:head].replace(
        "<svg", f'<svg role="img" aria-labelledby="{key}-title {key}-desc"', 1
    )
    return (
        f'{opening}<title id="{key}-title">{html.escape(title)}</title>'
        f'<desc id="{key}-desc">{html.escape(description)}</desc>{svg[head:]}'
    )


def _figure(height: float = 2.4) -> Figure:
    figure = Figure(figsize=(6.8, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def meetings_chart(key: str, lines: Sequence[YearLine], language: Language) -> str:
    shown = [line for line in lines if line.meetings_held is not None]
    figure = _figure()
    axes = figure.add_subplot()
    years = [str(line.year) for line in shown]
    axes.bar(
        years,
        [line.meetings_held or 0 for line in shown],
        color=_COLOURS["held"],
        label=say(texts.CHART_MEETINGS_HELD, language),
    )
    axes.hlines(
        [line.meetings_minimum or 0 for line in shown],
        [x - 0.45 for x in range(len(shown))],
        [x + 0.45 for x in range(len(shown))],
        colors=_COLOURS["minimum"],
        linestyles="dashed",
        linewidth=2,
        label=say(texts.CHART_MEETINGS_MINIMUM, language),
    )
    axes.set_xlabel(say(texts.AXIS_YEAR, language))
    axes.set_ylabel(say(texts.AXIS_COUNT, language))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    points = "; ".join(
        say(
            texts.CHART_MEETINGS_POINT,
            language,
            year=line.year,
            held=line.meetings_held,
            minimum=line.meetings_minimum,
        )
        for line in shown
    )
    title = say(texts.CHART_MEETINGS_TITLE, language)
    return _svg(figure, key, title, say(texts.CHART_MEETINGS_DESC, language, points=points))


def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from ``first``'s to ``last``'s; ``last`` itself last."""
    ends = []
    month = date(first.year, first.month, 1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        ends.append(min(following - timedelta(days=1), last))
        month = following
    return ends[-MONTHS_SHOWN:]


#: Tick every this many months: the first that leaves at most ``MAX_MONTH_TICKS``.
_MONTH_STEPS = (1, 2, 3, 6, 12)
MAX_MONTH_TICKS = 8


def month_locator(months: int) -> mdates.MonthLocator:
    """Ticks on month ends, every 1, 2, 3, 6 or 12 months (calendar-aligned: quarters
    end in March, June, September and December), at most ``MAX_MONTH_TICKS`` of them."""
    step = next((s for s in _MONTH_STEPS if -(-months // s) <= MAX_MONTH_TICKS), 12)
    return mdates.MonthLocator(  # type: ignore[no-untyped-call]
        bymonth=range(step, 13, step), bymonthday=-1
    )


class MonthFormatter(Formatter):
    """A month tick in the language's words ("Nov", "nov."), with the year beneath the
    first tick and the first tick of every new year."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        days = [mdates.num2date(value).date() for value in values]  # type: ignore[no-untyped-call]
        labels = []
        for index, day in enumerate(days):
            month = format_date(day, "LLL", locale=self.locale)
            new_year = index == 0 or day.year != days[index - 1].year
            labels.append(f"{month}\n{day.year}" if new_year else month)
        return labels


def month_axis(axes: Axes, months: int, language: Language) -> None:
    """An x axis of ``months`` month ends: calendar-aligned ticks, the language's month
    names, the year beneath its first tick."""
    axes.xaxis.set_major_locator(month_locator(months))
    axes.xaxis.set_major_formatter(MonthFormatter(language.code))
    axes.tick_params(axis="x", labelsize="small")
    axes.set_xlabel(say(texts.AXIS_MONTH, language))


def open_chart(
    key: str, events: Sequence[Event], body: str, days: Sequence[date], language: Language
) -> str:
    counts: dict[str, list[int]] = {name: [] for name in ("to", "tv", "ao", "av")}
    for day in days:
        status = compute_status(events, as_of=day, body=body)
        tabled = [row.status for row in status.tabled_items]
        given = [row.status for row in status.assignments]
        counts["to"].append(tabled.count("open"))
        counts["tv"].append(tabled.count("overdue"))
        counts["ao"].append(given.count("open"))
        counts["av"].append(given.count("overdue"))
    # One panel per kind, open and overdue stacked: no series can hide another.
    figure = _figure(height=3.6)
    tabled_axes, given_axes = figure.subplots(2, 1, sharex=True, sharey=True)
    positions = mdates.date2num(list(days))  # type: ignore[no-untyped-call]
    labels = [say(texts.SERIES_OPEN, language), say(texts.SERIES_OVERDUE, language)]
    panels = (
        (tabled_axes, texts.PANEL_TABLED, counts["to"], counts["tv"]),
        (given_axes, texts.PANEL_ASSIGNMENTS, counts["ao"], counts["av"]),
    )
    for axes, title, still_open, overdue in panels:
        axes.stackplot(
            positions,
            still_open,
            overdue,
            colors=[_COLOURS["open"], _COLOURS["overdue"]],
            labels=labels,
            alpha=0.85,
        )
        axes.set_title(say(title, language), loc="left", fontsize="medium")
        axes.set_ylabel(say(texts.AXIS_COUNT, language))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        axes.set_xlim(positions[0], positions[-1])
    month_axis(given_axes, len(days), language)
    tabled_axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    description = say(
        texts.CHART_OPEN_DESC,
        language,
        first=days[0],
        last=days[-1],
        tabled_open=counts["to"][-1],
        tabled_overdue=counts["tv"][-1],
        assignments_open=counts["ao"][-1],
        assignments_overdue=counts["av"][-1],
    )
    return _svg(figure, key, say(texts.CHART_OPEN_TITLE, language), description)


def age_chart(key: str, status: Status, language: Language) -> str:
    ages = sorted(
        [
            *(
                (row.id, (status.as_of - row.tabled_on).days, row.status)
                for row in status.tabled_items
            ),
            *(
                (row.id, (status.as_of - row.given_on).days, row.status)
                for row in status.assignments
                if row.status in ("open", "overdue")
            ),
        ],
        key=lambda age: (-age[1], age[0]),
    )[:AGES_SHOWN]
    figure = _figure(height=max(0.6, 0.28 * len(ages) + 0.8) if ages else 0.6)
    axes = figure.add_subplot()
    nothing = say(texts.CHART_AGE_NOTHING, language)
    if ages:
        labels = [entry for entry, _, _ in reversed(ages)]
        axes.barh(
            labels,
            [days for _, days, _ in reversed(ages)],
            color=[_COLOURS[status] for _, _, status in reversed(ages)],
        )
        axes.tick_params(axis="y", labelsize="small")
        axes.set_xlabel(say(texts.AXIS_DAYS, language))
        points = "; ".join(
            say(
                texts.CHART_AGE_POINT,
                language,
                id=entry,
                days=days,
                status=texts.status_word(state, language),
            )
            for entry, days, state in ages
        )
        description = say(texts.CHART_AGE_DESC, language, points=points)
    else:
        axes.set_axis_off()
        axes.text(0.5, 0.5, nothing, ha="center", va="center")
        description = nothing
    return _svg(figure, key, say(texts.CHART_AGE_TITLE, language), description)


# --- the page -----------------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a202c;
       margin: 0 auto; max-width: 186mm; padding: 8mm 0; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 8mm 0 2mm; border-bottom: 2px solid #2b6cb0; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
nav ul { padding-left: 5mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
th, td { border: 1px solid #a0aec0; padding: 1mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #edf2f7; }
td.date { white-space: nowrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.overdue { color: #9b2c2c; font-weight: bold; }
figure { margin: 3mm 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #4a5568; }
section.body + section.body { break-before: page; }
tr, li { break-inside: avoid; }
h2, h3, p.overdue { break-after: avoid; }
footer { margin-top: 10mm; border-top: 1px solid #a0aec0; font-size: 8.5pt; color: #4a5568;
         word-break: break-all; }
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _cell(value: object, key: str, shown: str | None = None) -> str:
    text = "" if value is None else _e(value if shown is None else shown)
    kind = ' class="number"' if isinstance(value, int) else ""
    return f'<td data-key="{key}"{kind}>{text}</td>'


def _compliance_table(body: BodyInfo, lines: Sequence[YearLine], language: Language) -> str:
    columns = (
        ("meetings_held", texts.COL_MEETINGS_HELD),
        ("meetings_minimum", texts.COL_MEETINGS_MINIMUM),
        ("minutes_on_time", texts.COL_MINUTES_ON_TIME),
        ("minutes_due", texts.COL_MINUTES_DUE),
        ("reports_delivered", texts.COL_REPORTS_DELIVERED),
        ("reports_due", texts.COL_REPORTS_DUE),
    )
    head = "".join(f'<th scope="col">{_e(say(label, language))}</th>' for _, label in columns)
    head += f'<th scope="col">{_e(say(texts.COL_REVIEW, language))}</th>'
    rows = "".join(
        f'<tr data-year="{line.year}"><th scope="row">{line.year}</th>'
        + "".join(_cell(getattr(line, key), key) for key, _ in columns)
        + _cell(
            line.review, "review", line.review and texts.obligation_status(line.review, language)
        )
        + "</tr>"
        for line in lines
    )
    caption = say(texts.COMPLIANCE_CAPTION, language, body=body.name)
    year = say(texts.COL_YEAR, language)
    return (
        f'<table class="compliance" data-body="{_e(body.body_id)}"><caption>{_e(caption)}'
        f'</caption><thead><tr><th scope="col">{_e(year)}</th>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _timeline(subject: str, log: Sequence[LogEntry], language: Language) -> str:
    entries = history(log, subject).entries
    rows = "".join(
        f'<tr><td class="date" data-date="{entry.occurred_on.isoformat()}">'
        f"{_e(language.date(entry.occurred_on))}</td>"
        f"<td>{_e(describe(entry.event).render(language))}</td></tr>"
        for entry in entries
        if entry.retracted_by is None
    )
    caption = say(texts.TIMELINE_CAPTION, language, id=subject)
    return (
        f'<table class="timeline"><caption>{_e(caption)}</caption><thead><tr>'
        f'<th scope="col">{_e(say(texts.COL_DATE, language))}</th>'
        f'<th scope="col">{_e(say(texts.COL_EVENT, language))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _overdue_lists(status: Status, log: Sequence[LogEntry], language: Language) -> str:
    parts = [f"<h3>{_e(say(texts.FORGOTTEN_HEADING, language))}</h3>"]
    forgotten = [row for row in status.tabled_items if row.status == "overdue"]
    if not forgotten:
        parts.append(f"<p>{_e(say(texts.NONE_FORGOTTEN, language))}</p>")
    for tabled in forgotten:
        summary = say(
            texts.TABLED_SUMMARY,
            language,
            id=tabled.id,
            title=tabled.title or "",
            tabled_on=tabled.tabled_on,
            times=tabled.times_tabled,
            due=texts.due(tabled.due.on, language),
        )
        parts.append(f'<p class="overdue">{_e(summary)}</p>{_timeline(tabled.id, log, language)}')
    parts.append(f"<h3>{_e(say(texts.OVERDUE_ASSIGNMENTS_HEADING, language))}</h3>")
    overdue = [row for row in status.assignments if row.status == "overdue"]
    if not overdue:
        parts.append(f"<p>{_e(say(texts.NONE_OVERDUE, language))}</p>")
    for given in overdue:
        summary = say(
            texts.ASSIGNMENT_SUMMARY_LINE,
            language,
            id=given.id,
            to=texts.names(given.to, language),
            task=given.task,
            given_on=given.given_on,
            due=texts.due(given.due.on, language),
        )
        parts.append(f'<p class="overdue">{_e(summary)}</p>{_timeline(given.id, log, language)}')
    return "".join(parts)


def _figure_html(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _first_day(events: Iterable[Event], body: str, last: date) -> date | None:
    """The date of the body's first meeting or item event up to ``last``."""
    days = [
        e.occurred_on
        for e in events
        if isinstance(e, MeetingEvent | ItemEvent) and e.body_id == body and e.occurred_on <= last
    ]
    return min(days, default=None)


def report_html(
    record: Governance,
    *,
    body: str | None = None,
    year: int | None = None,
    as_of: date | None = None,
    language: str | None = None,
) -> str:
    """The report as one HTML document: of every body (or ``body``), every year (or
    ``year``), as of ``as_of`` (default: today), from the log as it stands now; in
    ``language`` (``en``, ``sv``; default: the current one)."""
    lang = texts.language_of(language)
    digest = take_digest(record, leaves=False)
    position = digest.last_position
    status_all = record.status(as_of=as_of, body=body, known_at=position)
    day = status_all.as_of
    bodies = [b for b in record.bodies(known_at=position) if body is None or b.body_id == body]
    if body is not None and not bodies:
        record.meetings(body=body, known_at=position)  # raises: no such body
    events = record.events_as_of(day, known_at=position)
    log = record.read_log(known_at=position)
    sections = []
    for info in bodies:
        status = record.status(as_of=day, body=info.body_id, known_at=position)
        first = _first_day(events, info.body_id, day)
        if first is None and not status.mandates:
            continue
        key = info.body_id.replace("/", "-")
        lines = year_lines(status, year)
        parts = [f'<section class="body" id="body-{_e(key)}"><h2>{_e(info.name)}</h2>']
        if lines:
            parts.append(_compliance_table(info, lines, lang))
            chart = meetings_chart(f"{key}-meetings", lines, lang)
            parts.append(_figure_html(chart, say(texts.CHART_MEETINGS_TITLE, lang)))
        if year is not None and first is not None:
            first = max(first, date(year, 1, 1))
        last = day if year is None else min(day, date(year, 12, 31))
        if first is not None and first <= last:
            chart = open_chart(f"{key}-open", events, info.body_id, month_ends(first, last), lang)
            parts.append(_figure_html(chart, say(texts.CHART_OPEN_TITLE, lang)))
        chart = age_chart(f"{key}-age", status, lang)
        parts.append(_figure_html(chart, say(texts.CHART_AGE_TITLE, lang)))
        parts.append(_overdue_lists(status, log, lang))
        parts.append("</section>")
        sections.append("".join(parts))
    contents = "".join(
        f'<li><a href="#body-{_e(b.body_id)}">{_e(b.name)}</a></li>' for b in bodies
    )
    foot = say(
        texts.FOOT_PROVENANCE, lang, position=position, size=digest.tree_size, root=digest.root
    )
    title = say(texts.REPORT_TITLE, lang)
    subtitle = say(texts.REPORT_SUBTITLE, lang, as_of=day)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang.code}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} {_e(lang.date(day))}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p>{_e(subtitle)}</p>"
        f'<nav aria-label="{_e(say(texts.REPORT_CONTENTS, lang))}"><ul>{contents}</ul></nav>'
        f"</header><main>{''.join(sections)}</main>"
        f'<footer data-position="{position}" data-root="{digest.root}"><p>{_e(foot)}</p>'
        "</footer></body></html>\n"
    )


def written_report(path: str | Path, language: str | None = None) -> str:
    """What the command line says after writing the report to a file."""
    return say(texts.REPORT_WRITTEN, texts.language_of(language), path=path)
