"""The drafting corpus is valid and consistent, and the drafting benchmark scores fairly:
the expected documents score 1.0 against themselves and lose what a perturbation takes."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import pypdf
import pytest
import structlog
import yaml
from benchmarks.draft import (
    CORPUS,
    TARGET_KINDS,
    Case,
    Drafted,
    Drafter,
    DrafterMissingError,
    Names,
    Scores,
    load_corpus,
    load_drafter,
    main,
    misses,
    run,
    score_mandate,
    score_minutes,
    score_sources,
    similarity,
    table,
)
from benchmarks.draft_copies import ocr_copy, write_docx, write_pdf

from governance import Governance, parse_file
from governance.domain.events import MeetingHeld

CORPUS_FILES = load_corpus()
ROLE_WORDS = {"chair", "secretary", "presidium", "liaison", "all members"}


def _minutes(case: Case) -> dict[str, Any]:
    return case.expected_document()


def _case(name: str) -> Case:
    return next(c for c in CORPUS_FILES.protocols if c.name == name)


# --- the corpus -------------------------------------------------------------------------


def test_every_text_of_the_corpus_is_listed_and_has_its_expected_document() -> None:
    listed = {c.text for c in (*CORPUS_FILES.protocols, *CORPUS_FILES.mandates)}
    on_disk = {p for folder in ("protocols", "mandates") for p in (CORPUS / folder).iterdir()}
    expected = {p.stem for p in (CORPUS / "expected").iterdir()}

    assert listed == on_disk
    assert expected == {c.name for c in (*CORPUS_FILES.protocols, *CORPUS_FILES.mandates)}


@pytest.mark.parametrize("case", CORPUS_FILES.protocols, ids=lambda c: c.name)
def test_every_expected_minutes_file_is_a_valid_minutes_document(case: Case) -> None:
    parsed = parse_file(case.expected)

    assert [type(d.command).__name__ for d in parsed.documents] == ["RecordMinutes"]


@pytest.mark.parametrize("case", CORPUS_FILES.mandates, ids=lambda c: c.name)
def test_every_expected_mandate_file_is_a_valid_mandate_document(case: Case) -> None:
    parsed = parse_file(case.expected)

    assert [type(d.command).__name__ for d in parsed.documents] == ["IssueMandate"]


def test_the_expected_files_record_cleanly_in_date_order_into_one_store() -> None:
    record = Governance("memory:")
    record.record_file(CORPUS_FILES.bodies_file)
    for case in CORPUS_FILES.mandates:
        assert record.record_file(case.expected).is_new
    by_date = sorted(CORPUS_FILES.protocols, key=lambda c: _minutes(c)["meeting"]["date"])
    for case in by_date:
        assert record.record_file(case.expected).is_new, case.name

    held = [e for e in record.iter_current() if isinstance(e, MeetingHeld)]
    assert len(held) == len(CORPUS_FILES.protocols)


@pytest.mark.parametrize("case", CORPUS_FILES.protocols, ids=lambda c: c.name)
def test_expected_files_name_people_by_their_canonical_names(case: Case) -> None:
    """A careful secretary writes the registered spelling, whatever the protocol wrote
    (a member of another body may be given a task too)."""
    document = _minutes(case)
    names = CORPUS_FILES.bodies[document["body"]]
    members = {name for body in CORPUS_FILES.bodies.values() for name in body.canonical.values()}
    people = [names.of(a) for a in document["meeting"].get("attendees", ())]
    people += [
        name
        for item in document["items"]
        for assignment in item.get("assignments", ())
        for name in assignment["to"]
        if name not in ROLE_WORDS
    ]
    people += document["meeting"].get("adjusters", [])

    assert [p for p in people if p not in members] == []


@pytest.mark.parametrize("case", CORPUS_FILES.protocols, ids=lambda c: c.name)
def test_unnamed_assignments_of_the_manifest_exist(case: Case) -> None:
    document = _minutes(case)
    for path in case.unnamed:
        found = re.fullmatch(r"items\[(\d+)\]\.assignments\[(\d+)\]", path)
        assert found, path
        assert document["items"][int(found[1])]["assignments"][int(found[2])]


# --- scoring ----------------------------------------------------------------------------


def _score(case: Case, drafted: Mapping[str, Any], unsure: frozenset[str] = frozenset()) -> Scores:
    expected = _minutes(case)
    names = CORPUS_FILES.bodies[expected["body"]]
    return score_minutes(expected, Drafted(drafted, unsure), names, case.unnamed)


def _pr(scores: Scores, kind: str) -> tuple[float | None, float | None]:
    return scores[kind].precision, scores[kind].recall


@pytest.mark.parametrize("case", CORPUS_FILES.protocols, ids=lambda c: c.name)
def test_an_expected_document_scores_one_against_itself(case: Case) -> None:
    scores = _score(case, _minutes(case))

    for kind in TARGET_KINDS:
        assert _pr(scores, kind) in {(1.0, 1.0), (None, None)}, kind
    assert scores["meeting date"].recall == 1.0


def _perturbed(case: Case, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(_minutes(case))
    change(document)
    return document


FIRST = "01-im-230915"


def test_a_missing_attendee_costs_recall_only() -> None:
    case = _case(FIRST)
    scores = _score(case, _perturbed(case, lambda d: d["meeting"]["attendees"].pop()))

    assert _pr(scores, "attendees") == (1.0, 5 / 6)
    assert scores["attendees"].missed == ["Ahmed Rahimi"]
    assert scores["attendees"].extra == []


def test_attendees_written_as_aliases_or_without_municipality_are_the_same_people() -> None:
    def respell(document: dict[str, Any]) -> None:
        document["meeting"]["attendees"] = [
            "Karin Bergh",
            {"name": "per lind", "municipality": "Skövde"},
            "Lena Lundqvist (Falköping)",
            "Anneli Ohlsson",
            "Mikael  Sjöberg",
            "Ahmed Rahimi",
        ]

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, respell)), "attendees") == (1.0, 1.0)


def test_an_unknown_name_matches_nobody() -> None:
    def replace(document: dict[str, Any]) -> None:
        document["meeting"]["attendees"][0] = "Karin Bengtsson (Tidaholm)"

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, replace)), "attendees") == (5 / 6, 5 / 6)


def test_names_are_compared_after_unicode_normalisation() -> None:
    def decompose(document: dict[str, Any]) -> None:
        document["meeting"]["attendees"][4] = "Mikael Sjo\u0308berg"

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, decompose)), "attendees") == (1.0, 1.0)


def test_a_wrong_meeting_date_is_wrong_and_a_missing_one_is_missed() -> None:
    case = _case(FIRST)
    wrong = _perturbed(case, lambda d: d["meeting"].update(date=date(2023, 9, 14)))
    missing = _perturbed(case, lambda d: d["meeting"].pop("date"))

    assert _pr(_score(case, wrong), "meeting date") == (0.0, 0.0)
    assert _score(case, wrong)["meeting date"].missed == ["2023-09-15"]
    assert _score(case, wrong)["meeting date"].extra == ["2023-09-14"]
    assert _pr(_score(case, missing), "meeting date") == (None, 0.0)
    assert _pr(_score(case, {**wrong, "meeting": {"date": "2023-09-15"}}), "meeting date") == (
        1.0,
        1.0,
    )


def test_items_match_by_title_whatever_their_numbers_and_by_number_with_a_close_title() -> None:
    def renumber(document: dict[str, Any]) -> None:
        for index, item in enumerate(document["items"]):
            item["number"] = f"§ {index + 10}"

    def retitle(document: dict[str, Any]) -> None:
        document["items"][3]["title"] = "Uppdragsbeskrivning"
        document["items"][4]["title"] = "Något helt annat"

    case = _case(FIRST)
    items = len(_minutes(case)["items"])

    assert _pr(_score(case, _perturbed(case, renumber)), "items") == (1.0, 1.0)
    assert _pr(_score(case, _perturbed(case, retitle)), "items") == (
        (items - 1) / items,
        (items - 1) / items,
    )


def test_an_extra_item_costs_precision() -> None:
    def add(document: dict[str, Any]) -> None:
        document["items"].append({"number": "10", "title": "Fika"})

    case = _case(FIRST)
    items = len(_minutes(case)["items"])

    assert _pr(_score(case, _perturbed(case, add)), "items") == (items / (items + 1), 1.0)


def test_a_decision_keeps_its_match_with_its_framing_words_but_not_reworded() -> None:
    case = _case(FIRST)

    def frame(document: dict[str, Any]) -> None:
        decisions = document["items"][3]["decisions"]
        decisions[0] = "Vi beslutar att " + decisions[0].lower() + "."

    def reword(document: dict[str, Any]) -> None:
        document["items"][3]["decisions"][0] = "Nätverket fortsätter som tidigare"

    assert _pr(_score(case, _perturbed(case, frame)), "decisions") == (1.0, 1.0)
    assert _pr(_score(case, _perturbed(case, reword)), "decisions") == (2 / 3, 2 / 3)


def test_a_decision_under_another_item_still_counts() -> None:
    def move(document: dict[str, Any]) -> None:
        document["items"][0]["decisions"] = document["items"][3].pop("decisions")

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, move)), "decisions") == (1.0, 1.0)


def test_a_paragraph_is_not_similar_to_each_of_its_sentences() -> None:
    def merge(document: dict[str, Any]) -> None:
        texts = [d for item in document["items"] for d in item.pop("decisions", [])]
        document["items"][0]["decisions"] = [" ".join(texts)]

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, merge)), "decisions") == (0.0, 0.0)


def test_a_short_text_is_similar_to_a_slightly_longer_one_that_holds_it() -> None:
    assert similarity("Godkändes", "Dagordningen godkändes.") == 100
    assert similarity("Godkändes", "Anteckningarna från Lidköping 7/2 godkändes") == 0
    assert similarity("skapar en kanal", "Skapa en kanal") >= 75
    assert similarity("Boka lokal och fika", "Skicka underlag till Karin") < 75


def test_assignees_and_dues_are_scored_on_the_paired_tasks() -> None:
    def change(document: dict[str, Any]) -> None:
        first, second = document["items"][4]["assignments"]
        first["to"] = ["Lena Lundkvist"]
        second["due"] = date(2023, 10, 20)

    case = _case(FIRST)
    scores = _score(case, _perturbed(case, change))

    assert _pr(scores, "assignments") == (1.0, 1.0)
    assert _pr(scores, "assignees") == (4 / 5, 4 / 5)
    assert _pr(scores, "dues") == (4 / 5, 4 / 5)


def test_a_role_held_by_one_member_stands_for_that_member() -> None:
    def chair(document: dict[str, Any]) -> None:
        document["items"][4]["assignments"][1]["to"] = ["chair"]

    def presidium(document: dict[str, Any]) -> None:
        document["items"][4]["assignments"][1]["to"] = ["presidium"]

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, chair)), "assignees") == (1.0, 1.0)
    assert _pr(_score(case, _perturbed(case, presidium)), "assignees") == (4 / 5, 4 / 5)


def test_unnamed_assignees_are_not_scored_but_their_unsure_marks_are() -> None:
    case = _case("04-im-240126")
    (path,) = case.unnamed
    anyone = _perturbed(case, lambda d: d["items"][3]["assignments"][0].update(to=["Per Lind"]))

    assert _pr(_score(case, anyone), "assignees") == (1.0, 1.0)
    assert _pr(_score(case, anyone), "unnamed marked unsure") == (0.0, 0.0)
    marked = _score(case, anyone, frozenset({path + ".to"}))
    assert _pr(marked, "unnamed marked unsure") == (1.0, 1.0)
    elsewhere = _score(case, anyone, frozenset({path + "0", path.replace("[3]", "[4]")}))
    assert _pr(elsewhere, "unnamed marked unsure") == (0.0, 0.0)


def test_tabled_items_need_the_same_due() -> None:
    def retable(document: dict[str, Any]) -> None:
        document["items"][7]["tabled"] = date(2023, 12, 8)

    def untable(document: dict[str, Any]) -> None:
        del document["items"][8]["tabled"]

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, retable)), "tabled items") == (1 / 2, 1 / 2)
    assert _score(case, _perturbed(case, retable))["tabled items"].extra == [
        "Elever som stannar hemma – hur kan IM samverka med grundskolan och KAA kring "
        "distansundervisning och APL? (2023-12-08)"
    ]
    assert _pr(_score(case, _perturbed(case, untable)), "tabled items") == (1.0, 1 / 2)


def test_schedule_dates_are_compared_as_sets_of_dates() -> None:
    def change(document: dict[str, Any]) -> None:
        document["schedule"][0]["date"] = "2023-10-20"
        document["schedule"][1]["date"] = date(2023, 12, 9)
        document["schedule"].append({"date": "nästa fredag"})

    case = _case(FIRST)

    assert _pr(_score(case, _perturbed(case, change)), "schedule dates") == (3 / 4, 3 / 4)


def test_a_malformed_draft_scores_as_missing_not_as_a_crash() -> None:
    case = _case(FIRST)
    malformed = {"meeting": "yesterday", "items": "many", "schedule": [1, None]}

    scores = _score(case, malformed)

    assert _pr(scores, "items") == (None, 0.0)
    assert _pr(scores, "meeting date") == (None, 0.0)


def test_sources_are_right_when_their_line_holds_the_cited_words() -> None:
    text = "Rubrik\nFöljande bordläggs till nästa möte:\n"
    drafted = Drafted(
        {},
        sources={
            "items[0].tabled": (2, "Följande  bordläggs"),
            "items[1].tabled": (1, "bordläggs"),
            "meeting.date": (9, "Rubrik"),
        },
    )

    assert score_sources(drafted, text).precision == 1 / 3


# --- the copies -------------------------------------------------------------------------


SAMPLE = _case(FIRST).text.read_text(encoding="utf-8")


def test_an_ocr_copy_is_the_same_for_a_seed_and_another_for_another_seed() -> None:
    assert ocr_copy(SAMPLE, seed="a") == ocr_copy(SAMPLE, seed="a")
    assert ocr_copy(SAMPLE, seed="a") != ocr_copy(SAMPLE, seed="b")


def test_an_ocr_copy_misreads_swedish_letters_hyphenates_and_marks_pages() -> None:
    text = "\n".join([SAMPLE] * 3)
    mangled = ocr_copy(text, seed="12")

    assert mangled.count("ö") < text.count("ö") * 0.8
    assert mangled.count("ä") < text.count("ä") * 0.8
    assert any(c in mangled for c in "64")
    assert "1" in mangled
    assert re.search(r"\w-\n\w", mangled)
    assert re.search(r"^(Sida 2|- 2 -|2|2 \(3\))$", mangled, re.MULTILINE)
    assert "Kommande" in mangled.replace("-\n", "")  # letters other than åäöi survive


def test_the_docx_copy_holds_the_lines_as_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "p.docx"
    write_docx(SAMPLE, path)

    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]

    assert paragraphs == SAMPLE.splitlines()


def test_the_pdf_copy_has_a_text_layer_pypdf_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    write_pdf(SAMPLE, path)

    extracted = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

    for line in ("Protokoll IM-nätverket 230915", "Följande bordläggs till nästa möte:"):
        assert line in extracted
    assert "Karin Berg, Tidaholm (ordf.)" in extracted


# --- the benchmark end to end -------------------------------------------------------------


def _oracle(broken: str | None = None) -> Drafter:
    """A drafter that knows the answers: each file's expected document (``broken`` fails)."""
    by_name = {c.name: c for c in (*CORPUS_FILES.protocols, *CORPUS_FILES.mandates)}

    def draft(path: Path, **_: object) -> SimpleNamespace:
        name = path.name.split(".")[0]
        if name == broken:
            raise ValueError("cannot read this one")
        return SimpleNamespace(document=by_name[name].expected_document(), unsure=(), sources={})

    return Drafter("oracle", draft, draft)


