"""Each kind of entry a protocol holds, in the phrasings Swedish protocols use.

Every phrasing is drafted twice: as written, and as a scan reads it (Swedish letters
misread, words hyphenated, page numbers between lines).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from governance.draft import Draft
from governance.draft._names import Roster
from governance.draft._text import clean_lines, fold, repair_word
from tests.draft_support import draft_of, items, scanned

READINGS = ["clean", "scanned"]


def protocol(body: str, title: str = "Skolnärvaro", heading: str = "") -> str:
    return (
        (heading or "Protokoll IM-nätverket 240312")
        + """
Plats: Skövde
Närvarande: Karin Berg (Tidaholm), Per Lind (Skövde), Lena Lundkvist (Falköping)

§ 1 Föregående protokoll
Protokollet lades till handlingarna.

§ 2 """
        + title
        + "\n"
        + body.strip()
        + """

§ 3 Mötets avslutande
Ordföranden tackade alla för ett bra möte.
"""
    )


def drafted(tmp_path: Path, text: str, reading: str, **options: Any) -> Draft:
    return draft_of(tmp_path, scanned(text) if reading == "scanned" else text, **options)


def read_as(found: str, written: str, reading: str) -> bool:
    """``found`` is ``written``; in a scan, but for a letter misread into another word
    (``ställa`` read as ``stilla``, which the repair rightly leaves alone)."""
    if reading == "clean":
        return found == written
    return fuzz.ratio(fold(found), fold(written)) >= 90


def second_item(draft: Draft) -> dict[str, Any]:
    found = items(draft)
    assert [item["number"] for item in found][:2] == ["1", "2"]
    return found[1]


def assert_cited(draft: Draft, path: str, lines: list[str]) -> None:
    source = draft.sources[path]
    assert source.text, path
    assert source.text in lines[source.line - 1], (path, source)


# --- decisions ------------------------------------------------------------------------------

DECISIONS = [
    "Vi beslutar att rutinen för frånvaro antas.",
    "Mötet beslutar att skicka rutinen till skolchefsgruppen för kännedom.",
    "Nätverket ställer sig bakom förslaget om gemensam rutin.",
    "Efter diskussion beslutades att nätverksdagen blir återkommande.",
    "Beslut: Rutinen antas och börjar gälla direkt.",
    "Mötet säger ja till fråga 1 och stryker fråga 2.",
    "Förslaget godkändes av nätverket.",
    "Nätverket enades om att träffas oftare under hösten.",
    "Vi bestämmer att måndag v.48 blir vår stående mötesdag.",
    "Mötet fattade beslut om att anta planen.",
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("sentence", DECISIONS)
def test_a_decision_is_found_in_each_phrasing(tmp_path: Path, sentence: str, reading: str) -> None:
    text = protocol(f"Vi diskuterade frånvaron på IM.\n{sentence}")
    draft = drafted(tmp_path, text, reading)
    item = second_item(draft)
    assert len(item.get("decisions", [])) == 1, item
    assert "assignments" not in item
    lines = (scanned(text) if reading == "scanned" else text).splitlines()
    assert_cited(draft, "items[1].decisions[0]", lines)


@pytest.mark.parametrize("reading", READINGS)
def test_a_yes_to_a_question_is_a_decision(tmp_path: Path, reading: str) -> None:
    draft = drafted(tmp_path, protocol("Ska vi ha en gemensam rutin för frånvaro?\nJa."), reading)
    (decision,) = second_item(draft)["decisions"]
    assert decision.endswith("Ja")
    assert "rutin" in decision


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Vi diskuterade frånvaron och hur den kan minska.",
        "Inget beslut fattades i frågan.",
        "Karin informerar om läget i kommunerna.",
        "Per presenterade resultatet av enkäten.",
        "Underlaget behöver kompletteras inför beslut.",
    ],
)
def test_discussion_is_no_decision(tmp_path: Path, sentence: str, reading: str) -> None:
    item = second_item(drafted(tmp_path, protocol(sentence), reading))
    assert "decisions" not in item


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "decision"),
    [
        (
            "Efter en stunds diskussion enades vi om att börja med skolnärvaron.",
            "Börja med skolnärvaron",
        ),
        (
            "Skolchefsgruppen tar del av svaret och beslutar att lägga frågan till handlingarna.",
            "Lägga frågan till handlingarna",
        ),
        (
            "Vi bestämde att nätverksdagen ska bli återkommande.",
            "Nätverksdagen ska bli återkommande",
        ),
        (
            "Frågan till mötet var om nätverket kan ställa sig bakom policyn. Mötet svarade ja.",
            "Nätverket kan ställa sig bakom policyn",
        ),
        (
            "Fråga 2: ska vi ta fram statistiken? Mötet svarar ja på fråga 1 och stryker fråga 2.",
            "Mötet svarar ja på fråga 1 och stryker fråga 2",
        ),
    ],
)
def test_a_decision_in_the_texts_words_without_its_framing(
    tmp_path: Path, sentence: str, decision: str, reading: str
) -> None:
    draft = drafted(tmp_path, protocol(sentence), reading)
    (found,) = second_item(draft)["decisions"]
    assert read_as(found, decision, reading)


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Karin berättade att skolchefsgruppen har beslutat om en gemensam kampanj.",
        "Skolchefsgruppen har godkänt mallen.",
        "Höstens datum bestäms senare.",
    ],
)
def test_a_decision_taken_elsewhere_or_later_is_no_decision(
    tmp_path: Path, sentence: str, reading: str
) -> None:
    assert "decisions" not in second_item(drafted(tmp_path, protocol(sentence), reading))


@pytest.mark.parametrize("reading", READINGS)
def test_dated_lines_after_a_decision_are_the_schedule_not_the_decision(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        "Vi beslutar att fredagar 9–12 är vår fasta mötestid.\n26/4 Mariestad\n24/5 Skövde",
        title="Mötestider",
    )
    draft = drafted(tmp_path, text, reading)
    (found,) = second_item(draft)["decisions"]
    assert read_as(found, "Fredagar 9–12 är vår fasta mötestid", reading)
    assert [entry["date"] for entry in draft.document["schedule"]] == [
        date(2024, 4, 26),
        date(2024, 5, 24),
    ]


# --- assignments ----------------------------------------------------------------------------

MEETING = date(2024, 3, 12)
ASSIGNMENTS = [
    ("Lena fick i uppdrag att lyfta frågan med skolcheferna.", ["Lena Lundkvist"], "next_meeting"),
    ("Per ansvarar för att boka lokal senast den 15 april.", ["Per Lind"], date(2024, 4, 15)),
    ("Per mejlar presentationen till Karin.", ["Per Lind"], "next_meeting"),
    ("Karin justerar protokollet.", ["Karin Berg"], "next_meeting"),
    (
        "Alla medlemmar fick i uppdrag att diskutera frågan på sin skola.",
        ["all members"],
        "next_meeting",
    ),
    ("Lena återkopplar på nästa möte.", ["Lena Lundkvist"], "next_meeting"),
    (
        "Karin och Per tar fram ett förslag till nästa möte.",
        ["Karin Berg", "Per Lind"],
        "next_meeting",
    ),
    ("Uppdrag till Per: boka lokal för nätverksdagen.", ["Per Lind"], "next_meeting"),
    ("Ordföranden kallar till extra möte i april.", ["chair"], date(2024, 4, 30)),
    ("Karin Berg skickar ut enkäten senast 2024-04-01.", ["Karin Berg"], date(2024, 4, 1)),
    ("Varje kommun tar med sig frågan hem till nästa träff.", ["all members"], "next_meeting"),
    ("Per ska sammanställa svaren till den 20/3.", ["Per Lind"], date(2024, 3, 20)),
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(("sentence", "to", "due"), ASSIGNMENTS)
def test_an_assignment_is_found_with_who_and_when(
    tmp_path: Path, sentence: str, to: list[str], due: object, reading: str
) -> None:
    text = protocol(f"Vi diskuterade frånvaron.\n{sentence}")
    draft = drafted(tmp_path, text, reading)
    (assignment,) = second_item(draft)["assignments"]
    assert assignment["to"] == to
    assert assignment["due"] == due
    assert "decisions" not in second_item(draft)
    lines = (scanned(text) if reading == "scanned" else text).splitlines()
    assert_cited(draft, "items[1].assignments[0]", lines)


CLAUSES = [
    (
        "Per mejlar presentationen till Karin, som lägger den i Teams.",
        [(["Per Lind"], "Mejla presentationen till Karin"), (["Karin Berg"], "Lägga den i Teams")],
    ),
    (
        "Karin och Lena har fått många frågor om parkering, de publicerar information på webben.",
        [(["Karin Berg", "Lena Lundkvist"], "Publicera information på webben")],
    ),
    (
        "Per skickar ut enkäten i dag och den ska besvaras senast 29/3.",
        [(["Per Lind"], "Skicka ut enkäten"), (["presidium"], "Besvara enkäten")],
    ),
    (
        "Lena planerar programmet tillsammans med Karin.",
        [(["Lena Lundkvist", "Karin Berg"], "Planera programmet")],
    ),
    (
        "Ansvarig: Karin, förslag på upplägg till mötet 20/4.",
        [(["Karin Berg"], "Förslag på upplägg")],
    ),
    (
        "Beslut: Ordföranden rapporterar om nätverkets arbete till direktionen den 8 april.",
        [(["chair"], "Rapportera om nätverkets arbete till direktionen")],
    ),
    (
        "Per påminde om att statistiken ska lämnas in senast 15 juni.",
        [(["all members"], "Lämna in statistiken")],
    ),
    (
        "Svaret skickas till Skolverket senast 1/4 av Per.",
        [(["Per Lind"], "Skicka svaret till Skolverket")],
    ),
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(("sentence", "expected"), CLAUSES)
def test_a_sentence_gives_tasks_to_whom_its_clauses_name(
    tmp_path: Path, sentence: str, expected: list[tuple[list[str], str]], reading: str
) -> None:
    text = protocol(f"Karin visade statistiken.\n{sentence}")
    found = second_item(drafted(tmp_path, text, reading))["assignments"]
    assert [(a["to"], a["task"]) for a in found] == expected


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Per skickar ut enkäten i dag.", MEETING),
        ("Per skickar ut enkäten i morgon.", date(2024, 3, 13)),
        ("Kampanjen presenteras för direktionen den 12 april.", date(2024, 4, 12)),
    ],
)
def test_today_tomorrow_and_a_dated_event_in_the_passive_are_dues(
    tmp_path: Path, sentence: str, due: date, reading: str
) -> None:
    (assignment,) = second_item(drafted(tmp_path, protocol(sentence), reading))["assignments"]
    assert assignment["due"] == due


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Den behöver uppdateras med de nya målen.",
        "Enligt uppdragsbeskrivningen ska planen ses över varje år.",
        "Svar önskas senast den 1 april, då förslaget ska presenteras för direktionen.",
        "Lovskolan genomförs veckorna 25–27.",
        "Resultatet presenteras för skolchefsgruppen.",
    ],
)
def test_a_need_a_rule_or_an_event_in_the_passive_is_no_task(
    tmp_path: Path, sentence: str, reading: str
) -> None:
    assert "assignments" not in second_item(drafted(tmp_path, protocol(sentence), reading))


def test_a_guest_is_not_a_member_whose_name_holds_the_guests_first_name() -> None:
    roster = Roster(registered=["Anna-Karin Bäck", "Malin Strand"])
    assert roster.person("Karin Berg").name == "Karin Berg"
    assert roster.person("Malin Strandh").name == "Malin Strand"


@pytest.mark.parametrize("reading", READINGS)
def test_a_passive_task_is_an_assignment_whose_assignee_is_unsure(
    tmp_path: Path, reading: str
) -> None:
    draft = drafted(tmp_path, protocol("Planen revideras och skickas in i mars."), reading)
    (assignment,) = second_item(draft)["assignments"]
    assert assignment["due"] == date(2024, 3, 31)
    assert "items[1].assignments[0].to" in {unsure.path for unsure in draft.unsure}


@pytest.mark.parametrize("reading", READINGS)
def test_a_follow_up_at_the_next_meeting_is_the_same_assignment(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        "Lena fick i uppdrag att lyfta frågan med skolchefsgruppen. "
        "Lena återkommer med svar på nästa nätverksmöte."
    )
    draft = drafted(tmp_path, text, reading)
    (assignment,) = second_item(draft)["assignments"]
    assert assignment["to"] == ["Lena Lundkvist"]
    assert assignment["due"] == "next_meeting"
    assert not [u for u in draft.unsure if u.path.startswith("items[1].assignments")]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Karin presenterade resultatet av enkäten.",
        "Per informerar om läget i kommunerna.",
        "Lena berättar om erfarenheterna från Falköping.",
        "Vi diskuterade frånvaron.",
    ],
)
def test_narration_is_no_assignment(tmp_path: Path, sentence: str, reading: str) -> None:
    assert "assignments" not in second_item(drafted(tmp_path, protocol(sentence), reading))


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Karin berättade att skolchefsgruppen ska besluta om budgeten i maj.",
        "Per påminde om att alla ska komma i tid.",
        "Lena undrade om vi ska bjuda in Skolverket.",
        "Per slutar vid årsskiftet.",
        "Karin tar över som ordförande från januari.",
    ],
)
def test_a_task_someone_reports_or_a_change_of_role_is_no_assignment(
    tmp_path: Path, sentence: str, reading: str
) -> None:
    assert "assignments" not in second_item(drafted(tmp_path, protocol(sentence), reading))


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        ("Lena delar sitt material i Teams-kanalen.", "Dela sitt material i Teams-kanalen"),
        ("Per svarar skolchefsgruppen via mejl.", "Svara skolchefsgruppen via mejl"),
        ("Lena presenterar planen för chefsgruppen.", "Presentera planen för chefsgruppen"),
    ],
)
def test_in_a_protocol_told_in_the_past_a_present_tense_verb_is_a_task(
    tmp_path: Path, sentence: str, task: str, reading: str
) -> None:
    text = protocol(f"Karin visade statistiken och Per redogjorde för läget.\n{sentence}")
    (assignment,) = second_item(drafted(tmp_path, text, reading))["assignments"]
    assert assignment["task"] == task


@pytest.mark.parametrize("reading", READINGS)
def test_in_a_protocol_told_in_the_present_the_same_verb_is_narration(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        "Karin informerar om statistiken. Per berättar om läget.\nLena presenterar planen."
    )
    assert "assignments" not in second_item(drafted(tmp_path, text, reading))


# --- tabled, put to a later decision, referred ------------------------------------------------

TABLINGS = [
    "Frågan bordläggs till nästa möte.",
    "Punkten bordlades.",
    "Bordläggs till nästa gång.",
    "Ärendet skjuts upp till nästa möte.",
    "Frågan tas upp igen på nästa möte.",
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("sentence", TABLINGS)
def test_a_tabled_item(tmp_path: Path, sentence: str, reading: str) -> None:
    text = protocol(f"Vi hann inte med hela frågan.\n{sentence}", title="Lärarbrist på IM")
    draft = drafted(tmp_path, text, reading)
    item = second_item(draft)
    assert item["tabled"] == "next_meeting"
    lines = (scanned(text) if reading == "scanned" else text).splitlines()
    assert_cited(draft, "items[1].tabled", lines)


@pytest.mark.parametrize("reading", READINGS)
def test_a_question_put_to_a_decision_at_the_next_meeting(tmp_path: Path, reading: str) -> None:
    text = protocol("Frågan lyfts för beslut på kommande nätverksmöte.", title="Gemensam rutin")
    item = second_item(drafted(tmp_path, text, reading))
    assert item["tabled"] == {"until": "next_meeting", "reason": "beslut på nästa möte"}
    assert "decisions" not in item


@pytest.mark.parametrize("reading", READINGS)
def test_a_list_after_a_tabling_line_becomes_tabled_items(tmp_path: Path, reading: str) -> None:
    text = protocol(
        """Följande bordläggs till nästa möte:
