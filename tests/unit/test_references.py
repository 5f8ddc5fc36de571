"""References into other minutes, in both recording orders: a reference into recorded
minutes names what they have, or is refused with a "did you mean"; a forward reference
is accepted with a warning and held against the minutes when they come."""

from __future__ import annotations

from datetime import date

import pytest

from governance.domain.commands import (
    AssignmentReport,
    CorrectMinutes,
    ItemEntry,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.decide import Decision, decide
from governance.domain.errors import (
    ItemOwnershipError,
    ReferredToButMissingError,
    UnknownReferenceError,
)
from governance.domain.state import RecordState
from governance.domain.values import NEXT_MEETING
from governance.testing import apply_commands, context_for

FEB_9 = date(2024, 2, 9)
FEB_23 = date(2024, 2, 23)
MAR_8 = date(2024, 3, 8)
BODIES = (
    RegisterBody(body_id="vux-os", name="Vux-nätverket"),
    RegisterBody(body_id="gy", name="Gymnasienätverket"),
)
TRIP = "vux-os/2024-02-09/6"
OTHER = "vux-os/2024-02-09/7a"


def minutes(on: date, *items: ItemEntry, body: str = "vux-os") -> RecordMinutes:
    return RecordMinutes(body_id=body, meeting=MeetingDetails(date=on, place="Hjo"), items=items)


FEB_9_MINUTES = minutes(
    FEB_9,
    ItemEntry(
        number="6",
        title="Studiebesök",
        assignments=(NewAssignment(to=("Per Lind",), task="Boka buss", due=NEXT_MEETING),),
    ),
    ItemEntry(number="7a", title="Övriga frågor"),
)


def taking_up(item: str, on: date = MAR_8) -> RecordMinutes:
    return minutes(on, ItemEntry(continues=item, closed=True))


def reporting(assignment: str, on: date = MAR_8, body: str = "vux-os") -> RecordMinutes:
    report = AssignmentReport(assignment_id=assignment, status="done")
    return minutes(
        on, ItemEntry(number="2", title="Uppföljning", assignment_reports=(report,)), body=body
    )


def recorded(*commands: RecordMinutes) -> RecordState:
    state, _ = apply_commands((*BODIES, *commands))
    return state


def when(state: RecordState, command: RecordMinutes) -> Decision:
    return decide(command, state, context_for(command))


# --- a reference into recorded minutes ------------------------------------------------


def test_a_mistyped_item_of_recorded_minutes_is_refused_with_a_did_you_mean() -> None:
    with pytest.raises(UnknownReferenceError) as refused:
        when(recorded(FEB_9_MINUTES), taking_up("vux-os/2024-02-09/7"))
    assert refused.value.path == ("items", 0, "continues")
    assert refused.value.meeting_id == "vux-os/2024-02-09"
    assert refused.value.message == (
        "vux-os/2024-02-09/7 is not an item of vux-os/2024-02-09, whose minutes are recorded: "
        f"did you mean {OTHER} or {TRIP}?"
    )


def test_with_nothing_near_the_error_lists_what_the_minutes_have() -> None:
    with pytest.raises(UnknownReferenceError, match=f"it has {TRIP} and {OTHER}"):
        when(recorded(FEB_9_MINUTES), taking_up("vux-os/2024-02-09/Q-reserve-list"))


def test_an_item_of_recorded_minutes_is_taken_up_without_a_warning() -> None:
    assert when(recorded(FEB_9_MINUTES), taking_up(OTHER)).notices == ()


def test_a_mistyped_assignment_of_recorded_minutes_is_refused_with_a_did_you_mean() -> None:
    with pytest.raises(UnknownReferenceError, match=f"did you mean {TRIP}/a1\\?") as refused:
        when(recorded(FEB_9_MINUTES), reporting(f"{TRIP}/a2"))
    assert refused.value.path == ("items", 0, "assignment_reports", 0)


def test_a_report_on_an_item_recorded_minutes_lack_is_refused() -> None:
    with pytest.raises(UnknownReferenceError, match="vux-os/2024-02-09/9 is not an item"):
        when(recorded(FEB_9_MINUTES), reporting("vux-os/2024-02-09/9/a1"))


def test_an_assignment_of_a_later_recorded_meeting_is_checked_too() -> None:
    later = minutes(
        FEB_23,
        ItemEntry(
            continues=TRIP,
            assignments=(NewAssignment(to=("Per Lind",), task="Betala", due=NEXT_MEETING),),
        ),
    )
    state = recorded(FEB_9_MINUTES, later)
    assert when(state, reporting(f"{TRIP}/2024-02-23/a1")).notices == ()
    with pytest.raises(UnknownReferenceError, match=f"did you mean {TRIP}/2024-02-23/a1"):
        when(state, reporting(f"{TRIP}/2024-02-23/a2"))


# --- a forward reference, then the minutes it refers to -------------------------------


def test_a_forward_reference_is_accepted_with_a_warning() -> None:
    decision = when(recorded(), taking_up("vux-os/2024-02-09/9"))
    (notice,) = decision.notices
    assert "is not in the record yet" in notice.message


def test_minutes_lacking_an_item_later_minutes_take_up_are_refused() -> None:
    state = recorded(taking_up("vux-os/2024-02-09/9"))
    with pytest.raises(ReferredToButMissingError) as refused:
        when(state, FEB_9_MINUTES)
    assert refused.value.path == ("items",)
    assert refused.value.message == (
        "these minutes have no item vux-os/2024-02-09/9, but the minutes of vux-os/2024-03-08 "
        f"(in the record) refer to it (did you mean {TRIP} or {OTHER}?): add the item to these "
        'minutes, or correct those minutes (governance record --correct "REASON" FILE)'
    )


def test_minutes_lacking_an_assignment_later_minutes_report_on_are_refused() -> None:
    state = recorded(reporting(f"{TRIP}/a3"))
    with pytest.raises(
        ReferredToButMissingError, match=f"give no assignment {TRIP}/a3"
    ) as refused:
        when(state, FEB_9_MINUTES)
    assert refused.value.path == ("items", 0)


def test_minutes_with_what_later_minutes_refer_to_are_accepted() -> None:
    state = recorded(taking_up(OTHER), reporting(f"{TRIP}/a1", on=FEB_23))
    assert when(state, FEB_9_MINUTES).events


def test_a_later_meeting_lacking_an_assignment_reported_on_is_refused() -> None:
    later = minutes(FEB_23, ItemEntry(continues=TRIP, decisions=("Bussen är bokad",)))
    state = recorded(FEB_9_MINUTES, reporting(f"{TRIP}/2024-02-23/a1"))
    with pytest.raises(ReferredToButMissingError, match=f"{TRIP}/2024-02-23/a1"):
        when(state, later)


def test_only_the_body_whose_minutes_give_an_assignment_reports_on_it_ahead() -> None:
    with pytest.raises(ItemOwnershipError, match="only vux-os, whose minutes give it"):
        when(recorded(), reporting(f"{TRIP}/a1", body="gy"))


def test_a_correction_that_drops_an_item_later_minutes_take_up_is_refused() -> None:
    state = recorded(FEB_9_MINUTES, taking_up(OTHER))
    dropped = minutes(FEB_9, *FEB_9_MINUTES.items[:1])
    with pytest.raises(ReferredToButMissingError, match=f"no item {OTHER}"):
        decide(CorrectMinutes(minutes=dropped, reason="x"), state, context_for(dropped))
