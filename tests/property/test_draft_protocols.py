"""Property: any protocol written in the phrasings drafting knows drafts to its minutes.

Hypothesis writes a protocol (a heading style, attendees in one of several layouts,
items in one numbering style, each a decision, an assignment, a tabling or discussion in
one of several phrasings, coming meetings) together with the minutes file a careful
secretary would write for it. The draft must be a valid minutes document that cites real
lines; drafted from the clean text it must be that file, and recording either gives the
same status; drafted from a scan it must find the same entries.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import Governance, parse_text, status_to_json
from governance.draft import draft_minutes
from governance.draft._text import fold
from governance.minutes._schema import structure_command
from tests.draft_support import scanned

PEOPLE = [
    ("Karin Berg", "Tidaholm"),
    ("Per Lind", "Skövde"),
    ("Lena Lundkvist", "Falköping"),
    ("Annelie Olsson", "Hjo"),
    ("Mikael Sjöberg", "Tibro"),
    ("Johanna Eklund", "Mariestad"),
]
TITLES = [
    "Skolnärvaro",
    "Uppföljning av handlingsplanen",
    "Lärarbrist på introduktionsprogrammen",
    "Nätverksdagen i oktober",
    "Statistik från skolverket",
    "Samverkan med vuxenutbildningen",
]
# (as written, as a secretary writes it in the minutes file)
DECISIONS = [
    ("Vi beslutar att rutinen för frånvaro antas", "Rutinen för frånvaro antas"),
    (
        "Mötet beslutar att skicka planen till skolchefsgruppen",
        "Skicka planen till skolchefsgruppen",
    ),
    (
        "Nätverket ställer sig bakom förslaget om gemensam nätverksdag",
        "Nätverket ställer sig bakom förslaget om gemensam nätverksdag",
    ),
    (
        "Det beslutades att nätverksdagen blir årligen återkommande",
        "Nätverksdagen blir årligen återkommande",
    ),
    ("Förslaget om ny mötesordning godkändes", "Förslaget om ny mötesordning godkändes"),
]
TASKS = [
    (
        "{first} fick i uppdrag att sammanställa statistiken till nästa möte",
        "Sammanställa statistiken",
    ),
    ("{first} ansvarar för att boka lokal till nästa möte", "Boka lokal"),
    ("{first} mejlar presentationen till {other}", "Mejla presentationen till {other}"),
    ("{first} tar fram ett förslag till rutin", "Ta fram ett förslag till rutin"),
    ("{first} kontaktar skolverket om statistiken", "Kontakta skolverket om statistiken"),
]
TABLINGS = [
    "Frågan bordläggs till nästa möte",
    "Punkten bordläggs till nästa gång",
    "Ärendet skjuts upp till nästa möte",
]
TALK = [
    "Vi diskuterade läget i kommunerna",
    "{first} informerade om arbetet i sin kommun",
    "Samtalet handlade om hur vi kan samarbeta mer",
]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]  # fmt: skip


@attrs.frozen
class Written:
    """A protocol and the minutes file a careful secretary would write for it."""

    text: str
    expected: dict[str, Any]


@st.composite
def protocols(draw: st.DrawFn) -> Written:
    on = draw(st.dates(min_value=date(2021, 1, 10), max_value=date(2025, 11, 20)))
    heading = draw(
        st.sampled_from(
            [
                f"Protokoll IM-nätverket {on:%y%m%d}",
                f"Minnesanteckningar IM-nätverket {on.day} {MONTHS[on.month - 1]} {on.year}",
                f"Protokoll IM-nätverket\nDatum: {on.isoformat()}",
            ]
        )
    )
    people = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=5, unique=True))
    layout = draw(st.sampled_from(["lines", "one line", "parentheses"]))
    if layout == "lines":
        attendance = "Närvarande:\n" + "\n".join(f"{n}, {m}" for n, m in people)
    elif layout == "one line":
        attendance = "Deltagare: " + "; ".join(f"{n}, {m}" for n, m in people)
    else:
        attendance = "Närvaro\n" + "\n".join(f"{n} ({m})" for n, m in people)
    style = draw(st.sampled_from(["§ {n} {title}", "{n}. {title}", "{n}) {title}"]))
    count = draw(st.integers(min_value=2, max_value=5))
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=count, max_size=count, unique=True))
    blocks: list[str] = []
    items: list[dict[str, Any]] = []
    for number, title in enumerate(titles, start=1):
        kind = draw(st.sampled_from(["decision", "assignment", "tabled", "talk"]))
        who, _ = draw(st.sampled_from(people))
        other = next(name for name, _ in people if name != who)
        item: dict[str, Any] = {"number": str(number), "title": title}
        talk = draw(st.sampled_from(TALK)).format(first=who.split()[0])
        sentences = [talk]
        if kind == "decision":
            decision, recorded = draw(st.sampled_from(DECISIONS))
            sentences.append(decision)
            item["decisions"] = [recorded]
        elif kind == "assignment":
            written, recorded = draw(st.sampled_from(TASKS))
            names = {"first": who.split()[0], "other": other.split()[0]}
            sentences.append(written.format(**names))
            task = recorded.format(**names)
            item["assignments"] = [{"to": [who], "task": task, "due": "next_meeting"}]
        elif kind == "tabled":
            sentences.append(draw(st.sampled_from(TABLINGS)))
            item["tabled"] = "next_meeting"
        blocks.append(style.format(n=number, title=title) + "\n" + ". ".join(sentences) + ".\n")
        items.append(item)
    coming = sorted(set(draw(st.lists(st.integers(min_value=3, max_value=150), max_size=3))))
    meetings = [
        (on + timedelta(days=days), place)
        for days, (_, place) in zip(coming, PEOPLE, strict=False)
    ]
    schedule = [{"date": day, "place": place} for day, place in meetings]
    if schedule:
        lines = "\n".join(f"{day.day}/{day.month} - {place}" for day, place in meetings)
        number = len(items) + 1
        blocks.append(style.format(n=number, title="Nästa möte") + "\n" + lines + "\n")
        items.append({"number": str(number), "title": "Nästa möte"})
    text = f"{heading}\n\n{attendance}\n\n" + "\n".join(blocks)
    meeting: dict[str, Any] = {
        "date": on,
        "attendees": [f"{name} ({muni})" for name, muni in people],
    }
    expected: dict[str, Any] = {
        "kind": "minutes",
        "body": "im",
        "meeting": meeting,
        "items": items,
    }
    if schedule:
        expected["schedule"] = schedule
    return Written(text, expected)


BODIES = """\
kind: body
id: im
name: IM-nätverket
"""

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _drafted(tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / "protokoll.txt"
    path.write_text(text, encoding="utf-8")
    draft = draft_minutes(path)
    structure_command(draft.document)  # a valid minutes document, as drafted
    lines = text.splitlines()
    for where, source in draft.sources.items():
        assert source.text in lines[source.line - 1], (where, source)
    document: dict[str, Any] = yaml.safe_load(draft.to_yaml())
    assert document == draft.document
    return document


def _status(document: dict[str, Any], day: date) -> dict[str, Any]:
    store = Governance("memory:")
    store.record_minutes(parse_text(BODIES, source="bodies.yaml"))
    store.record_minutes(parse_text(yaml.safe_dump(document, allow_unicode=True)))
    return status_to_json(store.status(as_of=day))


@SETTINGS
@given(written=protocols())
def test_a_clean_protocol_drafts_to_the_minutes_a_secretary_writes(
    tmp_path: Path, written: Written
) -> None:
    document = _drafted(tmp_path, written.text)
    entries = {key: document[key] for key in written.expected}
    entries["meeting"] = {key: document["meeting"].get(key) for key in written.expected["meeting"]}
    entries["items"] = [
        {key: value for key, value in item.items() if key != "notes"} for item in document["items"]
    ]
    for item in entries["items"]:
        for assignment in item.get("assignments", []):
            assignment.setdefault("due", "next_meeting")
    schedule = [{k: v for k, v in e.items() if k != "time"} for e in document.get("schedule", [])]
    if schedule:
        entries["schedule"] = schedule
    assert entries == written.expected
    day = written.expected["meeting"]["date"] + timedelta(days=1)
    assert _status(document, day) == _status(written.expected, day)


@SETTINGS
@given(written=protocols(), seed=st.integers(min_value=0, max_value=1000))
def test_a_scanned_protocol_drafts_to_the_same_entries(
    tmp_path: Path, written: Written, seed: int
) -> None:
    document = _drafted(tmp_path, scanned(written.text, seed))
    expected = written.expected
    assert document["meeting"]["date"] == expected["meeting"]["date"]
    assert [fold(a) for a in document["meeting"]["attendees"]] == [
        fold(a) for a in expected["meeting"]["attendees"]
    ]
    assert [item["number"] for item in document["items"]] == [
        item["number"] for item in expected["items"]
    ]
    for got, want in zip(document["items"], expected["items"], strict=True):
        assert len(got.get("decisions", [])) == len(want.get("decisions", [])), got
        assert [fold(" ".join(a["to"])) for a in got.get("assignments", [])] == [
            fold(" ".join(a["to"])) for a in want.get("assignments", [])
        ], got
        assert got.get("tabled") == want.get("tabled"), got
    assert [e["date"] for e in document.get("schedule", [])] == [
        e["date"] for e in expected.get("schedule", [])
    ]