def test_the_benchmark_scores_a_perfect_drafter_one_in_every_variant() -> None:
    report = run(_oracle(), CORPUS_FILES, variants=("clean", "ocr", "docx", "pdf"))

    assert report.below_target() == []
    for variant, result in report.minutes.items():
        assert result.failures == []
        for kind in TARGET_KINDS:
            assert result.scores[kind].recall in {1.0, None}, (variant, kind)
    assert report.minutes["docx"].documents == sum(
        "docx" in c.formats for c in CORPUS_FILES.protocols
    )


def test_a_failing_draft_is_listed_and_scored_as_empty() -> None:
    report = run(_oracle(broken=FIRST), CORPUS_FILES, variants=("clean",))
    clean = report.minutes["clean"]

    assert clean.failures == [f"{FIRST} (clean): ValueError: cannot read this one"]
    assert clean.scores["meeting date"].recall == pytest.approx(
        1 - 1 / len(CORPUS_FILES.protocols)
    )
    assert FIRST in table(report)
    assert f"  missed  {FIRST}: Karin Berg" in misses(report).splitlines()
    assert misses(run(_oracle(), CORPUS_FILES, variants=("clean",), only=FIRST)) == (
        "Nothing missed, nothing extra."
    )
    alone = run(_oracle(broken=FIRST), CORPUS_FILES, variants=("clean",), only=FIRST)
    assert "clean meeting date recall 0.00" in alone.below_target()


