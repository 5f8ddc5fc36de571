"""The SQLite store as an embedding program uses it: many `Governance` objects and many
processes on one file, and store paths that mean what they say."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from governance.store._probe import store_problem
from governance.store.url import store_settings


def _locked_elsewhere(path: Path) -> bool:
    """Whether another process is refused a write lock on the file at once."""
    probe = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
        "try:\n"
        "    c.execute('BEGIN IMMEDIATE')\n"
        "except sqlite3.OperationalError:\n"
        "    sys.exit(3)\n"
        "c.execute('ROLLBACK')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(path)], check=False, timeout=60)
    return done.returncode == 3


def test_looking_at_a_store_keeps_the_locks_of_live_connections(tmp_path: Path) -> None:
    # On POSIX, closing any descriptor of a file drops every lock the process holds on it:
    # a look at the file with open() and close() beside a live connection lets another
    # process write under that connection's feet.
    path = tmp_path / "governance.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=DELETE")  # the lock is on the database file itself
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    assert _locked_elsewhere(path)

    assert store_problem("governance", store_settings(str(path))) is None

    assert _locked_elsewhere(path), "looking at the store released the writer's lock"
    writer.execute("ROLLBACK")
    writer.close()


def test_a_file_that_is_not_a_database_is_found_through_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are not the minutes you are looking for.\n" * 20, encoding="utf-8")

    problem = store_problem("governance", store_settings(str(path)))

    assert problem == f"{path} is not an SQLite database"
