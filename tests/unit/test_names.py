"""Names are one name however they are spelled in Unicode and white space, and they are
matched to members and aliases whole: a near match is a "did you mean", never a match."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.commands import (
    ItemEntry,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.decide import decide
from governance.domain.events import AssignmentGiven, BodyRegistered, MeetingHeld
from governance.domain.names import name_key, nearest, normalise_name, normalised
from governance.domain.values import NEXT_MEETING, Alias, Attendee, Member
from governance.projections import bodies
from governance.testing import apply_commands, context_for

DECOMPOSED = unicodedata.normalize("NFD", "Börje Öhman")  # as pasted from a PDF or a Mac
COMPOSED = unicodedata.normalize("NFC", "Börje Öhman")  # as typed on Windows
JAN_19 = date(2024, 1, 19)

IM = RegisterBody(
    body_id="im",
    name="IM-nätverket",
    members=(Member("Anna Ekk"), Member(DECOMPOSED), Member("Per Lind")),
    aliases=(Alias("Per  Lindh", "Per Lind"),),
)


def minutes(*to: str, attendees: tuple[Attendee, ...] = ()) -> RecordMinutes:
    return RecordMinutes(
        body_id="im",
        meeting=MeetingDetails(date=JAN_19, attendees=attendees),
        items=(
            ItemEntry(
                number="1",
                title="Uppdraget",
                assignments=(NewAssignment(to=to, task="Skicka in", due=NEXT_MEETING),),
            ),
        ),
    )


def test_a_decomposed_name_is_the_composed_name() -> None:
    assert DECOMPOSED != COMPOSED
    assert normalise_name(DECOMPOSED) == COMPOSED
    assert name_key(DECOMPOSED) == name_key(COMPOSED.upper())


def test_white_space_is_collapsed_wherever_it_is() -> None:
    assert normalise_name("\u00a0Per\t\u00a0 Lind \n") == "Per Lind"


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert name_key(name_key(text)) == name_key(text)


def test_a_body_is_registered_with_its_names_normalised() -> None:
    spaced = RegisterBody(
        body_id="im",
        name=" IM-\u00a0nätverket ",
        members=(Member(DECOMPOSED, municipality=" Hjo "),),
        aliases=(Alias(unicodedata.normalize("NFD", "Öhman B."), DECOMPOSED),),
    )
    (event,) = decide(spaced, apply_commands(())[0], context_for(spaced)).events
    assert isinstance(event, BodyRegistered)
    assert event.name == "IM- nätverket"
    assert event.members == (Member(COMPOSED, municipality="Hjo"),)
    assert event.aliases == (Alias("Öhman B.", COMPOSED),)


def test_minutes_store_names_normalised() -> None:
    state, _ = apply_commands((IM,))
    command = minutes(DECOMPOSED, attendees=(Attendee(f" {DECOMPOSED} ", "Hjo"),))
    decision = decide(command, state, context_for(command))
    held = next(e for e in decision.events if isinstance(e, MeetingHeld))
    given_ = next(e for e in decision.events if isinstance(e, AssignmentGiven))
    assert held.attendees == (Attendee(COMPOSED, "Hjo"),)
    assert given_.to == (COMPOSED,)
    assert decision.notices == ()


def test_a_name_spelled_another_way_resolves_to_the_member() -> None:
    view = bodies.fold(apply_commands((IM,))[1])
    assert bodies.resolve_name(view, "im", COMPOSED.lower()) == COMPOSED
    assert bodies.resolve_name(view, "im", "per lindh") == "Per Lind"


def test_a_prefix_of_a_name_is_not_the_member_but_a_did_you_mean() -> None:
    state, events = apply_commands((IM,))
    command = minutes("Anna E")
    decision = decide(command, state, context_for(command))
    given_ = next(e for e in decision.events if isinstance(e, AssignmentGiven))
    assert given_.to == ("Anna E",)
    assert bodies.resolve_name(bodies.fold(events), "im", "Anna E") == "Anna E"
    (notice,) = decision.notices
    assert notice.path == ("items", 0, "assignments", 0, "to")
    assert "did you mean Anna Ekk?" in notice.message


@pytest.mark.parametrize("name", ["Anna Ekk", "anna  ekk", "Per Lindh", "chair", "all members"])
def test_members_aliases_and_roles_raise_no_warning(name: str) -> None:
    state, _ = apply_commands((IM,))
    command = minutes(name)
    assert decide(command, state, context_for(command)).notices == ()


def test_a_guest_far_from_every_member_raises_no_warning() -> None:
    state, _ = apply_commands((IM,))
    command = minutes("Gunilla Svensson")
    assert decide(command, state, context_for(command)).notices == ()


def test_a_near_name_is_warned_once_per_minutes() -> None:
    state, _ = apply_commands((IM,))
    command = minutes("Per Lindström", attendees=(Attendee("Per Lindström"),))
    (notice,) = decide(command, state, context_for(command)).notices
    assert notice.path == ("meeting", "attendees", 0)


def test_nearest_offers_the_closest_first_and_nothing_when_nothing_is_close() -> None:
    assert nearest("Lundqvist", ["Lundkvist", "Olsson", "Lundgren"]) == ("Lundkvist",)
    assert nearest("Xyz", ["Lundkvist"]) == ()


def test_normalising_a_command_keeps_everything_but_the_spelling() -> None:
    command = minutes(DECOMPOSED)
    assert normalised(normalised(command)) == normalised(command)
    again = normalised(command)
    assert isinstance(again, RecordMinutes)
    assert again.items[0].assignments[0].task == "Skicka in"
