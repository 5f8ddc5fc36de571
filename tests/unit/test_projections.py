"""The read models: given these events, these rows (and this JSON, these notices, this
history)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypedDict

import pytest

from governance.domain import ids
from governance.domain.commands import (
    AssignmentReport,
    ItemEntry,
    MeetingDetails,
    RecordMinutes,
)
from governance.domain.events import (
    AssignmentCancelled,
    AssignmentCompleted,
    AssignmentGiven,
    AssignmentReported,
    BodyRegistered,
    BodyRevised,
    DecisionRecorded,
    Event,
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
from governance.i18n import language
from governance.projections import (
    LogEntry,
    Status,
    UnknownSubjectError,
    compute_status,
    history,
    history_to_json,
    in_valid_time_order,
    minutes_notices,
    status_to_json,
)
from governance.projections import bodies as bodies_model
from governance.projections import meetings as meetings_model
from governance.projections import status as status_model
from governance.projections.history import describe

D = date.fromisoformat

# --- building events ------------------------------------------------------------------


def register(
    body_id: str,
    *,
    name: str | None = None,
    on: str = "2023-01-01",
    parent: str | None = None,
    members: tuple[Member, ...] = (),
    aliases: tuple[Alias, ...] = (),
) -> BodyRegistered:
    return BodyRegistered(
        body_id=body_id,
        occurred_on=D(on),
        name=name or body_id.upper(),
        parent=parent,
        members=members,
        aliases=aliases,
        digest=f"body-{body_id}-{on}",
    )


IM = register(
    "im",
    name="IM-nätverket",
    parent="chiefs",
    members=(Member("Karin Berg"), Member("Per Lind")),
    aliases=(Alias("Per Lindh", "Per Lind"), Alias("Karin Bergh", "Karin Berg")),
)
BODIES = [register("chiefs", name="Skolchefsgruppen"), IM, register("gy")]


def held(body_id: str, on: str) -> MeetingHeld:
    return MeetingHeld(
        meeting_id=ids.meeting_id(body_id, D(on)),
        body_id=body_id,
        occurred_on=D(on),
        digest=f"minutes-{body_id}-{on}",
    )


class At(TypedDict):
    """Where an item event happens: the item, the body and meeting, the date."""

    item_id: str
    body_id: str
    meeting_id: str
    occurred_on: date


def _at(item: str, on: str | None, body: str | None) -> At:
    body_id = body or ids.body_of_item(item)
    assert body_id is not None
    day = D(on) if on else D(item.split("/")[1])
    return At(
        item_id=item, body_id=body_id, meeting_id=ids.meeting_id(body_id, day), occurred_on=day
    )


def raised(item: str, title: str) -> ItemRaised:
    return ItemRaised(**_at(item, None, None), number=item.rsplit("/", 1)[1], title=title)


def taken_up(
    item: str, on: str, *, body: str | None = None, title: str | None = None
) -> ItemTakenUp:
    return ItemTakenUp(**_at(item, on, body), title=title)


def tabled(
    item: str, on: str | None = None, *, until: Due = NEXT_MEETING, body: str | None = None
) -> ItemTabled:
    return ItemTabled(**_at(item, on, body), until=until)


def decided(item: str, on: str | None = None) -> DecisionRecorded:
    return DecisionRecorded(**_at(item, on, None), text="Decided")


def closed(item: str, on: str | None = None) -> ItemClosed:
    return ItemClosed(**_at(item, on, None))


def referred(item: str, to_body: str, on: str | None = None) -> ItemReferred:
    return ItemReferred(**_at(item, on, None), to_body=to_body)


def given(
    assignment: str,
    *,
    to: tuple[str, ...] = ("Per Lind",),
    task: str = "Review the mandate and send it in",
    due: Due = NEXT_MEETING,
    on: str | None = None,
) -> AssignmentGiven:
    item = ids.item_of_assignment(assignment)
    assert item is not None
    return AssignmentGiven(
        **_at(item, on, None),
        assignment_id=assignment,
        to=to,
        task=task,
        due=due,
    )


def report(
    kind: type[AssignmentReported | AssignmentCompleted | AssignmentCancelled],
    assignment: str,
    on: str,
    *,
    body: str | None = None,
) -> Event:
    item = ids.item_of_assignment(assignment)
    assert item is not None
    at = _at(item, on, body or ids.body_of_item(item))
    return kind(**at, assignment_id=assignment)


def submitted(body_id: str, meeting_on: str, on: str) -> MinutesSubmitted:
    return MinutesSubmitted(
        meeting_id=ids.meeting_id(body_id, D(meeting_on)), body_id=body_id, occurred_on=D(on)
    )


def mandate(
    *obligations: Obligation,
    mandate_id: str = "im-2023",
    issued_on: str = "2023-01-20",
    valid_from: str = "2023-01-01",
    valid_to: str | None = "2025-12-31",
    goals: tuple[Goal, ...] = (),
    revised: bool = False,
) -> MandateIssued | MandateRevised:
    kind = MandateRevised if revised else MandateIssued
    return kind(
        mandate_id=mandate_id,
        occurred_on=D(issued_on),
        issued_by="chiefs",
        issued_to="im",
        valid_from=D(valid_from),
        valid_to=D(valid_to) if valid_to else None,
        goals=goals,
        obligations=obligations,
        digest=f"mandate-{issued_on}",
    )


def mandate_reported(obligation: str, on: str, mandate_id: str = "im-2023") -> MandateReported:
    return MandateReported(mandate_id=mandate_id, occurred_on=D(on), obligation_id=obligation)


def waived(obligation: str, period: str, on: str = "2023-02-01") -> ObligationWaived:
    return ObligationWaived(
        mandate_id="im-2023", occurred_on=D(on), obligation_id=obligation, period=period
    )


MEETINGS = Obligation("meetings", "minimum_meetings", count=6)
ITEM = "im/2023-11-17/7a"
ASSIGNMENT = "im/2023-11-17/5/a1"


def status(
    events: Iterable[Event], as_of: str, *, body: str | None = None, include_all: bool = False
) -> Status:
    return compute_status([*BODIES, *events], as_of=D(as_of), body=body, include_all=include_all)


def json_rows(events: Iterable[Event], as_of: str, key: str) -> list[dict[str, object]]:
    rows = status_to_json(status(events, as_of))[key]
    assert isinstance(rows, list)
    return rows


# --- the contract ---------------------------------------------------------------------


def contract_example() -> list[Event]:
    return [
        *BODIES,
        mandate(MEETINGS),
        held("im", "2023-03-10"),
        held("im", "2023-06-02"),
        held("im", "2023-11-17"),
        raised("im/2023-11-17/5", "The mandate"),
        given(ASSIGNMENT, to=("Per Lindh",), due=Due(D("2023-12-31"))),
        raised(ITEM, "Students who stay at home"),
        tabled(ITEM),
        held("im", "2023-12-08"),
    ]


def test_status_json_is_exactly_the_contract_object() -> None:
    result = compute_status(contract_example(), as_of=D("2023-12-08"))

    assert status_to_json(result) == {
        "as_of": "2023-12-08",
        "tabled_items": [
            {
                "id": "im/2023-11-17/7a",
                "body": "im",
                "title": "Students who stay at home",
                "tabled_on": "2023-11-17",
                "times_tabled": 1,
                "due": "next_meeting",
                "status": "overdue",
            }
        ],
        "assignments": [
            {
                "id": "im/2023-11-17/5/a1",
                "item": "im/2023-11-17/5",
                "to": ["Per Lind"],
                "task": "Review the mandate and send it in",
                "given_on": "2023-11-17",
                "due": "2023-12-31",
                "status": "open",
            }
        ],
        "obligations": [
            {
                "mandate": "im-2023",
                "obligation": "meetings",
                "kind": "minimum_meetings",
                "period": "2023",
                "required": 6,
                "count": 4,
                "status": "due",
            }
        ],
        "mandates": [
            {
                "id": "im-2023",
                "issued_to": "im",
                "valid_from": "2023-01-01",
                "valid_to": "2025-12-31",
                "status": "active",
            }
        ],
    }


def test_status_holds_typed_rows() -> None:
    result = compute_status(contract_example(), as_of=D("2023-12-08"))

    assert result.as_of == D("2023-12-08")
    assert result.tabled_items[0].tabled_on == D("2023-11-17")
    assert result.tabled_items[0].due == NEXT_MEETING
    assert result.assignments[0].to == ("Per Lind",)
    assert result.assignments[0].body == "im"
    assert result.mandates[0].issued_by == "chiefs"


def test_empty_record_has_an_empty_status() -> None:
    assert status_to_json(compute_status([], as_of=D("2024-01-01"))) == {
        "as_of": "2024-01-01",
        "tabled_items": [],
        "assignments": [],
        "obligations": [],
        "mandates": [],
    }


def test_events_dated_after_as_of_are_left_out_but_bodies_apply() -> None:
    late_body = register("vux", on="2030-01-01")
    events = [late_body, held("vux", "2023-05-01"), raised("vux/2023-05-01/1", "Later")]
    events += [tabled("vux/2023-05-01/1"), held("vux", "2023-06-01")]

    before = compute_status(events, as_of=D("2023-04-30"))
    after = compute_status(events, as_of=D("2023-06-01"))

    assert before.tabled_items == ()
    assert [row.status for row in after.tabled_items] == ["overdue"]


def test_body_filters_every_list() -> None:
    events = [
        *contract_example(),
        held("gy", "2023-11-20"),
        raised("gy/2023-11-20/1", "Schedules"),
        tabled("gy/2023-11-20/1"),
        given("gy/2023-11-20/1/a1"),
    ]

    gy = status(events, "2023-12-08", body="gy")
    im = status(events, "2023-12-08", body="im")

    assert [row.id for row in gy.tabled_items] == ["gy/2023-11-20/1"]
    assert [row.id for row in gy.assignments] == ["gy/2023-11-20/1/a1"]
    assert (gy.obligations, gy.mandates) == ((), ())
    assert [row.id for row in im.tabled_items] == [ITEM]
    assert [row.id for row in im.assignments] == [ASSIGNMENT]
    assert [row.mandate for row in im.obligations] == ["im-2023"]
    assert [row.id for row in im.mandates] == ["im-2023"]


# --- tabled items ---------------------------------------------------------------------


def tabled_statuses(events: Iterable[Event], as_of: str) -> dict[str, str]:
    return {row.id: row.status for row in status(events, as_of).tabled_items}


def test_tabled_item_is_open_until_the_next_meeting_of_its_body() -> None:
    events = [held("im", "2023-11-17"), raised(ITEM, "Students"), tabled(ITEM)]
    events += [held("gy", "2023-12-01"), held("im", "2023-12-08")]

    assert tabled_statuses(events, "2023-12-07") == {ITEM: "open"}
    assert tabled_statuses(events, "2023-12-08") == {ITEM: "overdue"}


def test_tabled_item_taken_up_decided_or_closed_leaves_the_list() -> None:
    base = [
        held("im", "2023-11-17"),
        raised(ITEM, "Students"),
        tabled(ITEM),
        held("im", "2023-12-08"),
    ]

    assert tabled_statuses([*base, taken_up(ITEM, "2023-12-08")], "2024-01-01") == {}
    assert tabled_statuses([*base, decided(ITEM, "2023-12-08")], "2024-01-01") == {}
    assert tabled_statuses([*base, closed(ITEM, "2023-12-08")], "2024-01-01") == {}
    assert tabled_statuses([*base, referred(ITEM, "gy", "2023-12-08")], "2024-01-01") == {}


def test_tabled_again_counts_and_restarts_from_the_last_tabling() -> None:
    events = [held("im", "2023-11-17"), raised(ITEM, "Students"), tabled(ITEM)]
    events += [held("im", "2023-12-08"), taken_up(ITEM, "2023-12-08"), tabled(ITEM, "2023-12-08")]

    [row] = status(events, "2023-12-20").tabled_items

    assert (row.times_tabled, row.tabled_on, row.status) == (2, D("2023-12-08"), "open")


def test_tabled_item_with_a_date_is_overdue_after_it() -> None:
    events = [held("im", "2023-11-17"), raised(ITEM, "Students")]
    events += [tabled(ITEM, until=Due(D("2024-01-14"))), held("im", "2023-12-08")]

    assert tabled_statuses(events, "2024-01-14") == {ITEM: "open"}
    assert tabled_statuses(events, "2024-01-15") == {ITEM: "overdue"}
    assert json_rows(events, "2024-01-15", "tabled_items")[0]["due"] == "2024-01-14"


def test_tabled_item_touched_at_the_next_meeting_is_not_overdue() -> None:
    events = [
        held("im", "2023-11-17"),
        raised(ITEM, "Students"),
        given(f"{ITEM}/a1"),
        tabled(ITEM),
    ]
    events += [held("im", "2023-12-08"), report(AssignmentReported, f"{ITEM}/a1", "2023-12-08")]

    assert tabled_statuses(events, "2023-12-08") == {ITEM: "open"}
    assert tabled_statuses([*events, held("im", "2024-01-10")], "2024-01-10") == {ITEM: "overdue"}


def test_item_taken_up_by_the_body_it_was_referred_to_belongs_to_that_body() -> None:
    events = [held("im", "2023-11-17"), raised(ITEM, "Students"), referred(ITEM, "gy")]
    events += [held("gy", "2023-11-24"), taken_up(ITEM, "2023-11-24", body="gy")]
    events += [tabled(ITEM, "2023-11-24", body="gy"), held("im", "2023-12-08")]

    [row] = status(events, "2023-12-08").tabled_items
    assert (row.body, row.status) == ("gy", "open")
    assert tabled_statuses([*events, held("gy", "2023-12-15")], "2023-12-15") == {ITEM: "overdue"}


def test_title_comes_from_the_raising_else_the_latest_taking_up() -> None:
    only_taken_up = [
        held("im", "2023-12-08"),
        taken_up(ITEM, "2023-12-08", title="Absence"),
        tabled(ITEM, "2023-12-08"),
    ]
    untitled = [held("im", "2023-12-08"), taken_up(ITEM, "2023-12-08"), tabled(ITEM, "2023-12-08")]
    with_raising = [held("im", "2023-11-17"), raised(ITEM, "Students"), *only_taken_up]

    assert [r.title for r in status(only_taken_up, "2023-12-08").tabled_items] == ["Absence"]
    assert [r.title for r in status(untitled, "2023-12-08").tabled_items] == [None]
    assert [r.title for r in status(with_raising, "2023-12-08").tabled_items] == ["Students"]


# --- assignments ----------------------------------------------------------------------


def assignment_statuses(
    events: Iterable[Event], as_of: str, *, include_all: bool = False
) -> dict[str, str]:
    return {
        row.id: row.status for row in status(events, as_of, include_all=include_all).assignments
    }


def test_assignment_due_at_next_meeting_is_overdue_when_it_passes_without_a_report() -> None:
    events = [held("im", "2023-11-17"), given(ASSIGNMENT), held("gy", "2023-11-30")]

    assert assignment_statuses(events, "2023-12-07") == {ASSIGNMENT: "open"}
    assert assignment_statuses([*events, held("im", "2023-12-08")], "2023-12-08") == {
        ASSIGNMENT: "overdue"
    }


def test_progress_reported_at_the_next_meeting_keeps_it_open() -> None:
    events = [held("im", "2023-11-17"), given(ASSIGNMENT), held("im", "2023-12-08")]
    events.append(report(AssignmentReported, ASSIGNMENT, "2023-12-08"))

    assert assignment_statuses(events, "2024-02-01") == {ASSIGNMENT: "open"}


def test_assignment_due_on_a_date_is_overdue_after_it() -> None:
    events = [held("im", "2023-11-17"), given(ASSIGNMENT, due=Due(D("2023-12-31")))]
    events.append(held("im", "2023-12-08"))

    assert assignment_statuses(events, "2023-12-31") == {ASSIGNMENT: "open"}
    assert assignment_statuses(events, "2024-01-01") == {ASSIGNMENT: "overdue"}


def test_done_and_cancelled_are_shown_only_with_include_all() -> None:
    second = "im/2023-11-17/5/a2"
    events = [held("im", "2023-11-17"), given(ASSIGNMENT), given(second)]
    events += [held("im", "2023-12-08"), report(AssignmentCompleted, ASSIGNMENT, "2023-12-08")]
    events.append(report(AssignmentCancelled, second, "2023-12-08"))

    assert assignment_statuses(events, "2023-12-08") == {}
    assert assignment_statuses(events, "2023-12-08", include_all=True) == {
        ASSIGNMENT: "done",
        second: "cancelled",
    }
    assert assignment_statuses(events, "2023-12-07", include_all=True) == {
        ASSIGNMENT: "open",
        second: "open",
    }


def test_report_recorded_before_the_assignment_applies_when_it_arrives() -> None:
    report_first = [
        held("im", "2023-12-08"),
        report(AssignmentCompleted, ASSIGNMENT, "2023-12-08"),
        held("im", "2023-11-17"),
        given(ASSIGNMENT),
    ]

    assert assignment_statuses(report_first, "2023-12-08", include_all=True) == {
        ASSIGNMENT: "done"
    }


def test_names_are_resolved_through_the_body_aliases_and_members() -> None:
    events = [
        held("im", "2023-11-17"),
        given(ASSIGNMENT, to=("Per Lindh", "karin  berg", "Per Lind", "Eva")),
    ]

    [row] = status(events, "2023-11-17").assignments

    assert row.to == ("Per Lind", "Karin Berg", "Eva")


def test_latest_body_registration_gives_the_aliases() -> None:
    revised = BodyRevised(
        body_id="im",
        occurred_on=D("2023-06-01"),
        name="IM",
        aliases=(Alias("P. Lind", "Per Lind"),),
        digest="im-2",
    )
    view = bodies_model.fold([revised, IM])

    assert view.bodies["im"].name == "IM"
    assert view.bodies["im"].registered_on == D("2023-01-01")
    assert view.bodies["im"].aliases == (Alias("P. Lind", "Per Lind"),)
    assert bodies_model.resolve_name(view, "im", "P. Lind") == "Per Lind"
    assert bodies_model.resolve_name(view, "gy", "P. Lind") == "P. Lind"
    arriving_late = bodies_model.evolve(
        bodies_model.evolve(bodies_model.BodiesView(), revised), IM
    )
    assert arriving_late == view


# --- mandates -------------------------------------------------------------------------


def mandate_statuses(events: Iterable[Event], as_of: str) -> dict[str, str]:
    return {row.id: row.status for row in status(events, as_of).mandates}


def test_mandate_status_follows_its_validity() -> None:
    events = [mandate(issued_on="2022-12-01", valid_from="2023-01-01", valid_to="2023-12-31")]

    assert mandate_statuses(events, "2022-12-31") == {"im-2023": "upcoming"}
    assert mandate_statuses(events, "2023-01-01") == {"im-2023": "active"}
    assert mandate_statuses(events, "2023-12-31") == {"im-2023": "active"}
    assert mandate_statuses(events, "2024-01-01") == {"im-2023": "expired"}


def test_mandate_ended_is_ended_from_that_date() -> None:
    ended = MandateEnded(mandate_id="im-2023", occurred_on=D("2024-06-30"), digest="end")
    events = [mandate(valid_to=None), ended]

    assert mandate_statuses(events, "2024-06-29") == {"im-2023": "active"}
    assert mandate_statuses(events, "2024-06-30") == {"im-2023": "ended"}
    assert json_rows(events, "2024-06-30", "mandates") == [
        {
            "id": "im-2023",
            "issued_to": "im",
            "valid_from": "2023-01-01",
            "valid_to": None,
            "status": "ended",
        }
    ]


def test_the_version_issued_last_is_in_force() -> None:
    revision = mandate(issued_on="2024-01-15", valid_to="2024-06-30", revised=True)
    events = [revision, mandate(issued_on="2023-01-20")]

    [row] = status(events, "2024-07-01").mandates
    assert (row.valid_to, row.status) == (D("2024-06-30"), "expired")
    assert status(events, "2023-07-01").mandates[0].valid_to == D("2025-12-31")


# --- obligations ----------------------------------------------------------------------


def obligation_json(events: Iterable[Event], as_of: str) -> list[dict[str, object]]:
    return json_rows(events, as_of, "obligations")


def by_period(events: Iterable[Event], as_of: str) -> dict[tuple[str, str], dict[str, object]]:
    return {(str(r["obligation"]), str(r["period"])): r for r in obligation_json(events, as_of)}


def test_minimum_meetings_per_calendar_year() -> None:
    required = Obligation("meetings", "minimum_meetings", count=2)
    events = [mandate(required), held("im", "2023-03-10"), held("gy", "2023-04-01")]
    events += [held("im", "2024-02-01"), held("im", "2024-03-01"), held("im", "2024-09-01")]

    assert obligation_json(events, "2024-02-15") == [
        {
            "mandate": "im-2023",
            "obligation": "meetings",
            "kind": "minimum_meetings",
            "period": "2023",
            "required": 2,
            "count": 1,
            "status": "overdue",
        },
        {
            "mandate": "im-2023",
            "obligation": "meetings",
            "kind": "minimum_meetings",
            "period": "2024",
            "required": 2,
            "count": 1,
            "status": "due",
        },
    ]
    fulfilled = by_period(events, "2024-12-31")[("meetings", "2024")]
    assert fulfilled["status"] == "fulfilled"
    assert fulfilled["count"] == 3
    assert fulfilled["fulfilled_on"] == "2024-03-01"
    assert fulfilled["fulfilled_by"] == "im/2024-03-01"


def test_periods_stop_at_the_end_of_validity() -> None:
    events = [mandate(MEETINGS, valid_to="2024-06-30")]

    assert [row["period"] for row in obligation_json(events, "2026-03-01")] == ["2023", "2024"]


def test_mandate_not_yet_in_force_has_no_obligations() -> None:
    events = [mandate(MEETINGS, issued_on="2022-12-01", valid_from="2023-01-01")]

    assert obligation_json(events, "2022-12-31") == []


def test_submit_minutes_per_held_meeting() -> None:
    minutes = Obligation("minutes", "submit_minutes", within_days=14)
    events: list[Event] = [mandate(minutes, valid_from="2023-03-01"), held("im", "2023-02-10")]
    events += [held("im", "2023-03-10"), submitted("im", "2023-03-10", "2023-03-20")]
    events += [held("im", "2023-04-21"), submitted("im", "2023-04-21", "2023-05-12")]
    events += [held("im", "2023-06-02"), held("im", "2023-06-20")]

    assert obligation_json(events, "2023-07-01") == [
        {
            "mandate": "im-2023",
            "obligation": "minutes",
            "kind": "submit_minutes",
            "period": "2023-03-10",
            "due_on": "2023-03-24",
            "status": "fulfilled",
            "fulfilled_on": "2023-03-20",
            "fulfilled_by": "MinutesSubmitted on 2023-03-20",
        },
        {
            "mandate": "im-2023",
            "obligation": "minutes",
            "kind": "submit_minutes",
            "period": "2023-04-21",
            "due_on": "2023-05-05",
            "status": "fulfilled",
            "fulfilled_on": "2023-05-12",
            "fulfilled_by": "MinutesSubmitted on 2023-05-12",
            "late": True,
        },
        {
            "mandate": "im-2023",
            "obligation": "minutes",
            "kind": "submit_minutes",
            "period": "2023-06-02",
            "due_on": "2023-06-16",
            "status": "overdue",
        },
        {
            "mandate": "im-2023",
            "obligation": "minutes",
            "kind": "submit_minutes",
            "period": "2023-06-20",
            "due_on": "2023-07-04",
            "status": "due",
        },
    ]


def test_report_by_a_date() -> None:
    report_due = Obligation("status-report", "report", to="chiefs", due=D("2023-11-15"))
    events: list[Event] = [mandate(report_due)]

    def status_on(as_of: str, extra: Iterable[Event] = ()) -> object:
        return by_period([*events, *extra], as_of)[("status-report", "2023-11-15")]["status"]

    assert status_on("2023-11-14") == "upcoming"
    assert status_on("2023-11-15") == "due"
    assert status_on("2023-11-16") == "overdue"
    assert (
        status_on("2023-11-16", [mandate_reported("status-report", "2023-11-15")]) == "fulfilled"
    )
    row = by_period([*events, mandate_reported("status-report", "2023-11-20")], "2024-01-01")
    assert row[("status-report", "2023-11-15")] == {
        "mandate": "im-2023",
        "obligation": "status-report",
        "kind": "report",
        "period": "2023-11-15",
        "due_on": "2023-11-15",
        "status": "fulfilled",
        "fulfilled_on": "2023-11-20",
        "fulfilled_by": "MandateReported on 2023-11-20",
        "late": True,
    }


def test_report_every_year_by_a_month() -> None:
    yearly = Obligation("annual", "report", to="chiefs", month=3)
    events = [mandate(yearly), mandate_reported("annual", "2023-02-01")]

    rows = by_period(events, "2024-03-31")

    assert rows[("annual", "2023")]["status"] == "fulfilled"
    assert rows[("annual", "2024")] == {
        "mandate": "im-2023",
        "obligation": "annual",
        "kind": "report",
        "period": "2024",
        "due_on": "2024-03-31",
        "status": "due",
    }
    assert by_period(events, "2024-03-30")[("annual", "2024")]["status"] == "upcoming"
    assert by_period(events, "2024-04-01")[("annual", "2024")]["status"] == "overdue"


def test_review_by_its_month() -> None:
    review = Obligation("review", "review", month=12)
    events: list[Event] = [mandate(review)]

    def statuses(as_of: str, extra: Iterable[Event] = ()) -> dict[str, object]:
        rows = obligation_json([*events, *extra], as_of)
        return {str(row["period"]): row["status"] for row in rows}

    assert statuses("2023-11-30") == {"2023": "upcoming"}
    assert statuses("2023-12-01") == {"2023": "due"}
    assert statuses("2024-01-01") == {"2023": "overdue", "2024": "upcoming"}
    assert (
        statuses("2024-01-01", [mandate_reported("review", "2023-12-10")])["2023"] == "fulfilled"
    )
    revision = mandate(review, issued_on="2023-12-12", revised=True)
    assert statuses("2024-01-01", [revision])["2023"] == "fulfilled"
    assert by_period([*events, revision], "2024-01-01")[("review", "2023")]["fulfilled_by"] == (
        "MandateRevised on 2023-12-12"
    )


def test_review_month_before_validity_starts_gives_no_period() -> None:
    events = [mandate(Obligation("review", "review", month=3), valid_from="2023-06-01")]

    assert [row["period"] for row in obligation_json(events, "2024-01-01")] == ["2024"]


def test_tasks_with_a_reporting_duty_are_report_obligations() -> None:
    goal = Goal(
        "2",
        "Higher level of education",
        (
            Task("2a", "No duty"),
            Task("2b", "Complete the programme", report="continuous"),
            Task("2c", "Present the result", report="date", report_due=D("2023-11-15")),
        ),
    )
    events = [mandate(goals=(goal,)), mandate_reported("2b", "2023-05-01")]

    rows = by_period(events, "2024-01-10")

    assert set(rows) == {("2b", "2023"), ("2b", "2024"), ("2c", "2023-11-15")}
    assert rows[("2b", "2023")]["status"] == "fulfilled"
    assert rows[("2b", "2023")]["kind"] == "report"
    assert rows[("2b", "2024")]["status"] == "upcoming"
    assert rows[("2b", "2024")]["due_on"] == "2024-12-31"
    assert rows[("2c", "2023-11-15")]["status"] == "overdue"


def test_waiver_overrides_the_status_of_its_period_only() -> None:
    events = [mandate(MEETINGS), waived("meetings", "2023"), held("im", "2023-03-01")]

    rows = by_period(events, "2024-06-01")

    assert rows[("meetings", "2023")]["status"] == "waived"
    assert rows[("meetings", "2023")]["count"] == 1
    assert rows[("meetings", "2024")]["status"] == "due"


def test_ended_mandate_stops_its_periods() -> None:
    report_due = Obligation("final", "report", due=D("2024-11-15"))
    ended = MandateEnded(mandate_id="im-2023", occurred_on=D("2023-10-31"), digest="end")

    rows = by_period([mandate(MEETINGS, report_due), ended], "2024-12-01")

    assert set(rows) == {("meetings", "2023")}


def test_obligation_rows_are_sorted_by_mandate_obligation_and_period() -> None:
    events = [
        mandate(MEETINGS, mandate_id="z-2023"),
        mandate(Obligation("review", "review", month=12), MEETINGS),
    ]

    rows = status(events, "2024-12-31").obligations

    keys = [(r.mandate, r.obligation, r.period) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == 6


# --- valid time -----------------------------------------------------------------------


def test_in_valid_time_order_is_stable_within_a_date() -> None:
    first, second = raised(ITEM, "Students"), tabled(ITEM)
    earlier = held("im", "2023-10-13")

    assert in_valid_time_order([first, second, earlier]) == [earlier, first, second]


def test_minutes_recorded_late_give_the_same_status() -> None:
    on_time = contract_example()
    later_meeting = on_time[-1]
    late = [later_meeting, *on_time[:-1]]

    for as_of in ("2023-11-30", "2023-12-08", "2024-03-01"):
        assert compute_status(late, as_of=D(as_of)) == compute_status(on_time, as_of=D(as_of))


def test_shuffled_minutes_in_valid_time_order_fold_like_the_record_in_order() -> None:
    # One batch per document; events of one date are all in one batch.
    batches: list[list[Event]] = [
        [*BODIES],
        [mandate(MEETINGS)],
        [held("im", "2023-03-10")],
        [held("im", "2023-06-02")],
        contract_example()[-6:-1],
        [held("im", "2023-12-08"), report(AssignmentReported, ASSIGNMENT, "2023-12-08")],
        [submitted("im", "2023-11-17", "2023-11-21")],
        [mandate_reported("meetings", "2023-12-01")],
    ]
    in_order = [event for batch in batches for event in batch]
    random.Random(7).shuffle(batches)
    shuffled = [event for batch in batches for event in batch]

    assert in_valid_time_order(shuffled) == in_valid_time_order(in_order)
    assert compute_status(shuffled, as_of=D("2024-01-01")) == compute_status(
        in_order, as_of=D("2024-01-01")
    )


def test_evolving_in_recording_order_equals_folding_in_valid_time_order() -> None:
    events = contract_example()
    late = [events[-1], *events[:-1]]
    view = status_model.StatusView()
    for event in late:
        status_model.evolve(view, event)

    assert status_model.status_of(view, as_of=D("2023-12-08")) == compute_status(
        events, as_of=D("2023-12-08")
    )


def test_evolving_one_event_at_a_time_equals_folding_all() -> None:
    events = contract_example()
    view = status_model.StatusView()
    for event in events:
        status_model.evolve(view, event)

    assert status_model.status_of(view, as_of=D("2023-12-08")) == compute_status(
        events, as_of=D("2023-12-08")
    )


# --- meetings -------------------------------------------------------------------------


def test_meetings_answer_next_held_meeting_and_counts() -> None:
    scheduled = MeetingScheduled(
        meeting_id="im/2023-12-08",
        body_id="im",
        occurred_on=D("2023-11-17"),
        scheduled_for=D("2023-12-08"),
        place="Tibro",
    )
    approved = MinutesApproved(
        meeting_id="im/2023-11-17", body_id="im", occurred_on=D("2023-11-20")
    )
    events: list[Event] = [held("im", "2023-12-08"), held("im", "2023-11-17")]
    events += [held("gy", "2023-11-20"), scheduled, approved]
    view = meetings_model.fold([*events, submitted("im", "2023-11-17", "2023-11-21")])

    assert meetings_model.next_held_after(view, "im", D("2023-11-17")) == D("2023-12-08")
    assert (
        meetings_model.next_held_after(view, "im", D("2023-11-17"), until=D("2023-12-07")) is None
    )
    assert meetings_model.next_held_after(view, "vux", D("2023-01-01")) is None
    assert meetings_model.count_held(view, "im", D("2023-01-01"), D("2023-12-31")) == 2
    assert list(meetings_model.held_between(view, "im", D("2023-11-17"), None)) == [
        D("2023-12-08")
    ]
    assert view.approved_on == {"im/2023-11-17": D("2023-11-20")}
    assert view.submitted_on == {"im/2023-11-17": D("2023-11-21")}


# --- notices --------------------------------------------------------------------------


def minutes(on: str, *items: ItemEntry) -> RecordMinutes:
    return RecordMinutes(body_id="im", meeting=MeetingDetails(date=D(on)), items=items)


def recorded() -> list[Event]:
    return [
        *BODIES,
        held("im", "2023-11-17"),
        raised("im/2023-11-17/5", "The mandate"),
        given(ASSIGNMENT, to=("Per Lindh",)),
        raised(ITEM, "Students who stay at home"),
        tabled(ITEM),
    ]


def test_notices_name_what_was_due_and_left_untouched() -> None:
    notices = minutes_notices(recorded(), minutes("2023-12-08", ItemEntry(number="1", title="x")))

    assert [(notice.path, notice.message) for notice in notices] == [
        (("items",), "im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up"),
        (("items",), "im/2023-11-17/5/a1, given on 17 Nov 2023 to Per Lind, was not reported on"),
    ]


def test_no_notices_when_the_minutes_take_up_and_report() -> None:
    entry = ItemEntry(
        continues=ITEM,
        assignment_reports=(AssignmentReport(assignment_id=ASSIGNMENT, status="progress"),),
    )

    assert minutes_notices(recorded(), minutes("2023-12-08", entry)) == []


def test_what_was_due_is_noticed_only_at_the_first_meeting_after() -> None:
    events = [*recorded(), held("im", "2023-12-08")]

    assert minutes_notices(events, minutes("2024-01-10")) == []


def test_dated_items_and_assignments_are_noticed_from_their_date() -> None:
    events = [*BODIES, held("im", "2023-11-17"), raised(ITEM, "Students")]
    events += [tabled(ITEM, until=Due(D("2024-01-14")))]
    events += [given(ASSIGNMENT, due=Due(D("2024-01-14")), to=("Per Lind", "Karin Berg"))]

    assert minutes_notices(events, minutes("2024-01-13")) == []
    assert [n.message for n in minutes_notices(events, minutes("2024-01-14"))] == [
        "im/2023-11-17/7a, tabled on 17 Nov 2023, was not taken up",
        "im/2023-11-17/5/a1, given on 17 Nov 2023 to Per Lind and Karin Berg, was not reported on",
    ]


def test_no_notices_for_other_bodies_or_minutes_already_recorded() -> None:
    other = RecordMinutes(body_id="gy", meeting=MeetingDetails(date=D("2023-12-08")))

    assert minutes_notices(recorded(), other) == []
    assert minutes_notices([*recorded(), held("im", "2023-12-08")], minutes("2023-12-08")) == []


def test_late_minutes_are_checked_against_the_record_as_it_stood_then() -> None:
    later = [held("im", "2024-01-10"), taken_up(ITEM, "2024-01-10")]

    notices = minutes_notices([*recorded(), *later], minutes("2023-12-08"))

    assert len(notices) == 2


# --- history --------------------------------------------------------------------------


def log(events: Iterable[Event]) -> list[LogEntry]:
    start = datetime(2024, 1, 1, 12, 0)
    return [
        LogEntry(position, start + timedelta(minutes=position), event)
        for position, event in enumerate(events, start=1)
    ]


def full_record() -> list[Event]:
    return [
        *BODIES,
        mandate(MEETINGS),
        held("im", "2023-12-08"),
        MeetingScheduled(
            meeting_id="im/2024-01-10",
            body_id="im",
            occurred_on=D("2023-12-08"),
            scheduled_for=D("2024-01-10"),
            place="Tibro",
            time="09:00-12:00",
        ),
        taken_up(ITEM, "2023-12-08"),
        report(AssignmentCompleted, ASSIGNMENT, "2023-12-08"),
        mandate_reported("meetings", "2023-12-08"),
        held("im", "2023-11-17"),
        raised("im/2023-11-17/5", "The mandate"),
        given(ASSIGNMENT, due=Due(D("2023-12-31"))),
        raised(ITEM, "Students who stay at home"),
        tabled(ITEM),
        submitted("im", "2023-11-17", "2023-11-21"),
        waived("meetings", "2023", on="2023-12-20"),
    ]


def summaries(subject: str) -> list[tuple[str, str, str]]:
    h = history(log(full_record()), subject)
    return [(e.occurred_on.isoformat(), e.event_type, e.summary) for e in h.entries]


def test_history_of_an_item_in_valid_time_order() -> None:
    assert history(log(full_record()), ITEM).kind == "item"
    assert summaries(ITEM) == [
        ("2023-11-17", "ItemRaised", "Raised as item 7a: Students who stay at home"),
        ("2023-11-17", "ItemTabled", "Tabled until next meeting"),
        ("2023-12-08", "ItemTakenUp", "Taken up again"),
    ]


def test_history_of_an_item_includes_its_assignments() -> None:
    assert summaries("im/2023-11-17/5") == [
        ("2023-11-17", "ItemRaised", "Raised as item 5: The mandate"),
        (
            "2023-11-17",
            "AssignmentGiven",
            "Assignment a1 given to Per Lind: Review the mandate and send it in (due 31 Dec 2023)",
        ),
        ("2023-12-08", "AssignmentCompleted", "Assignment a1 reported done"),
    ]


def test_an_assignments_people_are_written_the_languages_way() -> None:
    """Role words are translated and the people joined with the language's "and"."""
    event = given(ASSIGNMENT, to=("all members", "Per Lind"), task="Svara")

    assert describe(event).render(language("sv")) == (
        "Uppdrag a1 till alla medlemmar och Per Lind: Svara (senast nästa möte)"
    )
    assert describe(event).render(language("en")) == (
        "Assignment a1 given to all members and Per Lind: Svara (due next meeting)"
    )


