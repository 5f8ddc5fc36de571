"""A protocol's lines into a v1 minutes document, entry by entry, with sources.

The rules read Swedish as protocols write it (see docs/drafting.md for the phrasings):
the heading gives the body, date and place; a list after ``Närvarande``/``Deltagare``
the attendees; each item's sentences its decisions, assignments, tablings and
referrals; dates after the meeting in a schedule item or after ``Nästa möte`` the
coming meetings. What a rule cannot settle goes into the draft as unsure.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from governance.draft._dates import DateMatch, find_dates, find_time, month_named
from governance.draft._draft import Source, Unsure
from governance.draft._names import (
    NAME,
    Roster,
    key,
    looks_like_name,
    normalise,
)
from governance.draft._structure import Heading, Unit, find_headings, units
from governance.draft._text import MUNICIPALITIES, Line, fold, is_swedish, tolerant

ALL_MEMBERS = "all members"


@attrs.define
class Collected:
    """What drafting gathers: the document, its sources and its doubts."""

    document: dict[str, Any] = attrs.Factory(dict)
    sources: dict[str, Source] = attrs.Factory(dict)
    unsure: list[Unsure] = attrs.Factory(list)

    def cite(self, path: str, line: Line, offset: int = 0) -> None:
        self.sources[path] = Source(line.number, line.cite(offset))

    def cite_unit(self, path: str, unit: Unit, offset: int = 0) -> None:
        line, within = unit.line_at(offset)
        words = line.cite(within, width=max(len(unit.text) - offset, 8))
        self.sources[path] = Source(line.number, words or line.cite(0))

    def doubt(self, path: str, why: str) -> None:
        self.unsure.append(Unsure(path, why))


# --- the heading ----------------------------------------------------------------------------

_BODY_WORD = tolerant(
    r"\b(?:[A-ZÅÄÖ][\wåäö]*-)?[\wåäö]*(?:nätverk|gruppen|gruppens|träff|direktionen)[\wåäö]*"
)
_GENERIC_BODY_WORDS = frozenset(
    fold(word)
    for word in """nätverket nätverkets nätverksträff nätverksträffen nätverksmöte
    nätverksmötet nätverksdag nätverksdagen nätverk träff träffen""".split()
)
_ACRONYM = re.compile(r"\b[A-ZÅÄÖ]{2,6}\b(?:-[\wåäö]+)?")
_LABEL = tolerant(
    r"^\s*[*_]*(?P<label>datum|plats|tid|lokal|mötesplats|sekreterare|protokollförare|"
    r"vid protokollet|antecknare|sekr|justerare|justeras av|justeras|justerande|ordförande|ordf)"
    r"\b\.?\s*:?[*_]*\s*:?\s*(?P<value>.*)$"
)
_ATTENDANCE = tolerant(
    r"^\W*(?P<label>närvarande|deltagare|närvaro|närvarolista|deltagarlista|deltog|"
    r"beslutande|övriga närvarande|närvarande ledamöter|med(?=\s*(?:på\s+\w+\s*)?:))\b"
    r"(?:[^:]{0,30}:)?\W*?\s*(?P<rest>[^\W\d_].*|)$"
)
_ABSENT = tolerant(
    r"^\W*(?:frånvarande|anmält förhinder|förhinder|ej närvarande|frånvaro|"
    r"anmäld frånvaro|anmält frånvaro|ej närv|saknades|avböjt|gäster|inbjudna)\b"
)
_ABSENCE = tolerant(
    r"\b(?:förhinder|frånvarande|sjuk|kunde\s+inte|var\s+inte\s+med|saknades|anmält\s+frånvaro)"
)
_ORGANISATION = tolerant(r"nätverk|gruppen|förvaltning|kommunalförbund|förbundet")
_DIGITAL = tolerant(r"\b(?:teams|zoom|digitalt|digital|online|distans|google meet)\b")
_HYBRID = tolerant(r"\bhybrid")
_ROLE_WORDS = {
    "chair": tolerant(r"\b(?:ordf\.?|ordförande|ordf)\b"),
    "secretary": tolerant(r"\b(?:sekr\.?|sekreterare|protokollförare)\b"),
    "adjuster": tolerant(r"\bjusterare\b"),
}
_TITLE_WORDS = tolerant(
    r"\b(?:rektor|biträdande rektor|bitr\.? rektor|utvecklingsledare|verksamhetschef|"
    r"skolchef|förvaltningschef|samordnare|chef|lärare|studie- och yrkesvägledare|syv|"
    r"ordf\.?|ordförande|sekr\.?|sekreterare|justerare|enhetschef|kurator|specialpedagog)\b\.?"
)


def body_slug(name: str) -> str:
    """``Vux-nätverket`` -> ``vux``; ``Skolchefsgruppen`` -> ``skolchefsgruppen``."""
    text = fold(name).replace("-", " ")
    text = re.sub(r"\s*n[ai]tverk\w*$", "", text).strip() or fold(name)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "body"


@attrs.frozen
class BodyRef:
    """A registered body: its id and name (from a store)."""

    id: str
    name: str


def _common_ending(one: str, other: str) -> int:
    """How many letters ``one`` and ``other`` end alike (``chefsgruppen``: 12)."""
    count = 0
    for a, b in zip(reversed(one), reversed(other), strict=False):
        if a != b:
            break
        count += 1
    return count


def match_body(written: str, bodies: Sequence[BodyRef]) -> BodyRef | None:
    """The registered body ``written`` names: ``SKIS-träffen``, ``Rektorsträff``."""
    from rapidfuzz import fuzz

    wanted = body_slug(written)
    head = fold(re.split(r"[-–\s]", written.strip())[0])
    for body in bodies:
        name = fold(body.name)
        if wanted in (body.id, body_slug(body.name)) or fold(written) == name:
            return body
        if head and (head == body.id or head == fold(re.split(r"[-–\s]", body.name)[0])):
            return body
    if len(wanted) < 6:
        return None  # "im" and "gy" are too short to be told apart by spelling
    for body in bodies:  # "Skolchefsgruppen" for "Skol- och utbildningschefsgruppen"
        if _common_ending(wanted, body_slug(body.name)) >= 10:
            return body
    scored = [(fuzz.ratio(wanted, body_slug(body.name)), body) for body in bodies]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= 85 else None


# --- people ---------------------------------------------------------------------------------


def parse_people(text: str) -> list[tuple[str, str | None, set[str]]]:
    """``Karin Berg (Tidaholm), Per Lind, Skövde`` -> (name, municipality, roles) each."""
    text = re.sub(r"^\s*(?:[-•*–·]|\d{1,2}[.)])\s*", "", text).strip()
    sentences = re.split(r"(?<=[a-zåäö)])\.\s+(?=[A-ZÅÄÖ])", text)
    text = ", ".join(part for part in sentences if not _ABSENCE.search(part)).rstrip(".")
    text = re.sub(r"\(\s*§[^)]*\)", "", text)  # "(§ 4)": present for one item
    muni_first = re.match(r"^([A-ZÅÄÖ][\wåäö-]+)\s*:\s*(.+)$", text)
    if muni_first and muni_first.group(1) in MUNICIPALITIES | {"Teams"}:
        return [(n, muni_first.group(1), r) for n, _, r in parse_people(muni_first.group(2))]
    parts = [part.strip() for part in re.split(r";|,|\t|\s{2,}|\s+och\s+|\s+samt\s+", text)]
    people: list[tuple[str, str | None, set[str]]] = []
    for part in filter(None, parts):
        roles = {role for role, pattern in _ROLE_WORDS.items() if pattern.search(part)}
        name, muni = _person(part)
        if not name:
            if roles and people:
                people[-1][2].update(roles)
            continue
        if looks_like_name(name):
            people.append((normalise(name), muni, roles))
        elif _as_place(name) and people and people[-1][1] is None:
            before, _, before_roles = people[-1]
            people[-1] = (before, _as_place(name), before_roles | roles)
        elif people and _ORGANISATION.search(name):
            continue  # "Karin Berg, IM-nätverket": where a guest comes from
        else:
            return _pair_places(people)
    if muni_first is None and people and all(len(n.split()) == 1 for n, _, _ in people):
        # "Karin Berg, Tidaholm" splits into two one-word parts only when it is a name
        # and a place; a line of first names alone is still a list of people.
        return people
    return _pair_places(people)


def _continues_list(text: str) -> bool:
    """Whether ``text`` carries on a list of names wrapped from the line before."""
    text = text.strip()
    return (
        bool(text)
        and not (_ATTENDANCE.match(text) or _ABSENT.match(text) or _LABEL.match(text))
        and not _ABSENCE.search(text)  # "Ylva och Thomas hade anmält förhinder." stands alone
        and bool(re.match(r"[A-ZÅÄÖa-zåäö]", text))
        and len(text) <= 90
        and (
            "," in text
            or text.endswith(".")
            or len(text.split()) <= 3
            or re.match(r"[A-ZÅÄÖ][\wåäö-]+(?:[,.]|\s+och\b)", text) is not None  # "Lundkvist. …"
        )
    )


def _as_place(text: str) -> str | None:
    """``Tidaholm``, ``Tidaholms kommun`` -> ``Tidaholm``; anything else -> None."""
    match = re.fullmatch(r"([A-ZÅÄÖ][\wåäö-]+?)s?(?:\s+kommun)?", text.strip())
    if match is None:
        return None
    for town in (text.strip(), match.group(1), match.group(1) + "s"):
        if town in MUNICIPALITIES:
            return town
    return None


def _person(written: str) -> tuple[str, str | None]:
    """``Karin Berg (Tidaholm)``, ``Karin Berg – Tidaholm``, ``Karin Berg Tidaholm``."""
    muni: str | None = None
    inside = re.search(r"\(([^)]*)\)", written)
    if inside:
        muni = _TITLE_WORDS.sub("", inside.group(1)).strip(" ,.-/") or None
        written = (written[: inside.start()] + written[inside.end() :]).strip()
    dashed = re.split(r"\s+[-–—]\s+|\s*[-–—]\s+|\s+[-–—]\s*", written, maxsplit=1)
    if len(dashed) == 2 and looks_like_name(dashed[0].strip()):
        written, muni = dashed[0].strip(), muni or dashed[1].strip() or None
    name = _TITLE_WORDS.sub("", written).strip(" ,.-/")
    town = re.search(r"\s+([A-ZÅÄÖ][\wåäö]+?)s?\s+kommun$", name)
    if town and town.group(1) in MUNICIPALITIES:  # "Karin Berg Tidaholms kommun"
        name, muni = name[: town.start()].strip(), muni or town.group(1)
    if muni:
        muni = _as_place(muni) or muni
    words = name.split()
    if len(words) >= 2 and words[-1] in MUNICIPALITIES and looks_like_name(name):
        name, muni = " ".join(words[:-1]), muni or words[-1]
    return name, muni


def _pair_places(
    people: list[tuple[str, str | None, set[str]]],
) -> list[tuple[str, str | None, set[str]]]:
    """``Karin Berg, Tidaholm`` split at the comma: a lone place joins the name before."""
    paired: list[tuple[str, str | None, set[str]]] = []
    for name, muni, roles in people:
        place_like = len(name.split()) == 1 and (
            name in MUNICIPALITIES or (paired and len(paired[-1][0].split()) >= 2)
        )
        if place_like and paired and paired[-1][1] is None and fold(name) not in _FIRST_NAMES:
            before, _, before_roles = paired[-1]
            paired[-1] = (before, name, before_roles | roles)
        else:
            paired.append((name, muni, roles))
    return paired


# --- the reader -----------------------------------------------------------------------------


@attrs.define
class MinutesReader:
    """Reads one protocol into ``collected``."""

    lines: list[Line]
    body: str | None
    given_date: date | None
    roster: Roster
    bodies: Sequence[BodyRef] = ()
    collected: Collected = attrs.Factory(Collected)
    meeting: dict[str, Any] = attrs.Factory(dict)
    items: list[dict[str, Any]] = attrs.Factory(list)
    schedule: dict[date, dict[str, Any]] = attrs.Factory(dict)
    schedule_sources: dict[date, tuple[Unit | Line, int]] = attrs.Factory(dict)
    recurring: list[tuple[Line, str]] = attrs.Factory(list)
    people: dict[str, tuple[str | None, set[str]]] = attrs.Factory(dict)
    people_lines: dict[str, Line] = attrs.Factory(dict)
    adjusters: dict[str, Line] = attrs.Factory(dict)
    secretary: tuple[str, Line] | None = None
    on: date | None = None
    past_narration: bool = False

    def read(self) -> Collected:
        self.lines = list(self.lines)  # role lines are blanked in this copy
        self.past_narration = _tells_in_past(self.lines)
        for index, line in enumerate(self.lines):
            following = [ln for ln in self.lines[index + 1 : index + 4] if ln.text.strip()][:1]
            if self._role_label(line, following):
                self.lines[index] = attrs.evolve(line, text="")
        headings = find_headings(self.lines)
        first = headings[0].index if headings else len(self.lines)
        header = self.lines[:first]
        self._heading(header)
        self._attendance(header)
        bounds = [*(h.index for h in headings), len(self.lines)]
        for number, heading in enumerate(headings):
            body = self.lines[heading.index + heading.lines_used : bounds[number + 1]]
            self._item(heading, body)
        if self.on is not None:
            self._schedule_blocks()
        return self._assemble()

    # the heading: body, date, place ------------------------------------------------------

    def _heading(self, header: list[Line]) -> None:
        top = [line for line in header if line.text.strip()][:8] or [
            line for line in self.lines if line.text.strip()
        ][:2]
        self._body(top)
        self._date(top)
        self._place(top)

    def _body(self, top: list[Line]) -> None:
        c = self.collected
        if self.body is not None:
            c.document["body"] = self.body
            return
        for line in top[:4]:
            match = _BODY_WORD.search(line.text)
            acronym = None
            if match is None and re.search(r"(?i)protokoll|anteckningar|möte|träff", line.text):
                acronym = next(
                    (
                        a
                        for a in _ACRONYM.finditer(line.text)
                        if not re.fullmatch(r"\d+", a.group()) and a.group() not in {"VT", "HT"}
                    ),
                    None,
                )
            if match is not None and fold(match.group()) in _GENERIC_BODY_WORDS:
                match = None
                acronym = next(
                    (a for a in _ACRONYM.finditer(line.text) if a.group() not in {"VT", "HT"}),
                    None,
                )
            found = match or acronym
            if found is None:
                continue
            written = found.group().strip()
            registered = match_body(written, self.bodies)
            c.cite("body", line, found.start())
            if registered is not None:
                c.document["body"] = registered.id
                return
            c.document["body"] = body_slug(written)
            c.doubt(
                "body",
                f"id gissat från namnet '{written}'"
                + (
                    "; inget registrerat organ heter så"
                    if self.bodies
                    else ": kontrollera mot de registrerade organen (eller ge --body)"
                ),
            )
            return
        c.document["body"] = None
        c.doubt("body", "inget nätverk nämns i rubriken: fyll i organets id (eller ge --body)")

    def _date(self, top: list[Line]) -> None:
        c = self.collected
        labelled = [line for line in top if re.match(r"(?i)\s*datum", line.text)]
        following = {id(line): after for line, after in itertools.pairwise(top)}
        for line in [*labelled, *top]:
            # "10 jan-/uari 2021": a date may run on to the next line
            after = following.get(id(line))
            text = f"{line.text} {after.text}" if after else line.text
            dates = [
                d for d in find_dates(text, year=self._year_hint()) if d.start < len(line.text)
            ]
            found = [d for d in dates if d.with_year] or (dates if self.given_date else [])
            if found:
                self.on = found[0].on
                self.meeting["date"] = self.on
                c.cite("meeting.date", line, found[0].start)
                if self.given_date and self.given_date != self.on:
                    c.doubt(
                        "meeting.date",
                        f"protokollet säger {self.on.isoformat()}, --date sade "
                        f"{self.given_date.isoformat()}",
                    )
                return
        if self.given_date is not None:
            self.on = self.given_date
            self.meeting["date"] = self.on
            return
        self.meeting["date"] = None
        c.doubt(
            "meeting.date", "inget mötesdatum i protokollets rubrik: fyll i det (eller ge --date)"
        )

    def _year_hint(self) -> int | None:
        return self.given_date.year if self.given_date else None

    def _place(self, top: list[Line]) -> None:
        c = self.collected
        for line in top:
            label = _LABEL.match(line.text)
            if label and fold(label["label"]) in {"plats", "lokal", "motesplats"}:
                self._set_place(label["value"], line, label.start("value"))
                if "place" in self.meeting:
                    break
        if "place" not in self.meeting:
            for line in top[:3]:
                match = re.search(
                    r"(?:^|\s)(?:i\s+|,\s*)?([A-ZÅÄÖ][\wåäö]+)[\s,]+(?:den\s+)?(?:\d{6}|\d{4}-\d\d-\d\d|\d{1,2}\s+[a-zåäö]+\s+\d{4})",
                    line.text,
                )
                if match and match.group(1) in MUNICIPALITIES:
                    self._set_place(match.group(1), line, match.start(1))
                    break
                inside = re.search(r"\bi\s+([A-ZÅÄÖ][\wåäö]+)\b", line.text)
                if inside and inside.group(1) in MUNICIPALITIES:
                    self._set_place(inside.group(1), line, inside.start(1))
                    break
        if "place" not in self.meeting:
            for line in top:
                if _DIGITAL.search(line.text):
                    self._set_place(line.text, line, 0)
                    break
        if "place" not in self.meeting:
            # "IM-nätverket 231208 Tibro", "Lidköping kl 9–12": a municipality in the heading
            for line in top:
                if _ATTENDANCE.match(line.text) or _ABSENT.match(line.text):
                    break
                town = next(
                    (
                        w
                        for w in re.finditer(r"[A-ZÅÄÖ][\wåäö]+", line.text)
                        if w[0] in MUNICIPALITIES
                    ),
                    None,
                )
                if town is not None:
                    self._set_place(town[0], line, town.start())
                    break
        labelled_first = sorted(
            enumerate(top), key=lambda pair: _LABEL.match(pair[1].text) is None
        )
        for position, line in labelled_first:
            label = _LABEL.match(line.text)
            dated = "meeting.date" in c.sources and c.sources["meeting.date"].line == line.number
            labelled = label is not None and fold(label["label"]) in {"tid", "plats", "datum"}
            early = position < 3 and not _ATTENDANCE.match(line.text)
            time = find_time(line.text) if labelled or dated or early else None
            if time:
                self.meeting["time"] = time
                c.cite("meeting.time", line)
                break

    def _set_place(self, value: str, line: Line, offset: int) -> None:
        value = value.strip(" .,")
        digital = _DIGITAL.search(value)
        if digital:
            place = "Teams" if "teams" in fold(value) else digital.group().capitalize()
            towns = [
                word for word in re.findall(r"[A-ZÅÄÖ][\wåäö]+", value) if word in MUNICIPALITIES
            ]
            mode = "hybrid" if towns or _HYBRID.search(value) else "digital"
            place = towns[0] if towns else place
        else:
            place = re.split(r",|\s+[-–]\s+", value)[0].strip()
            mode = "hybrid" if _HYBRID.search(value) else "on_site"
        if not place:
            return
        self.meeting["place"] = place
        self.meeting["mode"] = mode
        self.collected.cite("meeting.place", line, offset)

    # attendance --------------------------------------------------------------------------

    def _attendance(self, lines: list[Line], *, within_item: bool = False) -> bool:
        """Attendees listed in ``lines``; True if there was a list."""
        found = False
        collecting = within_item
        blank_run = 0
        merged: dict[int, list[Line]] = {}  # a list wrapped onto the next lines: all of them
        skip: set[int] = set()
        for index, line in enumerate(lines):
            if index in skip:
                continue
            text = line.text.strip()
            wrapped = [line]
            while (
                text.count(",") >= 2  # a list run on along the line, cut at its end
                and text[-1:].isalpha()
                and text.rsplit(None, 1)[-1] not in MUNICIPALITIES
                and index + len(wrapped) < len(lines)
                and _continues_list(lines[index + len(wrapped)].text)
            ):
                following = lines[index + len(wrapped)]
                text = f"{text} {following.text.strip()}"
                skip.add(index + len(wrapped))
                wrapped.append(following)
            merged[id(line)] = wrapped
            if not text:
                blank_run += 1
                if collecting and blank_run >= 2 and found:
                    collecting = within_item
                continue
            blank_run = 0
            label = _ATTENDANCE.match(text)
            if label:
                collecting = True
                text = label["rest"]
                if not text.strip():
                    continue
            elif _ABSENT.match(text):
                collecting = False
                continue
            elif _LABEL.match(text):
                continue
            if not collecting:
                continue
            last = next(reversed(self.people), None)
            alone = re.fullmatch(r"\(?\s*([A-ZÅÄÖ][\wåäö -]+?)\s*\)?[.,;]?", text.strip())
            place = _as_place(alone.group(1)) if alone else None
            if last and place and self.people[last][0] is None:
                # "Lena Lundkvist/(Falköping)": the place is on the next line
                self.people[last] = (place, self.people[last][1])
                found = True
                continue
            people = parse_people(text)
            if not people:
                if found and not within_item:
                    collecting = False
                continue
            found = True
            for name, muni, roles in people:
                first = name.split(" ")[0]
                where = next((ln for ln in merged[id(line)] if first in ln.text), line)
                self._add_person(name, muni, roles, where)
        return found

    def _add_person(self, name: str, muni: str | None, roles: set[str], line: Line) -> None:
        if key(name) in {key(known) for known in self.people}:
            return
        self.people[name] = (muni, roles)
        self.people_lines[name] = line
        if "secretary" in roles and self.secretary is None:
            self.secretary = (name, line)
        if "adjuster" in roles:
            self.adjusters.setdefault(name, line)

    def _role_label(self, line: Line, following: Sequence[Line] = ()) -> bool:
        """A ``Sekreterare: X`` or ``Justerare: X`` line, read; True if it was one."""
        label = _LABEL.match(line.text)
        if label is None:
            return False
        kind = fold(label["label"])
        value = label["value"].strip()
        colon = ":" in line.text[label.end("label") : label.start("value") + 1]
        alone = not value and line.text.strip().rstrip(":").strip() == label["label"]
        if not value and following and (colon or alone):
            value = following[0].text.strip()  # "Justeras:" above the names
        names = [name for name, _, _ in parse_people(value)] or _names_in(value)
        if not names and not colon:
            return False  # "sekreterare." ending a sentence begun on the line above
        if kind.startswith(("sekr", "protokollforare", "vid protokollet", "antecknare")):
            if names:
                self.secretary = (names[0], line)
            return True
        if kind.startswith("juster"):
            for name in names:
                self.adjusters.setdefault(name, line)
            return True
        return False

    # items -------------------------------------------------------------------------------

    def _item(self, heading: Heading, body: list[Line]) -> None:
        c = self.collected
        index = len(self.items)
        item: dict[str, Any] = {"number": heading.number or str(index + 1), "title": heading.title}
        self.items.append(item)
        c.cite(f"items[{index}]", self.lines[heading.index])
        title_line = self.lines[heading.index]
        if _ATTENDANCE_TITLE.search(heading.title):
            rest = [attrs.evolve(title_line, text=heading.rest)] if heading.rest else []
            self._attendance([*rest, *body], within_item=True)
            return
        offset = heading.rest_offset
        after_title = (
            [
                attrs.evolve(
                    title_line, text=title_line.text[offset:], shift=title_line.shift + offset
                )
            ]
            if heading.rest
            else []
        )
        item_units = units(after_title) + units(body)
        schedule_item = bool(_SCHEDULE_TITLE.search(heading.title)) or self._dated_list(body)
        if schedule_item:
            self._schedule_lines([*after_title, *body])
        _ItemReader(self, index, item, item_units, schedule_item).read()

    # assembling --------------------------------------------------------------------------

    def _assemble(self) -> Collected:
        c = self.collected
        meeting = self.meeting
        ordered: dict[str, Any] = {"date": meeting.get("date")}
        for field in ("place", "mode", "time"):
            if field in meeting:
                ordered[field] = meeting[field]
        attendees = []
        for position, (name, (muni, _)) in enumerate(self.people.items()):
            matched = self.roster.canonical(name)
            attendees.append(f"{matched.name} ({muni})" if muni else matched.name)
            path = f"meeting.attendees[{position}]"
            line = self.people_lines[name]
            c.cite(path, line, max(line.text.find(name.split(" ")[0]), 0))
            if matched.why:
                c.doubt(path, matched.why)
        if attendees:
            ordered["attendees"] = attendees
        else:
            c.doubt("meeting", "ingen närvarolista hittad: fyll i attendees")
        if self.secretary:
            name, line = self.secretary
            ordered["secretary"] = self._resolve(name, "meeting.secretary")
            c.cite("meeting.secretary", line)
        if self.adjusters:
            ordered["adjusters"] = []
            signed = [
                (part, line) for name, line in self.adjusters.items() for part in self._split(name)
            ]
            for position, (name, line) in enumerate(dict(signed).items()):
                path = f"meeting.adjusters[{position}]"
                ordered["adjusters"].append(self._resolve(name, path))
                c.cite(path, line)
        document: dict[str, Any] = {"kind": "minutes", "body": c.document.get("body")}
        document["meeting"] = ordered
        document["items"] = self.items
        if not self.items:
            c.doubt("items", "inga numrerade punkter eller rubriker hittade")
        entries = sorted(self.schedule.items())
        if entries:
            document["schedule"] = [entry for _, entry in entries]
            for position, (on, _) in enumerate(entries):
                where, offset = self.schedule_sources[on]
                if isinstance(where, Unit):
                    c.cite_unit(f"schedule[{position}]", where, offset)
                else:
                    c.cite(f"schedule[{position}]", where, offset)
        for line, text in self.recurring:
            c.doubt(
                "schedule" if entries else "",
                f"rad {line.number}: återkommande mötestid utan datum ({text}): "
                "lägg in mötena med datum",
            )
        c.document = document
        return c

    def _resolve(self, written: str, path: str) -> str:
        match = self.known_people().person(written)
        if match.why:
            self.collected.doubt(path, match.why)
        return match.name

    def _dated_list(self, body: Sequence[Line]) -> bool:
        """Whether ``body`` is a list of dates and places (``13/9 Falköping, 11/10 Skövde``)."""
        if self.on is None:
            return False
        text = " ".join(line.text for line in body)
        dates = [d for d in find_dates(text, after=self.on) if d.on > self.on]
        # "13/9 Falköping, 11/10 Skövde", not "Anteckningarna från 22/3 godkändes. …"
        return len(dates) >= 2 and len(text.split()) <= 4 * len(dates)

    def _schedule_blocks(self) -> None:
        """``Kommande träffar våren 2025`` or ``Höstens möten:`` anywhere, and the dates after."""
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            text = line.text.strip().lstrip("#*_ ").rstrip("*_ ")
            label = _SCHEDULE_TITLE.match(text) if len(text.split()) <= 8 else None
            if label is None or find_dates(text[label.end() :], after=self.on):
                if label is not None:  # "Höstens möten: måndag v.35, måndag v.40"
                    self._schedule_text(line.text, line, 0)
                index += 1
                continue
            index += 1
            while index < len(self.lines):
                following = self.lines[index]
                row = following.text.strip()
                dated = bool(find_dates(following.text, after=self.on))
                # a table's header row ("| Datum | Plats | Tid |") and its rule go with it
                blank = not row or set(row) <= set("|-: ") or row.startswith("|")
                if not (blank or dated):
                    break
                if dated:
                    self._schedule_text(following.text, following, 0)
                index += 1

    def _split(self, written: str) -> list[str]:
        """``Karin Berg Annelie Olsson`` (two signatures on a line) -> the two people."""
        words = written.split()
        known = {key(name) for name in self.people}
        if key(written) in known or len(words) < 4:
            return [written]
        for cut in range(2, len(words) - 1):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            if key(first) in known and key(second) in known:
                return [first, second]
        return [written]

    def known_people(self) -> Roster:
        """The registered members and aliases, and the attendees found so far."""
        present = [self.roster.canonical(name).name for name in self.people]
        return attrs.evolve(self.roster, present=list(dict.fromkeys(present)))

    # the schedule ------------------------------------------------------------------------

    def _schedule_lines(self, lines: Sequence[Line]) -> None:
        shared_time = None
        for line in lines:
            if not find_dates(line.text, after=self.on) and find_time(line.text):
                shared_time = shared_time or find_time(line.text)
        for line in lines:
            self._schedule_text(line.text, line, 0, shared_time)

    def _schedule_text(
        self, text: str, where: Unit | Line, base: int, shared_time: str | None = None
    ) -> None:
        if self.on is None:
            return
        found = [
            d
            for d in find_dates(text, after=self.on)
            if d.on > self.on and (d.with_year or (d.on - self.on).days <= 330)
        ]
        if not found:
            weekday = _RECURRING.search(text)
            if weekday and isinstance(where, Line):
                self.recurring.append((where, text.strip()))
            return
        for position, match in enumerate(found):
            end = found[position + 1].start if position + 1 < len(found) else len(text)
            segment = text[match.end : end]
            if _CALLED_OFF.search(segment):
                continue  # "26/4 krockar med …, flyttas till 19/4 Hjo": no meeting on 26/4
            entry: dict[str, Any] = {"date": match.on}
            place = _place_in(segment) or (
                _place_in(text[: found[0].start]) if len(found) == 1 else None
            )
            if place:
                entry["place"] = place
            time = (
                find_time(segment) or (find_time(text) if len(found) == 1 else None) or shared_time
            )
            if time:
                entry["time"] = time
            if match.on not in self.schedule or len(entry) > len(self.schedule[match.on]):
                self.schedule[match.on] = entry
                self.schedule_sources[match.on] = (where, base + match.start)


_ATTENDANCE_TITLE = tolerant(r"^(?:närvar|deltagar|närvaro|upprop|deltagande)")
_SCHEDULE_TITLE = tolerant(
    r"\b(?:nästa\s+[\wåäö]*(?:möte|träff)\w*|kommande möte|"
    r"kommande träff|mötestider|mötesdatum|mötesplan|mötesplanering|datum för|tider för|"
    r"planering av möten|möten (?:under )?(?:hösten|våren|vt|ht)|träffar (?:under )?"
    r"(?:hösten|våren|vt|ht)|terminens möten|kalendarium|mötestillfällen|nästa sammanträde|"
    r"(?:höstens|vårens|terminens|årets)\s+(?:möten|träffar|nätverksträffar)|mötesdag\w*|"
    r"kommande\s+(?:möten|träffar|nätverksträffar))"
)
_CALLED_OFF = tolerant(
    r"\b(?:flyttas|flyttat|flyttad|flyttades|ändras|ställs\s+in|inställt|inställd|utgår|stryks)\b"
)
#: Verbs that refer a question whatever is said to go: "lyfts till", "överlämnas till".
_REFERRING = tolerant(
    r"^(?:lyfts?|lyftes|hänskjuts|hänsköts|remitteras|hänvisas|överlämnas|"
    r"överlämnades|förs|fördes|går|gå|flyttas)\b|\bvidare\b"
)
#: What is referred when it is sent: a question, not a document ("Underlaget skickas till").
_QUESTION_SUBJECT = tolerant(
    r"\b(?:frågan|frågorna|fråga|ärendet|ärenden|punkten|detta|den|det|dessa)\b[^.]*$"
)


def _referral(text: str) -> re.Match[str] | None:
    """Where ``text`` refers its question to another body, if it does."""
    match = _REFERRED.search(text)
    if match is None:
        return None
    if _REFERRING.search(match.group()) or _QUESTION_SUBJECT.search(text[: match.start()]):
        return match
    return None


_RELATIVE = re.compile(r"(?i)\bsom\s+$")
_THEN = tolerant(r"^\W*(?:därefter|sedan|därpå|efter\s+det)\b")
_RECURRING = tolerant(
    r"\b(?:måndag|tisdag|onsdag|torsdag|fredag)(?:ar|arna)\b|\bvarannan\b|\bvarje\s+"
    r"(?:måndag|tisdag|onsdag|torsdag|fredag)"
)
_PLACE_STOP = frozenset(
    fold(word)
    for word in """Kl Plats Tid Preliminärt Prel Våren Hösten Vt Ht Obs Krockar Mötet Möte
    Nästa Heldag Halvdag Digitalt Lokal Datum Måndag Tisdag Onsdag Torsdag Fredag""".split()
)


def _place_in(segment: str) -> str | None:
    digital = _DIGITAL.search(segment)
    if digital:
        return "Teams" if "teams" in fold(segment) else digital.group().capitalize()
    for match in re.finditer(r"[A-ZÅÄÖ][\wåäö]+(?:[- ][A-ZÅÄÖ][\wåäö]+)?", segment):
        word = match.group()
        if fold(word.split()[0]) in _PLACE_STOP or word.split()[0] in {"I", "På", "Hos"}:
            continue
        before = segment[: match.start()]
        if re.search(r"(?i)\b(?:med|mot|krockar)\s*$", before):
            return None
        if word in MUNICIPALITIES or not is_swedish(word.lower()):
            return word
        return word if re.search(r"(?i)\b(?:i|på|hos)\s*$", before) else None
    return None


_TOLD = re.compile(
    r"(?:^|[.!?]\s+)[A-ZÅÄÖ][a-zåäöé]+(?:\s+och\s+[A-ZÅÄÖ][a-zåäöé]+)?"
    r"\s+(?P<verb>(?:har\s+)?[a-zåäö]+)\b"
)
_TELLING = frozenset(
    fold(word)
    for word in """informerar berättar redogör hälsar inleder öppnar avslutar tackar tycker
    menar anser undrar frågar säger konstaterar beskriver förklarar föreslår reflekterar
    betonar uppger nämner välkomnar""".split()
)


def _tells_in_past(lines: Sequence[Line]) -> bool:
    """Whether the protocol tells what people did in the past tense (``Eva visade``).

    Counted over sentences that begin with a capitalised word: past-tense verbs
    (``visade``, ``har lyft``) against present-tense telling (``informerar``). Then a
    present-tense ``Per visar`` is a task.
    """
    past = present = 0
    for line in lines:
        for match in _TOLD.finditer(line.text):
            verb = fold(match["verb"])
            if verb in _TELLING:
                present += 1
            elif (re.search(r"(?:ade|de|te)$", verb) and len(verb) > 4) or (
                verb.startswith("har ") and verb.endswith("t")
            ):
                past += 1
    return past > 0 and past >= present


def _names_in(text: str) -> list[str]:
    return [match.group() for match in NAME.finditer(text) if looks_like_name(match.group())]


# --- inside an item --------------------------------------------------------------------------

_TABLED = tolerant(
    r"\bbordl[aä]\w*|\bskjut(?:s|es|its)\s+(?:upp\s+)?till\b|\bflytta(?:s|des)\s+till\s+"
    r"(?:nästa|kommande)|\btas\s+upp\s+(?:igen\s+)?(?:på|vid|till)\s+(?:nästa|kommande)|"
    r"\btogs?\s+inte\s+upp\b|\bhanns?\s+inte\b|\bhann\s+vi\s+inte\b|\bvilar\s+till\b|"
    r"\b(?:tar|tog)\s+upp\s+(?:\w+\s+){0,3}?(?:igen\s+)?(?:på|vid|till)\s+(?:nästa|kommande)\b|"
    r"\bfår\s+vänta\s+till\s+(?:nästa|kommande)\b|\bskjuts\s+till\b|"
    r"\b(?:ta|tas|tar)\s+upp\s+(?:\w+\s+){0,2}?(?:igen\s+)?(?:när\s+vi\s+(?:ses|träffas|möts)|"
    r"i\s+höst|i\s+vår|efter\s+sommaren|efter\s+jul\w*)|"
    r"\b(?:lyfts?|tas)\s+(?:upp\s+)?(?:för|till)\s+beslut\s+(?:på|vid)\s+(?:första|nästa|kommande)|"
    r"\bbeslut\b[^.]{0,40}?\b(?:tas|fattas)\s+(?:på|vid)\s+(?:nästa|kommande|första)|"
    r"\b(?:lyfts?|tas|tags?)\s+(?:upp\s+)?(?:för|till)\s+beslut\s+(?:på|vid|till|under)\s+"
    r"(?:nästa|kommande)|\bbeslut(?:as|et)?\s+(?:tas|fattas)?\s*(?:på|vid)\s+(?:nästa|kommande)|"
    r"\bbeslutas\s+(?:på|vid)\s+(?:nästa|kommande)|\bbeslut\s+(?:på|vid)\s+(?:nästa|kommande)"
)
#: "Efter flera bordläggningar", "Punkten var bordlagd från i våras": an earlier tabling.
_TABLING_NOUN = re.compile(r"(?i)^bordl[aäi4]ggning")
_WAS = tolerant(r"\b(?:var|varit|har\s+varit|har\s+legat|legat|som\s+var)\s+$")


def _tabling(text: str) -> re.Match[str] | None:
    """Where ``text`` tables its matter now, if it does."""
    for match in _TABLED.finditer(text):
        word = match.group()
        earlier = fold(word).startswith("bordl") and _WAS.search(text[: match.start()])
        if _TABLING_NOUN.match(word) or earlier:
            continue
        return match
    return None


_DECIDE_LATER = tolerant(r"\bbeslut\w*\b.*\b(?:nästa|kommande)\b|\bför beslut\b")
_REFERRED = tolerant(
    r"\b(?:skickas|sänds|lämnas|förs|hänskjuts|överlämnas|remitteras|hänvisas|lyfts|går|gå|"
    r"skickades|lämnades|fördes|överlämnades|hänsköts|lyftes|flyttas)\s+(?:vidare\s+)?"
    r"(?:över\s+)?(?:till|upp till)\s+(?P<to>(?:[\wåäö]+-)?[\wåäö]*(?:nätverk|gruppen|"
    r"direktionen|skolchefs|rektorsträff|presidiet)[\wåäö]*)"
)
_DECISION = tolerant(
    r"\bbeslut(?:ar|ade|ades|ats?|s|ar vi)\b|\bbeslöts?\b|^\W*beslut\b\s*:|"
    r"^\W*beslut\s+att\b|\bbeslut(?:et)?\s*:"
    r"|\bfatta(?:de|r)\s+(?:\w+\s+)?beslut\b|\btog(?:s)?\s+(?:\w+\s+)?beslut\b|"
    r"\bbeslut(?:et)?\s+(?:blev|är|var)\b|\bställ(?:er|de)\s+sig\s+bakom\b|"
    r"\bgodk[äa]n(?:ns|des|ner|de|t|nes|d|da)\b|\bantas\b|\bantogs\b|"
    r"\bfastställ(?:s|des|er|de|ts)\b|\benades\b|\benas\b|\b(?:är|var)\s+eniga\b|"
    r"\benig(?:a)?\s+om\b|\bbifall|\b(?:säger|sa|sade|svarar|svarade)\s+ja\b|\bja\s+till\b|"
    r"\bstryk(?:er|s|tes)\b|\b(?:läggs|lades|lägga)\s+till\s+handlingarna\b|"
    r"\bbestäm(?:mer|de|des|t)\b|\bkom(?:mer)?\s+överens\b|\böverens(?:kom|kommet)\b|"
    r"\bbeviljas\b|\bbeviljades\b|"
    r"\btillstyrk|\bavslås\b|\bavslogs\b|\bvi\s+kör\s+på\b"
)
_DECISION_FRAME = tolerant(
    r"^\W*beslut\s+att\s+|^[^.]{0,80}?\b(?:beslutar|beslutade|beslöt|bestämmer|bestämde|beslutades|beslöts|"
    r"bestämdes)\s+(?:vi\s+|mötet\s+|nätverket\s+)?att\s+"
    r"|^[^.]{0,60}?\b(?:enades|enas|kom\s+överens|kommer\s+överens)\s+"
    r"(?:vi\s+|mötet\s+|nätverket\s+)?om\s+att\s+"
)
#: "Åsa berättade att skolchefsgruppen har beslutat …", "Skolchefsgruppen har godkänt
#: mallen": a decision taken elsewhere, told at this meeting.
_REPORTED_DECISION = tolerant(
    r"\b(?:berättar|berättade|informerar|informerade|meddelar|meddelade|redogjorde\s+för|"
    r"rapporterade|nämnde)\s+(?:\S+\s+){0,3}?(?:att|om)\b"
    r"|^\W*(?!vi\b|mötet\b|nätverket\b)[\wåäö-]+\s+(?:har|hade)\s+(?:\w+\s+)?"
    r"(?:beslutat|godkänt|antagit|fastställt|bestämt)\b"
)
_DECISION_LABEL = tolerant(r"\W*(?:beslut|beslutades|mötet beslutade|nätverket beslutade)\s*:?\s*")
_NOT_DECISION = tolerant(
    r"\b(?:inget|inga|ej|icke|inte)\s+(?:\w+\s+)?beslut|\bbeslutsunderlag|\binför\s+beslut|"
    r"\bförslag\s+till\s+beslut|\bbeslut\s+om\s+detta\s+tas|\bbeslutet\s+fattas\s+av|"
    r"\b(?:inte|ej|inget\s+är)\s+(?:\w+\s+)?(?:bestämt|klart|beslutat)"
)
_YES = tolerant(
    r"^\W*(?:ja|svar\s*:\s*ja|svaret\s+(?:blev|är)\s+ja|"
    r"(?:mötet|nätverket|gruppen|vi)\s+(?:svarar|svarade|sa|sade|säger)\s+ja)\b"
)
#: "Frågan till mötet var om nätverket kan ställa sig bakom policyn": a question put.
_QUESTION_PUT = tolerant(
    r"\bfrågan\s+(?:till\s+\w+\s+)?(?:var|är|blev|gäller)\s+om\s+(?P<question>[^.?]+)"
)

_STRONG = tolerant(
    r"\b(?:fick|får|har\s+fått|gavs|ges|erhöll)\s+(?:i\s+|1\s+)?uppdrag(?:et)?\b|"
    r"\bansvarar\b|\bansvarig\b|\båtar\s+sig\b|\båtog\s+sig\b|\btar\s+på\s+sig\b|"
    r"\btog\s+på\s+sig\b|\bska(?:ll)?\b|\bkommer\s+att\b|\båterkommer\b|\båterkopplar\b|"
    r"\bjusterar\b|\bbevakar\b"
)
_NARRATION = frozenset(
    fold(word)
    for word in """informerar berättar redogör presenterar visar går hälsar inleder öppnar
    avslutar tackar föreslår tycker menar anser undrar frågar svarar säger konstaterar
    har är var delar beskriver förklarar påminner rapporterar meddelar delger pratar
    diskuterar reflekterar betonar understryker poängterar uppger nämner berömmer önskar
    vill kan behöver bör måste tror ser upplever känner deltar leder håller sammanfattar
    läser efterfrågar välkomnar uttrycker framför påpekar arbetar jobbar lyfter
    återger refererar noterar summerar ger finns får tipsar efterlyser kommenterar instämmer
    bekräftar redovisar uppmanar uppmuntrar rekommenderar påtalar lyfte saknar välkomnar
    gläds glädjer oroar undrar""".split()
)
#: Narration verbs that also give a task when the protocol tells what happened at the
#: meeting in the past tense ("Eva visade …", then "Johanna delar sitt material").
_ACTING = frozenset(
    fold(word)
    for word in """presenterar visar delar meddelar svarar påminner pratar går redovisar
    rapporterar läser lyfter""".split()
)
#: Verbs that report what someone said: a "ska" in the clause they introduce
#: ("Jessica berättade att Götene ska …") gives nobody a task.
_REPORTING = tolerant(
    r"^(?:(?:berättar|berättade|informerar|informerade|påminner|påminde|säger|sa|sade|"
    r"meddelar|meddelade|nämner|nämnde|tycker|tyckte|menar|menade|anser|ansåg|konstaterar|"
    r"konstaterade|redovisar|redovisade|rapporterar|rapporterade|förklarar|förklarade|"
    r"påpekar|påpekade|tror|trodde|hoppas|hoppades|föreslår|föreslog|tog\s+upp|tar\s+upp|"
    r"lyfte|lyfter|vill|ville|önskar|önskade)\s+(?:\S+\s+){0,2}?(?:om\s+)?att"
    r"|(?:undrar|undrade|frågar|frågade)\s+(?:\S+\s+){0,2}?om)\b"
)
#: What happens to a person rather than a task they are given.
_STATE = tolerant(
    r"^(?:slutar|börjar|fortsätter|stannar|blir|går\s+i\s+pension|tar\s+över\s+som|"
    r"(?:tar|tog)\s+upp\s+(?:frågan|en\s+fråga|ärendet)\b(?![^.]*\b(?:med|till|på|vid)\s)|"
    r"är|var|har\s+(?:\w+\s+)?(?:slutat|börjat|fått|haft|varit|sammanställt)|finns|heter)\b"
)
_DECIDING = frozenset(
    fold(word)
    for word in """beslutar godkänner antar fastställer enas bestämmer ställer bifaller
    tillstyrker väljer stryker beslöt säger""".split()
)
_FUTURE = tolerant(
    r"\b(?:nästa|kommande)\s+(?:nätverks)?(?:möte|träff|gång|sammanträde)|\bsenast\b|"
    r"\btill\s+(?:den\s+)?\d|\binför\b|\bfram\s+till\b"
)
_NEXT_MEETING = tolerant(
    r"\b(?:nästa|kommande)\s+(?:nätverks)?(?:möte|träff|gång|sammanträde|nätverksdag)|"
    r"\btill\s+nästa\b|\bnästa\s+gång\b"
)
_COLLECTIVE_TASK = tolerant(
    r"\b(?:fick|får)\s+(?:i\s+)?uppdrag|\btar\s+med\s+(?:oss|sig)\b|\bska\s+(?:alla|var\s+och\s+en)"
    r"|\bvar\s+och\s+en\b|\bpå\s+(?:sin|sina|egen|egna|hemma)"
)
_ROLE_SUBJECT: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        tolerant(
            r"^(?:alla|samtliga|varje|var\s+och\s+en|respektive)\b(?:\s+(?:medlem|medlemmar|"
            r"kommun|kommuner|deltagare|i\s+nätverket|representant|representanter|rektor|"
            r"rektorer|nätverksmedlem|skola|skolor)\b)*|^(?:nätverkets\s+)?(?:medlemmarna|"
            r"deltagarna)\b|^(?:vi|nätverket)\b"
        ),
        ALL_MEMBERS,
    ),
    (tolerant(r"^(?:ordförande(?:n)?|ordf\.?)\b"), "chair"),
    (tolerant(r"^(?:sekreterare(?:n)?|sekr\.?)\b"), "secretary"),
    (tolerant(r"^presidiet\b"), "presidium"),
)
_PASSIVE = tolerant(
    r"\b(?:skickas|sänds|mejlas|mailas|revideras|sammanställs|tas\s+fram|bokas|uppdateras|"
    r"ses\s+över|kontaktas|utreds|undersöks|bjuds\s+in|kallas|färdigställs|publiceras|"
    r"läggs\s+(?:ut|upp|in)|skrivs|formuleras|planeras|förbereds|arbetas\s+fram|"
    r"återkopplas|distribueras|delas\s+ut|skickas\s+ut|kompletteras|besvaras|lämnas\s+in|"
    r"beställs|anordnas|ordnas|organiseras|följs\s+upp|tas\s+med|stäms\s+av|"
    r"presenteras|redovisas)\b"
)
#: Passive verbs that tell of an event as much as a task: a task only with a date.
_EVENT_PASSIVE = tolerant(r"\b(?:presenteras|redovisas|anordnas|ordnas|organiseras|planeras)\b")
#: A need or a standing rule in the passive: nobody's task yet ("Den behöver uppdateras",
#: "Enligt uppdragsbeskrivningen ska nätverket ses över varje år").
_NO_PASSIVE_TASK = tolerant(
    r"\b(?:behöver|bör|borde|kan|måste|får)\s+(?:\w+\s+)?[a-zåäö]+s\b|^\W*enligt\b|"
    r"\b(?:varje|varannan)\s+(?:år|termin|månad|vecka)|\bårligen\b|"
    r"\b(?:önskas|efterfrågas|välkomnas)\b"
)
_MODAL_PASSIVE = tolerant(r"\b(?:ska|skall)\s+(?:\w+\s+)?[a-zåäö]+s\b")
_AGENT = re.compile(r"\bav\s+(?P<who>" + NAME.pattern + ")")
_ASSIGN_LABEL = tolerant(
    r"^\W*(?:uppdrag|ansvarig|ansvar|ansv\.?|åtgärd|att\s+göra|to\s*do)\s*"
    r"(?:till\s+(?P<to>[^:]+))?\s*:\s*"
)
_INVERTED = re.compile(
    r"^(?:Till|Inför|Efter|Under|Senast|På|Innan|Före)\b[^.]{0,40}?\s(?P<verb>[a-zåäö]+r)\s+"
    r"(?P<who>" + NAME.pattern + r"(?:\s+och\s+" + NAME.pattern + r")?)\b"
)
_RESPONSIBLE = tolerant(r"[.;,(]\s*(?:ansvarig|ansv)\.?\s*:\s*(?P<who>[^.;)]+)")
_ASSIGN_TO = tolerant(r"\b(?:uppdrar\s+åt|ger|gav)\s+(?P<who>.+?)\s+(?:i\s+uppdrag\s+)?att\b")
_ADJUSTS = tolerant(
    r"\b(?:justerar|justerade|justeras\s+av|justera)\b.*?\b(?:protokoll|anteckning|minnesanteckning)"
    r"|\b(?:protokoll\w*|anteckning\w*|minnesanteckning\w*)\s+justeras\s+av\b"
    r"|\bjusterare\b|\bvaldes?\s+till\s+justerare|\btill\s+justerare\b"
)
_WITH_CHAIR = tolerant(r"\b(?:tillsammans\s+med|jämte|och)\s+(?:ordförande|ordföranden|ordf)\b")
_ADJUSTING_WHAT = tolerant(
    r"\bjustera\w*\s+((?:dagens\s+|mötets\s+)?(?:protokoll|anteckning|minnesanteckning)\w*)"
)
_SECRETARY_SENTENCE = tolerant(
    r"\brepresentant\w*\s+(?:för|från)\b.*\bsekreterare\b|\bär\s+sekreterare\b|\bsekreterare\s+(?:för|vid)\s+(?:dagens|detta|mötet)|\bför\s+protokoll"
    r"|\bskriver\s+(?:protokoll|minnesanteckningar|anteckningar)|\bvaldes?\s+till\s+sekreterare"
)
_SUBJECT = re.compile(
    r"^(?P<who>" + NAME.pattern + r"(?:\s*(?:,|och|&|samt)\s*" + NAME.pattern + r")*)"
    r"(?:\s+(?:från|på|i)\s+[A-ZÅÄÖ][\wåäö-]+)?"  # "Karin Berg från IM-nätverket"
    r"\s+(?P<verb>[a-zåäö]+)"
)
#: "Per mejlar presentationen till Karin, som lägger den i Teams": Karin's task.
_WHO_THEN = re.compile(
    r",\s+(?P<who>" + NAME.pattern + r"),?\s+som\s+(?P<task>[a-zåäö]+r\b[^.;]*)"
    r"|(?<=\s)(?P<who2>" + NAME.pattern + r"),\s+som\s+(?P<task2>[a-zåäö]+r\b[^.;]*)"
)
#: "Henrik är inte här i dag, Eva pratar med Henrik": Eva's task.
_NEXT_DOER = re.compile(
    r"[,;]\s+(?:och\s+)?(?P<who>" + NAME.pattern + r")\s+(?P<task>[a-zåäö]+r\b[^.;]*)"
)
#: "Marie och Sofia har fått frågor, de lägger ut information": their task.
_THEY_THEN = tolerant(r",\s*(?:och\s+)?(?:de|dom|hon|han)\s+(?P<task>[a-zåäö]+r\b[^.;]*)")
#: "Niklas skickar ut enkäten i dag och den ska besvaras senast 29/11": a second task.
_AND_THEN_PASSIVE = tolerant(
    r"\s+(?:och|,)\s+(?P<task>(?:den|det|de)\s+(?:ska|skall)\s+[a-zåäö]+s\b[^.;]*)"
)
#: "Per påminde om att statistiken ska lämnas in senast 15 juni": everyone's task.
_REMINDER = tolerant(
    r"^\W*\S+(?:\s+\S+)?\s+(?:påminde|påminner)\s+(?:alla\s+)?om\s+att\s+"
    r"(?P<task>[^.;]*?\b(?:ska|skall)\s+(?:\w+\s+)?[a-zåäö]+s\b[^.;]*)"
)
_TOGETHER = re.compile(
    r"\s+tillsammans\s+med\s+(?P<who>" + NAME.pattern + r"(?:\s+och\s+" + NAME.pattern + r")?)"
)
_LEADING_LABEL = tolerant(r"^\W*(?:beslut|beslutades)\s*:\s*")
_HEDGED = tolerant(r"\b(?:kan\s+behöva|eventuellt|kanske|möjligen|kan\s+komma\s+att)\b")
_FOLLOW_UP = tolerant(
    r"^\W*\S+(?:\s+\S+)?\s+(?:återkopplar|återkommer|rapporterar|redovisar|meddelar)\b"
)
_OTHER_MATTERS = tolerant(r"^övrig")
_MATTER_HEAD = re.compile(r"^(?P<title>[^:.!?]{2,60}?):\s+(?P<rest>\S.*)$")
_OUTCOME_AFTER_TITLE = tolerant(
    r"\s+[–—-]\s+(?:till|tills|bordl\w*|skjuts|tas\s+upp|får\s+vänta)\b.*$"
)
_OWN_UNTIL = tolerant(r"\b(?:till|tills)\s+(?:mötet|träffen|den|första|nästa|\d)")
_DEADLINE = tolerant(r"\b(?:senast|före|innan|deadline|sista\s+dag)\b")


@attrs.define
class _ItemReader:
    """The entries of one item, from its units."""

    reader: MinutesReader
    index: int
    item: dict[str, Any]
    units: list[Unit]
    schedule_item: bool
    sub_items: int = 0
    deciding: bool = False  # after a "Beslut:" line, its list or sentence is the decision
    entries: dict[int, dict[str, Any]] = attrs.Factory(dict)  # list entries made items
    tabling_list: Unit | None = None  # "Följande bordläggs:", while its list runs
    in_entry: bool = False  # reading one listed matter of "Övriga frågor" as its own item

    @property
    def path(self) -> str:
        return f"items[{self.index}]"

    def read(self) -> None:
        if _OTHER_MATTERS.search(self.item["title"]) and not self.in_entry:
            self._matters()
            return
        self._read(self.units)

    def _matters(self) -> None:
        """Other matters: each listed matter with an outcome is an item of its own (7a, 7b)."""
        group: list[Unit] = []
        prose: list[Unit] = []  # read together: "Nästa möte blir 7/2 …. Därefter 12/3 …"
        for unit in self.units:
            if unit.listed and prose:
                self._read(prose)
                prose = []
            if unit.listed and self.tabling_list is not None:
                self._sub_item(unit, tabled_by=self.tabling_list)
                continue
            if unit.listed and unit.entry is not None:
                if group and group[0].entry != unit.entry:
                    self._matter(group)
                    group = []
                group.append(unit)
                continue
            if group:
                self._matter(group)
                group = []
            prose.append(unit)
        if prose:
            self._read(prose)
        if group:
            self._matter(group)

    def _matter(self, group: list[Unit]) -> None:
        c = self.reader.collected
        first = group[0]
        title = re.split(r"(?<=[a-zåäö0-9)])[.?!]\s", first.text + " ", maxsplit=1)[0]
        head = _MATTER_HEAD.match(first.text)
        if head and len(head["title"].split()) <= 7:
            # "- Lokalfrågan: Jan kollar med fastighetsbolaget": a title, then what was said
            title, shift = head["title"], head.start("rest")
            spans = tuple((start - shift, line) for start, line in first.spans)
            group = [attrs.evolve(first, text=head["rest"], spans=spans), *group[1:]]
        sub = self._new_sub_item(attrs.evolve(first, text=title.strip()))
        index = len(self.reader.items) - 1
        _ItemReader(self.reader, index, sub, group, False, in_entry=True).read()
        if not set(sub) & {"decisions", "assignments", "tabled", "referred_to"}:
            self.reader.items.pop()  # a matter with no outcome is no item
            self.sub_items -= 1
            prefix = f"items[{index}]"
            for path in [p for p in c.sources if p == prefix or p.startswith(prefix + ".")]:
                del c.sources[path]
            c.unsure[:] = [u for u in c.unsure if not u.path.startswith(prefix)]

    def _read(self, units: list[Unit]) -> None:
        previous: Unit | None = None
        for unit in units:
            text = unit.text
            if self.tabling_list is not None and unit.listed:
                self._sub_item(unit, tabled_by=self.tabling_list)
                previous = unit
                continue
            self.tabling_list = None
            if self.deciding and not _tabling(text):
                self._decision(unit, previous, labelled=True)
                self.deciding = unit.listed
                previous = unit
                continue
            self.deciding = bool(_DECISION_LABEL.fullmatch(text))
            if self.deciding:
                previous = unit
                continue
            adjusters = self._roles(unit)
            # a schedule's lines, not its sentences, are the schedule; a task there is still
            # one ("Karin justerar anteckningarna och skickar dem till förbundet")
            if (
                self.schedule_item
                and not _DECISION.search(text)
                and (find_dates(text, after=self.reader.on) or self._subject(unit) is None)
            ):
                previous = unit
                continue
            then = (
                previous is not None
                and _THEN.match(text)
                and _NEXT_MEETING.search(previous.text) is not None
            )
            if (
                not self.schedule_item
                and (_NEXT_MEETING.search(text) or then)
                and find_dates(text, after=self.reader.on)
                and not _tabling(text)
            ):
                self._schedule(unit)
            if _tabling(text) and not _referral(text):
                self._tabled(unit)
            elif _referral(text) and not self._subject(unit):
                self._referred(unit)
            else:
                decided = self._decision(unit, previous)
                assigned = self._assignment(unit, decided=decided, previous=previous)
                if adjusters and not assigned:
                    self._adjusting(unit, adjusters)
                if _referral(text):
                    self._referred(unit)
                elif not decided and not assigned and _DEADLINE.search(text):
                    self._deadline(unit)
            previous = unit

    # tabling ---------------------------------------------------------------------------

    def _tabled(self, unit: Unit) -> None:
        c = self.reader.collected
        match = _tabling(unit.text)
        assert match is not None
        listing = (
            unit.ends_with_colon
            or re.search(r"(?i)följande|nedanstående", unit.text)
            or re.search(r"\(?\b[a-h]\)", unit.text[match.end() :])
        )
        inline = re.split(r"\s*\(?\b[a-h]\)\s*|\s*;\s*", unit.text[match.end() :])
        if listing:
            self.tabling_list = unit
            entries = [part.strip(" .:-–—") for part in inline[1:] if part.strip(" .:-–—")]
            for entry in entries:
                self._sub_item(attrs.evolve(unit, text=entry), tabled_by=unit)
            return
        subject = _tabled_subject(unit.text[: match.start()])
        entry = unit.entry if unit.listed and not self.in_entry else None
        if len(self.units) == 1 and not unit.listed:
            subject = None  # the heading's only matter, deferred: the heading is tabled
        if entry is not None and entry is not unit and entry.text != unit.text:
            # "a) Elever som stannar hemma – …? Bordläggs.": the entry is tabled
            self._entry_item(entry, unit)
            return
        # a listed matter, or one more beside matters already made items, is an item of its
        # own; the heading's only matter deferred in prose ("Övrigt: X får vänta") tables
        # the heading
        if subject and not self.in_entry and self._beside_others(unit):
            self._sub_item(attrs.evolve(unit, text=subject), tabled_by=unit)
            return
        until, why = self._until(unit)
        self.item["tabled"] = until
        c.cite_unit(f"{self.path}.tabled", unit, match.start())
        if why:
            c.doubt(f"{self.path}.tabled", why)

    def _beside_others(self, unit: Unit) -> bool:
        """Whether ``unit``'s matter is one of several under this heading."""
        taken = {"tabled", "referred_to"} & set(self.item)
        return unit.listed or bool(taken) or self.sub_items > 0

    def _until(self, unit: Unit) -> tuple[Any, str | None]:
        reason = "beslut på nästa möte" if _DECIDE_LATER.search(unit.text) else None
        dates = [d for d in find_dates(unit.text, after=self.reader.on) if self._after(d)]
        until: Any = dates[0].on if dates else "next_meeting"
        if reason:
            return {"until": until, "reason": reason}, None
        if not dates and not _NEXT_MEETING.search(unit.text):
            return until, "ingen tid angiven: till nästa möte antaget"
        return until, None

    def _after(self, found: DateMatch) -> bool:
        return self.reader.on is None or found.on > self.reader.on

    def _new_sub_item(self, unit: Unit) -> dict[str, Any]:
        """A new item 7a, 7b, … under this one, titled by ``unit``."""
        self.sub_items += 1
        letter = chr(ord("a") + self.sub_items - 1)
        title = re.sub(r"^\(?[a-h]\)\s*", "", unit.text.strip(" .:-–—"))
        title = _OUTCOME_AFTER_TITLE.sub("", title)
        sub: dict[str, Any] = {
            "number": f"{self.item['number']}{letter}",
            "title": _capital(title),
        }
        self.reader.collected.cite_unit(f"items[{len(self.reader.items)}]", unit)
        self.reader.items.append(sub)
        return sub

    def _entry_item(self, entry: Unit, tabled_by: Unit) -> None:
        """A list entry tabled by a later sentence: an item titled by its first words."""
        title = re.split(r"\s+[-–—]\s+|[?:]", entry.text, maxsplit=1)[0]
        sub = self.entries.get(id(entry))
        if sub is None:
            self._sub_item(attrs.evolve(entry, text=title), tabled_by=tabled_by)
            self.entries[id(entry)] = self.reader.items[-1]

    def _sub_item(self, unit: Unit, tabled_by: Unit | None = None) -> None:
        c = self.reader.collected
        sub = self._new_sub_item(unit)
        index = len(self.reader.items) - 1
        # "- Rutiner för nyanlända – till mötet 13 september" under "Följande bordläggs:"
        own = tabled_by is not None and _OWN_UNTIL.search(unit.text) is not None
        until, why = self._until(unit if own else (tabled_by or unit))
        sub["tabled"] = until
        c.cite_unit(f"items[{index}].tabled", tabled_by or unit)
        if why:
            c.doubt(f"items[{index}].tabled", why)

    # referral --------------------------------------------------------------------------

    def _referred(self, unit: Unit) -> None:
        c = self.reader.collected
        match = _referral(unit.text)
        assert match is not None
        if _RELATIVE.search(unit.text[: match.start()]):
            return  # "Rapporten, som lämnades till skolchefsgruppen": delivered, not referred
        written = match["to"]
        registered = match_body(written, self.reader.bodies)
        target = self.item
        subject = _tabled_subject(unit.text[: match.start()])
        if subject and not self.in_entry and self._beside_others(unit):
            target = self._new_sub_item(attrs.evolve(unit, text=subject))
        where = f"items[{self.reader.items.index(target)}]"
        slug = registered.id if registered else body_slug(written)
        if _HEDGED.search(unit.text):
            line = unit.line_at(match.start())[0].number
            c.doubt(
                where,
                f"frågan kan behöva gå till {written} (rad {line}): "
                f"skriv referred_to: {slug} om den skickas dit",
            )
            return
        path = f"{where}.referred_to"
        target["referred_to"] = slug
        c.cite_unit(path, unit, match.start())
        if registered is None:
            c.doubt(path, f"id gissat från '{written}': kontrollera att organet är registrerat")

    # decisions -------------------------------------------------------------------------

    def _decision(self, unit: Unit, previous: Unit | None, *, labelled: bool = False) -> bool:
        text = unit.text
        yes = _YES.search(text)
        short_yes = yes is not None and len(text[yes.end() :].split()) < 3
        put = _QUESTION_PUT.search(previous.text) if previous is not None else None
        decides = _DECISION.search(text)
        if short_yes and previous is not None and previous.text.rstrip().endswith("?"):
            decision = f"{previous.text.rstrip()} Ja"
        elif short_yes and put is not None:
            decision = put["question"]  # the question put, answered yes
        elif labelled or (decides and not _NOT_DECISION.search(text)):
            reported = _REPORTED_DECISION.search(text)
            if not labelled and reported and decides and reported.start() <= decides.start():
                return False
            decision = text
        else:
            return False
        decision = re.sub(r"^\W*beslut\s*:\s*", "", decision, flags=re.IGNORECASE).strip()
        decision = _DECISION_FRAME.sub("", decision).strip().rstrip(" .")
        if not decision:
            return False
        decisions = self.item.setdefault("decisions", [])
        path = f"{self.path}.decisions[{len(decisions)}]"
        decisions.append(_capital(decision))
        self.reader.collected.cite_unit(path, unit)
        return True

    # assignments -----------------------------------------------------------------------

    def _subject(self, unit: Unit) -> list[str] | None:
        """Who the unit gives a task to, as written; None if it gives none."""
        text = _LEADING_LABEL.sub("", re.sub(r"^\W+", "", unit.text))
        label = _ASSIGN_LABEL.match(text)
        if label:
            if label["to"]:
                return self._people_or_roles(label["to"]) or [label["to"].strip()]
            rest = text[label.end() :]
            subject = _SUBJECT.match(rest)
            if subject and self._known_people(subject["who"]):
                return self._known_people(subject["who"])
            named = _NAMED_LABEL.match(rest)  # "Ansvarig: Ingrid, förslag på upplägg"
            if named and self._known_people(named["who"]):
                return self._known_people(named["who"])
            return self._role_subject(rest) or []
        if _REMINDER.match(text):
            return [ALL_MEMBERS]
        inverted = _INVERTED.match(text)
        if (
            inverted
            and self._known_people(inverted["who"])
            and _acts(inverted["verb"], text[inverted.start("verb") :], strong=True)
        ):
            return self._known_people(inverted["who"])
        responsible = _RESPONSIBLE.search(text)
        if responsible and responsible.start() > 0:
            return self._people_or_roles(responsible["who"]) or None
        given = _ASSIGN_TO.search(text)
        if given and self._people_or_roles(given["who"]):
            return self._people_or_roles(given["who"])
        role = self._role_subject(text)
        subject = _SUBJECT.match(text)
        # a date after the meeting makes "Ordföranden rapporterar … den 8 februari" a task
        strong = _STRONG.search(text) or self._dated(text)
        if role is not None:
            after = text[_role_end(text) :]
            verb = re.match(r"\s*([a-zåäö]+)", after)
            collective = re.match(r"(?i)\W*(?:vi|nätverket)\b", text) is not None
            if collective and not _COLLECTIVE_TASK.search(text):
                return None
            past = self.reader.past_narration
            if verb and _acts(verb.group(1), after[verb.start(1) :], bool(strong), past):
                return role
            return None
        if subject is None:
            return None
        people = self._known_people(subject["who"])
        if not people:
            return None
        past_narration = self.reader.past_narration
        if _acts(subject["verb"], text[subject.start("verb") :], bool(strong), past_narration):
            return people
        return None

    def _dated(self, text: str) -> bool:
        on = self.reader.on
        return on is not None and any(d.on > on for d in find_dates(text, after=on))

    def _role_subject(self, text: str) -> list[str] | None:
        for pattern, role in _ROLE_SUBJECT:
            if pattern.search(text):
                return [role]
        return None

    def _people_or_roles(self, text: str) -> list[str]:
        role = self._role_subject(text.strip())
        if role:
            return role
        return self._known_people(text)

    def _known_people(self, text: str) -> list[str]:
        names = [part.strip() for part in re.split(r",|\boch\b|&|\bsamt\b", text) if part.strip()]
        if not names or not all(looks_like_name(name) for name in names):
            return []
        roster = self.reader.roster
        people = [*self.reader.people, *roster.registered, *roster.present]
        known = {key(p) for p in people} | {key(p).split(" ")[0] for p in people}
        known |= {key(p).split(" ")[-1] for p in people}
        if all(key(name) in known or _first_name(name) for name in names):
            return names
        return []

    def _assignment(self, unit: Unit, *, decided: bool, previous: Unit | None = None) -> bool:
        """The assignments ``unit`` gives; True if it gave one.

        The sentence's own, given to its subject (or, in the passive, to nobody named),
        and the ones its clauses add: ``…, som lägger den i Teams``, ``…, de lägger ut
        …``, ``… och den ska besvaras senast 29/11``.
        """
        text = unit.text
        who = self._subject(unit)
        if who is None:
            who = self._pronoun_subject(unit, previous)
        then = _clause_tasks(text)
        own = text[: then[0][0]] if then else text
        unsure_who = None
        passive = False
        others = [
            (written, words)
            for _, kind, written, words in then
            if kind == "doer" and self._known_people(written) and self._acting(words)
        ]
        if who is None and others:
            for written, words in others:
                self._give(unit, words, self._known_people(written), "")
            return True
        if who is None:
            they = _THEY_THEN.search(text)
            subject = _SUBJECT.match(re.sub(r"^\W+", "", text))
            if they and subject and self._known_people(subject["who"]):
                self._give(unit, they["task"], self._known_people(subject["who"]), "")
                return True
            agent = _AGENT.search(own)
            if self._passive_task(own, decided):
                passive = True
                if agent and looks_like_name(agent["who"]):
                    who = [agent["who"]]
                else:
                    who = ["presidium"]
                    unsure_who = "ingen ansvarig nämns: fyll i vem som ska göra det"
            else:
                return False
        if not who:
            return False
        together = _TOGETHER.search(own)
        if together and self._known_people(together["who"]):
            who = [*who, *self._known_people(together["who"])]
            own = own[: together.start()] + own[together.end() :]
        assignments = self.item.setdefault("assignments", [])
        if assignments and _FOLLOW_UP.search(text) and not then:
            names = [self._person(written, None) for written in who]
            if assignments[-1]["to"] == names:
                due, why = self._due(text)
                earlier = f"{self.path}.assignments[{len(assignments) - 1}]"
                c = self.reader.collected
                if why is None:
                    assignments[-1]["due"] = due
                    c.cite_unit(f"{earlier}.due", unit)
                    c.unsure[:] = [u for u in c.unsure if u.path != f"{earlier}.due"]
                return True
        doers = None if passive else _subject_prefix(own)
        task = _task(own, doers)
        if previous is not None and _ONLY_RESPONSIBLE.match(own):
            # "Beslut att underlaget skickas …" then "Ansv: Fredrik, senast 28/2."
            task = _task(_DECISION_FRAME.sub("", _LEADING_LABEL.sub("", previous.text)))
        self._give(unit, own, who, task, unsure_who)
        for _, kind, written, words in then:
            if kind == "passive":
                thing = _object(task)
                done = re.sub(r"(?i)^(?:den|det|de)\b", thing, words) if thing else words
                self._give(unit, done, ["presidium"], _task(done), _NOBODY)
            elif kind == "who" and self._known_people(written):
                self._give(unit, words, self._known_people(written), "")
            elif kind == "they":
                self._give(unit, words, who, "")
            elif kind == "doer" and self._known_people(written) and self._acting(words):
                self._give(unit, words, self._known_people(written), "")
        return True

    def _pronoun_subject(self, unit: Unit, previous: Unit | None) -> list[str] | None:
        """``Eva och Petra deltar. De återkopplar på nästa möte``: the people before."""
        pronoun = _PRONOUN_SUBJECT.match(unit.text)
        if pronoun is None or previous is None:
            return None
        before = _SUBJECT.match(re.sub(r"^\W+", "", previous.text))
        people = self._known_people(before["who"]) if before else []
        strong = bool(_STRONG.search(unit.text)) or self._dated(unit.text)
        verb_at = pronoun.start("verb")
        if people and _acts(pronoun["verb"], unit.text[verb_at:], strong, True):
            return people
        return None

    def _acting(self, words: str) -> bool:
        """Whether ``words`` (a verb and what follows) give a task."""
        verb = words.split(" ", 1)[0]
        strong = bool(_STRONG.search(words)) or self._dated(words)
        return _acts(verb, words, strong, self.reader.past_narration)

    def _passive_task(self, text: str, decided: bool) -> bool:
        """Whether ``text`` gives a task in the passive (``Planen revideras …``)."""
        if not _PASSIVE.search(text) or decided or text.rstrip().endswith("?"):
            return False
        if _NO_PASSIVE_TASK.search(text):
            return False
        if _EVENT_PASSIVE.search(text) or _MODAL_PASSIVE.search(text):
            return self._dated(text)
        return True

    def _person(self, written: str, path: str | None) -> str:
        if written in (ALL_MEMBERS, "chair", "secretary", "presidium"):
            return written
        match = self.reader.known_people().person(written)
        if match.why and path is not None:
            self.reader.collected.doubt(path, match.why)
        return match.name

    def _give(
        self,
        unit: Unit,
        text: str,
        who: list[str],
        task: str,
        unsure_who: str | None = None,
    ) -> None:
        """An assignment of ``task`` (or the task ``text`` gives) to ``who``, due as it says."""
        c = self.reader.collected
        assignments = self.item.setdefault("assignments", [])
        path = f"{self.path}.assignments[{len(assignments)}]"
        names = [self._person(written, f"{path}.to[{n}]") for n, written in enumerate(who)]
        due, why = self._due(text)
        assignments.append(
            {"to": names, "task": task or _task(_infinitives(text.strip())), "due": due}
        )
        c.cite_unit(path, unit)
        if unsure_who:
            c.doubt(f"{path}.to", unsure_who)
        if why:
            c.doubt(f"{path}.due", why)

    def _adjusting(self, unit: Unit, adjusters: list[str]) -> None:
        """``Till justerare valdes X``: X has the task of adjusting the minutes."""
        c = self.reader.collected
        assignments = self.item.setdefault("assignments", [])
        path = f"{self.path}.assignments[{len(assignments)}]"
        what = _ADJUSTING_WHAT.search(unit.text)
        task = f"Justera {what.group(1)}" if what else "Justera protokollet"
        names = [self.reader.known_people().person(name).name for name in adjusters]
        if _WITH_CHAIR.search(unit.text):  # "… justera protokollet tillsammans med ordförande"
            names.append("chair")
        assignments.append({"to": names, "task": task, "due": "next_meeting"})
        c.cite_unit(path, unit)

    def _due(self, text: str) -> tuple[Any, str | None]:
        on = self.reader.on
        dates = [d for d in find_dates(text, after=on) if self._after(d)]
        if dates:
            return dates[0].on, None
        today = _TODAY.search(text)
        if today and on is not None:
            return on + timedelta(days=1 if today["tomorrow"] else 0), None
        if _NEXT_MEETING.search(text):
            return "next_meeting", None
        if on is not None:
            month_end = month_named(text, on)
            if month_end is not None:
                return month_end, "bara en månad angiven: sista dagen i månaden antagen"
        return "next_meeting", "ingen tid angiven: till nästa möte antaget"

    # roles, deadlines, schedule --------------------------------------------------------

    def _roles(self, unit: Unit) -> list[str]:
        """Who the unit makes adjuster or secretary; returns the adjusters."""
        reader = self.reader
        text = unit.text
        line, _ = unit.line_at(0)
        adjusters: list[str] = []
        if _ADJUSTS.search(text):
            for name in _names_in(re.sub(r"^\W*(?:Justerare|Justering)\s*:?", "", text)):
                if self._known_people(name):
                    reader.adjusters.setdefault(name, line)
                    adjusters.append(name)
        if _SECRETARY_SENTENCE.search(text):
            names = [n for n in _names_in(text) if self._known_people(n)]
            if names and reader.secretary is None:
                reader.secretary = (names[0], line)
            muni = re.search(
                r"(?i)(?:representanten|representant)\s+(?:för|från)\s+(?:kommun\s+)?([A-ZÅÄÖ][\wåäö]+)",
                text,
            )
            if muni and reader.secretary is None:
                for name, (place, _) in reader.people.items():
                    if place and fold(place) == fold(muni.group(1)):
                        reader.secretary = (name, line)
                        break
        return adjusters

    def _deadline(self, unit: Unit) -> None:
        dates = [d for d in find_dates(unit.text, after=self.reader.on) if self._after(d)]
        if not dates:
            return
        note = f"Deadline {dates[0].on.isoformat()}: {unit.text.rstrip(' .')}"
        self.item["notes"] = f"{self.item['notes']} {note}" if "notes" in self.item else note
        self.reader.collected.cite_unit(f"{self.path}.notes", unit)

    def _schedule(self, unit: Unit) -> None:
        self.reader._schedule_text(unit.text, unit, 0)


