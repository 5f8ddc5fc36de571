"""A mandate (*uppdragsbeskrivning*) into a v1 mandate document, with sources.

Goals are lines ``Mål 2: Högre utbildningsnivå`` or numbered lines followed by a list;
tasks the list entries and sentences under a goal; a task's reporting duty
(``rapporterar löpande under året till …``) its ``report``. Obligations come from the
sentences that state them: ``minst 6 möten per år``, the secretary sending the minutes
(``inom 14 dagar``), the yearly review (``revideras … i december``) and dated reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs

from governance.draft._dates import MONTHS, find_dates
from governance.draft._minutes import BodyRef, Collected, body_slug, match_body
from governance.draft._structure import Unit, units
from governance.draft._text import Line, fold, tolerant

_GOAL = tolerant(
    r"^\s*(?:[#*]+\s*)?(?:mål(?:område)?\s*)(?P<code>\d+[a-z]?)\s*[:.)–—-]?\s*(?P<title>.+)$"
)
_NUMBERED_GOAL = re.compile(
    r"^\s*(?:[#*]+\s*)?(?P<code>\d{1,2}(?:\.\d{1,2})?)\s*[.)]?\s+(?P<title>[A-ZÅÄÖ].{3,100})$"
)
_SECTION = tolerant(
    r"^\s*(?:[#*]+\s*)?(?:\d{1,2}(?:\.\d{1,2})?\.?\s+)?(?:mötesfrekvens|bakgrund|syfte|roller|organisation|ordförande|sekreterare|presidium|"
    r"möten|mötesformer|uppföljning|revidering|översyn|ekonomi|kontaktperson|ansvarig chef|"
    r"sammansättning|medlemmar|rapportering|återrapportering|giltighet|styrning)\b"
)
_TO = tolerant(
    r"(?:\b(?:för|till)\s+|^\W*uppdrags?beskrivning\w*\s+(?:för\s+)?)"
    r"(?P<name>(?:[\wåäö]+-)?[\wåäö]*(?:nätverk|gruppen|rektorsträff)[\wåäö]*)"
)
_ISSUER = tolerant(
    r"(?P<name>(?:skol-\s+och\s+)?(?:[\wåäö]+-)?[\wåäö]*(?:chefsgrupp|direktion|styrgrupp)[\wåäö]*)"
)
_ISSUED = tolerant(r"\b(?:fastställ\w*|beslut\w*|antagen|antogs|daterad|datum)\b")
_VALID = tolerant(r"\b(?:gäller|giltig\w*|period|avser)\b")
_YEARS = re.compile(r"\b(20\d\d)\s*(?:-|–|—|till|t\.o\.m\.?)\s*(20\d\d)\b")
_MEETINGS = tolerant(
    r"\bminst\s+(?P<n>\d+|två|tre|fyra|fem|sex|sju|åtta|nio|tio)\s+"
    r"(?:\w+\s+)?(?:möten|träffar|nätverksträffar|nätverksmöten|sammanträden|gånger|tillfällen)"
    r"\s+(?:per|om|varje|/|i)\s*(?:år|läsår|året|läsåret|kalenderår|kalenderåret)"
)
_MINUTES = tolerant(
    r"\b(?:protokoll|minnesanteckning|anteckning)\w*\b.*\b(?:skicka|skickas|sänd|sänds|"
    r"mejla|mejlas|maila|mailas|lämna|lämnas)\w*|\b(?:skicka|skickar|sänder|mejlar|mailar|"
    r"lämnar)\b.*\b(?:protokoll|minnesanteckning|anteckning)\w*\b"
)
_WITHIN = tolerant(r"\binom\s+(?P<n>\d+|en|två|tre|fyra)\s+(?P<unit>dagar|veckor|vecka|dag)\b")
_REVIEW = tolerant(
    r"\b(?:revider\w*|ses\s+över|översyn|omprövas|följs\s+upp|uppdater\w*)\b.*"
    r"\b(?:årlig\w*|varje\s+år|en\s+gång\s+(?:per|om|varje)\s+år|per\s+år)\b|"
    r"\b(?:årlig\w*|varje\s+år|en\s+gång\s+(?:per|om)\s+år)\b.*\b(?:revider\w*|ses\s+över|översyn)"
)
_MONTH_NAMED = tolerant(r"\b(?:i|under|senast\s+i|före\s+utgången\s+av)\s+(?P<month>[a-zåäö]+)")
_CONTINUOUS = tolerant(r"\b(?:löpande|fortlöpande|kontinuerligt|under\s+året)\b")
_YEARLY = tolerant(r"\b(?:årligen|en\s+gång\s+(?:per|om)\s+år|varje\s+år|årsvis)\b")
_REPORTS = tolerant(
    r"\b(?:rapporter\w*|återrapporter\w*|avrapporter\w*|redovis\w*|presenter\w*)\b"
)
#: How a task's result reaches the issuer: reported, or handed in by a date.
_TASK_REPORTS = tolerant(
    r"\b(?:rapporter\w*|återrapporter\w*|avrapporter\w*|redovis\w*|presenter\w*)\b|"
    r"\b(?:lämnas|lämnar|skickas|skickar)\s+(?:in\s+)?till\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBERS = {"en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
            "nio": 9, "tio": 10}  # fmt: skip


@attrs.define
class MandateReader:
    lines: list[Line]
    body: str | None
    given_date: date | None
    bodies: Sequence[BodyRef]
    collected: Collected = attrs.Factory(Collected)

    def read(self) -> Collected:
        c = self.collected
        top = [line for line in self.lines if line.text.strip()][:10]
        issued_to = self._body(top, _TO, "issued_to", self.body)
        issued_by = self._body(self.lines, _ISSUER, "issued_by", None)
        issued_on = self._issued_on(top)
        valid_from, valid_to = self._validity(issued_on)
        document: dict[str, Any] = {
            "kind": "mandate",
            "id": f"{issued_to or 'mandat'}-{valid_from.year if valid_from else 'år'}",
            "issued_by": issued_by,
            "issued_to": issued_to,
            "issued_on": issued_on,
            "valid_from": valid_from,
        }
        c.doubt("id", "id satt till <organ>-<år>: ändra om mandatet redan har ett id")
        if valid_to:
            document["valid_to"] = valid_to
        goals = self._goals()
        if goals:
            document["goals"] = goals
        obligations = self._obligations(issued_by)
        if obligations:
            document["obligations"] = obligations
        c.document = document
        return c

    def _body(
        self, lines: Sequence[Line], pattern: re.Pattern[str], path: str, given: str | None
    ) -> str | None:
        c = self.collected
        if given is not None:
            return given
        for line in lines:
            match = pattern.search(line.text)
            if match:
                written = match["name"]
                registered = match_body(written, self.bodies)
                c.cite(path, line, match.start("name"))
                if registered:
                    return registered.id
                c.doubt(
                    path, f"id gissat från namnet '{written}': kontrollera mot registrerade organ"
                )
                return body_slug(written)
        c.doubt(path, "hittade inget organ: fyll i dess id")
        return None

    def _issued_on(self, top: Sequence[Line]) -> date | None:
        c = self.collected
        for line in [*(ln for ln in self.lines if _ISSUED.search(ln.text)), *top]:
            found = [d for d in find_dates(line.text) if d.with_year]
            if found:
                c.cite("issued_on", line, found[0].start)
                return found[0].on
        if self.given_date:
            return self.given_date
        c.doubt("issued_on", "inget beslutsdatum hittat: fyll i det (eller ge --date)")
        return None

    def _validity(self, issued_on: date | None) -> tuple[date | None, date | None]:
        c = self.collected
        for line in self.lines:
            years = _YEARS.search(line.text)
            if years and (_VALID.search(line.text) or len(line.text) < 80):
                first, last = int(years.group(1)), int(years.group(2))
                if first <= last:
                    c.cite("valid_from", line, years.start())
                    c.cite("valid_to", line, years.start(2))
                    return date(first, 1, 1), date(last, 12, 31)
            if _VALID.search(line.text):
                found = [d for d in find_dates(line.text) if d.with_year]
                if found:
                    c.cite("valid_from", line, found[0].start)
                    to = found[1].on if len(found) > 1 else None
                    return found[0].on, to
        if issued_on is not None:
            c.doubt("valid_from", "ingen giltighetstid angiven: beslutsdatumet antaget")
        return issued_on, None

    # goals and tasks -------------------------------------------------------------------

    def _goals(self) -> list[dict[str, Any]]:
        c = self.collected
        starts: list[tuple[int, str, str]] = []
        for index, line in enumerate(self.lines):
            match = _GOAL.match(line.text)
            if match:
                starts.append((index, match["code"], match["title"].strip(" .:")))
        if not starts:
            for index, line in enumerate(self.lines):
                match = _NUMBERED_GOAL.match(line.text)
                if match and _followed_by_list(self.lines, index):
                    starts.append((index, match["code"], match["title"].strip(" .:")))
        goals: list[dict[str, Any]] = []
        for position, (index, code, title) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else len(self.lines)
            end = next(
                (k for k in range(index + 1, end) if _SECTION.match(self.lines[k].text)), end
            )
            path = f"goals[{len(goals)}]"
            tasks = self._tasks(self.lines[index + 1 : end], code, path)
            goal: dict[str, Any] = {"code": code, "title": title}
            if tasks:
                goal["tasks"] = tasks
            goals.append(goal)
            c.cite(path, self.lines[index])
        return goals

    def _tasks(self, lines: Sequence[Line], code: str, goal_path: str) -> list[dict[str, Any]]:
        """A goal's tasks: each list entry (or sentence) is one; a sentence after it that
        says how it is reported (``Nätverket rapporterar löpande …``, ``Planen lämnas till
        skolchefsgruppen senast 30 juni 2024``) is the task's ``report``."""
        c = self.collected
        tasks: list[dict[str, Any]] = []
        last: tuple[dict[str, Any], Unit | None] | None = None
        task: dict[str, Any]
        for unit in units(lines):
            if unit.ends_with_colon or len(unit.text.split()) < 3:
                continue
            same_entry = (
                unit.listed
                and unit.entry is not None
                and (unit.entry.text, unit.entry.spans) != (unit.text, unit.spans)
            )
            reporting = _report_of(unit.text)
            if last is not None and (same_entry or not unit.listed) and _states_report(unit.text):
                task, _ = last
                if reporting is not None and "report" not in task:
                    task["report"] = reporting
                    path = f"{goal_path}.tasks[{len(tasks) - 1}].report"
                    c.cite_unit(path, unit, _report_start(unit.text))
                continue
            if same_entry:
                continue
            path = f"{goal_path}.tasks[{len(tasks)}]"
            task = {
                "id": f"{code}{chr(ord('a') + len(tasks) % 26)}",
                "text": _task_text(unit.text),
            }
            if reporting is not None and _TASK_REPORTS.search(unit.text):
                task["report"] = reporting
                c.cite_unit(f"{path}.report", unit, _report_start(unit.text))
            tasks.append(task)
            c.cite_unit(path, unit)
            last = (task, unit)
        return tasks

    # obligations -----------------------------------------------------------------------

    def _obligations(self, issued_by: str | None) -> list[dict[str, Any]]:
        c = self.collected
        obligations: list[dict[str, Any]] = []
        seen: set[str] = set()

        def add(obligation: dict[str, Any], unit: Unit, offset: int = 0) -> None:
            if obligation["id"] in seen:
                return
            seen.add(obligation["id"])
            path = f"obligations[{len(obligations)}]"
            obligations.append(obligation)
            c.cite_unit(path, unit, offset)

        for unit in units(self.lines):
            text = unit.text
            meetings = _MEETINGS.search(text)
            if meetings:
                count = _count(meetings["n"])
                add(
                    {"id": "meetings", "kind": "minimum_meetings", "count": count},
                    unit,
                    meetings.start(),
                )
            if _MINUTES.search(text) and ("sekreterare" in fold(text) or _EMAIL.search(text)):
                within = _WITHIN.search(text)
                days = _days(within) if within else 14
                add({"id": "minutes", "kind": "submit_minutes", "within_days": days}, unit)
                if within is None:
                    c.doubt(
                        f"obligations[{len(obligations) - 1}].within_days",
                        "ingen tidsgräns angiven: 14 dagar antaget",
                    )
                email = _EMAIL.search(text)
                if email:
                    c.doubt(
                        f"obligations[{len(obligations) - 1}]",
                        f"protokollen skickas till {email.group()}: ange adressen som "
                        "address i organets body-dokument",
                    )
            review = _REVIEW.search(text)
            if review:
                month = _month(text) or 12
                add({"id": "review", "kind": "review", "month": month}, unit, review.start())
                if _month(text) is None:
                    c.doubt(
                        f"obligations[{len(obligations) - 1}].month",
                        "ingen månad angiven: december antagen",
                    )
            if _REPORTS.search(text) and issued_by:
                dated = [d for d in find_dates(text) if d.with_year]
                if dated:
                    add(
                        {
                            "id": f"report-{dated[0].on.isoformat()}",
                            "kind": "report",
                            "to": issued_by,
                            "due": dated[0].on,
                        },
                        unit,
                        dated[0].start,
                    )
        return obligations


