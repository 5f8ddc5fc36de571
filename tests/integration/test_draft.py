"""Drafting whole protocols: file formats, bad input, names against a store, recording."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

import governance
from governance import Governance, parse_text
from governance.draft import Draft, DraftError, draft_mandate, draft_minutes
from tests.draft_support import blank_pdf, docx_of, pdf_of, scanned

PROTOCOL = textwrap.dedent(
    """\
    Protokoll Vux-nätverket 240312

    Plats: Skövde, kl 9-12
    Närvarande:
    Karin Berg, Tidaholm
    Per Lind (Skövde)
    Lena Lindqvist – Falköping
    Maria Ek, Hjo

    § 1 Föregående protokoll
    Protokollet gicks igenom och godkändes.

    § 2 Skolnärvaro
    Vi diskuterade frånvaron. Vi beslutar att rutinen för frånvaro antas.
    Lena fick i uppdrag att lyfta frågan med skolchefsgruppen.
    Lena återkopplar på nästa möte.
    Planen revideras och skickas in i april.

    § 3 Övriga frågor
    Följande bordläggs till nästa möte:
    - Elever som stannar hemma
    - AI, hur arbetar vi med det
    Frågan om praktik skickas vidare till gymnasienätverket.

    § 4 Nästa möte
    14/4 - Skara
    2/5 Vara kl 13-15

    Vid protokollet: Per Lind
    Justerare: Maria Ek
    """
)

BODIES = """\
kind: body
id: chiefs
name: Skolchefsgruppen
---
kind: body
id: gy
name: Gymnasienätverket
parent: chiefs
---
kind: body
id: vux
name: Vux-nätverket
parent: chiefs
members:
  - {name: Karin Berg, municipality: Tidaholm, roles: [chair]}
  - {name: Per Lind, municipality: Skövde, roles: [secretary]}
  - {name: Lena Lindkvist, municipality: Falköping}
  - {name: Marie Ek, municipality: Hjo}
aliases:
  Per Lindh: Per Lind
