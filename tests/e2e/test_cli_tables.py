"""Tables a person can read and copy from: at 80 and 160 columns, in a terminal and piped,
in English and Swedish, no id is ever cut or wrapped; piped output is one line a row."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import in_terminal

AS_OF = "2024-12-31"
STATUS = ("status", "--store", "demo.db", "--as-of", AS_OF, "--all")


def _piped(folder: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "governance", "--lang", lang, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    assert _piped(folder, "demo", "--store", "demo.db", "--json").returncode == 0
    return folder


@pytest.fixture(scope="module")
def record(demo: Path) -> dict[str, list[dict[str, object]]]:
    shown = _piped(demo, *STATUS, "--json")
    assert shown.returncode == 0, shown.stderr
    data: dict[str, list[dict[str, object]]] = json.loads(shown.stdout)
    return data


def _ids(record: dict[str, list[dict[str, object]]]) -> set[str]:
    ids = {
        str(row["id"])
        for key in ("tabled_items", "assignments", "mandates")
        for row in record[key]
    }
    return ids | {str(row["obligation"]) for row in record["obligations"]}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("columns", [80, 160])
def test_in_a_terminal_no_id_is_cut_or_wrapped(
    demo: Path, record: dict[str, list[dict[str, object]]], columns: int, lang: str
) -> None:
    code, shown = in_terminal(["--lang", lang, *STATUS], cwd=demo, columns=columns)

    assert code == 0, shown
    lines = shown.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "…" not in shown
    first_cells = {line.split()[0] for line in lines if line.strip()}
    for row in record["assignments"]:
        assert row["id"] in first_cells, row["id"]
    for row in record["tabled_items"]:
        assert row["id"] in first_cells, row["id"]
    for key in ("tabled_items", "assignments", "obligations", "mandates"):
        assert len(record[key]) > 0


@pytest.mark.parametrize("columns", [80, 160])
def test_a_long_id_in_history_is_whole_in_a_terminal(demo: Path, columns: int) -> None:
    longest = "im/2024-03-22/7a/2024-04-26/a1"

    code, shown = in_terminal(
        ["history", longest, "--store", "demo.db"], cwd=demo, columns=columns
    )

    assert code == 0, shown
    assert longest in shown.splitlines()[0]
    assert all(len(line) <= columns for line in shown.splitlines())


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_piped_status_is_tab_separated_with_every_id_whole(
    demo: Path, record: dict[str, list[dict[str, object]]], lang: str
) -> None:
    shown = _piped(demo, *STATUS, lang=lang)

    assert shown.returncode == 0, shown.stderr
    rows = [line.split("\t") for line in shown.stdout.splitlines()]
    assert all(len(row) >= 5 for row in rows)
    cells = {cell for row in rows for cell in row}
    assert _ids(record) <= cells
    assert "…" not in shown.stdout


def test_the_same_information_in_both_languages(demo: Path) -> None:
    english = [line.split("\t") for line in _piped(demo, *STATUS).stdout.splitlines()]
    swedish = [line.split("\t") for line in _piped(demo, *STATUS, lang="sv").stdout.splitlines()]

    assert len(english) == len(swedish)
    headers = [i for i, row in enumerate(english) if row[1] in ("id", "mandate")]
    assert headers == [
        i for i, row in enumerate(swedish) if row[1] in ("id", "uppdragsbeskrivning")
    ]
    ids = [row[1] for i, row in enumerate(english) if i not in headers]
    assert ids == [row[1] for i, row in enumerate(swedish) if i not in headers]
    assert english[0][:3] == ["Tabled items", "id", "title"]
    assert swedish[0][:3] == ["Bordlagda ärenden", "id", "rubrik"]
    overdue = [i for i, row in enumerate(english) if row[-1] == "overdue"]
    assert overdue
    assert overdue == [i for i, row in enumerate(swedish) if row[-1] == "försenat"]


def test_piped_history_and_record_are_tab_separated(demo: Path, tmp_path: Path) -> None:
    history = _piped(demo, "history", "im/2024-06-03/5", "--store", "demo.db")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert lines[0].split("\t") == ["occurred on", "what", "position", "recorded at"]
    assert lines[1].startswith("2024-06-03\tRaised as item 5")

    (tmp_path / "bodies.yaml").write_text(
        "kind: body\nid: im\nname: IM-nätverket\n", encoding="utf-8"
    )
    recorded = _piped(tmp_path, "record", "bodies.yaml")
    assert recorded.returncode == 0, recorded.stderr
    assert recorded.stdout.splitlines() == [
        "file\tkind\tid\tnew events",
        "bodies.yaml\tbody\tim\t1",
    ]


def test_csv_and_json_on_request(demo: Path, record: dict[str, list[dict[str, object]]]) -> None:
    as_csv = _piped(demo, *STATUS, "--format", "csv")
    as_json = _piped(demo, *STATUS, "--format", "json")

    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0][:2] == ["Tabled items", "id"]
    assert {row[1] for row in rows} >= {str(r["id"]) for r in record["assignments"]}
    assert json.loads(as_json.stdout) == record


def test_overdue_shows_only_what_is_overdue(demo: Path) -> None:
    shown = _piped(demo, "status", "--store", "demo.db", "--as-of", AS_OF, "--overdue")
    as_json = json.loads(
        _piped(
            demo, "status", "--store", "demo.db", "--as-of", AS_OF, "--overdue", "--json"
        ).stdout
    )

    statuses = {line.split("\t")[-1] for line in shown.stdout.splitlines()}
    assert statuses == {"status", "overdue"}
    assert as_json["mandates"] == []
    assert {
        row["status"]
        for key in ("tabled_items", "assignments", "obligations")
        for row in as_json[key]
    } == {"overdue"}


def test_an_empty_section_is_one_line_and_status_ends_with_its_summary(demo: Path) -> None:
    code, shown = in_terminal(
        ["status", "--store", "demo.db", "--as-of", "2023-02-01", "--overdue"], cwd=demo
    )

    assert code == 0, shown
    lines = shown.splitlines()
    assert "Tabled items: none overdue" in lines
    assert "Assignments (1)" in lines
    assert all(len(line) <= 80 for line in lines)
    assert " ".join(line.strip() for line in lines[-2:]) == (  # wrapped at 80 columns
        "In short: 0 tabled items were forgotten, 1 assignment is overdue and "
        "0 obligations to the chiefs are overdue."
    )


def test_long_output_goes_through_the_pager_only_in_a_terminal(demo: Path) -> None:
    pager = demo / "pager.sh"
    pager.write_text("#!/bin/sh\necho PAGED LESS=$LESS\ncat > /dev/null\n", encoding="utf-8")
    pager.chmod(0o755)
    env = {**os.environ, "PAGER": str(pager)}
    env.pop("LESS", None)

    _, tall = in_terminal([*STATUS], cwd=demo, lines=24, env=env)
    _, roomy = in_terminal(["history", "im", "--store", "demo.db"], cwd=demo, lines=200, env=env)
    piped = subprocess.run(
        [sys.executable, "-m", "governance", *STATUS, "--format", "table"],
        cwd=demo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert tall.strip() == "PAGED LESS=FRX"
    assert "PAGED" not in roomy
    assert "PAGED" not in piped.stdout
    assert "Tabled items (4)" in piped.stdout


def test_the_pager_gets_utf8_and_less_is_told_so(demo: Path) -> None:
    """Where the locale LANG names is not installed, less would show å as <C3><A5>."""
    paged = demo / "paged.txt"
    pager = demo / "pager.sh"
    pager.write_text(
        f'#!/bin/sh\necho "LESSCHARSET=$LESSCHARSET" > {paged}\ncat >> {paged}\n',
        encoding="utf-8",
    )
    pager.chmod(0o755)
    env = {**os.environ, "PAGER": str(pager), "LANG": "sv_SE.UTF-8"}
    env.pop("LESSCHARSET", None)

    in_terminal([*STATUS, "--lang", "sv"], cwd=demo, lines=24, env=env)

    text = paged.read_bytes().decode("utf-8")  # fails on anything but UTF-8
    assert text.startswith("LESSCHARSET=utf-8\n")
    assert "Bordlagda ärenden" in text