- Elever som stannar hemma, och hur programmen kan arbeta med grundskolan
- AI, hur arbetar vi med det""",
        title="Övriga frågor",
    )
    draft = drafted(tmp_path, text, reading)
    found = items(draft)
    tabled = [item for item in found if "tabled" in item]
    assert [item["number"] for item in tabled] == ["2a", "2b"]
    assert tabled[0]["title"].startswith("Elever som stannar hemma")
    assert tabled[1]["title"].startswith("AI")
    lines = (scanned(text) if reading == "scanned" else text).splitlines()
    tabling_line = draft.sources["items[2].tabled"].line
    assert "bordl" in lines[tabling_line - 1]


@pytest.mark.parametrize("reading", READINGS)
def test_a_listed_matter_keeps_its_own_until_and_loses_it_from_its_title(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        """Följande bordläggs:
- Sommarskola för IMA-elever – till första mötet i höst
- Rutiner för nyanlända – till mötet 13 september
b) Gemensam marknadsföring – bordläggs till nästa möte.""",
        title="Övriga frågor",
    )
    tabled = [item for item in items(drafted(tmp_path, text, reading)) if "tabled" in item]
    assert [(item["title"], item["tabled"]) for item in tabled][1:] == [
        ("Rutiner för nyanlända", date(2024, 9, 13)),
        ("Gemensam marknadsföring", "next_meeting"),
    ]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "body",
    [
        "Lärarbehörighet inom yrkesvux får vänta till nästa möte igen.",
        "Per slutar i sommar. Frågan om ny kontaktperson tas upp på nästa möte.",
    ],
)
def test_the_only_matter_of_other_matters_deferred_in_prose_tables_the_heading(
    tmp_path: Path, body: str, reading: str
) -> None:
    found = items(drafted(tmp_path, protocol(body, title="Övrigt"), reading))
    assert [(item["number"], item.get("tabled")) for item in found][1:3] == [
        ("2", "next_meeting"),
        ("3", None),
    ]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Efter flera bordläggningar tog vi nu upp frågan.",
        "Punkten var bordlagd från i våras. Vi gick igenom rutinerna.",
        "Marknadsföringen har varit bordlagd länge.",
    ],
)
def test_an_earlier_tabling_is_no_tabling(tmp_path: Path, sentence: str, reading: str) -> None:
    assert "tabled" not in second_item(drafted(tmp_path, protocol(sentence), reading))


@pytest.mark.parametrize("reading", READINGS)
def test_a_listed_matter_with_a_title_before_a_colon(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "- Prövningar på sommaren: bordläggs.\n"
        "- Lokalfrågan: Per kollar med fastighetsbolaget och återkommer.",
        title="Övriga frågor",
    )
    found = items(drafted(tmp_path, text, reading))[2:4]
    assert [item["title"] for item in found] == ["Prövningar på sommaren", "Lokalfrågan"]
    assert found[0]["tabled"] == "next_meeting"
    assert found[1]["assignments"][0]["to"] == ["Per Lind"]


@pytest.mark.parametrize("reading", READINGS)
def test_an_inline_list_of_tabled_matters(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "Bordläggs till nästa gång: (a) elever som stannar hemma; (b) AI, hur arbetar vi med det.",
        title="Övriga frågor",
    )
    tabled = [item for item in items(drafted(tmp_path, text, reading)) if "tabled" in item]
    assert len(tabled) == 2
    assert tabled[0]["title"].lower().startswith("elever")


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "to"),
    [
        ("Frågan skickas vidare till Vux-nätverket.", "vux"),
        ("Frågan lämnas över till skolchefsgruppen.", "skolchefsgruppen"),
    ],
)
def test_a_referred_question(tmp_path: Path, sentence: str, to: str, reading: str) -> None:
    draft = drafted(tmp_path, protocol(sentence, title="Frågan om praktik"), reading)
    assert second_item(draft)["referred_to"] == to


@pytest.mark.parametrize("reading", READINGS)
def test_a_question_that_may_go_elsewhere_is_only_marked(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "Skolchefernas fråga lämnas obesvarad, den kan behöva gå till gymnasienätverket.",
        title="Frågan om praktik",
    )
    draft = drafted(tmp_path, text, reading)
    assert "referred_to" not in second_item(draft)
    (why,) = [unsure.why for unsure in draft.unsure if unsure.path == "items[1]"]
    assert "kan behöva gå till gymnasienätverket" in why
    assert "referred_to: gymnasie" in why


# --- the schedule ---------------------------------------------------------------------------

SCHEDULES = [
    ("14/3 - Skara", date(2024, 3, 14), "Skara", None),
    ("2/5 Vara", date(2024, 5, 2), "Vara", None),
    ("Nästa möte blir den 7/4 kl 13.00 i Skara.", date(2024, 4, 7), "Skara", "13:00"),
    ("5 februari 9 - 12 (Teams)", date(2025, 2, 5), "Teams", "09:00-12:00"),
    ("Måndag v.48 kl 13-15 i Tibro", date(2024, 11, 25), "Tibro", "13:00-15:00"),
    ("15 november, Hjo", date(2024, 11, 15), "Hjo", None),
    ("240910 Mariestad", date(2024, 9, 10), "Mariestad", None),
    ("14/1 Falköping", date(2025, 1, 14), "Falköping", None),
    ("Förra mötet 1/3 var i Skara; nästa 20/3 Falköping", date(2024, 3, 20), "Falköping", None),
    ("Nästa rektorsträff: 15 november 2024 i Lidköping.", date(2024, 11, 15), "Lidköping", None),
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(("line", "on", "place", "time"), SCHEDULES)
def test_a_coming_meeting_is_resolved_against_the_meeting_date(
    tmp_path: Path, line: str, on: date, place: str, time: str | None, reading: str
) -> None:
    draft = drafted(tmp_path, protocol(line, title="Nästa möte"), reading)
    (entry,) = draft.document["schedule"]
    assert entry["date"] == on
    assert entry.get("place") == place
    assert entry.get("time") == time


@pytest.mark.parametrize("reading", READINGS)
def test_a_schedule_on_several_lines_and_in_a_row(tmp_path: Path, reading: str) -> None:
    text = protocol(
        """Vårens möten, på plats 9–12:
