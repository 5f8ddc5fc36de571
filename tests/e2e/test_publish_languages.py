"""The published documents from the command line in Swedish: with --lang sv, with
GOVERNANCE_LANG=sv and with a Swedish locale; English otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import icalendar
import openpyxl
import pytest

from tests.e2e.test_cli import BODIES, DEC_8, NOV_17

WITHOUT_LANGUAGE = ("GOVERNANCE_STORE", "GOVERNANCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def governance(cwd: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in WITHOUT_LANGUAGE} | environ
    return subprocess.run(
        [sys.executable, "-m", "governance", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    for name, text in (("bodies.yaml", BODIES), ("nov.yaml", NOV_17), ("dec.yaml", DEC_8)):
        (folder / name).write_text(text, encoding="utf-8")
    governance(folder, "record", "bodies.yaml", "nov.yaml")
    return folder


@pytest.mark.parametrize(
    ("args", "environ"),
    [
        (("--lang", "sv"), {}),
        ((), {"GOVERNANCE_LANG": "sv"}),
        ((), {"LANG": "sv_SE.UTF-8"}),
    ],
    ids=["--lang", "GOVERNANCE_LANG", "LANG"],
)
def test_swedish_is_chosen_by_option_variable_or_locale(
    folder: Path, args: tuple[str, ...], environ: dict[str, str]
) -> None:
    agenda = governance(folder, "agenda", "im", *args, **environ).stdout.decode()
    assert agenda.startswith("# Dagordning: IM-nätverket, 8 dec. 2023\n")
    assert "**Övriga frågor**" in agenda

    csv_out = governance(
        folder, "export", "csv", "--register", "assignments", *args, **environ
    ).stdout
    assert csv_out.startswith("\ufeffid,ärende,organ,ansvarig".encode())


def test_english_without_a_language_and_with_lang_en(folder: Path) -> None:
    plain = governance(folder, "agenda", "im").stdout.decode()
    chosen = governance(folder, "agenda", "im", "--lang", "en", LANG="sv_SE.UTF-8")

    assert plain.startswith("# Agenda: IM-nätverket, 8 Dec 2023\n")
    assert chosen.stdout.decode() == plain


def test_every_output_in_swedish(folder: Path) -> None:
    report = governance(
        folder, "report", "--as-of", "2023-12-31", "--output", "r.html", "--lang", "sv"
    )
    page = (folder / "r.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<h3>Bortglömda bordlagda ärenden</h3>" in page
    assert "Skrev rapporten till r.html" in report.stderr.decode()

    calendar = icalendar.Calendar.from_ical(
        governance(folder, "export", "ical", "--body", "im", "--lang", "sv").stdout
    )
    summaries = {str(c["SUMMARY"]) for c in calendar.walk("VEVENT")}
    assert summaries == {"IM-nätverket: möte"}

    written = governance(
        folder, "export", "xlsx", "--register", "meetings", "--lang", "sv", "--output", "m.xlsx"
    )
    assert "Skrev m.xlsx" in written.stderr.decode()
    sheet = openpyxl.load_workbook(folder / "m.xlsx").active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][:4] == ["id", "organ", "datum", "status"]

    docx_written = governance(folder, "agenda", "im", "--format", "docx", "--lang", "sv")
    assert "Skrev dagordningen för im/2023-12-08 till agenda-im-2023-12-08.docx" in (
        docx_written.stderr.decode()
    )