def test_the_table_fits_80_columns_and_the_json_has_every_kind() -> None:
    report = run(_oracle(), CORPUS_FILES, variants=("clean", "ocr"), only="im")

    assert max(len(line) for line in table(report).splitlines()) <= 80
    kinds = report.to_json()["minutes"]["clean"]["kinds"]
    assert set(TARGET_KINDS) <= set(kinds)
    assert kinds["attendees"]["precision"] == 1.0
    json.dumps(report.to_json())


ORACLE_MODULE = f"""
from pathlib import Path
from types import SimpleNamespace

import yaml

EXPECTED = Path({str(CORPUS / "expected")!r})


def draft_minutes(path, **_):
    name = path.name.split(".")[0]
    document = yaml.safe_load((EXPECTED / f"{{name}}.yaml").read_text(encoding="utf-8"))
    return SimpleNamespace(document=document, unsure=(), sources={{}})


draft_mandate = draft_minutes
"""


@pytest.fixture
def structlog_restored() -> Iterator[None]:
    """The benchmark quiets governance's logs for good; put the configuration back, and
    leave structlog unconfigured if it was: configuring it again with its defaults would
    leave it configured, and send the library's lines to stdout instead of the standard
    library's logger for every later test (the logging example of docs/embedding.md)."""
    was_configured = structlog.is_configured()
    saved = structlog.get_config()
    yield
    if was_configured:
        structlog.configure(**saved)
    else:
        structlog.reset_defaults()