8/4 Tibro
22/4 Falköping, 20/5 Töreboda, 10/6 – krockar med gymnasienätverket
Tisdagar kl 9-11 har vi öppen digital träff.""",
        title="Kommande möten",
    )
    draft = drafted(tmp_path, text, reading)
    dates = [entry["date"] for entry in draft.document["schedule"]]
    assert dates == [date(2024, 4, 8), date(2024, 4, 22), date(2024, 5, 20), date(2024, 6, 10)]
    assert draft.document["schedule"][0]["time"] == "09:00-12:00"
    assert "place" not in draft.document["schedule"][3]
    assert any("återkommande" in u.why for u in draft.unsure)


# --- the heading and the attendees ------------------------------------------------------------

HEADINGS = [
    ("Protokoll Vux-nätverket 220415", "vux", date(2022, 4, 15), None),
    ("Minnesanteckningar SKIS 12 september 2024", "skis", date(2024, 9, 12), None),
    ("Protokoll IM-nätverket\nSkövde 240312", "im", date(2024, 3, 12), "Skövde"),
    (
        "Minnesanteckningar från IM-nätverkets möte\nDatum: 2024-03-12",
        "im",
        date(2024, 3, 12),
        None,
    ),
    (
        "Protokoll fört vid Vux-nätverkets möte den 12/3 2024 i Tibro",
        "vux",
        date(2024, 3, 12),
        "Tibro",
    ),
    ("IM-nätverket 240312 Tibro", "im", date(2024, 3, 12), "Tibro"),
    (
        "Skolchefsgruppen 240312\nLidköping kl 9–12",
        "skolchefsgruppen",
        date(2024, 3, 12),
        "Lidköping",
    ),
    (
        "# IM-nätverket 12 mars 2024\n\n**Plats:** Götene, museet",
        "im",
        date(2024, 3, 12),
        "Götene",
    ),
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(("heading", "body", "on", "place"), HEADINGS)
def test_the_heading_gives_body_date_and_place(
    tmp_path: Path, heading: str, body: str, on: date, place: str | None, reading: str
) -> None:
    text = protocol("Vi diskuterade.", heading=heading).replace("Plats: Skövde\n", "")
    draft = drafted(tmp_path, text, reading)
    assert draft.document["body"] == body
    assert draft.document["meeting"]["date"] == on
    assert draft.document["meeting"].get("place") == place


def test_a_date_from_the_command_line_fills_the_gap(tmp_path: Path) -> None:
    text = protocol("Vi diskuterade.", heading="Protokoll IM-nätverket")
    draft = drafted(tmp_path, text, "clean", date=date(2024, 3, 12))
    assert draft.document["meeting"]["date"] == date(2024, 3, 12)
    without = drafted(tmp_path, text, "clean")
    assert without.document["meeting"]["date"] is None
    assert "meeting.date" in {unsure.path for unsure in without.unsure}


ATTENDANCE = [
    "Närvarande:\nKarin Berg, Tidaholm\nPer Lind (Skövde)\nLena Lundkvist – Falköping",
    "Deltagare: Karin Berg (Tidaholm), Per Lind (Skövde), Lena Lundkvist (Falköping)",
    "Närvaro\nKarin Berg Tidaholm\nPer Lind Skövde\nLena Lundkvist Falköping",
    "Närvarande: Karin Berg, Tidaholm; Per Lind, Skövde; Lena Lundkvist, Falköping",
    "Närvarande\nTidaholm: Karin Berg\nSkövde: Per Lind\nFalköping: Lena Lundkvist",
    "Närvarande på plats: Karin Berg (Tidaholm), Per Lind (Skövde)\n"
    "Närvarande via Teams: Lena Lundkvist (Falköping)",
    "Med på mötet:\nKarin Berg, Tidaholm\nPer Lind, Skövde\nLena Lundkvist, Falköping",
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("attendance", ATTENDANCE)
def test_attendees_with_their_municipalities(
    tmp_path: Path, attendance: str, reading: str
) -> None:
    text = protocol("Vi diskuterade.").replace(
        "Närvarande: Karin Berg (Tidaholm), Per Lind (Skövde), Lena Lundkvist (Falköping)",
        attendance + "\nAnmält förhinder: Anna Ek",
    )
    draft = drafted(tmp_path, text, reading)
    attendees = draft.document["meeting"]["attendees"]
    assert attendees == [
        "Karin Berg (Tidaholm)",
        "Per Lind (Skövde)",
        "Lena Lundkvist (Falköping)",
    ]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "attendance",
    [
        "Deltagare: Karin Berg, Per Lind, Lena\nLundkvist. Anna Ek var\nsjuk.",
        "Närvarande: Karin Berg, Per Lind, Lena Lundkvist\nAnna Ek hade anmält förhinder.",
        "Närvarande\nKarin Berg\t\tskolchefsgruppen\nPer Lind\t\tSkövde\nLena Lundkvist\tHjo",
    ],
)
def test_attendees_of_a_list_wrapped_onto_more_lines_or_set_in_columns(
    tmp_path: Path, attendance: str, reading: str
) -> None:
    text = protocol("Vi diskuterade.").replace(
        "Närvarande: Karin Berg (Tidaholm), Per Lind (Skövde), Lena Lundkvist (Falköping)",
        attendance,
    )
    attendees = drafted(tmp_path, text, reading).document["meeting"]["attendees"]
    assert [name.split(" (")[0] for name in attendees] == [
        "Karin Berg",
        "Per Lind",
        "Lena Lundkvist",
    ]


@pytest.mark.parametrize("written", ["0rn", "0berg", "6berg"])
def test_a_capital_o_read_as_a_digit_begins_a_name(written: str) -> None:
    assert repair_word(written) in {"Örn", "Öberg"}


@pytest.mark.parametrize("reading", READINGS)
def test_a_meeting_moved_or_called_off_is_not_in_the_schedule(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        "26/4 krockar med gymnasienätverket, flyttas till 19/4 Hjo\n24/5 Skövde", "Kommande möten"
    )
    dates = [entry["date"] for entry in drafted(tmp_path, text, reading).document["schedule"]]
    assert dates == [date(2024, 4, 19), date(2024, 5, 24)]


@pytest.mark.parametrize("reading", READINGS)
def test_a_schedule_in_a_markdown_table(tmp_path: Path, reading: str) -> None:
    text = protocol("Vi diskuterade.") + (
        "\n## Kommande träffar\n\n| Datum | Plats | Tid |\n|---|---|---|\n"
        "| 14/4 | Teams | 13–15 |\n| 11/5 | Skara | 13–16 |\n"
    )
    schedule = drafted(tmp_path, text, reading).document["schedule"]
    assert [(e["date"], e.get("place"), e.get("time")) for e in schedule] == [
        (date(2024, 4, 14), "Teams", "13:00-15:00"),
        (date(2024, 5, 11), "Skara", "13:00-16:00"),
    ]


@pytest.mark.parametrize("reading", READINGS)
def test_attendees_listed_under_the_first_item(tmp_path: Path, reading: str) -> None:
    text = """Minnesanteckningar SKIS 12 september 2024

