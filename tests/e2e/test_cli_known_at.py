"""``--known-at`` takes the forms documented (a log position, a day, a moment, a digest
file); anything else is a usage error in the chosen language, given before any store is
opened or created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import BODIES, NOV_17
from tests.e2e.test_cli_minutes_errors import governance

#: A value --known-at refuses, and what it says of it in English and in Swedish.
REFUSED = [
    (
        "nonsense",
        "'nonsense' is neither a log position (120), a day (2023-12-01), a moment "
        "(2023-12-01T09:00:00+01:00) nor a digest file",
        "'nonsense' är varken en position i loggen (120), en dag (2023-12-01), en tidpunkt "
        "(2023-12-01T09:00:00+01:00) eller en sammanfattningsfil",
    ),
    (
        "2024-04-31",
        "the date 2024-04-31 does not exist",
        "datumet 2024-04-31 finns inte",
    ),
    (
        "2024-04-30T25:00",
        "'25:00' in '2024-04-30T25:00' is not a time of day (00:00 to 23:59:59)",
        "'25:00' i '2024-04-30T25:00' är inte en tid på dygnet (00:00 till 23:59:59)",
    ),
]


@pytest.mark.parametrize(("value", "english", "swedish"), REFUSED, ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize("command", [["status"], ["history", "im"], ["decisions"]])
def test_a_bad_value_is_a_usage_error_in_the_language(
    tmp_path: Path, command: list[str], value: str, english: str, swedish: str
) -> None:
    in_english = governance(tmp_path, *command, "--known-at", value, lang="C.UTF-8")
    in_swedish = governance(tmp_path, *command, "--known-at", value, lang="sv_SE.UTF-8")

    assert in_english.returncode == in_swedish.returncode == 2
    assert f"Error: Invalid value for '--known-at': {english}" in in_english.stderr
    assert f"Fel: Ogiltigt värde för '--known-at': {swedish}" in in_swedish.stderr
    assert not list(tmp_path.iterdir())  # no store opened, none created


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "nov.yaml").write_text(NOV_17, encoding="utf-8")
    assert governance(tmp_path, "record", "--store", "g.db", "bodies.yaml").returncode == 0
    assert governance(tmp_path, "record", "--store", "g.db", "nov.yaml").returncode == 0
    return tmp_path


def _status(folder: Path, *known_at: str) -> dict[str, object]:
    done = governance(
        folder, "status", "--store", "g.db", "--as-of", "2023-12-31", "--json", *known_at
    )
    assert done.returncode == 0, done.stderr
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def test_each_documented_form_names_a_point_of_the_log(recorded: Path) -> None:
    now = _status(recorded)
    before_the_minutes = _status(recorded, "--known-at", "1")
    assert now != before_the_minutes
    assert now["assignments"]
    assert not before_the_minutes["assignments"]

    for moment in (
        "2999-12-31",
        "2999-12-31T23:59:59+00:00",
        "2999-12-31 12:00",
        "2999-12-31T12:00Z",
    ):
        assert _status(recorded, "--known-at", moment) == now, moment
    assert _status(recorded, "--known-at", "2000-01-01T09:00:00+01:00") != now
    digest = governance(recorded, "audit", "digest", "--store", "g.db", "-o", "d.json")
    assert digest.returncode == 0, digest.stderr
    assert _status(recorded, "--known-at", "d.json") == now
