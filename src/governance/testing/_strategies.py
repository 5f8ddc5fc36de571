"""Hypothesis strategies for governance records: values, events, commands, histories, files.

Every public function returns a ``SearchStrategy``; parameters are keyword-only except
the ids a strategy is generated *for*. Text is drawn from realistic Swedish minutes
(å, ä and ö included) and from arbitrary text over a Swedish alphabet.
"""

from __future__ import annotations

import functools
import hashlib
import string
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from governance.domain import ids
from governance.domain.commands import (
    AssignmentReport,
    ComingMeeting,
    Command,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Waiver,
)
from governance.domain.events import (
    EVENT_TYPES,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyRegistered,
    BodyRevised,
    DecisionRecorded,
    EntryCorrected,
    Event,
    ItemClosed,
    ItemRaised,
    ItemReferred,
    ItemReopened,
    ItemTabled,
    ItemTakenUp,
    MandateEnded,
    MandateIssued,
    MandateReported,
    MandateRevised,
    MeetingHeld,
    MeetingScheduled,
    MinutesApproved,
    MinutesSubmitted,
    ObligationWaived,
)
from governance.domain.names import name_key
from governance.domain.values import (
    FIRST_DAY,
    LAST_DAY,
    MAX_MEETINGS_PER_YEAR,
    MAX_WITHIN_DAYS,
    PARTIAL_YEARS,
    ROLES,
    Alias,
    Attendee,
    Due,
    Goal,
    MeetingMode,
    Member,
    Obligation,
    ReportStatus,
    Task,
)

T = TypeVar("T")

MIN_DATE: Final = FIRST_DAY
"""The earliest date the strategies draw by default: the earliest the record takes."""
MAX_DATE: Final = LAST_DAY
"""The latest date the strategies draw by default; dates drawn after another stop here."""

NETWORKS: Final = ("im", "skis", "gy", "vux")
"""Body ids of the networks under the chiefs (``chiefs``) that histories draw from."""

MUNICIPALITIES: Final = (
    "Essunga",
    "Falköping",
    "Grästorp",
    "Gullspång",
    "Götene",
    "Hjo",
    "Karlsborg",
    "Lidköping",
    "Mariestad",
    "Skara",
    "Skövde",
    "Tibro",
    "Tidaholm",
    "Töreboda",
    "Vara",
)
PLACES: Final = (*MUNICIPALITIES, "Teams")
PEOPLE: Final = (
    "Karin Berg",
    "Per Lind",
    "Lena Åkesson",
    "Anneli Lundkvist",
    "Annelie Lundqvist",
    "Jörgen Ohlsson",
    "Märta Schiller-Harvey",
    "Östen Näslund",
)
BODY_NAMES: Final = {
    "chiefs": "Skol- och utbildningschefsgruppen",
    "im": "IM-nätverket",
    "skis": "Skolutveckling i Skaraborg (SKIS)",
    "gy": "Gymnasienätverket",
    "vux": "Vux-nätverket",
}
TITLES: Final = (
    "Students who stay at home",
    "Elever som stannar hemma",
    "AI, hur arbetar vi med det?",
    "Uppföljning av nätverksdagen",
    "Gemensam plan för kompetensutveckling 2023–2025",
    "Skolnärvaro i Skaraborg",
    "Språkintroduktion (IMSPR) och arbetsplatsförlagt lärande",
    "Samverkan med Vux-nätverket",
    "Uppdragsbeskrivningen",
    "Follow-up from the chiefs",
)
FOLLOW_UP_TITLE: Final = "Uppföljning av uppdrag"
DECISIONS: Final = (
    "Vi beslutar att måndag vecka 48 blir vår stående mötesdag",
    "Mötet säger ja till fråga 1 och stryker fråga 2",
    "Nätverksdagen blir en årligen återkommande träff",
    "Frågan lyfts till beslut på kommande nätverksträff",
    "The network day becomes a yearly event",
)
TASKS: Final = (
    "Justera anteckningarna och skicka dem till förbundet för publicering",
    "Skicka presentationen till Karin, som lägger den i Teams",
    "Lyfta frågan med skolchefsgruppen och återkomma vid nästa träff",
    "Diskutera på den egna skolan om en nätverkstid på 3 timmar kan ordnas",
    "Review the mandate and send it in",
)
NOTES: Final = (
    "Skolchefsgruppens fråga lämnas obesvarad tills vidare",
    "Frågan kan behöva gå till gymnasienätverket",
    "Svar önskas före 14 januari, då förslaget presenteras",
    "Diskussion utan beslut",
)
REASONS: Final = ("Tiden räckte inte till", "Väntar på svar från skolchefsgruppen", "Ny fråga")
ASSIGNEES: Final = (*PEOPLE, "chair", "secretary", "presidium", "all members")

_SWEDISH_ALPHABET: Final = string.ascii_letters + string.digits + "åäöÅÄÖéü §–-,.:()"


# Strategies are built once: building and validating them anew for every draw costs
# more than drawing from them.