def _subject_prefix(text: str) -> str | None:
    """The words a sentence names its doers with: ``Lena och Mikael``, ``Alla medlemmar``."""
    text = _LEADING_LABEL.sub("", re.sub(r"^\W+", "", text))
    end = _role_end(text)
    if end:
        return text[:end]
    subject = _SUBJECT.match(text)
    return text[: subject.start("verb")].rstrip() if subject else None


_NOBODY = "ingen ansvarig nämns: fyll i vem som ska göra det"
_PRONOUN_SUBJECT = tolerant(r"^\W*(?:de|dom|hon|han)\s+(?P<verb>[a-zåäö]+)\b")
#: "Ansv: Fredrik, senast 28/2.": who, and by when, of the sentence before.
_ONLY_RESPONSIBLE = re.compile(
    r"(?i:^\W*(?:ansvarig|ansvar|ansv\.?)\s*:\s*)"
    + r"(?:"
    + NAME.pattern
    + r")(?:\s+och\s+(?:"
    + NAME.pattern
    + r"))?"
    + r"(?i:\s*(?:,\s*(?:senast|till|före)\s+[^.;]*)?\.?\s*$)"
)
_TODAY = tolerant(r"\b(?:i\s*dag|(?P<tomorrow>i\s*morgon))\b")
_NAMED_LABEL = re.compile(
    r"^(?P<who>" + NAME.pattern + r"(?:\s+och\s+" + NAME.pattern + r")?)\s*[,:–-]\s+\S"
)


