"""A synthetic region: bodies, mandates and years of minutes, deterministic from a seed.

The shape follows real minutes of Swedish regional education networks
(``docs/../shared/domain.md``): each region has a board, the chiefs' group and four
networks with a mandate from the chiefs, plus the principals' meeting that meets once a
year. A network meets about six times a year; its minutes have 6 to 12 numbered items:
attendance, the previous minutes (where assignments are reported), the items tabled last
time, the matters of the day, other matters and the closing. About 12% of new items are
tabled and a fifth of those are forgotten; about 30% of the matters get an assignment,
most reported done at the next meeting; referrals to another network are rare; each
network reports to the chiefs a few times a year.

Some minutes are corrected weeks later (``correction_rate``, 2%): a forgotten attendee is
added, or a decision's wording is adjusted, and the corrected minutes are recorded as a
``CorrectMinutes`` (``governance record --correct REASON``).

Everything comes from ``random.Random`` seeded with the seed and the region's number, so
the same spec gives the same commands, and a bigger spec (more regions) begins with the
same regions as a smaller one. Commands are produced lazily, in the order a secretary
would record them (by date), one file per transaction: a region's body documents, a year's
mandates, each meeting's minutes, and corrections.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import yaml

from governance import (
    NEXT_MEETING,
    Alias,
    AssignmentReport,
    Attendee,
    ComingMeeting,
    Due,
    Goal,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    Member,
    NewAssignment,
    Obligation,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Task,
    Waiver,
)
from governance.domain import ids
from governance.domain.commands import Command, CorrectMinutes
from governance.testing._strategies import MUNICIPALITIES  # the region of the examples

FIRST_NAMES = (
    "Karin",
    "Per",
    "Lena",
    "Annelie",
    "Mikael",
    "Johanna",
    "Birgitta",
    "Anders",
    "Gunilla",
    "Thomas",
    "Ingrid",
    "Stefan",
    "Ola",
    "Märta",
    "Jörgen",
    "Östen",
    "Sara",
    "Emma",
    "Henrik",
    "Åsa",
)
LAST_NAMES = (
    "Berg",
    "Lind",
    "Lundkvist",
    "Olsson",
    "Sjöberg",
    "Eklund",
    "Sandberg",
    "Wikström",
    "Franzén",
    "Ek",
    "Carlsson",
    "Borg",
    "Magnusson",
    "Schiller-Harvey",
    "Näslund",
    "Åkesson",
    "Holm",
    "Nyström",
    "Öberg",
    "Dahl",
)
#: Spellings that drift between minutes ("Lundkvist" and "Lundqvist").
DRIFT = {
    "Lundkvist": "Lundqvist",
    "Olsson": "Ohlsson",
    "Schiller-Harvey": "Schiller Harvey",
    "Annelie": "Anneli",
    "Sjöberg": "Sjoberg",
    "Franzén": "Franzen",
}
NETWORKS = (
    ("im", "IM-nätverket"),
    ("skis", "Skolutveckling i Skaraborg (SKIS)"),
    ("gy", "Gymnasienätverket"),
    ("vux", "Vux-nätverket"),
)
MATTERS = (
    "Skolnärvaro – gemensam rutin",
    "Elever som stannar hemma",
    "AI, hur arbetar vi med det?",
    "Gemensam plan för kompetensutveckling",
    "Språkintroduktion (IMSPR) och arbetsplatsförlagt lärande",
    "Samverkan med Vux-nätverket",
    "Uppföljning av nätverksdagen",
    "Lärarbrist på IM",
    "Statistik över genomströmning",
    "Det kommunala aktivitetsansvaret",
    "Gemensam antagning till introduktionsprogrammen",
    "Digital undervisning och APL",
    "Studie- och yrkesvägledning",
    "Remiss från skolchefsgruppen",
)
DECISIONS = (
    "Vi beslutar att måndag vecka 48 blir vår stående mötesdag",
    "Mötet säger ja till fråga 1 och stryker fråga 2",
    "Nätverksdagen blir en årligen återkommande träff",
    "Rutinen antas och skickas till skolchefsgruppen för kännedom",
    "Frågan lyfts till beslut på kommande nätverksträff",
    "Arbetsgruppen får fortsatt uppdrag",
)
TASKS = (
    "Justera anteckningarna och skicka dem till förbundet för publicering",
    "Skicka presentationen till sekreteraren, som lägger den i Teams",
    "Lyfta frågan med skolchefsgruppen och återkomma vid nästa träff",
    "Diskutera på den egna skolan om en nätverkstid på 3 timmar kan ordnas",
    "Ta fram ett underlag till nästa träff",
    "Sammanställa kommunernas svar",
)
NOTES = (
    "Skolchefsgruppens fråga lämnas obesvarad tills vidare",
    "Diskussion utan beslut",
    "Svar önskas före 14 januari, då förslaget presenteras",
    "Varje kommun berättade om läget",
)
REASONS = ("Tiden räckte inte till", "Väntar på svar från skolchefsgruppen", "Ny fråga")
#: The months networks meet in (no meetings in July).
WORKING_MONTHS = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)


@attrs.frozen(kw_only=True)
class RegionSpec:
    """What to generate. Rates are per item (or per assignment, tabling, year)."""

    seed: int = 2024
    regions: int = 1
    first_year: int = 2017
    years: int = 8
    meetings_per_year: int = 6
    chiefs_meetings_per_year: int = 8
    items_per_meeting: tuple[int, int] = (6, 12)
    tabling_rate: float = 0.12
    forgotten_rate: float = 0.2
    assignment_rate: float = 0.3
    reported_at_next_meeting_rate: float = 0.8
    referral_rate: float = 0.01
    reports_per_year: int = 3
    short_year_rate: float = 0.1
    submission_rate: float = 0.93
    correction_rate: float = 0.02

    def __attrs_post_init__(self) -> None:
        if self.regions < 1 or self.years < 1:
            raise ValueError("a region needs at least one region and one year")

    @property
    def last_day(self) -> date:
        return date(self.first_year + self.years - 1, 12, 31)

    @property
    def middle_day(self) -> date:
        """A past date in the middle of the record: for ``status --as-of``."""
        return date(self.first_year + self.years // 2, 6, 30)


@attrs.frozen
class Transaction:
    """One file of documents, recorded in one transaction, and the events it records."""

    name: str
    on: date
    commands: tuple[Command, ...]
    events: int

    @classmethod
    def of(cls, name: str, on: date, commands: Sequence[Command]) -> Transaction:
        """Documents recorded for the first time."""
        return cls(name, on, tuple(commands), sum(count_events(c) for c in commands))


def count_events(command: Command) -> int:
    """How many events recording ``command`` into a record without it gives.

    Mirrors ``governance.domain.decide`` for new documents, so a region can be cut at
    an event count without recording it. (A correction's count depends on what it
    changes: ``_Region.correction`` knows it.)
    """
    match command:
        case CorrectMinutes():
            raise ValueError("a correction's events depend on the minutes it corrects")
        case RegisterBody():
            return 1
        case IssueMandate():
            return 1 + (command.ended_on is not None)
        case RecordMinutes():
            count = 1 + (command.approved_on is not None) + (command.submitted_on is not None)
            for entry in command.items:
                count += 1 + entry.reopened + len(entry.decisions) + len(entry.assignments)
                count += len(entry.assignment_reports)
                count += (entry.tabled is not None) + (entry.referred_to is not None)
                count += entry.closed
            return count + len(command.reports) + len(command.waivers) + len(command.schedule)


# --- one region ------------------------------------------------------------------------


@attrs.define
class _Tabled:
    item_id: str
    title: str
    until: Due
    times: int


@attrs.define
class _Given:
    assignment_id: str
    due: Due
    given_on: date


@attrs.define
class _BodyState:
    """What one body's secretary knows: the items and assignments still owed."""

    body_id: str
    members: tuple[Member, ...]
    aliases: tuple[Alias, ...]
    tabled: list[_Tabled] = attrs.Factory(list)
    assignments: list[_Given] = attrs.Factory(list)
    referred_in: list[_Tabled] = attrs.Factory(list)
    last_met: date | None = None