def _maybe(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


_FREE_TEXT: Final = (
    st.text(alphabet=_SWEDISH_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
)


def _texts(pool: Sequence[str]) -> SearchStrategy[str]:
    """A phrase from ``pool`` or free non-blank text over a Swedish alphabet."""
    return st.sampled_from(pool) | _FREE_TEXT


@functools.cache
def _between(at_least: int, at_most: int) -> SearchStrategy[int]:
    return st.integers(at_least, at_most)


def _after(draw: st.DrawFn, day: date, *, at_least: int = 0, at_most: int = 120) -> date:
    """A date ``at_least`` to ``at_most`` days after ``day``, or the last the record takes."""
    return min(day + timedelta(days=draw(_between(at_least, at_most))), LAST_DAY)


_SLUGS: Final = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(alphabet=string.ascii_lowercase + string.digits + "._-", max_size=15),
)
_NAMES: Final = _texts(PEOPLE)
_TITLES: Final = _texts(TITLES)
_DECISIONS: Final = _texts(DECISIONS)
_TASKS: Final = _texts(TASKS)
_MAYBE_NOTES: Final = _maybe(_texts(NOTES))
_MAYBE_REASONS: Final = _maybe(_texts(REASONS))
_MAYBE_PLACES: Final = _maybe(st.sampled_from(PLACES))
_MAYBE_MUNICIPALITIES: Final = _maybe(st.sampled_from(MUNICIPALITIES))
_MAYBE_TIMES: Final = _maybe(
    st.sampled_from(("09:00-12:00", "13:00-15:00", "08:30-16:00", "Fredagar 13–15"))
)
_MEETING_MODES: Final[SearchStrategy[MeetingMode]] = st.sampled_from(
    ("on_site", "digital", "hybrid")
)
_REPORT_STATUSES: Final[SearchStrategy[ReportStatus]] = st.sampled_from(
    ("done", "progress", "cancelled")
)
_DIGESTS: Final = st.binary(min_size=8, max_size=8).map(
    lambda raw: hashlib.sha256(raw).hexdigest()
)
_ITEM_NUMBERS: Final = st.builds(
    lambda n, suffix: f"{n}{suffix}", st.integers(1, 15), st.sampled_from(("", "", "a", "b"))
)
_EMAIL_ADDRESSES: Final = _SLUGS.map(lambda local: f"{local}@skaraborg.example.org")
_ASSIGNEES: Final = st.lists(st.sampled_from(ASSIGNEES), min_size=1, max_size=3, unique=True).map(
    tuple
)
_ATTENDEES: Final = st.builds(Attendee, name=_NAMES, municipality=_MAYBE_MUNICIPALITIES)
_ATTENDEE_LISTS: Final = st.lists(_ATTENDEES, max_size=6, unique_by=lambda a: a.name)


# --- values ---------------------------------------------------------------------------


def slugs() -> SearchStrategy[str]:
    """Ids of bodies, mandates and obligations: ``[a-z0-9][a-z0-9._-]*``, at most 16 long."""
    return _SLUGS


def dates(*, min_value: date = MIN_DATE, max_value: date = MAX_DATE) -> SearchStrategy[date]:
    """Calendar dates between ``min_value`` and ``max_value`` (inclusive)."""
    return st.dates(min_value=min_value, max_value=max_value)


def dues(*, min_value: date = MIN_DATE, max_value: date = MAX_DATE) -> SearchStrategy[Due]:
    """When something is owed: ``Due.next_meeting()`` or a date in the range."""
    return st.just(Due.next_meeting()) | dates(min_value=min_value, max_value=max_value).map(Due)


_MEMBER_LISTS: Final = st.lists(
    st.builds(
        Member,
        name=_NAMES,
        municipality=_MAYBE_MUNICIPALITIES,
        roles=st.frozensets(st.sampled_from(ROLES), min_size=1),
    ),
    max_size=5,
).map(tuple)
_ALIAS_LISTS: Final = st.lists(
    st.builds(Alias, variant=_NAMES, canonical=st.sampled_from(PEOPLE)), max_size=2
).map(tuple)


def _tasks() -> SearchStrategy[Task]:
    def task(task_id: str, text: str, report: str | None, due: date) -> Task:
        match report:
            case "continuous" | "yearly":
                return Task(id=task_id, text=text, report=report)
            case "date":
                return Task(id=task_id, text=text, report="date", report_due=due)
            case _:
                return Task(id=task_id, text=text)

    return st.builds(
        task,
        _SLUGS,
        _TASKS,
        st.sampled_from((None, "continuous", "yearly", "date")),
        dates(),
    )


def _goals() -> SearchStrategy[Goal]:
    return st.builds(
        Goal,
        code=st.sampled_from(("1", "2", "3")),
        title=st.sampled_from(
            (
                "Stärkt tillväxt och kompetensförsörjning",
                "Higher level of education",
                "Högre kvalitet",
            )
        ),
        tasks=st.lists(_tasks(), max_size=3, unique_by=lambda task: task.id).map(tuple),
    )


# Mostly what mandates ask, sometimes anything up to the bounds the record takes.
_MEETING_COUNTS: Final = st.integers(1, 12) | st.integers(1, MAX_MEETINGS_PER_YEAR)
_WITHIN_DAYS: Final = st.integers(1, 60) | st.integers(0, MAX_WITHIN_DAYS)
_PARTIAL_YEARS: Final = st.sampled_from(PARTIAL_YEARS)


def _obligations(*, report_to: SearchStrategy[str]) -> SearchStrategy[Obligation]:
    return st.one_of(
        st.builds(Obligation, id=_SLUGS, kind=st.just("minimum_meetings"), count=_MEETING_COUNTS),
        st.builds(Obligation, id=_SLUGS, kind=st.just("submit_minutes"), within_days=_WITHIN_DAYS),
        st.builds(Obligation, id=_SLUGS, kind=st.just("report"), to=report_to, due=dates()),
        st.builds(
            Obligation, id=_SLUGS, kind=st.just("report"), to=report_to, month=st.integers(1, 12)
        ),
        st.builds(Obligation, id=_SLUGS, kind=st.just("review"), month=st.integers(1, 12)),
    )


@st.composite
def _goals_and_obligations(
    draw: st.DrawFn, *, report_to: SearchStrategy[str], min_obligations: int = 0
) -> tuple[tuple[Goal, ...], tuple[Obligation, ...]]:
    """Goals and obligations whose task and obligation ids are all distinct."""
    obligations = draw(
        st.lists(
            _obligations(report_to=report_to),
            min_size=min_obligations,
            max_size=4,
            unique_by=lambda obligation: obligation.id,
        )
    )
    taken = {obligation.id for obligation in obligations}
    goals = []
    for goal in draw(st.lists(_goals(), max_size=3)):
        tasks = tuple(task for task in goal.tasks if task.id not in taken)
        taken.update(task.id for task in tasks)
        goals.append(attrs.evolve(goal, tasks=tasks))
    return tuple(goals), tuple(obligations)


# --- events ---------------------------------------------------------------------------


def _fixed(**values: object) -> dict[str, SearchStrategy[Any]]:
    return {name: st.just(value) for name, value in values.items()}


def _body_events(cls: type[BodyRegistered | BodyRevised]) -> SearchStrategy[Event]:
    return st.builds(
        cls,
        occurred_on=dates(),
        body_id=_SLUGS,
        name=_texts(tuple(BODY_NAMES.values())),
        parent=_maybe(_SLUGS),
        address=_maybe(_EMAIL_ADDRESSES),
        members=_MEMBER_LISTS,
        aliases=_ALIAS_LISTS,
        digest=_DIGESTS,
    )


def _mandate_versions(cls: type[MandateIssued | MandateRevised]) -> SearchStrategy[Event]:
    @st.composite
    def version(draw: st.DrawFn) -> Event:
        issued_by = draw(_SLUGS)
        valid_from = draw(dates())
        goals, obligations = draw(_goals_and_obligations(report_to=st.just(issued_by)))
        return draw(
            st.builds(
                cls,
                occurred_on=dates(max_value=valid_from),
                mandate_id=_SLUGS,
                issued_by=st.just(issued_by),
                issued_to=_SLUGS,
                valid_from=st.just(valid_from),
                valid_to=_maybe(dates(min_value=valid_from)),
                goals=st.just(goals),
                obligations=st.just(obligations),
                partial_years=_PARTIAL_YEARS,
                digest=_DIGESTS,
            )
        )

    return version()


def _periods() -> SearchStrategy[str]:
    return st.integers(MIN_DATE.year, MAX_DATE.year).map(str) | dates().map(date.isoformat)


def _meeting_ids() -> SearchStrategy[str]:
    return st.builds(ids.meeting_id, _SLUGS, dates())


@attrs.frozen
class _MeetingOf:
    """A body's meeting, the shared part of the fields of a meeting or item event."""

    body_id: str
    held_on: date

    @property
    def meeting_id(self) -> str:
        return ids.meeting_id(self.body_id, self.held_on)


def _meetings_of() -> SearchStrategy[_MeetingOf]:
    return st.builds(_MeetingOf, _SLUGS, dates())


def _meeting_events(cls: type[Event]) -> SearchStrategy[Event]:
    def fields(meeting: _MeetingOf) -> SearchStrategy[Event]:
        shared = _fixed(meeting_id=meeting.meeting_id, body_id=meeting.body_id)
        after = dates(min_value=meeting.held_on)
        if cls is MeetingHeld:
            return st.builds(
                MeetingHeld,
                **shared,
                occurred_on=st.just(meeting.held_on),
                place=_MAYBE_PLACES,
                mode=_maybe(_MEETING_MODES),
                time=_MAYBE_TIMES,
                attendees=_ATTENDEE_LISTS.map(tuple),
                secretary=_maybe(_NAMES),
                adjusters=st.lists(_NAMES, max_size=2).map(tuple),
                digest=_DIGESTS,
            )
        if cls is MeetingScheduled:
            return st.builds(
                MeetingScheduled,
                **shared,
                occurred_on=dates(max_value=meeting.held_on - timedelta(days=1)),
                scheduled_for=st.just(meeting.held_on),
                place=_MAYBE_PLACES,
                time=_MAYBE_TIMES,
                announced_at=_maybe(_meeting_ids()),
            )
        if cls is MinutesApproved:
            return st.builds(MinutesApproved, **shared, occurred_on=after)
        return st.builds(
            MinutesSubmitted, **shared, occurred_on=after, to=_maybe(_EMAIL_ADDRESSES)
        )

    return _meetings_of().filter(lambda m: m.held_on > MIN_DATE).flatmap(fields)


@attrs.frozen
class _ItemAt:
    """An item of a body and the (same or later) meeting an item event happens at."""

    body_id: str
    raised_on: date
    number: str
    held_on: date

    @property
    def item_id(self) -> str:
        return ids.item_id(self.body_id, self.raised_on, self.number)

    def shared(self) -> dict[str, SearchStrategy[Any]]:
        return _fixed(
            item_id=self.item_id,
            body_id=self.body_id,
            meeting_id=ids.meeting_id(self.body_id, self.held_on),
            occurred_on=self.held_on,
        )

    def assignment_ids(self, *, given_here: bool) -> SearchStrategy[str]:
        """Ids of assignments given at this meeting, or at or before it."""
        given_on = (
            st.just(self.held_on)
            if given_here
            else dates(min_value=self.raised_on, max_value=self.held_on)
        )
        return st.builds(
            lambda n, on: ids.assignment_id(self.item_id, n, None if on == self.raised_on else on),
            st.integers(1, 9),
            given_on,
        )


@st.composite
def _items_at(draw: st.DrawFn) -> _ItemAt:
    body_id = draw(_SLUGS)
    raised_on = draw(dates())
    return _ItemAt(body_id, raised_on, draw(_ITEM_NUMBERS), draw(dates(min_value=raised_on)))


def _item_event_at(cls: type[Event], at: _ItemAt) -> SearchStrategy[Event]:
    """Events of type ``cls`` of one item at one meeting."""
    shared = at.shared()
    if cls is ItemRaised:
        shared = _ItemAt(at.body_id, at.raised_on, at.number, at.raised_on).shared()
        return st.builds(
            ItemRaised, **shared, number=st.just(at.number), title=_TITLES, notes=_MAYBE_NOTES
        )
    if cls is ItemTakenUp:
        return st.builds(
            ItemTakenUp,
            **shared,
            number=_maybe(_ITEM_NUMBERS),
            title=_maybe(_TITLES),
            notes=_MAYBE_NOTES,
        )
    if cls is DecisionRecorded:
        return st.builds(DecisionRecorded, **shared, text=_DECISIONS)
    if cls is ItemTabled:
        return st.builds(
            ItemTabled,
            **shared,
            until=dues(min_value=at.held_on),
            reason=_MAYBE_REASONS,
        )
    if cls is ItemReferred:
        return st.builds(ItemReferred, **shared, to_body=_SLUGS)
    if cls is ItemClosed or cls is ItemReopened:
        return st.builds(cls, **shared)
    if cls is AssignmentGiven:
        return st.builds(
            AssignmentGiven,
            **shared,
            assignment_id=at.assignment_ids(given_here=True),
            to=_ASSIGNEES,
            task=_TASKS,
            due=dues(min_value=at.held_on),
        )
    return st.builds(
        cls,
        **shared,
        assignment_id=at.assignment_ids(given_here=False),
        note=_MAYBE_NOTES,
    )


def _item_events(cls: type[Event]) -> SearchStrategy[Event]:
    return _items_at().flatmap(lambda at: _item_event_at(cls, at))


_CORRECTABLE: Final = (DecisionRecorded, ItemTabled, ItemClosed, AssignmentGiven)


def _corrections() -> SearchStrategy[Event]:
    """``EntryCorrected`` of one item's stream: what one meeting said of it, and instead."""

    def correction(at: _ItemAt) -> SearchStrategy[Event]:
        entries = st.lists(
            st.sampled_from(_CORRECTABLE).flatmap(lambda cls: _item_event_at(cls, at)),
            max_size=2,
        ).map(tuple)
        return st.builds(
            EntryCorrected,
            occurred_on=st.just(at.held_on),
            stream=st.just(ids.stream_name("item", at.item_id)),
            meeting_id=st.just(ids.meeting_id(at.body_id, at.held_on)),
            reason=_texts(REASONS),
            corrected_on=dates(min_value=at.held_on),
            retracted=entries,
            replacements=entries,
        )

    return _items_at().flatmap(correction)


def _event_strategy(cls: type[Event]) -> SearchStrategy[Event]:
    if cls is BodyRegistered or cls is BodyRevised:
        return _body_events(cls)
    if cls is MandateIssued or cls is MandateRevised:
        return _mandate_versions(cls)
    if cls is MandateEnded:
        return st.builds(MandateEnded, occurred_on=dates(), mandate_id=_SLUGS, digest=_DIGESTS)
    if cls is MandateReported:
        return st.builds(
            MandateReported,
            occurred_on=dates(),
            mandate_id=_SLUGS,
            obligation_id=_SLUGS,
            summary=_MAYBE_NOTES,
            meeting_id=_maybe(_meeting_ids()),
        )
    if cls is ObligationWaived:
        return st.builds(
            ObligationWaived,
            occurred_on=dates(),
            mandate_id=_SLUGS,
            obligation_id=_SLUGS,
            period=_periods(),
            reason=_MAYBE_REASONS,
            meeting_id=_maybe(_meeting_ids()),
        )
    if cls in (MeetingHeld, MeetingScheduled, MinutesApproved, MinutesSubmitted):
        return _meeting_events(cls)
    if cls in (
        ItemRaised,
        ItemTakenUp,
        DecisionRecorded,
        ItemTabled,
        ItemReferred,
        ItemClosed,
        ItemReopened,
        AssignmentGiven,
        AssignmentReported,
        AssignmentCompleted,
        AssignmentCancelled,
    ):
        return _item_events(cls)
    if cls is EntryCorrected:
        return _corrections()
    raise TypeError(f"no strategy for event type {cls.__name__}")


def events(*, types: Sequence[type[Event]] | None = None) -> SearchStrategy[Event]:
    """Events of the given types (default: every type in ``EVENT_TYPES``).

    Every field is filled with a value of the right shape: ids follow
    ``governance.domain.ids`` (an item event's meeting is on or after the item's date,
    an assignment given at a later meeting carries that meeting's date), optional
    fields are either ``None`` or set, members have a non-empty set of roles, text is
    Swedish, and an ``EntryCorrected`` retracts and replaces events of one item at one
    meeting. The events are not a consistent history; see ``histories()`` for that.
    """
    chosen = EVENT_TYPES if types is None else tuple(types)
    if not chosen:
        raise ValueError("events() needs at least one event type")
    return st.one_of([_event_strategy(cls) for cls in chosen])


# --- commands -------------------------------------------------------------------------


def body_commands(
    *, body_id: str | None = None, parents: Sequence[str] = ()
) -> SearchStrategy[RegisterBody]:
    """``RegisterBody`` commands for ``body_id`` (default: any slug).

    The name is the body's usual one (for ``chiefs``, ``im``, ``skis``, ``gy``, ``vux``) or
    free Swedish text; ``parent`` is ``None`` or one of ``parents`` (bodies the caller has
    registered), so the command is accepted once those are; members have roles, and
    aliases are other spellings of members' names.
    """
    usual = BODY_NAMES.get(body_id or "")
    return st.builds(
        RegisterBody,
        body_id=_SLUGS if body_id is None else st.just(body_id),
        name=_texts((usual,) if usual else tuple(BODY_NAMES.values())),
        parent=_maybe(st.sampled_from(parents)) if parents else st.none(),
        address=_maybe(_EMAIL_ADDRESSES),
        members=_MEMBER_LISTS,
        aliases=_ALIAS_LISTS.map(_aliases_the_record_takes),
    )


def _aliases_the_record_takes(aliases: tuple[Alias, ...]) -> tuple[Alias, ...]:
    """Aliases given once each, none the name itself, none pointing to another alias."""
    once: dict[str, Alias] = {}
    for alias in aliases:
        key = name_key(alias.variant)
        if key not in once and key != name_key(alias.canonical):
            once[key] = alias
    return tuple(alias for alias in once.values() if name_key(alias.canonical) not in once)


@st.composite
def _mandate_commands(
    draw: st.DrawFn,
    issued_by: str,
    issued_to: str,
    *,
    mandate_id: str | None,
    min_value: date,
    max_value: date,
) -> IssueMandate:
    valid_from = draw(dates(min_value=min_value, max_value=max_value))
    goals, obligations = draw(
        _goals_and_obligations(report_to=st.just(issued_by), min_obligations=1)
    )
    return IssueMandate(
        mandate_id=draw(_SLUGS) if mandate_id is None else mandate_id,
        issued_by=issued_by,
        issued_to=issued_to,
        issued_on=max(valid_from - timedelta(days=draw(_between(0, 60))), FIRST_DAY),
        valid_from=valid_from,
        valid_to=_after(draw, valid_from, at_most=3 * 366) if draw(st.booleans()) else None,
        goals=goals,
        obligations=obligations,
        partial_years=draw(_PARTIAL_YEARS),
    )


def mandate_commands(
    issued_by: str,
    issued_to: str,
    *,
    mandate_id: str | None = None,
    min_value: date = MIN_DATE,
    max_value: date = MAX_DATE,
) -> SearchStrategy[IssueMandate]:
    """Valid ``IssueMandate`` commands from ``issued_by`` to ``issued_to``.

    ``valid_from`` lies between ``min_value`` and ``max_value``; ``valid_to`` is ``None``
    or not before it; there is at least one obligation, and obligation and task ids are
    distinct (``report`` obligations go to the issuer). The mandate is not ended.
    """
    return _mandate_commands(
        issued_by, issued_to, mandate_id=mandate_id, min_value=min_value, max_value=max_value
    )


def reportable_ids(command: IssueMandate) -> tuple[str, ...]:
    """The obligation ids and reportable task ids a report or waiver may name."""
    tasks = [task.id for goal in command.goals for task in goal.tasks if task.report is not None]
    return (*(obligation.id for obligation in command.obligations), *tasks)


@attrs.frozen
class _Outcome:
    decisions: tuple[str, ...]
    assignments: tuple[NewAssignment, ...]
    tabled: Tabling | None
    referred_to: str | None
    closed: bool

    @property
    def leaves_item_open(self) -> bool:
        return self.referred_to is None and not self.closed


@attrs.define
class _OpenWork:
    """What a body's earlier meetings left for later ones.

    ``items`` are the items it may still take up (open, tabled or decided; not closed or
    referred), by id with their titles; ``assignments`` the assignments not yet reported
    done or cancelled, by id with the item they were given on.
    """

    items: dict[str, str] = attrs.field(factory=dict)
    assignments: dict[str, str] = attrs.field(factory=dict)

    def give(self, item: str, outcome: _Outcome, *, given_at: date | None) -> None:
        """Keep the assignments given on ``item`` open; the body that gave them reports
        on them, even once the item is closed or referred away."""
        for n in range(1, len(outcome.assignments) + 1):
            self.assignments[ids.assignment_id(item, n, given_at)] = item


_OUTCOMES: Final = ("discussed", "tabled", "decided", "referred", "closed")


def _due_after(draw: st.DrawFn, on: date) -> Due:
    """The next meeting, or a date after ``on`` (if the record takes one)."""
    if on >= LAST_DAY or draw(st.booleans()):
        return Due.next_meeting()
    return Due(_after(draw, on, at_least=1))


def _new_assignments(draw: st.DrawFn, on: date) -> tuple[NewAssignment, ...]:
    return tuple(
        NewAssignment(to=draw(_ASSIGNEES), task=draw(_TASKS), due=_due_after(draw, on))
        for _ in range(draw(_between(0, 2)))
    )


_ALL_OUTCOMES: Final = st.sampled_from(_OUTCOMES)
_OUTCOMES_HERE: Final = st.sampled_from(tuple(o for o in _OUTCOMES if o != "referred"))


def _outcome(draw: st.DrawFn, on: date, refer_to: Sequence[str]) -> _Outcome:
    """What a meeting does with one item: discuss, table, decide, refer away or close it."""
    outcome = draw(_ALL_OUTCOMES if refer_to else _OUTCOMES_HERE)
    decisions = draw(_between(1 if outcome == "decided" else 0, 2))
    return _Outcome(
        decisions=tuple(draw(_DECISIONS) for _ in range(decisions)),
        assignments=_new_assignments(draw, on),
        tabled=Tabling(until=_due_after(draw, on), reason=draw(_MAYBE_REASONS))
        if outcome == "tabled"
        else None,
        referred_to=draw(st.sampled_from(refer_to)) if outcome == "referred" else None,
        closed=outcome == "closed",
    )


def _report_on(
    draw: st.DrawFn, assignments: Iterable[str], work: _OpenWork
) -> tuple[AssignmentReport, ...]:
    reports = []
    for assignment in assignments:
        status = draw(_REPORT_STATUSES)
        if status != "progress":
            del work.assignments[assignment]
        reports.append(
            AssignmentReport(assignment_id=assignment, status=status, note=draw(_MAYBE_NOTES))
        )
    return tuple(reports)


def _new_item(
    draw: st.DrawFn,
    body_id: str,
    on: date,
    number: str,
    *,
    refer_to: Sequence[str],
    work: _OpenWork,
) -> ItemEntry:
    item = ids.item_id(body_id, on, number)
    title = draw(_TITLES)
    outcome = _outcome(draw, on, refer_to)
    work.give(item, outcome, given_at=None)
    if outcome.leaves_item_open:
        work.items[item] = title
    return ItemEntry(
        number=number,
        title=title,
        notes=draw(_MAYBE_NOTES),
        decisions=outcome.decisions,
        assignments=outcome.assignments,
        tabled=outcome.tabled,
        referred_to=outcome.referred_to,
        closed=outcome.closed,
    )


def _taken_up(
    draw: st.DrawFn, item: str, on: date, refer_to: Sequence[str], work: _OpenWork
) -> ItemEntry:
    title = work.items[item]
    own = sorted(a for a, owner in work.assignments.items() if owner == item)
    reported = draw(st.lists(st.sampled_from(own), unique=True)) if own else []
    reports = _report_on(draw, reported, work)
    outcome = _outcome(draw, on, refer_to)
    work.give(item, outcome, given_at=on)
    if not outcome.leaves_item_open:
        del work.items[item]
    return ItemEntry(
        continues=item,
        title=draw(st.sampled_from((None, title))),
        notes=draw(_MAYBE_NOTES),
        decisions=outcome.decisions,
        assignments=outcome.assignments,
        assignment_reports=reports,
        tabled=outcome.tabled,
        referred_to=outcome.referred_to,
        closed=outcome.closed,
    )


def _meeting_details(draw: st.DrawFn, on: date) -> MeetingDetails:
    attendees = draw(_ATTENDEE_LISTS)
    names = [attendee.name for attendee in attendees]
    return MeetingDetails(
        date=on,
        place=draw(_MAYBE_PLACES),
        mode=draw(_maybe(_MEETING_MODES)),
        time=draw(_MAYBE_TIMES),
        attendees=tuple(attendees),
        secretary=draw(_maybe(st.sampled_from(names))) if names else None,
        adjusters=tuple(draw(st.lists(st.sampled_from(names), max_size=2, unique=True)))
        if names
        else (),
    )


def _mandate_reports(
    draw: st.DrawFn, on: date, reports_on: Sequence[tuple[str, str]]
) -> tuple[MandateReport, ...]:
    if not reports_on:
        return ()
    return tuple(
        MandateReport(
            mandate_id=mandate,
            obligation_id=obligation,
            on=_after(draw, on, at_most=30),
            summary=draw(_MAYBE_NOTES),
        )
        for mandate, obligation in draw(st.lists(st.sampled_from(reports_on), max_size=2))
    )


def _schedule(draw: st.DrawFn, on: date, known: Sequence[date]) -> tuple[ComingMeeting, ...]:
    """Coming meetings: some of the ``known`` later dates and perhaps one that never happens."""
    later = sorted({d for d in known if d > on})
    chosen = set(draw(st.lists(st.sampled_from(later), max_size=3))) if later else set()
    if on < LAST_DAY and draw(st.booleans()):
        chosen.add(_after(draw, on, at_least=1, at_most=90))
    return tuple(
        ComingMeeting(
            date=day,
            place=draw(_MAYBE_PLACES),
            time=draw(_MAYBE_TIMES),
        )
        for day in sorted(chosen)
    )


def _approvals(draw: st.DrawFn, on: date) -> tuple[date | None, date | None]:
    approved_on = _after(draw, on, at_most=14) if draw(st.booleans()) else None
    submitted_on = _after(draw, approved_on or on, at_most=14) if draw(st.booleans()) else None
    return approved_on, submitted_on


@st.composite
def _minutes_commands(
    draw: st.DrawFn,
    body_id: str,
    *,
    on: date,
    refer_to: Sequence[str],
    reports_on: Sequence[tuple[str, str]],
) -> RecordMinutes:
    work = _OpenWork()
    count = draw(_between(0, 5))
    suffixes = draw(st.lists(st.sampled_from(("", "a")), min_size=count, max_size=count))
    items = tuple(
        _new_item(draw, body_id, on, f"{n}{suffix}", refer_to=refer_to, work=work)
        for n, suffix in enumerate(suffixes, start=1)
    )
    approved_on, submitted_on = _approvals(draw, on)
    return RecordMinutes(
        body_id=body_id,
        meeting=_meeting_details(draw, on),
        items=items,
        reports=_mandate_reports(draw, on, reports_on),
        approved_on=approved_on,
        submitted_on=submitted_on,
        schedule=_schedule(draw, on, ()),
    )


def minutes_commands(
    body_id: str,
    *,
    on: date,
    refer_to: Sequence[str] = (),
    reports_on: Sequence[tuple[str, str]] = (),
) -> SearchStrategy[RecordMinutes]:
    """A ``RecordMinutes`` for one meeting of ``body_id`` on ``on`` that raises new items.

    Items are numbered ``1``, ``2a``, … and each is discussed, tabled (until the next
    meeting or a later date), decided, closed, or referred to one of ``refer_to``;
    some are given assignments. Reports name one of the ``(mandate id, obligation id)``
    pairs in ``reports_on``. Approval and submission are on or after the meeting, and
    the schedule lists later dates. Accepted by ``decide`` once ``body_id`` and the
    bodies and mandates named are recorded and the meeting is not.
    """
    return _minutes_commands(body_id, on=on, refer_to=refer_to, reports_on=reports_on)


# --- histories ------------------------------------------------------------------------


def _minutes_of_meeting(
    draw: st.DrawFn,
    body_id: str,
    on: date,
    *,
    refer_to: Sequence[str],
    later_dates: Sequence[date],
    reports_on: Sequence[tuple[str, str]],
    waivable: Sequence[tuple[str, str]],
    work: _OpenWork,
) -> RecordMinutes:
    """One meeting, given what the body's earlier meetings left open in ``work``."""
    open_items = sorted(work.items)
    taken = (
        draw(st.lists(st.sampled_from(open_items), unique=True, max_size=3)) if open_items else []
    )
    # Assignments on items not taken up (closed, referred or forgotten) are reported
    # under an item of their own, as minutes do under "Uppföljning av uppdrag".
    others = sorted(a for a, item in work.assignments.items() if item not in taken)
    entries = [_taken_up(draw, item, on, refer_to, work) for item in taken]
    count = draw(_between(0, 3))
    entries.extend(
        _new_item(draw, body_id, on, str(n), refer_to=refer_to, work=work)
        for n in range(1, count + 1)
    )
    followed_up = (
        draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
    )
    if followed_up:
        entries.append(
            ItemEntry(
                number=str(count + 1),
                title=FOLLOW_UP_TITLE,
                assignment_reports=_report_on(draw, followed_up, work),
            )
        )
    waivers = (
        tuple(
            Waiver(
                mandate_id=mandate,
                obligation_id=obligation,
                period=str(on.year),
                reason=draw(_MAYBE_REASONS),
            )
            for mandate, obligation in draw(st.lists(st.sampled_from(waivable), max_size=1))
        )
        if waivable
        else ()
    )
    approved_on, submitted_on = _approvals(draw, on)
    return RecordMinutes(
        body_id=body_id,
        meeting=_meeting_details(draw, on),
        items=tuple(draw(st.permutations(entries))),
        reports=_mandate_reports(draw, on, reports_on),
        waivers=waivers,
        approved_on=approved_on,
        submitted_on=submitted_on,
        schedule=_schedule(draw, on, later_dates),
    )


@st.composite
def _histories(
    draw: st.DrawFn, *, start: date, max_years: int, max_meetings_per_body: int
) -> list[Command]:
    networks = draw(st.lists(st.sampled_from(NETWORKS), min_size=1, max_size=3, unique=True))
    bodies = ["chiefs", *networks]
    commands: list[Command] = [draw(body_commands(body_id="chiefs"))]
    commands.extend(
        draw(body_commands(body_id=network, parents=("chiefs",))) for network in networks
    )
    mandates: dict[str, IssueMandate] = {}
    for network in networks:
        if draw(st.booleans()):
            mandates[network] = draw(
                mandate_commands(
                    "chiefs",
                    network,
                    mandate_id=f"{network}-{start.year}",
                    min_value=date(start.year, 1, 1),
                    max_value=start,
                )
            )
    commands.extend(mandates.values())
    end = date(start.year + draw(st.integers(1, max_years)) - 1, 12, 31)
    meeting_dates = {
        body: sorted(
            draw(
                st.lists(
                    dates(min_value=start, max_value=end),
                    min_size=1,
                    max_size=max_meetings_per_body,
                    unique=True,
                )
            )
        )
        for body in bodies
    }
    work = {body: _OpenWork() for body in bodies}
    waivable = [(m, oid) for m in mandates.values() for oid in reportable_ids(m)]
    meetings = sorted(
        (on, bodies.index(body), body) for body, days in meeting_dates.items() for on in days
    )
    for on, _, body in meetings:
        mandate = mandates.get(body)
        commands.append(
            _minutes_of_meeting(
                draw,
                body,
                on,
                refer_to=[other for other in bodies if other != body],
                later_dates=meeting_dates[body],
                reports_on=[(mandate.mandate_id, oid) for oid in reportable_ids(mandate)]
                if mandate
                else [],
                waivable=[(m.mandate_id, oid) for m, oid in waivable if _in_force(m, on)]
                if body == "chiefs"
                else [],
                work=work[body],
            )
        )
    return commands


def _in_force(mandate: IssueMandate, on: date) -> bool:
    """Whether ``on``'s year is a period of the mandate (so it can be waived)."""
    last = mandate.valid_to.year if mandate.valid_to else on.year
    return mandate.valid_from.year <= on.year <= last


def histories(
    *,
    start: date = date(2023, 1, 1),
    max_years: int = 2,
    max_meetings_per_body: int = 6,
) -> SearchStrategy[list[Command]]:
    """Valid histories: commands that ``decide`` accepts when applied in order.

    A history registers ``chiefs`` and one to three networks under it (``im``, ``skis``,
    ``gy``, ``vux``), issues some networks a mandate from the chiefs, then records the
    minutes of every body's meetings over one to ``max_years`` calendar years from
    ``start``, in date order. The meeting dates of each body are drawn first; each
    meeting then deals with what the body's earlier meetings left open: it takes up
    some open, tabled or decided items (the rest are forgotten) and discusses, tables
    (until the next meeting or a date), decides, refers to another body or closes
    them; raises new items; gives assignments (``<item>/a<n>`` on a new item,
    ``<item>/<date>/a<n>`` on an item taken up) due at the next meeting or on a date;
    reports progress on, completes or cancels earlier assignments; reports on the
    mandate's obligations; the chiefs may waive a network's obligation for a year.
    Approval and submission are on or after the meeting, and the schedule names later
    dates. Closed and referred items are never taken up again, nothing is reopened, a
    body takes up only its own items, and the body that gave an assignment reports on
    it (under the item, or under an item of its own once the item is closed, referred
    or forgotten).
    """
    return _histories(
        start=start, max_years=max_years, max_meetings_per_body=max_meetings_per_body
    )


@st.composite
def _late_arrivals(
    draw: st.DrawFn, history: Sequence[Command], max_delay_days: int
) -> list[Command]:
    minutes = [command for command in history if isinstance(command, RecordMinutes)]
    delays = draw(
        st.lists(_between(0, max_delay_days), min_size=len(minutes), max_size=len(minutes))
    )
    same_day_order = draw(st.permutations(range(len(minutes))))
    arrival = sorted(
        range(len(minutes)),
        key=lambda n: (minutes[n].meeting.date + timedelta(days=delays[n]), same_day_order[n]),
    )
    setup = [command for command in history if not isinstance(command, RecordMinutes)]
    return [*setup, *(minutes[n] for n in arrival)]


def late_arrivals(
    history: Sequence[Command], *, max_delay_days: int = 120
) -> SearchStrategy[list[Command]]:
    """The commands of ``history`` in an order they may be recorded in when minutes come
    late, as they do: bodies and mandates first, as the history has them; then every set
    of minutes, each arriving 0 to ``max_delay_days`` days after its meeting, recorded in
    the order they arrive (those arriving on the same day in any order). With a large
    ``max_delay_days`` any order of the minutes can come out.

    For a history of ``histories()``, the record must end up the same whatever the order:
    the same status on every date.
    """
    if max_delay_days < 0:
        raise ValueError("late_arrivals() needs max_delay_days of 0 or more")
    return _late_arrivals(history, max_delay_days)


# --- minutes documents ----------------------------------------------------------------


def _render_attendee(draw: st.DrawFn, attendee: Attendee) -> object:
    form = draw(st.sampled_from(("text", "mapping")))
    if attendee.municipality is None:
        return {"name": attendee.name} if form == "mapping" else attendee.name
    if form == "mapping":
        return {"name": attendee.name, "municipality": attendee.municipality}
    return f"{attendee.name} ({attendee.municipality})"


def _render_item(draw: st.DrawFn, entry: ItemEntry) -> dict[str, object]:
    item: dict[str, object] = {}
    for key in ("number", "title", "notes", "continues", "referred_to"):
        value = getattr(entry, key)
        if value is not None:
            item[key] = value
    if entry.reopened:
        item["reopened"] = True
    if entry.decisions:
        item["decisions"] = list(entry.decisions)
    if entry.assignments:
        item["assignments"] = [
            {"to": list(new.to), "task": new.task, "due": str(new.due)}
            for new in entry.assignments
        ]
    if entry.assignment_reports:
        item["assignment_reports"] = [
            {"assignment": report.assignment_id, "status": report.status}
            | ({} if report.note is None else {"note": report.note})
            for report in entry.assignment_reports
        ]
    if entry.tabled is not None:
        until = str(entry.tabled.until)
        if entry.tabled.reason is not None:
            item["tabled"] = {"until": until, "reason": entry.tabled.reason}
        elif draw(st.booleans()):
            item["tabled"] = {"until": until}
        else:
            item["tabled"] = until
    if entry.closed:
        item["closed"] = True
    return item


def _render_minutes(draw: st.DrawFn, command: RecordMinutes) -> dict[str, object]:
    details = command.meeting
    meeting: dict[str, object] = {"date": details.date.isoformat()}
    for key in ("place", "mode", "time", "secretary"):
        value = getattr(details, key)
        if value is not None:
            meeting[key] = value
    if details.attendees:
        meeting["attendees"] = [_render_attendee(draw, a) for a in details.attendees]
    if details.adjusters:
        meeting["adjusters"] = list(details.adjusters)
    document: dict[str, object] = {
        "kind": "minutes",
        "body": command.body_id,
        "meeting": meeting,
        "items": [_render_item(draw, entry) for entry in command.items],
    }
    if command.reports:
        document["reports"] = [
            {"mandate": r.mandate_id, "obligation": r.obligation_id, "on": r.on.isoformat()}
            | ({} if r.summary is None else {"summary": r.summary})
            for r in command.reports
        ]
    if command.waivers:
        document["waivers"] = [
            {"mandate": w.mandate_id, "obligation": w.obligation_id, "period": w.period}
            | ({} if w.reason is None else {"reason": w.reason})
            for w in command.waivers
        ]
    for key in ("approved_on", "submitted_on"):
        value = getattr(command, key)
        if value is not None:
            document[key] = value.isoformat()
    if command.schedule:
        document["schedule"] = [
            {"date": c.date.isoformat()}
            | ({} if c.place is None else {"place": c.place})
            | ({} if c.time is None else {"time": c.time})
            for c in command.schedule
        ]
    return document


@st.composite
def _continuing_entries(draw: st.DrawFn, body_id: str, on: date) -> ItemEntry:
    earlier = draw(dates(max_value=on - timedelta(days=1)))
    item = ids.item_id(body_id, earlier, draw(_ITEM_NUMBERS))
    outcome = _outcome(draw, on, ("chiefs",))
    reported = draw(st.lists(st.integers(1, 3), unique=True, max_size=2))
    return ItemEntry(
        continues=item,
        reopened=draw(st.booleans()),
        decisions=outcome.decisions,
        assignments=outcome.assignments,
        assignment_reports=tuple(
            AssignmentReport(
                assignment_id=ids.assignment_id(item, n), status=draw(_REPORT_STATUSES)
            )
            for n in reported
        ),
        tabled=outcome.tabled,
        referred_to=outcome.referred_to,
        closed=outcome.closed,
    )


@st.composite
def _minutes_documents(draw: st.DrawFn, body_id: str | None) -> dict[str, object]:
    body = draw(_SLUGS) if body_id is None else body_id
    on = draw(dates(min_value=MIN_DATE + timedelta(days=1)))
    refer_to = draw(st.lists(_SLUGS, max_size=2))
    reports_on = draw(st.lists(st.tuples(_SLUGS, _SLUGS), max_size=2))
    command = draw(_minutes_commands(body, on=on, refer_to=refer_to, reports_on=reports_on))
    continuing = draw(
        st.lists(_continuing_entries(body, on), max_size=2, unique_by=lambda e: e.continues)
    )
    waivers = draw(
        st.lists(
            st.builds(
                Waiver,
                mandate_id=_SLUGS,
                obligation_id=_SLUGS,
                period=_periods(),
                reason=_MAYBE_REASONS,
            ),
            max_size=2,
        )
    )
    command = attrs.evolve(command, items=(*command.items, *continuing), waivers=tuple(waivers))
    return _render_minutes(draw, command)


def minutes_documents(*, body_id: str | None = None) -> SearchStrategy[dict[str, object]]:
    """Minutes documents as plain dicts, as a YAML or JSON minutes file holds them.

    Shaped per the v1 minutes format: ``kind: minutes``, ``body``, ``meeting`` with an
    ISO ``date`` (and place, mode, time, attendees as ``"Name (Municipality)"`` or
    ``{name, municipality}``, secretary, adjusters), ``items`` (new items with
    ``number`` and ``title``; items that ``continues`` an earlier one; decisions,
    assignments due ``next_meeting`` or a date, ``tabled`` as text or
    ``{until, reason}``, ``referred_to``, ``closed``, ``reopened``,
    ``assignment_reports``), and the optional ``reports``, ``waivers``, ``approved_on``,
    ``submitted_on`` and ``schedule``. Dates are
    ``YYYY-MM-DD`` strings, so every document is also valid JSON. The documents are
    well-formed, not necessarily consistent with a record (their bodies, mandates and
    earlier items may be unknown).
    """
    return _minutes_documents(body_id)


# --- malformed documents --------------------------------------------------------------

_BAD_DATES: Final = ("2023-13-45", "2023-02-30", "soon", "", "not a date", "45/13", True, [2023])
_UNKNOWN_KEYS: Final = ("xyzzy", "colour", "mötesfärg", "protokollnummer_typo")
_JUNK_LEAVES: Final = st.none() | st.booleans() | st.integers() | st.text(max_size=5)


def _junk() -> SearchStrategy[object]:
    """Deeply nested lists and mappings, at least three levels down."""
    nested = st.recursive(
        _JUNK_LEAVES,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=12,
    )
    return nested.map(lambda value: [[{"junk": [value]}]])


Mutation = Callable[[st.DrawFn, dict[str, Any]], object]


def _items_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = document["items"]
    if not items:
        items.append({"number": "1", "title": TITLES[0]})
    return items


def _not_a_mapping(draw: st.DrawFn, document: dict[str, Any]) -> object:
    return draw(
        st.none()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.booleans()
        | st.text()
        | st.lists(st.text(), max_size=3)
    )


def _missing_key(draw: st.DrawFn, document: dict[str, Any]) -> object:
    where = draw(st.sampled_from(("kind", "body", "meeting", "meeting.date", "item.number")))
    if where == "meeting.date":
        del document["meeting"]["date"]
    elif where == "item.number":
        item = draw(st.sampled_from(_items_of(document)))
        item.pop("number", None)
        item.pop("continues", None)
        item["title"] = draw(_TITLES)
    else:
        del document[where]
    return document


def _unknown_key(draw: st.DrawFn, document: dict[str, Any]) -> object:
    where = draw(st.sampled_from(("document", "meeting", "item")))
    target: dict[str, Any] = (
        document
        if where == "document"
        else document["meeting"]
        if where == "meeting"
        else draw(st.sampled_from(_items_of(document)))
    )
    target[draw(st.sampled_from(_UNKNOWN_KEYS))] = draw(_texts(NOTES))
    return document


def _bad_date(draw: st.DrawFn, document: dict[str, Any]) -> object:
    bad = draw(st.sampled_from(_BAD_DATES))
    where = draw(st.sampled_from(("meeting.date", "approved_on", "submitted_on", "due", "tabled")))
    if where == "meeting.date":
        document["meeting"]["date"] = bad
    elif where in ("approved_on", "submitted_on"):
        document[where] = bad
    elif where == "due":
        document["items"].append(
            {
                "number": "99",
                "title": TITLES[0],
                "assignments": [{"to": ["chair"], "task": TASKS[0], "due": bad}],
            }
        )
    else:
        document["items"].append({"number": "99", "title": TITLES[0], "tabled": {"until": bad}})
    return document


def _bad_enum(draw: st.DrawFn, document: dict[str, Any]) -> object:
    where = draw(st.sampled_from(("kind", "mode", "status")))
    if where == "kind":
        document["kind"] = draw(st.sampled_from(("protocol", "protokoll", "minute", "")))
    elif where == "mode":
        document["meeting"]["mode"] = draw(
            st.sampled_from(("by carrier pigeon", "telepathic", "ONSITE"))
        )
    else:
        document["items"].append(
            {
                "number": "99",
                "title": FOLLOW_UP_TITLE,
                "assignment_reports": [
                    {
                        "assignment": "im/2023-10-13/6/a1",
                        "status": draw(st.sampled_from(("finished", "klar", ""))),
                    }
                ],
            }
        )
    return document


def _wrong_type(draw: st.DrawFn, document: dict[str, Any]) -> object:
    where = draw(
        st.sampled_from(("body", "meeting", "items", "item", "decisions", "closed", "title"))
    )
    if where == "body":
        document["body"] = draw(st.sampled_from((["im"], {"id": "im"}, None, True)))
    elif where == "meeting":
        document["meeting"] = draw(st.sampled_from(("2023-11-17", ["2023-11-17"], 17)))
    elif where == "items":
        document["items"] = draw(st.sampled_from(("§4 Evaluation", {"number": "4"}, 4)))
    elif where == "item":
        document["items"].append(draw(st.sampled_from(("§4 Evaluation", 4, ["4", "AI"]))))
    else:
        item = draw(st.sampled_from(_items_of(document)))
        item[where] = draw(
            st.sampled_from(
                {
                    "decisions": ({"text": "Ja"}, 3),
                    "closed": ("maybe", "stängd", [True]),
                    "title": (["AI"], {"sv": "AI"}),
                }[where]
            )
        )
    return document


def _nested_junk(draw: st.DrawFn, document: dict[str, Any]) -> object:
    where = draw(st.sampled_from(("meeting", "items", "item.title", "schedule")))
    junk = draw(_junk())
    if where == "item.title":
        draw(st.sampled_from(_items_of(document)))["title"] = junk
    else:
        document[where] = junk
    return document


_MUTATIONS: Final[tuple[Mutation, ...]] = (
    _not_a_mapping,
    _missing_key,
    _unknown_key,
    _bad_date,
    _bad_enum,
    _wrong_type,
    _nested_junk,
)


@st.composite
def _malformed_documents(draw: st.DrawFn) -> object:
    document: dict[str, Any] = draw(minutes_documents())
    return draw(st.sampled_from(_MUTATIONS))(draw, document)


def malformed_documents() -> SearchStrategy[object]:
    """Documents a minutes file may hold that break the v1 format, one way each.

    Each is a valid minutes document with one mutation: not a mapping at all; a
    required key missing (``kind``, ``body``, ``meeting``, ``meeting.date``, or an
    item with neither ``number`` nor ``continues``); an unknown key; a bad date
    (``"2023-13-45"``, ``"2023-02-30"``, ``"soon"``, ``""``, ``true``, a list); a bad
    enum (``kind``, meeting ``mode``, report ``status``); a value of the wrong type
    (never a number or a date where text is expected: YAML's ``number: 4`` is text); or
    deeply nested junk where a value belongs. Recording one must give an error that
    names the problem, never a traceback. Most are refused when the file is read; an
    item with neither ``number`` nor ``continues`` may be refused only when the minutes
    are decided, as the format allows.
    """
    return _malformed_documents()