def _clause_tasks(text: str) -> list[tuple[int, str, str, str]]:
    """Tasks a sentence's later clauses give: (where the clause starts, kind, who, words)."""
    found: list[tuple[int, str, str, str]] = []
    for match in _WHO_THEN.finditer(text):
        who = match["who"] or match["who2"]
        start = match.start() if match["who"] else match.end("who2")
        found.append((start, "who", who, match["task"] or match["task2"]))
    for match in _THEY_THEN.finditer(text):
        found.append((match.start(), "they", "", match["task"]))
    for match in _AND_THEN_PASSIVE.finditer(text):
        found.append((match.start(), "passive", "", match["task"]))
    for match in _NEXT_DOER.finditer(text):
        if not any(start <= match.start() < start + len(words) + 40 for start, *_, words in found):
            found.append((match.start(), "doer", match["who"], match["task"]))
    return sorted(found)


def _object(task: str) -> str | None:
    """What a task is done to, for a pronoun after it: ``Skicka ut enkäten`` -> ``enkäten``."""
    words = re.findall(r"[a-zåäö]+", task.split(" senast ", maxsplit=1)[0])
    last = words[-1] if len(words) >= 2 else None
    return last if last and re.search(r"(?:en|et|na|an)$", last) else None


def _role_end(text: str) -> int:
    for pattern, _ in _ROLE_SUBJECT:
        match = pattern.search(text)
        if match:
            return match.end()
    return 0


