"""A store that cannot be opened: one clear line and exit 1 from the command line, a
``StoreUnavailableError`` from the library; never a traceback, never the password.

What eventsourcing 9.5.6 raises, at construction (``CREATE_TABLE`` runs then):

- server not listening, database missing, role missing: psycopg_pool keeps retrying in
  the background and ``PoolTimeout`` comes after ``POSTGRES_CONNECT_TIMEOUT`` seconds
  (default 30), wrapped as eventsourcing's ``OperationalError`` ("couldn't get a
  connection after 30.00 sec"): the cause itself is not in the message;
- schema missing: psycopg's ``InvalidSchemaName`` as eventsourcing's ``ProgrammingError``
  ('schema "x" does not exist'), at once;
- an SQLite file that is not a database: ``sqlite3.DatabaseError`` ("file is not a
  database"), unwrapped (eventsourcing runs ``PRAGMA journal_mode`` outside its wrapper).

The application therefore looks at the store first (``governance.store._probe``): a
direct connection with a short timeout, and the SQLite file read through SQLite itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from governance import Governance, StoreUnavailableError
from tests.conftest import postgres_url

ROOT = Path(__file__).resolve().parents[2]
#: Nothing listens on port 1; the password must never be shown.
UNREACHABLE = "postgresql://postgres:s3cret@127.0.0.1:1/governance"
FAST = {"POSTGRES_CONNECT_TIMEOUT": "1"}


def _governance(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"} | FAST | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "governance", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _one_line_error(
    result: subprocess.CompletedProcess[str], start: str = "error: cannot open the store "
) -> str:
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert len(output.splitlines()) == 1, output
    assert output.startswith(start)
    return output


@pytest.mark.parametrize("command", ["status", "follow"])
def test_an_unreachable_server_is_one_line_without_the_password(command: str) -> None:
    output = _one_line_error(_governance(command, "--store", UNREACHABLE))

    assert "postgresql://postgres:***@127.0.0.1:1/governance" in output
    assert "s3cret" not in output


def test_an_unreachable_server_is_named_as_such() -> None:
    output = _one_line_error(_governance("status", "--store", UNREACHABLE))

    assert "Connection refused" in output


def test_the_library_raises_store_unavailable_for_an_unreachable_server() -> None:
    with pytest.raises(StoreUnavailableError, match="cannot open the store"):
        Governance(UNREACHABLE, env=FAST)


def test_a_missing_schema_is_one_line_naming_it(postgres_database: str) -> None:
    schema = f"missing_{uuid.uuid4().hex[:8]}"

    output = _one_line_error(
        _governance("status", "--store", postgres_url(postgres_database, schema))
    )

    assert f'schema "{schema}" does not exist' in output


def test_the_library_raises_store_unavailable_for_a_missing_schema(postgres_database: str) -> None:
    with pytest.raises(StoreUnavailableError, match="does not exist"):
        Governance(postgres_url(postgres_database, "missing_schema"), env=FAST)


@pytest.fixture
def missing_database(postgres_database: str) -> str:
    """The URL of a database that does not exist, on a server that does."""
    url = postgres_url(postgres_database, "public").split("?")[0]
    return url.rsplit("/", 1)[0] + f"/missing_{uuid.uuid4().hex[:8]}"


def test_a_missing_database_is_one_line(missing_database: str) -> None:
    _one_line_error(_governance("status", "--store", missing_database))


def test_a_missing_database_is_named_as_such(missing_database: str) -> None:
    output = _one_line_error(_governance("status", "--store", missing_database))

    assert f'database "{missing_database.rsplit("/", 1)[1]}" does not exist' in output


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    store = tmp_path / "notes.db"
    store.write_text("These are not the minutes you are looking for.\n" * 20, encoding="utf-8")

    output = _one_line_error(_governance("status", "--store", str(store)))

    assert f"{store} is not an SQLite database" in output
