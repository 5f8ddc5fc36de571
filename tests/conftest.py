"""Shared fixtures: the same behaviour tests run against memory, SQLite and PostgreSQL.

PostgreSQL tests use a fresh database of their own (created at the start of the
session, dropped at the end) and a fresh schema per test. The server is found at
``GOVERNANCE_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``).
Without a server they are skipped with the reason, unless ``CI`` or
``GOVERNANCE_REQUIRE_POSTGRES`` is set: then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from governance import Governance

ADMIN_URL = os.environ.get(
    "GOVERNANCE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("memory", "sqlite", "postgres")
# The tests read English unless one asks for another language, whatever the machine's locale.
os.environ["GOVERNANCE_LANG"] = "en"


def postgres_required() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or bool(
        os.environ.get("GOVERNANCE_REQUIRE_POSTGRES")
    )


def _admin_connect(dbname: str | None = None) -> psycopg.Connection[Any]:
    parts = urlsplit(ADMIN_URL)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=dbname or parts.path.lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session; dropped afterwards."""
    try:
        admin = _admin_connect()
    except Exception as error:  # the server is not there
        reason = f"PostgreSQL not reachable at {ADMIN_URL}: {error}"
        if postgres_required():
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)
    name = f"governance_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _admin_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_url(database: str, schema: str) -> str:
    parts = urlsplit(ADMIN_URL)
    user = parts.username or "postgres"
    password = f":{parts.password}" if parts.password else ""
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{database}?schema={schema}"


@pytest.fixture
def fresh_postgres_url(request: pytest.FixtureRequest) -> str:
    database: str = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _admin_connect(database) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return postgres_url(database, schema)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store of each kind."""
    backend = request.param
    if backend == "memory":
        return "memory:"
    if backend == "sqlite":
        return str(tmp_path / "governance.db")
    return str(request.getfixturevalue("fresh_postgres_url"))


class StepClock:
    """A clock for tests: starts at a fixed instant and moves a second per reading."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def record(store_url: str) -> Iterator[Governance]:
    """An empty record in each kind of store, with a deterministic clock."""
    app = Governance(store_url, clock=StepClock())
    yield app
    app.close()