def _acts(verb: str, text: str, strong: bool, past_narration: bool = False) -> bool:
    """Whether ``verb`` after a subject gives a task: present tense, not narration.

    ``text`` is the sentence from the verb on. In a protocol that tells the meeting in
    the past tense, a verb like ``delar`` or ``presenterar`` in the present is a task.
    """
    word = fold(verb)
    if _STATE.match(text) or _REPORTING.match(text):
        return False
    if re.search(r"(?:ade|de|te|dde|ades)$", word) and len(word) > 4:
        return False  # "Karin redogjorde för …": what was done, not what is to be
    if strong:
        return True
    if word in _DECIDING:
        return False
    if word in _NARRATION:
        return (past_narration and word in _ACTING) or bool(_FUTURE.search(text))
    if re.search(r"(?:ade|de|te|dde|tt|ades)$", word):
        return False
    return word.endswith("r")


def _tabled_subject(before: str) -> str | None:
    subject = re.sub(
        r"(?i)^\W*(?:frågan|punkten|ärendet|diskussionen|samtalet)\s+(?:om|kring|gällande)\s+",
        "",
        before.strip(),
    ).strip(" ,.:")
    if not subject or fold(subject.split()[0]) in {
        "fragan", "punkten", "arendet", "detta", "den", "det", "denna", "amnet", "resten",
        "ovriga", "ovrigt", "allt", "samtliga", "alla", "vi", "punkt", "diskussionen",
    }:  # fmt: skip
        return None
    return subject