1. Närvarande
Karin Berg, Tidaholm
Per Lind, Skövde

2. Föregående minnesanteckningar
Godkändes.

3. Övriga frågor
Inga.
"""
    draft = drafted(tmp_path, text, reading)
    assert draft.document["meeting"]["attendees"] == ["Karin Berg (Tidaholm)", "Per Lind (Skövde)"]
    assert items(draft)[0]["title"] == "Närvarande"


# --- items ------------------------------------------------------------------------------------

NUMBERINGS = [
    ("§ {n} {title}", ["1", "2", "3"]),
    ("{n}. {title}", ["1", "2", "3"]),
    ("{n}) {title}", ["1", "2", "3"]),
    ("§{n}. {title}", ["1", "2", "3"]),
]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(("style", "numbers"), NUMBERINGS)
def test_numbered_items_with_their_titles(
    tmp_path: Path, style: str, numbers: list[str], reading: str
) -> None:
    titles = ["Föregående protokoll", "Skolnärvaro", "Övriga frågor"]
    body = [
        "Godkändes.",
        "Vi diskuterade.\n1. ett\n2. två",
        "Inga övriga frågor.",
    ]
    text = "Protokoll IM-nätverket 240312\n\n" + "\n\n".join(
        style.format(n=n, title=title) + "\n" + text
        for n, title, text in zip(numbers, titles, body, strict=True)
    )
    found = items(drafted(tmp_path, text, reading))
    assert [item["number"] for item in found] == numbers
    assert [item["title"] for item in found] == titles


@pytest.mark.parametrize("reading", READINGS)
def test_an_agenda_before_the_items_is_not_the_items(tmp_path: Path, reading: str) -> None:
    text = """Protokoll IM-nätverket 240312

