"""Store URLs and paths mean what they say.

A PostgreSQL URL is read by libpq's own parser (through ``psycopg.conninfo``) once our
``schema`` is taken out: every libpq parameter is passed on to the connections, an
unknown one refused; a bad port or several hosts is one line and exit 1. An SQLite path
that SQLite or eventsourcing would take for a database in memory is refused, and ``~`` is
the home folder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from governance import Governance, StoreUnavailableError
from governance.store import StoreURLError, store_settings
from governance.store.url import redact
from tests.integration.test_store_errors import _governance
from tests.integration.test_store_errors import _one_line_error as one_line_error

SOCKET_FOLDER = "/var/run/postgresql"
MINUTES = (
    "kind: body\nid: im\nname: IM-nätverket\n---\n"
    "kind: minutes\nbody: im\nmeeting:\n  date: 2024-01-19\n"
    'items:\n  - number: "1"\n    title: Previous minutes\n    decisions: [Approved]\n'
)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    return one_line_error(result, "error: ")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://h:abc/db", "the port 'abc' is not a number from 1 to 65535"),
        ("postgresql://h:99999/db", "the port '99999' is not a number from 1 to 65535"),
        ("postgresql://h1,h2/db", "names several hosts (h1,h2); give one host"),
        ("postgresql://h:5432,h2:5433/db", "names several hosts (h,h2)"),
        ("postgresql://h/db?sslmod=require", 'invalid URI query parameter: "sslmod"'),
        ("postgresql://h", "incomplete PostgreSQL URL"),
        ("postgresql:///db", "expected a host"),
    ],
)
def test_a_bad_postgresql_url_is_one_line(tmp_path: Path, url: str, says: str) -> None:
    output = _one_line_error(_governance("status", "--store", url, cwd=tmp_path))

    assert says in output


def test_an_unreachable_host_is_one_line(tmp_path: Path) -> None:
    output = _one_line_error(
        _governance("status", "--store", "postgresql://postgres@127.0.0.1:1/db", cwd=tmp_path)
    )

    assert "Connection refused" in output


def test_every_libpq_parameter_is_passed_on(fresh_postgres_url: str) -> None:
    settings = store_settings(f"{fresh_postgres_url}&sslmode=disable&application_name=g-test")

    assert settings["POSTGRES_LIBPQ_PARAMETERS"] == "application_name=g-test sslmode=disable"
    assert settings["POSTGRES_SCHEMA"] == urlsplit(fresh_postgres_url).query.split("=")[1]


def test_the_connections_get_the_urls_parameters(fresh_postgres_url: str) -> None:
    record = Governance(f"{fresh_postgres_url}&application_name=governance-url-test")
    try:
        with record.recorder.datastore.get_connection() as connection:  # type: ignore[attr-defined]
            (row,) = connection.execute("SELECT current_setting('application_name') AS a")
    finally:
        record.close()

    assert row["a"] == "governance-url-test"


def test_sslmode_is_not_dropped(fresh_postgres_url: str) -> None:
    # The test server has no TLS: a URL that asks for it must not connect without.
    with pytest.raises(StoreUnavailableError, match="SSL"):
        Governance(f"{fresh_postgres_url}&sslmode=require", env={"POSTGRES_CONNECT_TIMEOUT": "2"})


@pytest.mark.skipif(
    not Path(SOCKET_FOLDER, ".s.PGSQL.5432").exists(), reason="no PostgreSQL socket here"
)
def test_a_unix_socket_url_works(fresh_postgres_url: str) -> None:
    parts = urlsplit(fresh_postgres_url)
    url = f"postgresql://{parts.username}@{parts.path}?host={SOCKET_FOLDER}&{parts.query}"
    record = Governance(url)
    try:
        assert record.log_position() == 0
    finally:
        record.close()


def test_a_password_in_the_query_is_never_shown() -> None:
    assert redact("postgresql://h/db?password=s3cret&sslmode=require") == (
        "postgresql://h/db?password=***&sslmode=require"
    )
    assert redact("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db"


# --- SQLite paths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "store", [":memory:", "file:x?mode=memory", "sqlite:///:memory:", "records:memory:.db"]
)
def test_an_sqlite_database_in_memory_is_refused(tmp_path: Path, store: str) -> None:
    (tmp_path / "minutes.yaml").write_text(MINUTES, encoding="utf-8")

    output = _one_line_error(_governance("record", "minutes.yaml", "--store", store, cwd=tmp_path))

    assert "would be an SQLite database in memory, which keeps nothing" in output
    assert "memory: for a store meant to vanish" in output
    with pytest.raises(StoreURLError):
        store_settings(store)


def test_a_tilde_is_the_home_folder(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / "minutes.yaml").write_text(MINUTES, encoding="utf-8")

    done = _governance(
        "record", "minutes.yaml", "--store", "~/x.db", cwd=work, env={"HOME": str(home)}
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert (home / "x.db").is_file()
    assert not (work / "~").exists()


def test_the_memory_store_says_it_keeps_nothing(tmp_path: Path) -> None:
    (tmp_path / "minutes.yaml").write_text(MINUTES, encoding="utf-8")

    done = _governance("record", "minutes.yaml", "--store", "memory:", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert "minutes.yaml\tminutes\t" in done.stdout
    assert "the memory: store keeps nothing once this command ends" in done.stderr