def _task(text: str, subject: str | None = None) -> str:
    """The task as a secretary writes it: ``Kolla med Skövde och återkomma``.

    Without the label, the people it goes to, the framing (``fick i uppdrag att``) and
    the deadline; the verbs the people do it with in the infinitive.
    """
    text = _RESPONSIBLE.sub("", text).replace("**", "")
    text = _LEADING_LABEL.sub("", text)
    labelled = _ASSIGN_LABEL.match(text)
    if labelled:
        text = text[labelled.end() :]
        named = _NAMED_LABEL.match(text)
        if named and not _SUBJECT.match(text[: named.end()]):
            text = text[named.end() - 1 :]  # "Ingrid, förslag på upplägg": the words after
            subject = None
        else:
            subject = _subject_prefix(text)
    reminded = _REMINDER.match(text)
    if reminded:
        text, subject = reminded["task"], None
    inverted = _INVERTED.match(text)
    if inverted:  # "Till nästa möte tar Karin fram …"
        text = f"{inverted['verb']} {text[inverted.end() :]}"
    elif subject:
        text = text[len(subject) :] if text.startswith(subject) else text
    framed = None if _PASSIVE_FIRST.match(text) else _TASK_FRAME.match(text)
    if framed:
        text = text[framed.end() :]
    elif subject or inverted:
        text = _infinitives(text.strip())
    text = _active(text)
    text = _DEADLINE_PHRASE.sub("", text)
    text = _TODAY.sub("", text)
    return _capital(" ".join(text.split()).strip(" ,.;:-–"))