@pytest.mark.usefixtures("structlog_restored")
def test_the_command_prints_json_and_the_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "oracle_drafter.py").write_text(ORACLE_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    only = ["--drafter", "oracle_drafter", "--variant", "clean", "--only", "im-"]

    assert main([*only, "--json", "--check"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["minutes"]["clean"]["documents"] == 7
    assert main([*only, "--json", "--cases", "held-out"]) == 0
    assert json.loads(capsys.readouterr().out)["minutes"]["clean"]["documents"] == 1
    assert main([*only, "--json", "--cases", "tuned"]) == 0
    assert json.loads(capsys.readouterr().out)["minutes"]["clean"]["documents"] == 6
    assert scores["minutes"]["clean"]["kinds"]["items"]["recall"] == 1.0
    assert scores["below_target"] == []

    assert main([*only, "--misses"]) == 0
    printed = capsys.readouterr().out
    assert "Every target kind meets the target." in printed
    assert printed.rstrip().endswith("Nothing missed, nothing extra.")


def test_a_missing_drafter_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DrafterMissingError, match="no drafter to measure"):
        load_drafter("benchmarks.no_such_drafter")

    assert main(["--drafter", "benchmarks.no_such_drafter"]) == 1
    error = capsys.readouterr().err
    assert "no drafter to measure" in error
    assert "Traceback" not in error


def test_a_drafter_that_fails_as_it_is_imported_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_drafter.py").write_text("raise RuntimeError('half written')\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(DrafterMissingError, match="fails as it is imported: RuntimeError"):
        load_drafter("broken_drafter")


def test_a_drafter_without_the_functions_is_said_plainly() -> None:
    with pytest.raises(DrafterMissingError, match="has no draft_minutes and no draft_mandate"):
        load_drafter("benchmarks.draft_copies")


def test_the_mandate_scores_count_tasks_reports_and_obligations() -> None:
    expected = yaml.safe_load(
        io.StringIO(
            """
            goals:
              - code: "1"
                tasks:
                  - {id: 1a, text: Samverka med Vux-nätverket, report: continuous}
                  - {id: 1b, text: Arbeta för högre skolnärvaro}
            obligations:
              - {id: meetings, kind: minimum_meetings, count: 6}
              - {id: review, kind: review, month: 12}
            """
        )
    )
    drafted = copy.deepcopy(expected)
    drafted["goals"][0]["tasks"][0]["report"] = "yearly"
    drafted["obligations"][1]["month"] = 11

    scores = score_mandate(expected, Drafted(drafted))

    assert _pr(scores, "tasks") == (1.0, 1.0)
    assert _pr(scores, "task reports") == (0.0, 0.0)
    assert _pr(scores, "obligations") == (1 / 2, 1 / 2)
    assert Names.of_body({"members": [{"name": "A B", "roles": ["chair"]}]}).of("chair") == "A B"
