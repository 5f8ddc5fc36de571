"""Properties of the read models over random, coherent records.

A record is drawn as a list of documents (batches of events): body registrations, a
mandate with its revision and end, and the minutes of meetings on distinct dates. Events
of one date are all in one document, so shuffling the documents is exactly recording
minutes late, in any order.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TypedDict

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.domain import ids
from governance.domain.events import (
    AnyEvent,
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyEvent,
    BodyRegistered,
    DecisionRecorded,
    ItemClosed,
    ItemRaised,
    ItemReferred,
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
from governance.domain.values import NEXT_MEETING, Alias, Due, Goal, Member, Obligation, Task
from governance.projections import assignments as assignments_model
from governance.projections import bodies as bodies_model
from governance.projections import compute_status, in_valid_time_order, status_to_json
from governance.projections import mandates as mandates_model
from governance.projections import meetings as meetings_model
from governance.projections import obligations as obligations_model
from governance.projections import status as status_model
from governance.projections import tabled_items as tabled_items_model

BODY_IDS = ("im", "gy", "chiefs")
NAMES = ("Karin Berg", "Karin Bergh", "Per Lind", "per  lind", "Eva Ek")
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2025, 12, 31)
ISSUED_ON, REVISED_ON, ENDED_ON = date(2022, 12, 1), date(2024, 7, 1), date(2025, 6, 30)
MANDATE_DATES = {ISSUED_ON, REVISED_ON, ENDED_ON}
REPORTABLE = ("meetings", "minutes", "report", "annual", "review", "2b", "2c")

BODIES: list[AnyEvent] = [
    BodyRegistered(
        body_id=body_id,
        occurred_on=date(2022, 11, 1),
        name=body_id.upper(),
        members=(Member("Karin Berg"), Member("Per Lind")),
        aliases=(Alias("Karin Bergh", "Karin Berg"),),
        digest=body_id,
    )
    for body_id in BODY_IDS
]

days = st.dates(FIRST_DAY, LAST_DAY)
as_of_days = st.dates(date(2022, 11, 1), date(2026, 6, 30))
small_offsets = st.integers(0, 40).map(lambda n: timedelta(days=n))


@st.composite
def obligations(draw: st.DrawFn) -> tuple[Obligation, ...]:
    return (
        Obligation("meetings", "minimum_meetings", count=draw(st.integers(0, 6))),
        Obligation("minutes", "submit_minutes", within_days=draw(st.integers(0, 30))),
        Obligation("report", "report", to="chiefs", due=draw(days)),
        Obligation("annual", "report", to="chiefs", month=draw(st.integers(1, 12))),
        Obligation("review", "review", month=draw(st.integers(1, 12))),
    )


class Version(TypedDict):
    mandate_id: str
    issued_by: str
    issued_to: str
    valid_from: date
    goals: tuple[Goal, ...]


@st.composite
def mandate_documents(draw: st.DrawFn) -> list[list[AnyEvent]]:
    valid_from = draw(st.dates(date(2023, 1, 1), date(2024, 1, 1)))
    valid_to = draw(st.none() | st.dates(valid_from, date(2026, 12, 31)))
    goals = (
        Goal(
            "2",
            "Higher level of education",
            (
                Task("2a", "No duty to report"),
                Task("2b", "Report continuously", report="continuous"),
                Task("2c", "Present the result", report="date", report_due=draw(days)),
            ),
        ),
    )
    fields = Version(
        mandate_id="im-2023",
        issued_by="chiefs",
        issued_to="im",
        valid_from=valid_from,
        goals=goals,
    )
    documents: list[list[AnyEvent]] = [
        [
            MandateIssued(
                **fields,
                occurred_on=ISSUED_ON,
                valid_to=valid_to,
                obligations=draw(obligations()),
                digest="issued",
            )
        ]
    ]
    if draw(st.booleans()):
        documents.append(
            [
                MandateRevised(
                    **fields,
                    occurred_on=REVISED_ON,
                    valid_to=draw(st.none() | st.dates(valid_from, date(2026, 12, 31))),
                    obligations=draw(obligations()),
                    digest="revised",
                )
            ]
        )
    if draw(st.booleans()) and valid_from <= ENDED_ON:
        documents.append([MandateEnded(mandate_id="im-2023", occurred_on=ENDED_ON, digest="end")])
    return documents


class At(TypedDict):
    body_id: str
    meeting_id: str
    occurred_on: date


@attrs.define
class ItemSim:
    body: str
    status: str


@st.composite
def records(draw: st.DrawFn) -> list[list[AnyEvent]]:
    """Documents of a coherent record, in the order they happened."""
    meeting_days = sorted(
        draw(
            st.lists(
                days.filter(lambda d: d not in MANDATE_DATES), min_size=1, max_size=10, unique=True
            )
        )
    )
    documents: list[list[AnyEvent]] = [BODIES, *draw(mandate_documents())]
    items: dict[str, ItemSim] = {}
    assignments: dict[str, str] = {}
    for held_on in meeting_days:
        body = draw(st.sampled_from(BODY_IDS))
        meeting = ids.meeting_id(body, held_on)
        at = At(body_id=body, meeting_id=meeting, occurred_on=held_on)
        minutes: list[AnyEvent] = [MeetingHeld(**at, digest=meeting)]
        for item_id, item in items.items():
            if item.body != body or item.status == "closed":
                continue
            action = draw(st.sampled_from(["skip", "take_up", "table", "close", "refer"]))
            if action == "skip":
                continue
            minutes.append(ItemTakenUp(**at, item_id=item_id))
            item.status = "open"
            if action == "table":
                minutes.append(ItemTabled(**at, item_id=item_id, until=NEXT_MEETING))
                item.status = "tabled"
            elif action == "close":
                minutes.append(ItemClosed(**at, item_id=item_id))
                item.status = "closed"
            elif action == "refer":
                item.body = draw(st.sampled_from([b for b in BODY_IDS if b != body]))
                minutes.append(ItemReferred(**at, item_id=item_id, to_body=item.body))
        for assignment_id, owner in list(assignments.items()):
            if owner != body:
                continue
            report = draw(st.sampled_from([None, *REPORT_KINDS]))
            if report is None:
                continue
            owner_item = ids.item_of_assignment(assignment_id)
            assert owner_item is not None
            minutes.append(report(**at, item_id=owner_item, assignment_id=assignment_id))
            if report is not AssignmentReported:
                del assignments[assignment_id]
        for number in range(1, draw(st.integers(0, 2)) + 1):
            item_id = ids.item_id(body, held_on, str(number))
            minutes.append(ItemRaised(**at, item_id=item_id, number=str(number), title="T"))
            items[item_id] = ItemSim(body, "open")
            for n in range(1, draw(st.integers(0, 2)) + 1):
                assignment_id = ids.assignment_id(item_id, n)
                due = NEXT_MEETING if draw(st.booleans()) else Due(held_on + draw(small_offsets))
                to = tuple(draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)))
                minutes.append(
                    AssignmentGiven(
                        **at,
                        item_id=item_id,
                        assignment_id=assignment_id,
                        to=to,
                        task="Task",
                        due=due,
                    )
                )
                assignments[assignment_id] = body
            outcome = draw(st.sampled_from(["open", "tabled", "tabled_on", "decided", "closed"]))
            if outcome.startswith("tabled"):
                until = NEXT_MEETING if outcome == "tabled" else Due(held_on + draw(small_offsets))
                minutes.append(ItemTabled(**at, item_id=item_id, until=until))
                items[item_id].status = "tabled"
            elif outcome == "decided":
                minutes.append(DecisionRecorded(**at, item_id=item_id, text="Yes"))
            elif outcome == "closed":
                minutes.append(ItemClosed(**at, item_id=item_id))
                items[item_id].status = "closed"
        minutes.extend(draw(meeting_paperwork(body, held_on)))
        documents.append(minutes)
    return documents


REPORT_KINDS = (AssignmentReported, AssignmentCompleted, AssignmentCancelled)


@st.composite
def meeting_paperwork(draw: st.DrawFn, body: str, held_on: date) -> list[AnyEvent]:
    """Approval, submission, schedule, reports and waivers that come with minutes."""
    meeting = ids.meeting_id(body, held_on)
    events: list[AnyEvent] = []
    if draw(st.booleans()):
        events.append(
            MinutesApproved(
                meeting_id=meeting, body_id=body, occurred_on=held_on + draw(small_offsets)
            )
        )
    if draw(st.booleans()):
        events.append(
            MinutesSubmitted(
                meeting_id=meeting, body_id=body, occurred_on=held_on + draw(small_offsets)
            )
        )
    if draw(st.booleans()):
        coming = held_on + timedelta(days=21)
        events.append(
            MeetingScheduled(
                meeting_id=ids.meeting_id(body, coming),
                body_id=body,
                occurred_on=held_on,
                scheduled_for=coming,
            )
        )
    if body == "im" and draw(st.booleans()):
        events.append(
            MandateReported(
                mandate_id="im-2023",
                occurred_on=held_on,
                obligation_id=draw(st.sampled_from(REPORTABLE)),
                meeting_id=meeting,
            )
        )
    if body == "chiefs" and draw(st.booleans()):
        period = draw(st.sampled_from(["2023", "2024", "2025"]))
        events.append(
            ObligationWaived(
                mandate_id="im-2023",
                occurred_on=held_on,
                obligation_id=draw(st.sampled_from(REPORTABLE)),
                period=period,
                meeting_id=meeting,
            )
        )
    return events


def flat(documents: list[list[AnyEvent]]) -> list[AnyEvent]:
    return [event for document in documents for event in document]


def by_stream(events: list[AnyEvent]) -> dict[tuple[str, str], list[AnyEvent]]:
    streams: dict[tuple[str, str], list[AnyEvent]] = {}
    for event in events:
        streams.setdefault((event.stream_kind, event.stream_id), []).append(event)
    return streams


@settings(deadline=None)
@given(st.data(), records(), as_of_days)
def test_status_does_not_depend_on_the_order_minutes_are_recorded_in(
    data: st.DataObject, documents: list[list[AnyEvent]], as_of: date
) -> None:
    shuffled = data.draw(st.permutations(documents))

    assert by_stream(in_valid_time_order(flat(shuffled))) == by_stream(
        in_valid_time_order(flat(documents))
    )
    assert compute_status(flat(shuffled), as_of=as_of, include_all=True) == compute_status(
        flat(documents), as_of=as_of, include_all=True
    )


@settings(deadline=None)
@given(st.data(), records(), as_of_days)
def test_stepping_in_recording_order_equals_rebuilding_in_valid_time_order(
    data: st.DataObject, documents: list[list[AnyEvent]], as_of: date
) -> None:
    view = status_model.StatusView()
    for event in flat(data.draw(st.permutations(documents))):
        if isinstance(event, BodyEvent) or event.occurred_on <= as_of:
            status_model.evolve(view, event)

    assert status_model.status_of(view, as_of=as_of, include_all=True) == compute_status(
        flat(documents), as_of=as_of, include_all=True
    )


ROW_KEYS = {
    "tabled_items": {"id", "body", "title", "tabled_on", "times_tabled", "due", "status"},
    "assignments": {"id", "item", "to", "task", "given_on", "due", "status"},
    "mandates": {"id", "issued_to", "valid_from", "valid_to", "status"},
}
OBLIGATION_KEYS = {"mandate", "obligation", "kind", "period", "status"}
OBLIGATION_EXTRAS = {
    *("required", "count", "due_on", "fulfilled_on", "fulfilled_by", "late"),
    *("covered_from", "covered_to", "prorated"),
}
STATUS_WORDS = {
    "tabled_items": {"open", "overdue"},
    "assignments": {"open", "overdue", "done", "cancelled"},
    "obligations": {"upcoming", "due", "fulfilled", "overdue", "waived"},
    "mandates": {"upcoming", "active", "expired", "ended"},
}


@settings(deadline=None)
@given(records(), as_of_days, st.booleans())
def test_status_json_keeps_to_the_contract(
    documents: list[list[AnyEvent]], as_of: date, include_all: bool
) -> None:
    data = json.loads(
        json.dumps(
            status_to_json(compute_status(flat(documents), as_of=as_of, include_all=include_all))
        )
    )

    assert set(data) == {"as_of", "tabled_items", "assignments", "obligations", "mandates"}
    assert data["as_of"] == as_of.isoformat()
    for key, words in STATUS_WORDS.items():
        rows = data[key]
        assert {row["status"] for row in rows} <= words
        if key == "obligations":
            assert all(
                OBLIGATION_KEYS <= set(row) <= OBLIGATION_KEYS | OBLIGATION_EXTRAS for row in rows
            )
            order = [(row["mandate"], row["obligation"], row["period"]) for row in rows]
        else:
            assert all(set(row) == ROW_KEYS[key] for row in rows)
            order = [row["id"] for row in rows]
        assert order == sorted(order)
    if not include_all:
        assert all(row["status"] in {"open", "overdue"} for row in data["assignments"])


@settings(deadline=None)
@given(records(), as_of_days)
def test_body_filter_splits_the_registers_between_bodies(
    documents: list[list[AnyEvent]], as_of: date
) -> None:
    everything = compute_status(flat(documents), as_of=as_of)
    per_body = [compute_status(flat(documents), as_of=as_of, body=b) for b in BODY_IDS]

    for register in ("tabled_items", "assignments", "obligations", "mandates"):
        split = [row for s in per_body for row in getattr(s, register)]
        assert len(split) == len(getattr(everything, register))
        assert set(split) == set(getattr(everything, register))


@settings(deadline=None)
@given(records())
def test_the_status_view_folds_each_read_model_as_the_model_alone_does(
    documents: list[list[AnyEvent]],
) -> None:
    events = flat(documents)

    view = status_model.fold(events)

    assert view.meetings == meetings_model.fold(events)
    assert view.bodies == bodies_model.fold(events)
    assert view.tabled_items == tabled_items_model.fold(events)
    assert view.assignments == assignments_model.fold(events)
    assert view.mandates == mandates_model.fold(events)
    assert view.obligations == obligations_model.fold(events)