_TASK_FRAME = tolerant(
    r"^\W*(?:\w+\s+){0,3}?(?:fick|får|har\s+fått|gavs|ges)\s+(?:i\s+)?uppdrag(?:et)?\s+att\s+"
    r"|^\W*(?:\w+\s+){0,3}?(?:ansvarar|ansvarade)\s+för\s+att\s+"
    r"|^\W*(?:\w+\s+){0,3}?(?:åtar|åtog|tar|tog)\s+(?:sig|på\s+sig)\s+att\s+"
    r"|^\W*(?:\w+\s+){0,3}?(?:ska|skall|kommer\s+att|har\s+i\s+uppdrag\s+att)\s+"
)
_DEADLINE_PHRASE = tolerant(
    r"\s*\b(?:senast|till|före|innan|inför|på|vid|under)\s+(?:den\s+)?"
    r"(?:nästa|kommande)\s+(?:nätverks)?(?:möte|träff|gång|sammanträde)t?"
    r"|\s*\b(?:senast|till|före|innan)\s+(?:(?:mötet|träffen|möte)\s+)?(?:den\s+)?"
    r"(?:\d{1,2}(?::[ae])?\s*(?:/\s*\d{1,2}"
    r"|\s+[a-zåäö]+)(?:\s+20\d\d)?|20\d\d-\d\d-\d\d|v(?:ecka|\.)\s*\d+)"
    r"|\s*\bsenast\s+(?:i\s+)?[a-zåäö]+"
    r"|\s*\b(?:i|under|till|före|innan)\s+(?:slutet\s+av\s+)?(?:januari|februari|mars|april|"
    r"maj|juni|juli|augusti|september|oktober|november|december)\b(?=\s*[.,;]?\s*$)"
    r"|\s+den\s+\d{1,2}(?:\s*/\s*\d{1,2}|\s+[a-zåäö]+)(?:\s+20\d\d)?(?=\s*[.,;]?\s*$)"
)
_PASSIVE_FIRST = tolerant(r"^\W*(?:\w+\s+){1,4}?(?:ska|skall)\s+[a-zåäö]+s\b")


