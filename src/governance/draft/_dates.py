"""Dates and times as Swedish protocols write them, resolved against the meeting date.

``231117`` (YYMMDD), ``2023-11-17``, ``17/11`` and ``17/11 2023`` (D/M), ``17.11.2023``,
``17 november`` (``17:e nov.``, ``den 17 november 2023``), ``måndag v.48`` (Monday of
ISO week 48). A date without a year is the next such date after the meeting.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import attrs

from governance.draft._text import tolerant

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4,
    "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "måndag": 1, "tisdag": 2, "onsdag": 3, "torsdag": 4, "fredag": 5, "lördag": 6,
    "söndag": 7,
}  # fmt: skip

_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")(?:ar|en|s)?"

_ISO = re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_SHORT = re.compile(r"(?<![\d/.:-])(?P<y>[1-3]\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d/:-])")
_NAMED = tolerant(r"\b(?P<d>[0-3]?\d)(?::[ae]|e)?\s*" + _MONTH + r"(?:\s*,?\s*(?P<y>20\d\d)\b)?")
_SLASHED = re.compile(
    r"(?<![\d/.])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:(?:\s+|/|-)(?P<y>20\d\d|\d\d)\b)?(?![\d/])"
)
_DOTTED = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>20\d\d|\d\d)(?![\d])")
_WEEK = tolerant(_WEEKDAY + r"\s+(?:i\s+|den\s+)?(?:v\.?|vecka|veckan?)\s*(?P<w>\d{1,2})\b")

_TIME_RANGE = re.compile(
    r"(?<![\d/.:])(?:kl\.?\s*)?(?P<h1>[0-2]?\d)(?:[.:](?P<m1>[0-5]\d))?\s*(?:-|–|—|till)\s*"
    r"(?:kl\.?\s*)?(?P<h2>[0-2]?\d)(?:[.:](?P<m2>[0-5]\d))?(?![\d/])"
)
_TIME = re.compile(r"\bkl\.?\s*(?P<h1>[0-2]?\d)(?:[.:](?P<m1>[0-5]\d))?(?![\d/])")


@attrs.frozen
class DateMatch:
    """A date found in a text: where, the date, and whether the text gave its year."""

    start: int
    end: int
    on: date
    with_year: bool


def find_dates(
    text: str, *, after: date | None = None, year: int | None = None
) -> list[DateMatch]:
    """Every date in ``text``, in order; one without a year is the next after ``after``.

    Without ``after``, a date without a year takes ``year`` (or is left out).
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, on: date | None, with_year: bool) -> None:
        if on is None or any(start < stop and begin < end for begin, stop in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(start, end, on, with_year))

    for match in _ISO.finditer(text):
        add(*match.span(), _date(int(match["y"]), int(match["m"]), int(match["d"])), True)
    for match in _WEEK.finditer(text):
        add(*match.span(), _week_day(match, after, year), True)
    for match in _NAMED.finditer(text):
        month = MONTHS[_month_key(match["month"])]
        add(
            *match.span(),
            _resolve(match["y"], month, int(match["d"]), after, year),
            bool(match["y"]),
        )
    for pattern in (_DOTTED, _SLASHED):
        for match in pattern.finditer(text):
            on = _resolve(match["y"], int(match["m"]), int(match["d"]), after, year)
            add(*match.span(), on, bool(match["y"]))
    for match in _SHORT.finditer(text):
        add(*match.span(), _date(2000 + int(match["y"]), int(match["m"]), int(match["d"])), True)
    return sorted(found, key=lambda found_date: found_date.start)


def _month_key(written: str) -> str:
    key = written.lower().rstrip(".")
    for swapped, letter in (("6", "ö"), ("4", "ä")):
        key = key.replace(swapped, letter)
    return key if key in MONTHS else key.replace("ä", "a")


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(y: str | None, m: int, d: int, after: date | None, year: int | None) -> date | None:
    if y:
        return _date(int(y) + (2000 if len(y) == 2 else 0), m, d)
    if after is None:
        return _date(year, m, d) if year else None
    for candidate_year in (after.year, after.year + 1):
        on = _date(candidate_year, m, d)
        if on is not None and on > after:
            return on
    return None


def _week_day(match: re.Match[str], after: date | None, year: int | None) -> date | None:
    week = int(match["w"])
    weekday = WEEKDAYS[_weekday_key(match["weekday"])]
    years = (after.year, after.year + 1) if after else ((year,) if year else ())
    for candidate_year in years:
        try:
            on = date.fromisocalendar(candidate_year, week, weekday)
        except ValueError:
            continue
        if after is None or on > after:
            return on
    return None


def _weekday_key(written: str) -> str:
    key = written.lower()
    for swapped, letter in (("6", "ö"), ("o", "ö"), ("4", "ä"), ("a", "å")):
        if key not in WEEKDAYS:
            key = key.replace(swapped, letter)
    return next((day for day in WEEKDAYS if day[:3] == key[:3]), "måndag")


def find_time(text: str) -> str | None:
    """The time of day or span in ``text`` as ``HH:MM`` or ``HH:MM-HH:MM``."""
    for found in find_dates(text, year=2000):  # a date's digits are no time: 2023-11-17
        text = text[: found.start] + " " * (found.end - found.start) + text[found.end :]
    for match in _TIME_RANGE.finditer(text):
        h1, h2 = int(match["h1"]), int(match["h2"])
        if 6 <= h1 < h2 <= 22:
            return f"{h1:02}:{match['m1'] or '00'}-{h2:02}:{match['m2'] or '00'}"
    single = _TIME.search(text)
    if single and 6 <= int(single["h1"]) <= 22:
        return f"{int(single['h1']):02}:{single['m1'] or '00'}"
    return None


_IN_MONTH = tolerant(r"\b(?:i|under|till|senast i|före|innan)\s+(?:slutet av\s+)?" + _MONTH)


def month_named(text: str, after: date) -> date | None:
    """The last day of the month named in ``i mars``, the next such after ``after``."""
    match = _IN_MONTH.search(text)
    if match is None:
        return None
    month = MONTHS[_month_key(match["month"])]
    year = after.year if month >= after.month else after.year + 1
    return date(year, month, calendar.monthrange(year, month)[1])