class _Region:
    """One region's simulation; ``transactions`` yields its files in date order."""

    def __init__(self, spec: RegionSpec, number: int) -> None:
        self.spec = spec
        self.number = number
        self.random = random.Random(f"governance-benchmarks:{spec.seed}:{number}")
        self.prefix = f"r{number:03d}"
        self.board = f"{self.prefix}-board"
        self.chiefs = f"{self.prefix}-chiefs"
        self.networks = [f"{self.prefix}-{short}" for short, _ in NETWORKS]
        self.principals = f"{self.prefix}-rektor"
        self.address = f"kansliet@{self.prefix}.skolsamverkan.example"
        self.bodies: dict[str, _BodyState] = {}

    # people

    def _person(self) -> tuple[str, str]:
        name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"
        return name, self.random.choice(MUNICIPALITIES)

    def _members(self, count: int, *, liaison: str | None) -> tuple[Member, ...]:
        people: dict[str, str] = {}
        while len(people) < count:
            name, municipality = self._person()
            people.setdefault(name, municipality)
        members = []
        for index, (name, municipality) in enumerate(people.items()):
            roles: frozenset[Any] = frozenset({"member"})
            if index == 0:
                roles = frozenset({"chair", "presidium"})
            elif index == 1:
                roles = frozenset({"secretary", "presidium"})
            elif index == 2:
                roles = frozenset({"presidium"})
            members.append(Member(name=name, municipality=municipality, roles=roles))
        if liaison is not None and liaison not in people:
            members.append(Member(name=liaison, roles=frozenset({"liaison"})))
        return tuple(members)

    @staticmethod
    def _aliases(members: Sequence[Member]) -> tuple[Alias, ...]:
        aliases = []
        for member in members:
            variant = " ".join(DRIFT.get(part, part) for part in member.name.split())
            if variant != member.name:
                aliases.append(Alias(variant=variant, canonical=member.name))
        return tuple(aliases)

    def _register(self, body_id: str, name: str, parent: str | None, size: int) -> RegisterBody:
        liaison = None
        if parent == self.chiefs:
            liaison = self.random.choice(self.bodies[self.chiefs].members[:6]).name
        members = self._members(size, liaison=liaison)
        aliases = self._aliases(members)
        self.bodies[body_id] = _BodyState(body_id, members, aliases)
        return RegisterBody(
            body_id=body_id,
            name=name,
            parent=parent,
            address=self.address,
            members=members,
            aliases=aliases,
        )

    def register_bodies(self) -> tuple[RegisterBody, ...]:
        commands = [
            self._register(self.board, "Direktionen", None, 5),
            self._register(self.chiefs, "Skolchefsgruppen", self.board, 9),
        ]
        for body_id, (_, name) in zip(self.networks, NETWORKS, strict=True):
            commands.append(self._register(body_id, name, self.chiefs, self.random.randint(7, 15)))
        commands.append(self._register(self.principals, "Rektorsträff", self.chiefs, 15))
        return tuple(commands)

    # mandates

    def mandate_id(self, network: str, year: int) -> str:
        start = year - (year - self.spec.first_year) % 3
        return f"{network}-{start}"

    def mandates(self, year: int, issued_on: date) -> tuple[IssueMandate, ...]:
        valid_to = date(min(year + 2, self.spec.first_year + self.spec.years - 1), 12, 31)
        return tuple(
            IssueMandate(
                mandate_id=self.mandate_id(network, year),
                issued_by=self.chiefs,
                issued_to=network,
                issued_on=issued_on,
                valid_from=date(year, 1, 1),
                valid_to=valid_to,
                goals=(
                    Goal(
                        code="1",
                        title="Stärkt tillväxt och kompetensförsörjning",
                        tasks=(Task(id="1a", text="Samverka med Vux-nätverket"),),
                    ),
                    Goal(
                        code="2",
                        title="Högre utbildningsnivå",
                        tasks=(
                            Task(
                                id="2a",
                                text="Fler elever fullföljer introduktionsprogrammen; "
                                "återrapportera till skolchefsgruppen löpande under året",
                                report="continuous",
                            ),
                        ),
                    ),
                    Goal(
                        code="3",
                        title="Högre kvalitet",
                        tasks=(Task(id="3a", text="Arbeta för högre skolnärvaro"),),
                    ),
                ),
                obligations=(
                    Obligation(id="meetings", kind="minimum_meetings", count=6),
                    Obligation(id="minutes", kind="submit_minutes", within_days=14),
                    Obligation(id="status-report", kind="report", to=self.chiefs, month=11),
                    Obligation(id="review", kind="review", month=12),
                ),
            )
            for network in self.networks
        )

    # the calendar

    def _dates(self, year: int, count: int) -> list[date]:
        months = sorted(self.random.sample(WORKING_MONTHS, min(count, len(WORKING_MONTHS))))
        return [date(year, month, self.random.randint(3, 26)) for month in months]

    def calendar(self) -> list[tuple[date, int, str]]:
        """Every meeting of the region: (date, order of the body, body id)."""
        meetings = []
        spec = self.spec
        for year in range(spec.first_year, spec.first_year + spec.years):
            for order, network in enumerate(self.networks, start=2):
                count = spec.meetings_per_year
                if self.random.random() < spec.short_year_rate:
                    count -= self.random.randint(1, 2)
                elif self.random.random() < 0.15:
                    count += 1
                meetings += [(day, order, network) for day in self._dates(year, count)]
            chiefs = self._dates(year, spec.chiefs_meetings_per_year)
            # The chiefs issue the year's mandates at a meeting early in January.
            chiefs[0] = date(year, 1, self.random.randint(8, 14))
            meetings += [(day, 1, self.chiefs) for day in chiefs]
            meetings.append((date(year, 10, self.random.randint(1, 20)), 9, self.principals))
        meetings.sort()
        return meetings

    # minutes

    def transactions(self) -> Iterator[Transaction]:
        corrections: list[tuple[date, int, Transaction]] = []
        for transaction in self._documents():
            while corrections and corrections[0][0] <= transaction.on:
                yield heapq.heappop(corrections)[2]
            yield transaction
            minutes = transaction.commands[0]
            if isinstance(minutes, RecordMinutes) and self.random.random() < (
                self.spec.correction_rate
            ):
                correction = self.correction(minutes, transaction.name)
                heapq.heappush(corrections, (correction.on, len(corrections), correction))
        while corrections:
            yield heapq.heappop(corrections)[2]

    def correction(self, minutes: RecordMinutes, name: str) -> Transaction:
        """The minutes corrected some weeks later: a forgotten attendee added (one new
        ``MeetingHeld`` in place of the old), else a decision reworded (and the decision)."""
        on = (minutes.approved_on or minutes.meeting.date) + timedelta(
            days=self.random.randint(14, 40)
        )
        state = self.bodies[minutes.body_id]
        named = {attendee.name for attendee in minutes.meeting.attendees}
        absent = [member for member in state.members if member.name not in named]
        decided = [i for i, entry in enumerate(minutes.items) if entry.decisions]
        if absent or not decided:
            member = absent[0] if absent else state.members[0]
            meeting = attrs.evolve(
                minutes.meeting,
                attendees=(
                    *minutes.meeting.attendees,
                    Attendee(name=member.name, municipality=member.municipality),
                ),
            )
            corrected = attrs.evolve(minutes, meeting=meeting)
            reason, events = f"{member.name} var närvarande men saknades i närvarolistan", 2
        else:
            index = decided[0]
            entry = minutes.items[index]
            reworded = (f"{entry.decisions[0]}, med de ändringar som mötet enades om",)
            items = list(minutes.items)
            items[index] = attrs.evolve(entry, decisions=reworded + entry.decisions[1:])
            corrected = attrs.evolve(minutes, items=tuple(items))
            reason, events = f"Beslutet under § {entry.number} var felaktigt återgivet", 4
        return Transaction(
            name.replace(".yaml", "-correction.yaml"),
            on,
            (CorrectMinutes(minutes=corrected, reason=reason),),
            events,
        )

    def _documents(self) -> Iterator[Transaction]:
        spec = self.spec
        start = date(spec.first_year, 1, 1)
        yield Transaction.of(f"{self.prefix}/00-bodies.yaml", start, self.register_bodies())
        calendar = self.calendar()
        next_of: dict[tuple[date, str], date] = {}
        last: dict[str, date] = {}
        for day, _, body in reversed(calendar):
            if body in last:
                next_of[(day, body)] = last[body]
            last[body] = day
        held_per_year: dict[tuple[str, int], int] = {}
        for day, _, body in calendar:
            held_per_year[(body, day.year)] = held_per_year.get((body, day.year), 0) + 1
        issued: set[int] = set()
        for day, _, body in calendar:
            if body == self.chiefs and day.year not in issued and (day.year - start.year) % 3 == 0:
                issued.add(day.year)
                yield Transaction.of(
                    f"{self.prefix}/{day.year}-mandates.yaml", day, self.mandates(day.year, day)
                )
            minutes = self.minutes(body, day, next_of.get((day, body)), held_per_year)
            yield Transaction.of(f"{self.prefix}/{day.isoformat()}-{body}.yaml", day, (minutes,))

    def _attendees(self, state: _BodyState) -> tuple[Attendee, ...]:
        present = [m for m in state.members if self.random.random() < 0.8] or [state.members[0]]
        attendees = []
        for member in present:
            name = member.name
            drifted = [a.variant for a in state.aliases if a.canonical == name]
            if drifted and self.random.random() < 0.2:
                name = drifted[0]
            attendees.append(Attendee(name=name, municipality=member.municipality))
        return tuple(attendees)

    def _assignee(self, state: _BodyState) -> tuple[str, ...]:
        roll = self.random.random()
        if roll < 0.15:
            return ("presidium",)
        if roll < 0.22:
            return ("all members",)
        if roll < 0.3:
            return ("secretary",)
        member = self.random.choice(state.members)
        return (member.name,)

    def _new_assignments(self, state: _BodyState, on: date) -> tuple[NewAssignment, ...]:
        count = 1 if self.random.random() < 0.85 else 2
        assignments = []
        for _ in range(count):
            due = NEXT_MEETING
            if self.random.random() < 0.25:
                due = Due(on + timedelta(days=self.random.randint(30, 90)))
            assignments.append(
                NewAssignment(to=self._assignee(state), task=self.random.choice(TASKS), due=due)
            )
        return tuple(assignments)

    def _remember_assignments(
        self, state: _BodyState, item: str, entry: ItemEntry, on: date, given_at: date | None
    ) -> None:
        for index, new in enumerate(entry.assignments, start=1):
            state.assignments.append(_Given(ids.assignment_id(item, index, given_at), new.due, on))

    def _reports_on_assignments(self, state: _BodyState, on: date) -> tuple[AssignmentReport, ...]:
        reports = []
        still_open = []
        for given in state.assignments:
            due_here = given.due.on is None or given.due.on <= on
            if not due_here:
                still_open.append(given)
                continue
            roll = self.random.random()
            if roll < self.spec.reported_at_next_meeting_rate:
                reports.append(AssignmentReport(assignment_id=given.assignment_id, status="done"))
            elif roll < self.spec.reported_at_next_meeting_rate + 0.06:
                reports.append(
                    AssignmentReport(
                        assignment_id=given.assignment_id,
                        status="progress",
                        note="Arbetet pågår",
                    )
                )
                still_open.append(attrs.evolve(given, due=Due(on + timedelta(days=60))))
            elif roll < self.spec.reported_at_next_meeting_rate + 0.08:
                reports.append(
                    AssignmentReport(
                        assignment_id=given.assignment_id,
                        status="cancelled",
                        note="Frågan har lösts på annat sätt",
                    )
                )
            # Otherwise forgotten: nobody reports, and it is overdue from now on.
        state.assignments = still_open
        return tuple(reports)

    def _outcome(
        self, state: _BodyState, item: str, title: str, on: date, times: int, *, new: bool
    ) -> dict[str, Any]:
        """What happens to a matter at this meeting, as ItemEntry fields."""
        spec = self.spec
        roll = self.random.random()
        if roll < spec.tabling_rate:
            until = NEXT_MEETING
            if self.random.random() < 0.15:
                until = Due(on + timedelta(days=self.random.randint(40, 100)))
            reason = self.random.choice(REASONS) if self.random.random() < 0.5 else None
            if self.random.random() >= spec.forgotten_rate:
                state.tabled.append(_Tabled(item, title, until, times + 1))
            return {"tabled": Tabling(until=until, reason=reason)}
        others = [n for n in self.networks if n != state.body_id]
        if (
            new
            and others
            and state.body_id in self.networks
            and roll < (spec.tabling_rate + spec.referral_rate)
        ):
            to = self.random.choice(others)
            if self.random.random() < 0.6:
                self.bodies[to].referred_in.append(_Tabled(item, title, NEXT_MEETING, 0))
            return {"referred_to": to}
        fields: dict[str, Any] = {}
        if self.random.random() < 0.5:
            fields["decisions"] = (self.random.choice(DECISIONS),)
            fields["closed"] = self.random.random() < 0.6
        elif self.random.random() < 0.5:
            fields["notes"] = self.random.choice(NOTES)
        if not fields.get("closed") and self.random.random() < spec.assignment_rate / 0.7:
            fields["assignments"] = self._new_assignments(state, on)
        return fields

    def _mandate_reports(self, body: str, on: date) -> tuple[MandateReport, ...]:
        if body not in self.networks:
            return ()
        mandate = self.mandate_id(body, on.year)
        per_meeting = self.spec.reports_per_year / self.spec.meetings_per_year
        reports = []
        if on.month in (10, 11) and self.random.random() < 0.85:
            reports.append(
                MandateReport(
                    mandate_id=mandate,
                    obligation_id="status-report",
                    on=on,
                    summary="Lägesrapport presenterad för skolchefsgruppen",
                )
            )
        elif on.month == 12 and self.random.random() < 0.8:
            reports.append(MandateReport(mandate_id=mandate, obligation_id="review", on=on))
        elif on.month >= 3 and self.random.random() < per_meeting / 2:
            reports.append(MandateReport(mandate_id=mandate, obligation_id="2a", on=on))
        return tuple(reports)

    def _waivers(
        self, body: str, on: date, held_per_year: dict[tuple[str, int], int]
    ) -> tuple[Waiver, ...]:
        if body != self.chiefs or on.month != 12:
            return ()
        waivers = []
        for network in self.networks:
            short = held_per_year.get((network, on.year), 0) < 6
            if short and self.random.random() < 0.3:
                waivers.append(
                    Waiver(
                        mandate_id=self.mandate_id(network, on.year),
                        obligation_id="meetings",
                        period=str(on.year),
                        reason="Nätverket pausade under omorganisationen",
                    )
                )
        return tuple(waivers)

    def minutes(
        self,
        body: str,
        on: date,
        next_meeting: date | None,
        held_per_year: dict[tuple[str, int], int],
    ) -> RecordMinutes:
        state = self.bodies[body]
        rnd = self.random
        items: list[ItemEntry] = [
            ItemEntry(number="1", title="Närvaro"),
            ItemEntry(
                number="2",
                title="Föregående protokoll",
                decisions=("Protokollet godkändes",) if state.last_met else (),
                assignment_reports=self._reports_on_assignments(state, on),
            ),
        ]
        number = 3
        carried, state.tabled = state.tabled, []
        for tabled in carried:
            if tabled.until.on is not None and tabled.until.on > on:
                state.tabled.append(tabled)
                continue
            fields = self._outcome(
                state, tabled.item_id, tabled.title, on, tabled.times, new=False
            )
            entry = ItemEntry(number=str(number), continues=tabled.item_id, **fields)
            self._remember_assignments(state, tabled.item_id, entry, on, on)
            items.append(entry)
            number += 1
        waiting = []
        for referred in state.referred_in:
            if ids.body_of_item(referred.item_id) is None or referred.item_id.split("/")[1] >= (
                on.isoformat()
            ):
                waiting.append(referred)  # referred today: taken up at a later meeting
                continue
            entry = ItemEntry(
                number=str(number),
                continues=referred.item_id,
                title=referred.title,
                decisions=(rnd.choice(DECISIONS),),
                closed=True,
            )
            items.append(entry)
            number += 1
        state.referred_in = waiting
        low, high = self.spec.items_per_meeting
        for _ in range(max(1, rnd.randint(low, high) - number - 1)):
            title = rnd.choice(MATTERS)
            item = ids.item_id(body, on, str(number))
            fields = self._outcome(state, item, title, on, 0, new=True)
            entry = ItemEntry(number=str(number), title=title, **fields)
            self._remember_assignments(state, item, entry, on, None)
            items.append(entry)
            number += 1
        items.append(ItemEntry(number=str(number), title="Övriga frågor"))
        if rnd.random() < 0.3:
            sub = f"{number}a"
            title = rnd.choice(MATTERS)
            item = ids.item_id(body, on, sub)
            fields = self._outcome(state, item, title, on, 0, new=True)
            entry = ItemEntry(number=sub, title=title, **fields)
            self._remember_assignments(state, item, entry, on, None)
            items.append(entry)
        items.append(ItemEntry(number=str(number + 1), title="Mötet avslutas"))

        digital = rnd.random() < 0.35
        place = "Teams" if digital else rnd.choice(MUNICIPALITIES)
        time = "13:00-15:00" if digital else "09:00-12:00"
        approved_on = submitted_on = None
        if rnd.random() < 0.95:
            approved_on = on + timedelta(days=rnd.randint(2, 10))
            if rnd.random() < self.spec.submission_rate:
                late = rnd.random() < 0.05
                submitted_on = approved_on + timedelta(days=rnd.randint(8, 30) if late else 1)
        schedule: tuple[ComingMeeting, ...] = ()
        if next_meeting is not None and rnd.random() < 0.9:
            coming_place = "Teams" if rnd.random() < 0.35 else rnd.choice(MUNICIPALITIES)
            schedule = (ComingMeeting(date=next_meeting, place=coming_place, time="09:00-12:00"),)
        secretary = next(m.name for m in state.members if "secretary" in m.roles)
        adjuster = rnd.choice(state.members).name
        state.last_met = on
        return RecordMinutes(
            body_id=body,
            meeting=MeetingDetails(
                date=on,
                place=place,
                mode="digital" if digital else "on_site",
                time=time,
                attendees=self._attendees(state),
                secretary=secretary,
                adjusters=(adjuster,),
            ),
            items=tuple(items),
            reports=self._mandate_reports(body, on),
            waivers=self._waivers(body, on, held_per_year),
            approved_on=approved_on,
            submitted_on=submitted_on,
            schedule=schedule,
        )