def _active(text: str) -> str:
    """``Planen revideras och skickas in`` -> ``Revidera planen och skicka in``.

    A task written in the passive, as a secretary writes it: the verb first, in the
    infinitive, then what it is done to; ``av Ulf`` (who does it) left out.
    """
    passive = _PASSIVE.search(text)
    if passive is None:
        return text
    thing = re.sub(r"(?i)\s*\b(?:ska|skall)\s*$", "", text[: passive.start()]).strip(" ,")
    if not thing or len(thing.split()) > 5 or not re.fullmatch(r"[\w\s/-]+", thing):
        return text
    first = thing.split()[0]
    if is_swedish(first.lower()):
        thing = first.lower() + thing[len(first) :]
    rest = _AGENT.sub("", text[passive.end() :])
    rest = re.sub(
        r"\b(och|samt)\s+([a-zåäö]+s)\b", lambda m: f"{m[1]} {_passive_verb(m[2])}", rest
    )
    words = passive.group().split()
    verb = " ".join([_passive_verb(words[0]), *words[1:]])
    return f"{verb} {thing}{rest}"


def _passive_verb(word: str) -> str:
    """``skickas`` -> ``skicka``, ``bjuds`` -> ``bjuda``, ``tas`` -> ``ta``."""
    stem = word[:-1] if word.endswith("s") else word
    if stem.endswith("a") or len(stem) <= 2:
        return stem
    if re.search(r"[aeiouyåäö]m$", stem):
        return stem + "ma"
    return stem + "a"


