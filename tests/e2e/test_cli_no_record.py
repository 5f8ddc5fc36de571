"""Reading a store that holds no record says so (exit 1) and creates nothing; an unknown
body or id is an error that suggests the near ones."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest

from governance.store.url import describe_store
from tests.e2e.test_cli import BODIES, NOV_17, governance


def _files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--body", "im"],
        ["history", "im"],
        ["decisions"],
        ["agenda", "im"],
        ["audit", "verify"],
        ["views", "rebuild"],
    ],
)
def test_a_query_of_a_missing_store_is_an_error_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    before = _files(tmp_path)

    shown = governance(tmp_path, *command)

    assert shown.returncode == 1
    assert shown.stderr.startswith(
        "error: no record at governance.db; record minutes first, or give --store"
    )
    assert shown.stdout == ""
    assert _files(tmp_path) == before


def test_a_store_given_that_does_not_exist_is_named(tmp_path: Path) -> None:
    shown = governance(tmp_path, "status", "--store", "elsewhere.db")

    assert shown.returncode == 1
    assert "no record at elsewhere.db" in shown.stderr
    assert not (tmp_path / "elsewhere.db").exists()


def test_a_file_that_cannot_be_read_creates_no_store(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("kind: minutes\nbody: im\n  title: x: y\n", "utf-8")
    before = _files(tmp_path)

    shown = governance(tmp_path, "record", "bad.yaml")

    assert shown.returncode == 1
    assert "bad.yaml" in shown.stderr
    assert _files(tmp_path) == before


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "im-2023-11-17.yaml").write_text(NOV_17, encoding="utf-8")
    assert governance(tmp_path, "record", "bodies.yaml", "im-2023-11-17.yaml").returncode == 0
    return tmp_path


def test_an_unknown_body_is_an_error_that_suggests_the_near_one(recorded: Path) -> None:
    shown = governance(recorded, "status", "--body", "imm")

    assert shown.returncode == 1
    assert "no body 'imm' in the record; did you mean im?" in shown.stderr
    assert shown.stdout == ""


def test_an_unknown_id_is_an_error_that_suggests_the_near_one(recorded: Path) -> None:
    shown = governance(recorded, "history", "im/2023-11-17/7b")

    assert shown.returncode == 1
    assert "did you mean im/2023-11-17/7a" in shown.stderr


POSTGRES = os.environ.get("GOVERNANCE_TEST_POSTGRES")


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="GOVERNANCE_TEST_POSTGRES is not set")
def test_a_postgres_schema_without_a_record_is_named_and_stays_empty(tmp_path: Path) -> None:
    assert POSTGRES is not None
    schema = f"governance_empty_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        url = f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}schema={schema}"

        shown = governance(tmp_path, "status", "--store", url)

        assert shown.returncode == 1
        assert f"error: no record at {url}; record minutes first" in shown.stderr
        with psycopg.connect(POSTGRES) as connection:
            tables = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = %s", (schema,)
            ).fetchone()
        assert tables == (0,)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def test_a_postgres_url_without_a_schema_is_described_with_the_schema_it_uses() -> None:
    assert str(describe_store("postgresql://me:secret@db.example/gov")) == (
        "postgresql://me:***@db.example/gov (schema public)"
    )
    assert str(describe_store("postgresql://me@db.example/gov?schema=im")) == (
        "postgresql://me@db.example/gov?schema=im"
    )
    assert str(describe_store("governance.db")) == "governance.db"