# --- the whole region --------------------------------------------------------------------


def transactions(spec: RegionSpec, *, max_events: int | None = None) -> Iterator[Transaction]:
    """Every file of every region, in date order (of one date, region by region);
    with ``max_events``, stop before the file that would go past that many events."""

    def keyed(number: int) -> Iterator[tuple[date, int, int, Transaction]]:
        for index, transaction in enumerate(_Region(spec, number).transactions()):
            yield transaction.on, number, index, transaction

    merged = heapq.merge(*(keyed(number) for number in range(spec.regions)))
    total = 0
    for _, _, _, transaction in merged:
        total += transaction.events
        if max_events is not None and total > max_events:
            return
        yield transaction


def events_per_region(spec: RegionSpec) -> int:
    """How many events one region of ``spec`` records (the first region)."""
    one = attrs.evolve(spec, regions=1)
    return sum(transaction.events for transaction in transactions(one))


def spec_for(events: int, *, seed: int = 2024, years: int = 8) -> RegionSpec:
    """A spec of enough regions for about ``events`` events (cut with ``max_events``)."""
    base = RegionSpec(seed=seed, years=years)
    regions = max(1, -(-events // events_per_region(base)))
    return attrs.evolve(base, regions=regions)


# --- minutes files ------------------------------------------------------------------------


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, (), [], False)}


