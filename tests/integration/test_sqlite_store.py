"""The SQLite store as an embedding program uses it: many `Governance` objects and many
processes on one file, and store paths that mean what they say."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import pytest

from governance import Governance, RegisterBody, StoreUnavailableError
from governance.audit import verify_store
from governance.domain.events import MeetingHeld
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

    assert str(problem) == f"{path} is not an SQLite database"


# --- many processes, a new Governance for every recording ---------------------------------

SPAWN = multiprocessing.get_context("spawn")
WRITERS = 8
#: Recordings per writer through the library, and through the command line (each a new
#: process, which costs about a second: raise it with GOVERNANCE_STRESS_CLI_RECORDINGS).
RECORDINGS = 30
CLI_RECORDINGS = int(os.environ.get("GOVERNANCE_STRESS_CLI_RECORDINGS", "2"))
FIRST_MEETING = date(2023, 1, 2)


def _minutes_yaml(body: str, number: int) -> str:
    return (
        f"kind: minutes\nbody: {body}\nmeeting:\n"
        f"  date: {FIRST_MEETING + timedelta(days=7 * number)}\n"
        'items:\n  - number: "1"\n    title: Previous minutes\n    decisions: [Approved]\n'
    )


def _record_through_the_library(path: str, body: str, count: int, results: Queue[Any]) -> None:
    """In a child process: record ``count`` minutes, each with a new `Governance`."""
    errors = []
    for number in range(count):
        source = Path(path).with_name(f"{body}-{number}.yaml")
        source.write_text(_minutes_yaml(body, number), encoding="utf-8")
        try:
            app = Governance(path)
            try:
                app.record_file(source)
            finally:
                app.close()
        except Exception as error:
            errors.append(f"{body} #{number}: {type(error).__name__}: {error}")
    results.put(errors)


def _record_through_the_command_line(
    path: str, body: str, count: int, results: Queue[Any]
) -> None:
    """In a child process: run ``governance record`` ``count`` times."""
    errors = []
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"}
    for number in range(count):
        source = Path(path).with_name(f"{body}-{number}.yaml")
        source.write_text(_minutes_yaml(body, number), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "governance", "record", str(source), "--store", path],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        if done.returncode != 0:
            errors.append(f"{body} #{number}: exit {done.returncode}: {done.stdout}{done.stderr}")
    results.put(errors)


def _stress(path: Path, worker: Callable[..., None], count: int) -> None:
    app = Governance(str(path))
    bodies = [f"n{k}" for k in range(WRITERS)]
    app.record(*(RegisterBody(body_id=body, name=f"Network {body}") for body in bodies))
    app.close()
    results: Queue[Any] = SPAWN.Queue()
    children = [
        SPAWN.Process(target=worker, args=(str(path), body, count, results)) for body in bodies
    ]
    for child in children:
        child.start()
    errors = [error for _ in children for error in results.get(timeout=900)]
    for child in children:
        child.join(60)

    assert errors == []
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    app = Governance(str(path))
    try:
        held = Counter(
            entry.event.meeting_id
            for entry in app.iter_log()
            if isinstance(entry.event, MeetingHeld)
        )
        assert verify_store(app).intact
    finally:
        app.close()
    expected = {
        f"{body}/{FIRST_MEETING + timedelta(days=7 * number)}"
        for body in bodies
        for number in range(count)
    }
    assert set(held) == expected
    assert set(held.values()) == {1}


def test_eight_processes_each_opening_a_store_per_recording(tmp_path: Path) -> None:
    _stress(tmp_path / "governance.db", _record_through_the_library, RECORDINGS)


def test_eight_processes_each_running_the_command_line_per_recording(tmp_path: Path) -> None:
    _stress(tmp_path / "governance.db", _record_through_the_command_line, CLI_RECORDINGS)


def test_a_writer_that_waits_past_the_timeout_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "governance.db"
    app = Governance(str(path), env={"SQLITE_LOCK_TIMEOUT": "1"})
    app.record(RegisterBody(body_id="n0", name="Network 0"))
    source = tmp_path / "n0-0.yaml"
    source.write_text(_minutes_yaml("n0", 0), encoding="utf-8")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer that keeps the file
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            app.record_file(source)
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert "stayed locked by other writers for 1 seconds" in str(caught.value)
    assert "nothing was recorded" in str(caught.value)
    assert app.log_position() == 1
    assert app.record_file(source).is_new  # once the other writer is done
    app.close()