"""


def write(tmp_path: Path, text: str, name: str = "protokoll.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def registered(tmp_path: Path) -> Governance:
    store = Governance(f"{tmp_path}/governance.db")
    store.record_minutes(parse_text(BODIES, source="bodies.yaml"))
    return store


def test_the_draft_is_exported_from_the_public_api() -> None:
    assert governance.draft_minutes is draft_minutes
    assert governance.draft_mandate is draft_mandate


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_every_source_cites_a_line_that_holds_its_words(tmp_path: Path, reading: str) -> None:
    text = scanned(PROTOCOL) if reading == "scanned" else PROTOCOL
    draft = draft_minutes(write(tmp_path, text))
    lines = text.splitlines()
    assert len(draft.sources) > 20
    for path, source in draft.sources.items():
        assert source.text, path
        assert source.text in lines[source.line - 1], (path, source)


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_the_yaml_is_the_document_with_comments(tmp_path: Path, reading: str) -> None:
    text = scanned(PROTOCOL) if reading == "scanned" else PROTOCOL
    draft = draft_minutes(write(tmp_path, text))
    written = draft.to_yaml()
    assert yaml.safe_load(written) == draft.document
    tabled = draft.sources["items[3].tabled"]
    assert f'# rad {tabled.line}: "{tabled.text}"' in written
    assert "# osäker: ingen ansvarig nämns" in written


def test_json_holds_document_sources_and_unsure(tmp_path: Path) -> None:
    draft = draft_minutes(write(tmp_path, PROTOCOL))
    data = draft.to_json()
    assert data["document"]["meeting"]["date"] == "2024-03-12"
    assert data["sources"]["meeting.date"] == {"line": 1, "text": "240312"}
    assert {
        "path": "items[1].assignments[1].to",
        "why": "ingen ansvarig nämns: fyll i vem som ska göra det",
    } in data["unsure"]


def test_word_and_pdf_give_the_draft_the_text_gives(tmp_path: Path) -> None:
    lines = PROTOCOL.splitlines()
    from_text = draft_minutes(write(tmp_path, PROTOCOL))
    docx_of(lines, tmp_path / "protokoll.docx")
    from_word = draft_minutes(tmp_path / "protokoll.docx")
    assert from_word.document == from_text.document
    assert from_word.sources == from_text.sources
    (tmp_path / "protokoll.pdf").write_bytes(pdf_of(lines))
    from_pdf = draft_minutes(tmp_path / "protokoll.pdf")
    assert from_pdf.document == from_text.document  # a text layer keeps no blank lines


def test_word_numbering_is_read_as_the_numbers_it_shows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar SKIS 12 september 2024")
    for title, text in [("Föregående anteckningar", "Godkändes."), ("Övriga frågor", "Inga.")]:
        document.add_paragraph(title, style="List Number")
        document.add_paragraph(text)
    document.save(str(tmp_path / "numrerad.docx"))
    draft = draft_minutes(tmp_path / "numrerad.docx")
    assert [(i["number"], i["title"]) for i in draft.document["items"]] == [
        ("1", "Föregående anteckningar"),
        ("2", "Övriga frågor"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("tom.txt", b"", "the file is empty"),
        ("tom.txt", b"  \n\n ", "the file is empty"),
        ("bild.txt", bytes(range(256)) * 4, "binary file"),
        ("skannad.pdf", blank_pdf(), "no text layer"),
        ("trasig.pdf", b"%PDF-1.4 this is not a PDF", "expected a PDF"),
        ("trasig.docx", b"PK\x03\x04 not a zip", "expected a Word (.docx) document"),
        ("protokoll.odt", b"text", "got a file ending in '.odt'"),
        ("protokoll", b"text", "got a file ending in '(nothing)'"),
    ],
)
def test_a_file_that_is_no_protocol_is_refused_by_name(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DraftError) as raised:
        draft_minutes(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert expected in str(raised.value)


def test_a_missing_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="cannot read the file"):
        draft_minutes(tmp_path / "saknas.txt")


def test_what_is_missing_is_in_the_unsure_list(tmp_path: Path) -> None:
    draft = draft_minutes(write(tmp_path, "Vi träffades och pratade om läget.\n"))
    paths = {unsure.path for unsure in draft.unsure}
    assert {"body", "meeting.date", "items"} <= paths
    assert draft.document["meeting"]["date"] is None


def test_names_are_matched_to_the_registered_members_and_marked_unsure(
    tmp_path: Path, registered: Governance
) -> None:
    draft = draft_minutes(write(tmp_path, PROTOCOL), store=registered)
    assert draft.document["body"] == "vux"
    attendees = draft.document["meeting"]["attendees"]
    assert attendees == [
        "Karin Berg (Tidaholm)",
        "Per Lind (Skövde)",
        "Lena Lindkvist (Falköping)",
        "Marie Ek (Hjo)",
    ]
    why = {unsure.path: unsure.why for unsure in draft.unsure}
    assert "Lena Lindkvist" in why["meeting.attendees[2]"]
    assert "Marie Ek" in why["meeting.attendees[3]"]
    assert "meeting.attendees[0]" not in why
    assert draft.document["items"][1]["assignments"][0]["to"] == ["Lena Lindkvist"]
    assert draft.document["items"][5]["referred_to"] == "gy"


def test_names_are_unicode_normalised_before_matching(
    tmp_path: Path, registered: Governance
) -> None:
    decomposed = PROTOCOL.replace("Karin Berg, Tidaholm", "Karin Berg, Tidaholm").replace(
        "Maria Ek", "Marie Ek"
    )
    decomposed = decomposed.replace("Skövde)", "Sko\u0308vde)")
    draft = draft_minutes(write(tmp_path, decomposed), store=registered)
    assert "Per Lind (Skövde)" in draft.document["meeting"]["attendees"]


def checked(draft: Draft) -> dict[str, Any]:
    """The draft as the secretary leaves it: every unsure part looked at and kept."""
    document: dict[str, Any] = yaml.safe_load(draft.to_yaml())
    return document


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_the_checked_draft_is_recorded(
    tmp_path: Path, registered: Governance, reading: str
) -> None:
    text = scanned(PROTOCOL) if reading == "scanned" else PROTOCOL
    draft = draft_minutes(write(tmp_path, text), store=registered)
    path = tmp_path / "utkast.yaml"
    path.write_text(yaml.safe_dump(checked(draft), allow_unicode=True), encoding="utf-8")
    outcome = registered.record_file(path)
    assert outcome.is_new
    status = registered.status(as_of=date(2024, 4, 15))
    assert {item.title for item in status.tabled_items} == {
        "Elever som stannar hemma",
        "AI, hur arbetar vi med det",
    }
    assert {tuple(a.to) for a in status.assignments} == {("Lena Lindkvist",), ("presidium",)}


def test_drafting_records_nothing(tmp_path: Path, registered: Governance) -> None:
    before = registered.log_position()
    draft_minutes(write(tmp_path, PROTOCOL), store=registered)
    assert registered.log_position() == before


MANDATE = textwrap.dedent(
    """\
    Uppdragsbeskrivning för IM-nätverket 2023–2025
    Fastställd av skolchefsgruppen 2023-01-20

    Bakgrund
    Nätverket samlar rektorer för introduktionsprogrammen.

    Mål 1: Stärkt tillväxt och kompetensförsörjning
    - Verka för att arbetsmarknaden får den kompetens den efterfrågar.

    Mål 2: Högre utbildningsnivå
    - Verka för att fler elever på IM fullföljer och når behörighet till nationellt program.
    - Ta fram en gemensam plan för kompetensutveckling 2023–2025 och rapportera
      löpande under året till skolchefsgruppen.

    Mål 3: Högre kvalitet
    - Arbeta för högre skolnärvaro.

    Möten
    Nätverket har minst 6 möten per år.

    Roller
    Sekreteraren skickar protokoll från varje möte till kansliet@example.org inom 14 dagar.

    Uppföljning
    Uppdragsbeskrivningen revideras och lämnas in en gång per år, i december.
    """
)


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_a_mandate_is_drafted_into_goals_tasks_and_obligations(
    tmp_path: Path, registered: Governance, reading: str
) -> None:
    text = scanned(MANDATE) if reading == "scanned" else MANDATE
    draft = draft_mandate(write(tmp_path, text, "uppdrag.txt"), store=registered)
    document = draft.document
    assert document["issued_by"] == "chiefs"
    assert document["issued_to"] == "im"
    assert document["issued_on"] == date(2023, 1, 20)
    assert (document["valid_from"], document["valid_to"]) == (date(2023, 1, 1), date(2025, 12, 31))
    assert [goal["code"] for goal in document["goals"]] == ["1", "2", "3"]
    tasks = document["goals"][1]["tasks"]
    assert [task["id"] for task in tasks] == ["2a", "2b"]
    assert tasks[1]["report"] == "continuous"
    assert document["obligations"] == [
        {"id": "meetings", "kind": "minimum_meetings", "count": 6},
        {"id": "minutes", "kind": "submit_minutes", "within_days": 14},
        {"id": "review", "kind": "review", "month": 12},
    ]
    lines = text.splitlines()
    for path, source in draft.sources.items():
        assert source.text in lines[source.line - 1], path
    parse_text(yaml.safe_dump(checked(draft), allow_unicode=True))


NUMBERED_MANDATE = textwrap.dedent(
    """\
    Uppdragsbeskrivning Gymnasienätverket
    Beslutad i skolchefsgruppen 221209
    Gäller 2023-01-01 – 2024-12-31

    Uppdrag
    1. Stärkt tillväxt och kompetensförsörjning
    - Samverka med näringslivet kring APL.
    2. Högre utbildningsnivå
    - Arbeta för att fler elever fullföljer sin gymnasieutbildning.
    - Resultatet presenteras på skolchefsgruppens möte den 15 november 2023.

    Organisation
    Sekreteraren skickar protokoll från varje möte till kansliet@example.org.
    Nätverket träffas minst sex gånger per år.

    Översyn
    Uppdraget ses över årligen och skickas in under november.
    """
)


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_a_mandate_with_numbered_goals_and_a_dated_report(
    tmp_path: Path, registered: Governance, reading: str
) -> None:
    text = scanned(NUMBERED_MANDATE) if reading == "scanned" else NUMBERED_MANDATE
    draft = draft_mandate(write(tmp_path, text, "uppdrag.txt"), store=registered)
    document = draft.document
    assert (document["issued_to"], document["issued_by"]) == ("gy", "chiefs")
    assert document["id"] == "gy-2023"
    assert document["issued_on"] == date(2022, 12, 9)
    assert [len(goal["tasks"]) for goal in document["goals"]] == [1, 2]
    assert document["obligations"] == [
        {"id": "report-2023-11-15", "kind": "report", "to": "chiefs", "due": date(2023, 11, 15)},
        {"id": "minutes", "kind": "submit_minutes", "within_days": 14},
        {"id": "meetings", "kind": "minimum_meetings", "count": 6},
        {"id": "review", "kind": "review", "month": 11},
    ]
    unsure = {u.path: u.why for u in draft.unsure}
    assert "14 dagar antaget" in unsure["obligations[1].within_days"]
    parse_text(yaml.safe_dump(checked(draft), allow_unicode=True))


REPORTING_MANDATE = textwrap.dedent(
    """\
    Uppdragsbeskrivning för SKIS
    Beslutad av skolchefsgruppen 230125. Uppdraget gäller 2023-01-01 – 2025-12-31.

    2. Nätverkets uppdrag

    2.1 Höjd utbildningsnivå
    a) Stödja kommunernas arbete med måluppfyllelse. Nätverket återrapporterar en gång
    per år till skolchefsgruppen.
    b) Följa upp avbrotten varje termin och rapportera till skolchefsgruppen en gång per år.

    2.2 Ökad kvalitet
    a) Sprida forskning mellan kommunerna. Rapporteras löpande under året till skolchefsgruppen.
    b) Ta fram en gemensam mall. Mallen lämnas till skolchefsgruppen senast 30 juni 2023.
    c) Redovisa resultatet på skolchefsgruppens möte den 15 november 2023.

    3. Organisation
    Nätverket leds av ett presidium. SKIS träffas minst fyra gånger per kalenderår.
    """
)


@pytest.mark.parametrize("reading", ["clean", "scanned"])
def test_a_mandates_reporting_duties_belong_to_their_tasks(
    tmp_path: Path, registered: Governance, reading: str
) -> None:
    text = scanned(REPORTING_MANDATE) if reading == "scanned" else REPORTING_MANDATE
    draft = draft_mandate(write(tmp_path, text, "uppdrag.txt"), store=registered)
    goals = draft.document["goals"]
    assert [goal["code"] for goal in goals] == ["2.1", "2.2"]
    reports = [(task["id"], task.get("report")) for goal in goals for task in goal["tasks"]]
    assert reports == [
        ("2.1a", "yearly"),
        ("2.1b", "yearly"),
        ("2.2a", "continuous"),
        ("2.2b", date(2023, 6, 30)),
        ("2.2c", date(2023, 11, 15)),
    ]
    assert goals[0]["tasks"][1]["text"].startswith("Följa upp avbrotten varje termin")
    assert "rapportera" not in goals[0]["tasks"][1]["text"]
    assert {"id": "meetings", "kind": "minimum_meetings", "count": 4} in draft.document[
        "obligations"
    ]
    lines = text.splitlines()
    for path, source in draft.sources.items():
        assert source.text in lines[source.line - 1], path