def _due(due: Due) -> object:
    return "next_meeting" if due.on is None else due.on


def _item_document(entry: ItemEntry) -> dict[str, Any]:
    tabled: object = None
    if entry.tabled is not None:
        tabled = _due(entry.tabled.until)
        if entry.tabled.reason is not None:
            tabled = {"until": tabled, "reason": entry.tabled.reason}
    return _drop_empty(
        {
            "number": entry.number,
            "title": entry.title,
            "continues": entry.continues,
            "notes": entry.notes,
            "reopened": entry.reopened,
            "assignment_reports": [
                _drop_empty({"assignment": r.assignment_id, "status": r.status, "note": r.note})
                for r in entry.assignment_reports
            ],
            "decisions": list(entry.decisions),
            "assignments": [
                {"to": list(new.to), "task": new.task, "due": _due(new.due)}
                for new in entry.assignments
            ],
            "tabled": tabled,
            "referred_to": entry.referred_to,
            "closed": entry.closed,
        }
    )


def document(command: Command) -> dict[str, Any]:
    """The minutes-format document (``docs/minutes-format.md``) of one command; of a
    correction, the corrected minutes (the reason goes on the command line)."""
    match command:
        case CorrectMinutes():
            return document(command.minutes)
        case RegisterBody():
            return _drop_empty(
                {
                    "kind": "body",
                    "id": command.body_id,
                    "name": command.name,
                    "parent": command.parent,
                    "address": command.address,
                    "members": [
                        _drop_empty(
                            {
                                "name": m.name,
                                "municipality": m.municipality,
                                "roles": sorted(m.roles),
                            }
                        )
                        for m in command.members
                    ],
                    "aliases": {alias.variant: alias.canonical for alias in command.aliases},
                }
            )
        case IssueMandate():
            return _drop_empty(
                {
                    "kind": "mandate",
                    "id": command.mandate_id,
                    "issued_by": command.issued_by,
                    "issued_to": command.issued_to,
                    "issued_on": command.issued_on,
                    "valid_from": command.valid_from,
                    "valid_to": command.valid_to,
                    "goals": [
                        {
                            "code": goal.code,
                            "title": goal.title,
                            "tasks": [
                                _drop_empty({"id": t.id, "text": t.text, "report": t.report})
                                for t in goal.tasks
                            ],
                        }
                        for goal in command.goals
                    ],
                    "obligations": [
                        _drop_empty(attrs.asdict(obligation)) for obligation in command.obligations
                    ],
                    "ended_on": command.ended_on,
                }
            )
        case RecordMinutes():
            meeting = command.meeting
            return _drop_empty(
                {
                    "kind": "minutes",
                    "body": command.body_id,
                    "meeting": _drop_empty(
                        {
                            "date": meeting.date,
                            "place": meeting.place,
                            "mode": meeting.mode,
                            "time": meeting.time,
                            "attendees": [
                                f"{a.name} ({a.municipality})" if a.municipality else a.name
                                for a in meeting.attendees
                            ],
                            "secretary": meeting.secretary,
                            "adjusters": list(meeting.adjusters),
                        }
                    ),
                    "items": [_item_document(entry) for entry in command.items],
                    "reports": [
                        _drop_empty(
                            {
                                "mandate": r.mandate_id,
                                "obligation": r.obligation_id,
                                "on": r.on,
                                "summary": r.summary,
                            }
                        )
                        for r in command.reports
                    ],
                    "waivers": [
                        _drop_empty(
                            {
                                "mandate": w.mandate_id,
                                "obligation": w.obligation_id,
                                "period": w.period,
                                "reason": w.reason,
                            }
                        )
                        for w in command.waivers
                    ],
                    "approved_on": command.approved_on,
                    "submitted_on": command.submitted_on,
                    "schedule": [
                        _drop_empty({"date": c.date, "place": c.place, "time": c.time})
                        for c in command.schedule
                    ],
                }
            )


def to_yaml(transaction: Transaction) -> str:
    """The transaction as a minutes file: its documents separated by ``---``.

    A correction starts with a comment giving its reason, for ``governance record
    --correct REASON FILE``.
    """
    text = yaml.safe_dump_all(
        [document(command) for command in transaction.commands],
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    reasons = [c.reason for c in transaction.commands if isinstance(c, CorrectMinutes)]
    return "".join(f"# correction: {reason}\n" for reason in reasons) + text


def write_minutes(spec: RegionSpec, folder: Path, *, max_events: int | None = None) -> list[Path]:
    """Write every transaction as a minutes file under ``folder``; the paths in order."""
    paths = []
    for number, transaction in enumerate(transactions(spec, max_events=max_events)):
        path = folder / f"{number:06d}-{transaction.name.replace('/', '-')}"
        path.write_text(to_yaml(transaction), encoding="utf-8")
        paths.append(path)
    return paths
