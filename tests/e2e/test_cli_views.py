"""``governance views rebuild``: the registers made again from the log, in one
transaction, in the chosen language; a store that keeps none is a one-line error."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import governance

STATUS = ("status", "--as-of", "2024-12-31", "--all", "--json")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    governance(folder, "demo", "--store", "record.db", check=True)
    return folder


def _status(folder: Path, store: str) -> object:
    return json.loads(governance(folder, *STATUS, "--store", store, check=True).stdout)


def test_the_registers_are_made_again_from_the_log(demo_store: Path) -> None:
    before = _status(demo_store, "record.db")
    with sqlite3.connect(demo_store / "record.db") as connection:
        connection.execute("DELETE FROM governance_registers WHERE kind = 'item'")
    assert _status(demo_store, "record.db") != before  # the status reads the damaged rows

    shown = governance(demo_store, "views", "rebuild", "--store", "record.db")

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "registers rebuilt from the log, up to position 459\n"
    assert shown.stderr == ""
    assert _status(demo_store, "record.db") == before


def test_it_says_what_it_did_in_swedish(demo_store: Path) -> None:
    shown = governance(demo_store, "--lang", "sv", "views", "rebuild", "--store", "record.db")

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "registren uppbyggda på nytt ur loggen, till och med position 459\n"


def test_a_memory_store_is_a_one_line_error(tmp_path: Path) -> None:
    shown = governance(tmp_path, "views", "rebuild", "--store", "memory:")

    assert shown.returncode == 1
    assert shown.stderr == ("error: no record at memory:; record minutes first, or give --store\n")
    assert shown.stdout == ""


@pytest.mark.postgres
def test_the_registers_of_a_postgres_store_are_made_again(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    governance(tmp_path, "demo", "--store", fresh_postgres_url, check=True)
    before = _status(tmp_path, fresh_postgres_url)

    shown = governance(tmp_path, "views", "rebuild", "--store", fresh_postgres_url)

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "registers rebuilt from the log, up to position 459\n"
    assert _status(tmp_path, fresh_postgres_url) == before
