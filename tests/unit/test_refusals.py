"""The rules refuse what they say they refuse: each case a located error, nothing recorded."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from governance.domain.commands import (
    AssignmentReport,
    Command,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
    Tabling,
)
from governance.domain.decide import Context, decide
from governance.domain.errors import (
    BodyHierarchyError,
    GovernanceError,
    InvalidAliasError,
    InvalidTextError,
    NotConcernedError,
    RuleViolationError,
    UnknownBodyError,
)
from governance.domain.names import MAX_NAME_LENGTH
from governance.domain.state import RecordState
from governance.domain.values import NEXT_MEETING, Alias, Member, Obligation
from governance.testing import apply_commands, context_for

CHIEFS = RegisterBody(body_id="chiefs", name="Skolchefsgruppen")
IM = RegisterBody(body_id="im", name="IM-nätverket", parent="chiefs")
GY = RegisterBody(body_id="gy", name="Gymnasienätverket", parent="chiefs")
IM_2024 = IssueMandate(
    mandate_id="im-2024",
    issued_by="chiefs",
    issued_to="im",
    issued_on=date(2024, 1, 10),
    valid_from=date(2024, 1, 1),
    obligations=(
        Obligation(id="review", kind="review", month=12),
        Obligation(id="status", kind="report", to="chiefs", due=date(2024, 11, 15)),
    ),
)
JAN_19 = date(2024, 1, 19)


def recorded(*commands: Command) -> RecordState:
    state, _ = apply_commands((CHIEFS, IM, GY, IM_2024, *commands))
    return state


def refused(
    state: RecordState, command: Command, context: Context | None = None
) -> GovernanceError:
    with pytest.raises(GovernanceError) as raised:
        decide(command, state, context or context_for(command))
    return raised.value


def minutes(
    *items: ItemEntry, body: str = "im", reports: tuple[MandateReport, ...] = ()
) -> RecordMinutes:
    return RecordMinutes(
        body_id=body,
        meeting=MeetingDetails(date=JAN_19, place="Hjo"),
        items=items,
        reports=reports,
    )


def assigning(*to: str, task: str = "Boka lokal") -> RecordMinutes:
    given = NewAssignment(to=to, task=task, due=NEXT_MEETING)
    return minutes(ItemEntry(number="1", title="Nätverksdagen", assignments=(given,)))


# --- bodies -----------------------------------------------------------------------------


def test_a_body_is_not_its_own_parent() -> None:
    error = refused(RecordState(), RegisterBody(body_id="im", name="IM", parent="im"))
    assert isinstance(error, BodyHierarchyError)
    assert error.path == ("parent",)
    assert "im would be its own parent (im → im)" in error.message


def test_a_parent_cycle_is_refused_however_long() -> None:
    chiefs_under_gy = attrs.evolve(CHIEFS, parent="gy")
    error = refused(recorded(), chiefs_under_gy)
    assert isinstance(error, BodyHierarchyError)
    assert "(chiefs → gy → chiefs)" in error.message


@pytest.mark.parametrize("name", ["", "   ", "\u00a0"])
def test_an_empty_body_name_is_refused(name: str) -> None:
    error = refused(RecordState(), RegisterBody(body_id="im", name=name))
    assert isinstance(error, InvalidTextError)
    assert error.path == ("name",)


def test_a_name_longer_than_the_record_takes_is_refused() -> None:
    long = RegisterBody(body_id="im", name="x" * (MAX_NAME_LENGTH + 1))
    error = refused(RecordState(), long)
    assert isinstance(error, InvalidTextError)
    assert f"expected at most {MAX_NAME_LENGTH} characters" in error.message


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ((Alias("Per L.", "Per L."),), "points to itself"),
        ((Alias("Per L.", "Per Lindh"), Alias("Per Lindh", "Per Lind")), "itself an alias"),
        ((Alias("Per L.", "Per Lindh"), Alias("Per Lindh", "Per L.")), "itself an alias"),
        ((Alias("Per L.", "Per Lind"), Alias("per  l.", "Karin Berg")), "given twice"),
    ],
)
def test_alias_chains_cycles_and_repeats_are_refused(
    aliases: tuple[Alias, ...], expected: str
) -> None:
    body = RegisterBody(body_id="im", name="IM", members=(Member("Per Lind"),), aliases=aliases)
    error = refused(RecordState(), body)
    assert isinstance(error, InvalidAliasError)
    assert expected in error.message
    assert error.path[0] == "aliases"


# --- mandates ---------------------------------------------------------------------------


def test_a_report_obligation_to_an_unknown_body_is_refused() -> None:
    to_nobody = attrs.evolve(
        IM_2024,
        mandate_id="im-2025",
        obligations=(Obligation(id="status", kind="report", to="chefs", due=JAN_19),),
    )
    error = refused(recorded(), to_nobody)
    assert isinstance(error, UnknownBodyError)
    assert error.path == ("obligations", 0, "to")


# --- minutes ----------------------------------------------------------------------------


def test_minutes_before_their_body_in_the_same_file_are_refused() -> None:
    vux = RegisterBody(body_id="vux", name="Vux-nätverket")
    early = minutes(body="vux")
    context = attrs.evolve(context_for(early), declared_bodies=frozenset({"vux"}))
    error = refused(recorded(), early, context)
    assert isinstance(error, UnknownBodyError)
    assert error.path == ("body",)
    assert "put its body document before its minutes" in error.message
    assert decide(early, recorded(vux), context).events


@pytest.mark.parametrize("to", [(), ("",), ("  ",), ("Per Lind", "\t")])
def test_an_assignment_to_no_one_is_refused(to: tuple[str, ...]) -> None:
    error = refused(recorded(), assigning(*to))
    assert isinstance(error, InvalidTextError)
    assert error.path[:4] == ("items", 0, "assignments", 0)


def test_an_assignment_with_an_empty_task_is_refused() -> None:
    error = refused(recorded(), assigning("Per Lind", task=" "))
    assert error.path == ("items", 0, "assignments", 0, "task")


def test_an_item_both_tabled_and_closed_is_refused() -> None:
    both = ItemEntry(number="1", title="AI", tabled=Tabling(until=NEXT_MEETING), closed=True)
    error = refused(recorded(), minutes(both))
    assert isinstance(error, RuleViolationError)
    assert error.path == ("items", 0, "closed")


def test_minutes_of_a_body_the_mandate_does_not_concern_cannot_report_on_it() -> None:
    report = MandateReport(mandate_id="im-2024", obligation_id="review", on=JAN_19)
    error = refused(recorded(), minutes(body="gy", reports=(report,)))
    assert isinstance(error, NotConcernedError)
    assert error.path == ("reports", 0, "mandate")
    for body in ("im", "chiefs"):
        assert decide(minutes(body=body, reports=(report,)), recorded(), context_for(IM)).events


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("im/2023-02-30/6/a1", "2023-02-30 in im/2023-02-30/6/a1 is not a date in the calendar"),
        ("im/2023-11-17/6/2023-02-29/a1", "not a date in the calendar"),
        ("im/1850-01-01/6/a1", "expected a date from 1900-01-01"),
        ("im/2024-03-01/6/a1", "after this one"),
        ("im/2023-11-17/6/2024-02-01/a1", "after this one"),
    ],
)
def test_a_report_on_an_impossible_or_later_assignment_is_refused(
    assignment: str, expected: str
) -> None:
    report = AssignmentReport(assignment_id=assignment, status="done")
    entry = ItemEntry(number="2", title="Uppföljning", assignment_reports=(report,))
    error = refused(recorded(), minutes(entry))
    assert error.path == ("items", 0, "assignment_reports", 0, "assignment")
    assert expected in error.message