def test_history_of_an_assignment() -> None:
    h = history(log(full_record()), ASSIGNMENT)

    assert h.kind == "assignment"
    assert [e.event_type for e in h.entries] == ["AssignmentGiven", "AssignmentCompleted"]


def test_history_of_a_mandate_with_reports_and_waivers() -> None:
    assert summaries("im-2023") == [
        (
            "2023-01-20",
            "MandateIssued",
            "Mandate issued by chiefs to im, valid 1 Jan 2023 to 31 Dec 2025",
        ),
        ("2023-12-08", "MandateReported", "Reported on meetings"),
        ("2023-12-20", "ObligationWaived", "meetings waived for 2023"),
    ]


def test_history_of_a_meeting_shows_what_was_done_at_it() -> None:
    h = history(log(full_record()), "im/2023-11-17")

    assert h.kind == "meeting"
    assert [e.summary for e in h.entries] == [
        "Meeting held, 0 attending",
        "im/2023-11-17/5: Raised as item 5: The mandate",
        "im/2023-11-17/5: Assignment a1 given to Per Lind: Review the mandate and send it in "
        "(due 31 Dec 2023)",
        "im/2023-11-17/7a: Raised as item 7a: Students who stay at home",
        "im/2023-11-17/7a: Tabled until next meeting",
        "Minutes submitted",
    ]


