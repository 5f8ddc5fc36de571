"""The command line on names spelled another way: pasted from a PDF, with odd spaces, or
cut short."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from tests.e2e.test_cli import BODIES, NOV_17, governance


def test_the_same_body_file_in_decomposed_unicode_records_nothing_new(tmp_path: Path) -> None:
    (tmp_path / "typed.yaml").write_text(BODIES, encoding="utf-8")
    pasted = unicodedata.normalize("NFD", BODIES).replace("Per Lind", "Per\u00a0 Lind")
    assert pasted != BODIES
    (tmp_path / "pasted.yaml").write_text(pasted, encoding="utf-8")
    assert governance(tmp_path, "record", "typed.yaml").returncode == 0

    again = governance(tmp_path, "record", "pasted.yaml")

    assert again.returncode == 0, again.stderr
    header, *rows = (line.split("\t") for line in again.stdout.splitlines())
    assert header[-1] == "new events"
    assert rows, again.stdout
    assert all(row[-1] == "0" for row in rows), again.stdout


def test_a_name_cut_short_is_kept_as_written_with_a_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    short = NOV_17.replace("to: [Per Lind]", "to: [Per L]")
    (tmp_path / "nov-17.yaml").write_text(short, encoding="utf-8")

    recorded = governance(tmp_path, "record", "bodies.yaml", "nov-17.yaml")

    assert recorded.returncode == 0, recorded.stderr
    assert (
        "nov-17.yaml items[0].assignments[0].to: 'Per L' is not a member of im nor a "
        "registered alias; did you mean Per Lind?"
    ) in " ".join(recorded.stderr.split())
    shown = governance(tmp_path, "status", "--as-of", "2023-11-20", "--json")
    (assignment,) = json.loads(shown.stdout)["assignments"]
    assert assignment["to"] == ["Per L"]
