"""Swedish in minutes files: each Swedish value is read as the format's value, and a role
word is never taken for a person."""

from __future__ import annotations

from datetime import date

import pytest

from governance.domain.commands import RecordMinutes, RegisterBody
from governance.domain.values import NEXT_MEETING, Due
from governance.minutes import MinutesError, parse_text

BODY = """\
kind: body
id: im
name: IM-nätverket
members:
  - {{name: Karin Berg, roles: [{role}]}}
"""

MINUTES = """\
kind: minutes
body: im
meeting:
  date: 2023-11-17
  place: Tidaholm
  mode: {mode}
items:
  - number: "5"
    title: Uppdraget
    assignments:
      - to: [{to}]
        task: Se över uppdraget
        due: {due}
  - number: "7a"
    title: Elever som stannar hemma
    tabled: {tabled}
  - continues: im/2023-10-13/6
    assignment_reports:
      - assignment: im/2023-10-13/6/a1
        status: {status}
"""

ENGLISH = {
    "mode": "on_site",
    "to": "Per Lind",
    "due": "2023-12-31",
    "tabled": "next_meeting",
    "status": "done",
}


def minutes(**values: str) -> RecordMinutes:
    (document,) = parse_text(MINUTES.format(**{**ENGLISH, **values})).documents
    assert isinstance(document.command, RecordMinutes)
    return document.command


def body(role: str) -> RegisterBody:
    (document,) = parse_text(BODY.format(role=role)).documents
    assert isinstance(document.command, RegisterBody)
    return document.command


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("på plats", "on_site"),
        ("På plats", "on_site"),
        ("pa\u030a plats", "on_site"),
        ("digitalt", "digital"),
        ("Digitalt", "digital"),
        ("hybrid", "hybrid"),
        ("on_site", "on_site"),
        ("digital", "digital"),
    ],
)
def test_a_swedish_mode_is_stored_as_the_mode(written: str, stored: str) -> None:
    assert minutes(mode=written).meeting.mode == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [("klar", "done"), ("pågår", "progress"), ("avbruten", "cancelled"), ("Klar", "done")],
)
def test_a_swedish_report_status_is_stored_as_the_status(written: str, stored: str) -> None:
    assert minutes(status=written).items[2].assignment_reports[0].status == stored


@pytest.mark.parametrize("written", ["nästa möte", "Nästa möte", "nästa  möte", "next_meeting"])
def test_next_meeting_in_swedish(written: str) -> None:
    command = minutes(due=written, tabled=written)
    assert command.items[0].assignments[0].due == NEXT_MEETING
    tabling = command.items[1].tabled
    assert tabling is not None
    assert tabling.until == NEXT_MEETING


def test_a_tabling_until_the_next_meeting_in_swedish() -> None:
    command = minutes(tabled="{until: nästa möte, reason: tiden räckte inte}")
    tabling = command.items[1].tabled
    assert tabling is not None
    assert (tabling.until, tabling.reason) == (NEXT_MEETING, "tiden räckte inte")


def test_a_date_is_still_a_date() -> None:
    assert minutes(due="231231").items[0].assignments[0].due == Due(date(2023, 12, 31))


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("ordförande", "chair"),
        ("Ordförande", "chair"),
        ("Ordfo\u0308rande", "chair"),  # the ö decomposed, as pasted from a PDF
        ("ordföranden", "chair"),
        ("the chair", "chair"),
        ("chair", "chair"),
        ("sekreterare", "secretary"),
        ("Sekreteraren", "secretary"),
        ("presidiet", "presidium"),
        ("Presidiet", "presidium"),
        ("alla", "all members"),
        ("alla medlemmar", "all members"),
        ("Alla medlemmar", "all members"),
        ("samtliga", "all members"),
        ("all members", "all members"),
    ],
)
def test_a_role_an_assignment_goes_to_is_stored_as_the_role(written: str, stored: str) -> None:
    assert minutes(to=written).items[0].assignments[0].to == (stored,)


def test_names_and_roles_together() -> None:
    command = minutes(to="Per Lind, ordförande, Alla")
    assert command.items[0].assignments[0].to == ("Per Lind", "chair", "all members")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("ordförande", "chair"),
        ("Sekreterare", "secretary"),
        ("presidiet", "presidium"),
        ("presidium", "presidium"),
        ("kontaktperson", "liaison"),
        ("ledamot", "member"),
        ("medlem", "member"),
        ("chair", "chair"),
    ],
)
def test_a_swedish_member_role_is_stored_as_the_role(written: str, stored: str) -> None:
    assert body(written).members[0].roles == frozenset({stored})


ROLE_WORD_AS_PERSON = [
    (
        MINUTES.replace("  place: Tidaholm\n", "  place: Tidaholm\n  secretary: Sekreterare\n"),
        ("meeting", "secretary"),
        "Sekreterare",
    ),
    (
        MINUTES.replace("  place: Tidaholm\n", "  place: Tidaholm\n  adjusters: [ordföranden]\n"),
        ("meeting", "adjusters", 0),
        "ordföranden",
    ),
    (
        MINUTES.replace(
            "  place: Tidaholm\n", "  place: Tidaholm\n  attendees: [Ordförande (Hjo)]\n"
        ),
        ("meeting", "attendees", 0),
        "Ordförande",
    ),
    (
        MINUTES.replace(
            "  place: Tidaholm\n", "  place: Tidaholm\n  attendees: [{{name: the chair}}]\n"
        ),
        ("meeting", "attendees", 0, "name"),
        "the chair",
    ),
    (BODY.replace("Karin Berg", "Ordförande"), ("members", 0, "name"), "Ordförande"),
    (BODY + "aliases:\n  Ordföranden: Karin Berg\n", ("aliases", "Ordföranden"), "Ordföranden"),
    (BODY + "aliases:\n  Kajsa: alla\n", ("aliases", "Kajsa"), "alla"),
]


@pytest.mark.parametrize(("text", "path", "name"), ROLE_WORD_AS_PERSON)
def test_a_role_word_is_never_stored_as_a_person(
    text: str, path: tuple[str | int, ...], name: str
) -> None:
    with pytest.raises(MinutesError) as raised:
        parse_text(text.format(**ENGLISH, role="member"), source="im.yaml")
    error = raised.value
    assert error.problems == (error,)
    assert (error.path, error.code) == (path, "schema.role-not-a-person")
    assert error.message == (
        f"'{name}' is a role, not a person's name; write the person's name here (a body's "
        "members have roles: members[].roles)"
    )


def test_a_value_that_is_neither_says_the_swedish_words_too() -> None:
    with pytest.raises(MinutesError) as raised:
        minutes(mode="på distans")
    assert raised.value.message == (
        "expected on_site, digital or hybrid (in Swedish på plats, digitalt or hybrid), "
        "got 'på distans'"
    )