def test_history_of_a_body() -> None:
    h = history(log(full_record()), "im")

    assert h.kind == "body"
    assert [(e.occurred_on.isoformat(), e.event_type) for e in h.entries] == [
        ("2023-01-01", "BodyRegistered"),
        ("2023-11-17", "MeetingHeld"),
        ("2023-11-21", "MinutesSubmitted"),
        ("2023-12-08", "MeetingHeld"),
        ("2023-12-08", "MeetingScheduled"),
    ]
    assert h.entries[0].summary == "Registered as IM-nätverket, answering to chiefs, 2 members"
    assert h.entries[-1].summary == "Meeting scheduled for 10 Jan 2024 in Tibro, 09:00-12:00"


def test_history_json() -> None:
    data = history_to_json(history(log(full_record()), ITEM))

    assert data == {
        "id": ITEM,
        "kind": "item",
        "entries": [
            {
                "occurred_on": "2023-11-17",
                "position": 13,
                "recorded_at": "2024-01-01T12:13:00",
                "type": "ItemRaised",
                "summary": "Raised as item 7a: Students who stay at home",
                "meeting": "im/2023-11-17",
            },
            {
                "occurred_on": "2023-11-17",
                "position": 14,
                "recorded_at": "2024-01-01T12:14:00",
                "type": "ItemTabled",
                "summary": "Tabled until next meeting",
                "meeting": "im/2023-11-17",
            },
            {
                "occurred_on": "2023-12-08",
                "position": 7,
                "recorded_at": "2024-01-01T12:07:00",
                "type": "ItemTakenUp",
                "summary": "Taken up again",
                "meeting": "im/2023-12-08",
            },
        ],
    }
    body_entries = history_to_json(history(log(full_record()), "im"))["entries"]
    assert isinstance(body_entries, list)
    assert body_entries[0]["meeting"] is None


def test_unknown_id_raises_a_helpful_lookup_error() -> None:
    with pytest.raises(UnknownSubjectError, match=r"did you mean im/2023-11-17/7a") as caught:
        history(log(full_record()), "im/2023-11-17/7b")

    assert isinstance(caught.value, LookupError)
    with pytest.raises(LookupError, match="nothing in the record has the id 'nope'"):
        history([], "nope")