Dagordning
1. Föregående protokoll
2. Skolnärvaro
3. Övriga frågor

1. Föregående protokoll
Godkändes.

2. Skolnärvaro
Vi beslutar att rutinen antas.

3. Övriga frågor
Inga.
"""
    draft = drafted(tmp_path, text, reading)
    assert [item["number"] for item in items(draft)] == ["1", "2", "3"]
    assert draft.sources["items[1]"].line > 6  # the item, not its line in the agenda
    assert items(draft)[1]["decisions"]


@pytest.mark.parametrize("reading", READINGS)
def test_unnumbered_headings_are_items(tmp_path: Path, reading: str) -> None:
    text = """Minnesanteckningar SKIS 12 september 2024

Föregående anteckningar
Gicks igenom och lades till handlingarna.

Skolnärvaro
Vi beslutar att rutinen antas.

Övriga frågor
Inga.
"""
    found = items(drafted(tmp_path, text, reading))
    assert [item["title"] for item in found] == [
        "Föregående anteckningar",
        "Skolnärvaro",
        "Övriga frågor",
    ]
    assert found[1]["decisions"]


# --- meeting roles -----------------------------------------------------------------------------


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "adjusters", "secretary"),
    [
        ("Justerare: Per Lind", ["Per Lind"], None),
        ("Karin justerar protokollet.", ["Karin Berg"], None),
        ("Vid protokollet: Lena Lundkvist", [], "Lena Lundkvist"),
        ("Sekreterare: Per Lind\nJusterare: Karin Berg", ["Karin Berg"], "Per Lind"),
        ("Vid detta möte är representanten för Falköping sekreterare.", [], "Lena Lundkvist"),
        ("Till justerare valdes Per Lind.", ["Per Lind"], None),
    ],
)
def test_who_keeps_and_who_adjusts_the_minutes(
    tmp_path: Path, sentence: str, adjusters: list[str], secretary: str | None, reading: str
) -> None:
    meeting = drafted(tmp_path, protocol(sentence, title="Mötets formalia"), reading).document[
        "meeting"
    ]
    assert meeting.get("adjusters", []) == adjusters
    assert meeting.get("secretary") == secretary


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    "sentence",
    [
        "Per Lind väljs att justera protokollet tillsammans med ordförande.",
        "Per Lind utsågs att jämte ordföranden justera dagens protokoll.",
    ],
)
def test_an_adjuster_with_the_chair_gives_both_the_task(
    tmp_path: Path, sentence: str, reading: str
) -> None:
    item = second_item(drafted(tmp_path, protocol(sentence, title="Val av justerare"), reading))
    (assignment,) = item["assignments"]
    assert assignment["to"] == ["Per Lind", "chair"]


@pytest.mark.parametrize("reading", READINGS)
def test_the_next_meetings_told_in_other_matters(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "Skolnärvaro får vänta till nästa möte.\n"
        "Nästa möte blir den 7/4 kl 13.00 i Skara. Därefter 12/5 i Hjo.",
        title="Övrigt",
    )
    schedule = drafted(tmp_path, text, reading).document["schedule"]
    assert [(entry["date"], entry["place"]) for entry in schedule] == [
        (date(2024, 4, 7), "Skara"),
        (date(2024, 5, 12), "Hjo"),
    ]


@pytest.mark.parametrize("reading", READINGS)
def test_a_task_under_the_schedule_heading_is_still_a_task(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "26/4 Mariestad\n24/5 Skövde\n\nKarin justerar anteckningarna och skickar dem vidare.",
        title="Kommande möten",
    )
    draft = drafted(tmp_path, text, reading)
    (assignment,) = second_item(draft)["assignments"]
    assert assignment["to"] == ["Karin Berg"]
    assert len(draft.document["schedule"]) == 2


@pytest.mark.parametrize("reading", READINGS)
def test_a_report_delivered_is_not_a_question_referred(tmp_path: Path, reading: str) -> None:
    text = protocol(
        "Karin redogjorde för statusrapporten, som lämnades till skolchefsgruppen 10/2."
    )
    assert "referred_to" not in second_item(drafted(tmp_path, text, reading))


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Per är inte här i dag, Lena pratar med Per.", [(["Lena Lundkvist"], "Prata med Per")]),
        ("Alla kommuner har anmält deltagare utom Tibro.", []),
        ("Lena tar upp frågan om gemensamma lovskolor.", []),
        (
            "Lena tar upp frågan med skolchefsgruppen.",
            [(["Lena Lundkvist"], "Ta upp frågan med skolchefsgruppen")],
        ),
    ],
)
def test_a_second_clause_with_its_own_doer_and_what_is_only_told(
    tmp_path: Path, sentence: str, expected: list[tuple[list[str], str]], reading: str
) -> None:
    text = protocol(f"Karin visade statistiken.\n{sentence}")
    found = second_item(drafted(tmp_path, text, reading)).get("assignments", [])
    assert [(a["to"], a["task"]) for a in found] == expected


def test_a_paragraph_ended_at_a_stray_mark_keeps_the_blank_line_after_it() -> None:
    lines = clean_lines(
        ["Frågan skickas vidare.", "-", "", "Kommande träffar", "", "- 2 -", "", "250410 Tibro"]
    )
    assert [line.text for line in lines] == [
        "Frågan skickas vidare.",
        "",
        "Kommande träffar",
        "250410 Tibro",
    ]


@pytest.mark.parametrize("reading", READINGS)
def test_a_decision_beslut_att_and_who_answers_for_it_on_the_next_line(
    tmp_path: Path, reading: str
) -> None:
    text = protocol(
        "Beslut att underlaget skickas till skolchefsgruppen i befintligt skick.\n"
        "Ansv: Karin, senast 28/3."
    )
    item = second_item(drafted(tmp_path, text, reading))
    assert [
        read_as(d, "Underlaget skickas till skolchefsgruppen i befintligt skick", reading)
        for d in item["decisions"]
    ] == [True]
    (assignment,) = item["assignments"]
    assert assignment["to"] == ["Karin Berg"]
    assert assignment["due"] == date(2024, 3, 28)
    assert assignment["task"].startswith("Skicka underlaget till skolchefsgruppen")
    assert "referred_to" not in item


@pytest.mark.parametrize("reading", READINGS)
def test_they_after_a_sentence_naming_people_are_those_people(
    tmp_path: Path, reading: str
) -> None:
    text = protocol("Karin och Per deltar från nätverket. De återkopplar på nästa möte.")
    (assignment,) = second_item(drafted(tmp_path, text, reading))["assignments"]
    assert assignment["to"] == ["Karin Berg", "Per Lind"]
    assert assignment["due"] == "next_meeting"