def _followed_by_list(lines: Sequence[Line], index: int) -> bool:
    following = [line for line in lines[index + 1 : index + 4] if line.text.strip()]
    return bool(following) and bool(
        re.match(r"^\s*(?:[-•*–·]|\(?[a-h]\)|\d{1,2}[.)]\s)", following[0].text)
    )


def _report_of(text: str) -> str | date | None:
    """How a task is reported: ``continuous``, ``yearly`` or by a date."""
    if _CONTINUOUS.search(text):
        return "continuous"
    if _YEARLY.search(text):
        return "yearly"
    dated = [d for d in find_dates(text) if d.with_year]
    return dated[0].on if dated and _TASK_REPORTS.search(text) else None


def _states_report(text: str) -> bool:
    """``Nätverket rapporterar löpande …``, ``Planen lämnas till … senast 30 juni 2024``."""
    return _TASK_REPORTS.search(text) is not None and _report_of(text) is not None


def _report_start(text: str) -> int:
    found = _TASK_REPORTS.search(text)
    return found.start() if found else 0


#: "… och rapportera till skolchefsgruppen en gång per år": the duty, not the task.
_REPORT_CLAUSE = tolerant(
    r"\s+(?:och|samt)\s+(?:åter)?rapportera\s+(?:till|för)\s+[\wåäö-]+"
    r"(?:\s+(?:löpande|årligen|en\s+gång\s+(?:per|om)\s+år|varje\s+år|under\s+året))+\s*$"
)
_DATE_AT_END = re.compile(
    r"\s+(?:den\s+)?\d{1,2}\s+[a-zåäö]+\s+20\d\d\s*$|\s+(?:den\s+)?20\d\d-\d\d-\d\d\s*$"
)


def _task_text(text: str) -> str:
    text = text.rstrip(" .")
    text = _REPORT_CLAUSE.sub("", text)
    return _DATE_AT_END.sub("", text).rstrip(" ,.")


def _count(written: str) -> int:
    """``6`` or ``sex`` -> 6."""
    if written.isdigit():
        return int(written)
    return {fold(word): number for word, number in _NUMBERS.items()}.get(fold(written), 1)


def _days(match: re.Match[str]) -> int:
    number = _count(match["n"])
    return number * 7 if fold(match["unit"]).startswith("veck") else number


def _month(text: str) -> int | None:
    for match in _MONTH_NAMED.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if month:
            return month
    return None