_IRREGULAR = {"ser": "se", "ger": "ge", "ber": "be", "gör": "göra", "är": "vara", "vet": "veta"}


def _infinitives(text: str) -> str:
    """``kollar med Skövde och återkommer`` -> ``kolla med Skövde och återkomma``."""
    words = text.split(" ")
    for index, word in enumerate(words):
        if index == 0 or (index > 0 and words[index - 1] in {"och", "samt", "eller"}):
            words[index] = _infinitive(word)
    return " ".join(words)


def _infinitive(written: str) -> str:
    word = written.rstrip(".,;:!?")
    return _verb_infinitive(word) + written[len(word) :]


def _verb_infinitive(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ar"):  # mejlar -> mejla, tar -> ta
        return word[:-1]
    if lower.endswith(("ör", "år")) and len(lower) <= 4:  # kör -> köra, går -> gå
        return word + "a" if lower.endswith("ör") else word[:-1]
    if lower.endswith("er"):  # skriver -> skriva, återkommer -> återkomma
        return word[:-2] + "a"
    return word


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_FIRST_NAMES = frozenset(
    fold(name)
    for name in """Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Marie Malin Ingrid
    Hanna Linda Annika Susanne Elin Monica Birgitta Sofia Johanna Inger Carina Elisabeth
    Jenny Ulla Katarina Helena Marianne Camilla Åsa Anneli Annelie Ida Therese Cecilia
    Louise Gunilla Lisa Petra Ulrika Frida Agneta Anette Mona Anders Johan Lars Karl Erik
    Per Peter Mikael Jan Hans Thomas Daniel Fredrik Stefan Andreas Magnus Jonas Mattias
    Niklas Björn Martin Henrik Bo Mats Patrik Ulf Göran Christer Tobias David Jonas Joakim
    Johnny Kristian Robert Oskar Emil Viktor Simon Olof Ola Håkan Leif Kjell Bengt Gustav
    Sven Rolf Roger Tommy Jörgen Marcus Markus Linnea Jessica Charlotte Eva-Lena Ann
    Anneli Pernilla Josefin Maja Klara Ebba Jimmy Lina Anna-Karin Lotta Kent Hampus""".split()
)


def _first_name(name: str) -> bool:
    first = key(name).split(" ")[0]
    return first in _FIRST_NAMES or (
        " " in name.strip() and not is_swedish(name.split(maxsplit=1)[0].lower())
    )
