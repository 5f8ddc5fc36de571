"""What a secretary sees from the command line: a minutes file with a colon in a title and
a misspelled key gets two errors, in Swedish and in English, naming the same places; a
file in Swedish records as the format's values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MISTAKES = """\
kind: minutes
body: im
meeting:
  date: 231124
  place: Tidaholm
  mode: på plats
items:
  - number: "4"
    title: Uppföljning: nätverksdagen
  - number: "5"
    title: Uppdraget
    assignments:
      - to: [ordförande]
        tsak: Se över uppdraget
        due: nästa möte
"""

BODY = "kind: body\nid: im\nname: IM-nätverket\n"

EXPECTED = {
    "sv_SE.UTF-8": [
        "fel: protokoll.yaml: 2 fel",
        "  1. protokoll.yaml, dokument 1, items[0].title (rad 9, kolumn 23): ett kolon följt "
        "av mellanslag avslutar en nyckel i YAML och kan därför inte stå inne i ett värde; "
        'sätt värdet för title inom citattecken: title: "Uppföljning: nätverksdagen"',
        "       9 |     title: Uppföljning: nätverksdagen",
        "         |                       ^",
        "  2. protokoll.yaml, dokument 1, items[1].assignments[0].tsak (rad 14): okänd nyckel "
        "'tsak'; menade du 'task'?",
    ],
    "C.UTF-8": [
        "error: protokoll.yaml: 2 problems",
        "  1. protokoll.yaml, document 1, items[0].title (line 9, column 23): a colon followed "
        "by a space ends a key in YAML, so it cannot stand inside a value; put the title in "
        'quotes: title: "Uppföljning: nätverksdagen"',
        "       9 |     title: Uppföljning: nätverksdagen",
        "         |                       ^",
        "  2. protokoll.yaml, document 1, items[1].assignments[0].tsak (line 14): unknown key "
        "'tsak'; did you mean 'task'?",
    ],
}


def governance(cwd: Path, *args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GOVERNANCE_STORE", "GOVERNANCE_LANG", "LC_ALL", "LC_MESSAGES")
    }
    env.update(LANG=lang, COLUMNS="80")
    return subprocess.run(
        [sys.executable, "-m", "governance", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_a_colon_in_a_title_and_a_misspelled_key_are_two_errors(tmp_path: Path, lang: str) -> None:
    (tmp_path / "im.yaml").write_text(BODY, encoding="utf-8")
    assert governance(tmp_path, "record", "--store", "g.db", "im.yaml").returncode == 0
    (tmp_path / "protokoll.yaml").write_text(MISTAKES, encoding="utf-8")

    result = governance(tmp_path, "record", "--store", "g.db", "protokoll.yaml", lang=lang)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == EXPECTED[lang]


def test_the_file_corrected_records_its_swedish_values_as_the_formats(tmp_path: Path) -> None:
    (tmp_path / "im.yaml").write_text(BODY, encoding="utf-8")
    corrected = MISTAKES.replace(
        "title: Uppföljning: nätverksdagen", 'title: "Uppföljning: nätverksdagen"'
    ).replace("tsak:", "task:")
    (tmp_path / "protokoll.yaml").write_text(corrected, encoding="utf-8")

    recorded = governance(tmp_path, "record", "--store", "g.db", "im.yaml", "protokoll.yaml")
    status = governance(tmp_path, "status", "--store", "g.db", "--as-of", "231125", "--json")

    assert recorded.returncode == 0, recorded.stderr
    (assignment,) = json.loads(status.stdout)["assignments"]
    assert (assignment["to"], assignment["due"], assignment["given_on"]) == (
        ["chair"],
        "next_meeting",
        "2023-11-24",
    )
