"""Tamper evidence on real stores: digests, consistency, export and verification.

The mutation suite edits the events table of a real SQLite file and of a PostgreSQL
schema with plain SQL, as someone with access to the database could, and edits exported
files as someone with the export could. Each of the six mutations is found, at the right
position, by verifying the store and an export against a digest taken before.
"""

from __future__ import annotations

import ast
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import psycopg
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from governance import Governance, RegisterBody
from governance.audit import (
    AuditError,
    DigestError,
    ExportError,
    check_consistency,
    export_log,
    generate_keys,
    load_private_key,
    log_records,
    position_of_digest,
    read_digest,
    sign_digest,
    take_digest,
    verify_store,
    write_digest,
)
from governance.audit import export as export_module
from governance.audit import verify as verifier
from governance.audit.digest import digest_of, read_stored_log
from governance.audit.export import EXPORT_FILES, event_line
from governance.cli import app as cli
from tests.conftest import StepClock
from tests.scenario import DEC_8, NOV_17, SETUP

# The scenario records 17 events: 1-4 bodies and the mandate, 5-14 the minutes of 17 Nov,
# 15-17 those of 8 Dec. Positions 9 and 16 are both ItemRaised; 10 and 11 are the two
# AssignmentGiven of stream "item im/2023-11-17/5", which 9 starts.
EVENTS = 17


# --- stores and their tables ---------------------------------------------------------------


class Table(Protocol):
    """The stored events table, edited behind the application's back."""

    def state(self, position: int) -> bytes: ...
    def set_state(self, position: int, state: bytes) -> None: ...
    def delete(self, position: int) -> None: ...
    def move(self, position: int, to: int) -> None: ...
    def shift_up(self, start: int) -> None: ...
    def insert(self, position: int, row: tuple[str, int, str, bytes]) -> None: ...
    def row(self, position: int) -> tuple[str, int, str, bytes]: ...


class SQLiteTable:
    """eventsourcing's SQLite table ``stored_events``; the position is the rowid."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _run(self, sql: str, *params: Any) -> list[Any]:
        with closing(sqlite3.connect(self.path)) as connection, connection:
            return connection.execute(sql, params).fetchall()

    def row(self, position: int) -> tuple[str, int, str, bytes]:
        (row,) = self._run(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid = ?",
            position,
        )
        return tuple(row)

    def state(self, position: int) -> bytes:
        return self.row(position)[3]

    def set_state(self, position: int, state: bytes) -> None:
        self._run("UPDATE stored_events SET state = ? WHERE rowid = ?", state, position)

    def delete(self, position: int) -> None:
        self._run("DELETE FROM stored_events WHERE rowid = ?", position)

    def move(self, position: int, to: int) -> None:
        self._run("UPDATE stored_events SET rowid = ? WHERE rowid = ?", to, position)

    def shift_up(self, start: int) -> None:
        self._run("UPDATE stored_events SET rowid = -rowid WHERE rowid >= ?", start)
        self._run("UPDATE stored_events SET rowid = 1 - rowid WHERE rowid < 0")

    def insert(self, position: int, row: tuple[str, int, str, bytes]) -> None:
        self._run(
            "INSERT INTO stored_events "
            "(rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
            position,
            *row,
        )


class PostgresTable:
    """eventsourcing's PostgreSQL table ``governance_events``: ``notification_id``."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conninfo = url.split("?", maxsplit=1)[0]
        self.table = f'"{parse_qs(parts.query)["schema"][0]}".governance_events'

    def _run(self, sql: str, *params: Any) -> list[Any]:
        with psycopg.connect(self.conninfo, autocommit=True) as connection:
            cursor = connection.execute(sql.format(t=self.table), params)
            return cursor.fetchall() if cursor.description else []

    def row(self, position: int) -> tuple[str, int, str, bytes]:
        (row,) = self._run(
            "SELECT originator_id, originator_version, topic, state FROM {t} "
            "WHERE notification_id = %s",
            position,
        )
        return (str(row[0]), row[1], row[2], bytes(row[3]))

    def state(self, position: int) -> bytes:
        return self.row(position)[3]

    def set_state(self, position: int, state: bytes) -> None:
        self._run("UPDATE {t} SET state = %s WHERE notification_id = %s", state, position)

    def delete(self, position: int) -> None:
        self._run("DELETE FROM {t} WHERE notification_id = %s", position)

    def move(self, position: int, to: int) -> None:
        self._run("UPDATE {t} SET notification_id = %s WHERE notification_id = %s", to, position)

    def shift_up(self, start: int) -> None:
        moved = "UPDATE {t} SET notification_id = -notification_id WHERE notification_id >= %s"
        self._run(moved, start)
        self._run("UPDATE {t} SET notification_id = 1 - notification_id WHERE notification_id < 0")

    def skip_a_position(self) -> None:
        """What a rolled-back write does to the sequence."""
        self._run("SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))", self.table)

    def insert(self, position: int, row: tuple[str, int, str, bytes]) -> None:
        self._run(
            "INSERT INTO {t} (notification_id, originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s, %s)",
            position,
            *row,
        )


class Store:
    def __init__(self, url: str, table: Table) -> None:
        self.url = url
        self.table = table

    def open(self) -> Governance:
        return Governance(self.url, clock=StepClock())


def _record_scenario(url: str) -> None:
    app = Governance(url, clock=StepClock())
    app.record(*SETUP)
    app.record(NOV_17)
    app.record(DEC_8)
    app.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The scenario, recorded in a real SQLite file or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = str(tmp_path / "governance.db")
        table: Table = SQLiteTable(url)
    else:
        url = request.getfixturevalue("fresh_postgres_url")
        table = PostgresTable(url)
    _record_scenario(url)
    return Store(url, table)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    url = str(tmp_path / "governance.db")
    _record_scenario(url)
    return Store(url, SQLiteTable(url))


@pytest.fixture
def app(sqlite_store: Store) -> Iterator[Governance]:
    opened = sqlite_store.open()
    yield opened
    opened.close()


def _digest_file(store: Store, path: Path, *, leaves: bool = True) -> Path:
    app = store.open()
    try:
        return write_digest(take_digest(app, leaves=leaves), path)
    finally:
        app.close()


def _verify(store: Store, digest: Path | None = None) -> verifier.Verdict:
    app = store.open()
    try:
        return verify_store(app, digest)
    finally:
        app.close()


def _export(store: Store, folder: Path) -> Path:
    app = store.open()
    try:
        export_log(app, folder)
    finally:
        app.close()
    return folder


def _first(verdict: verifier.Verdict) -> verifier.Finding:
    assert not verdict.intact, verdict.report()
    return min(verdict.findings)


# --- the six mutations, on the table and on the exported file --------------------------------


def _flip_byte(state: bytes) -> bytes:
    """One bit of one byte: "recorded_at" becomes "secorded_at"; still JSON."""
    i = state.index(b"recorded_at")
    return state[:i] + bytes([state[i] ^ 1]) + state[i + 1 :]


def flip_a_byte(store: Store) -> None:
    store.table.set_state(8, _flip_byte(store.table.state(8)))


def delete_an_event(store: Store) -> None:
    store.table.delete(10)


def swap_two_states(store: Store) -> None:
    first, second = store.table.state(9), store.table.state(16)
    store.table.set_state(9, second)
    store.table.set_state(16, first)


def insert_an_event(store: Store) -> None:
    """An event put into the past: later positions renumbered to keep them contiguous."""
    _, _, topic, state = store.table.row(5)
    store.table.shift_up(6)
    store.table.insert(6, (str(uuid4()), 1, topic, state))


def truncate_the_tail(store: Store) -> None:
    for position in (15, 16, 17):
        store.table.delete(position)


def replace_the_last(store: Store) -> None:
    """Delete the last event, then append a new one: at the same position."""
    store.table.delete(EVENTS)
    app = store.open()
    try:
        (position,) = app.record(RegisterBody(body_id="vux", name="Vux-nätverket")).positions
    finally:
        app.close()
    if position != EVENTS:  # SQLite reuses the rowid; a PostgreSQL sequence does not
        store.table.move(position, EVENTS)


MUTATIONS: dict[str, tuple[Callable[[Store], None], int, str]] = {
    "flip a byte": (flip_a_byte, 8, "changed"),
    "delete an event": (delete_an_event, 10, "missing"),
    "swap two states": (swap_two_states, 9, "changed"),
    "insert an event": (insert_an_event, 6, "inserted"),
    "truncate the tail": (truncate_the_tail, 15, "truncated"),
    "replace the last": (replace_the_last, EVENTS, "changed"),
}


def _lines(folder: Path) -> list[dict[str, Any]]:
    text = (folder / "events.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _write_lines(folder: Path, lines: list[dict[str, Any]]) -> None:
    text = "".join(event_line(line) + "\n" for line in lines)
    (folder / "events.jsonl").write_text(text, encoding="utf-8")


def _at(lines: list[dict[str, Any]], position: int) -> dict[str, Any]:
    (line,) = [line for line in lines if line["position"] == position]
    return line


def _mutate_file(name: str, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if name == "flip a byte":
        _at(lines, 8)["state"] = _flip_byte(_at(lines, 8)["state"].encode()).decode()
    elif name == "delete an event":
        lines.remove(_at(lines, 10))
    elif name == "swap two states":
        first, second = _at(lines, 9), _at(lines, 16)
        first["state"], second["state"] = second["state"], first["state"]
    elif name == "insert an event":
        for line in lines:
            line["position"] += line["position"] >= 6
        lines.insert(5, {**_at(lines, 5), "position": 6, "originator_id": str(uuid4())})
    elif name == "truncate the tail":
        lines = [line for line in lines if line["position"] < 15]
    elif name == "replace the last":
        lines[-1] = {**lines[0], "position": EVENTS, "originator_id": str(uuid4())}
    return lines


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_mutated_store_is_caught_at_the_right_position(
    store: Store, tmp_path: Path, name: str
) -> None:
    mutate, position, kind = MUTATIONS[name]
    earlier = _digest_file(store, tmp_path / "earlier.json")

    mutate(store)
    found = _first(_verify(store, earlier))

    assert (found.position, found.message.split(":")[0]) == (position, kind), str(found)


@pytest.mark.parametrize("name", MUTATIONS)
def test_an_export_of_a_mutated_store_is_caught_against_an_earlier_digest(
    store: Store, tmp_path: Path, name: str
) -> None:
    mutate, position, kind = MUTATIONS[name]
    earlier = _digest_file(store, tmp_path / "earlier.json")
    mutate(store)
    folder = _export(store, tmp_path / "export")

    alone = verifier.verify_export(folder)
    found = _first(verifier.verify_export(folder, earlier))

    assert not [f for f in alone.findings if "digest.json" in f.message]  # it agrees with itself
    assert (found.position, found.message.split(":")[0]) == (position, kind), str(found)


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_mutated_export_file_is_caught_by_its_digest(
    store: Store, tmp_path: Path, name: str
) -> None:
    _, position, kind = MUTATIONS[name]
    folder = _export(store, tmp_path / "export")

    _write_lines(folder, _mutate_file(name, _lines(folder)))
    found = _first(verifier.verify_export(folder))

    assert (found.position, found.message.split(":")[0]) == (position, kind), str(found)


@pytest.mark.parametrize("name", MUTATIONS)
def test_an_export_rewritten_with_its_digest_is_caught_only_by_a_published_one(
    sqlite_store: Store, tmp_path: Path, name: str
) -> None:
    _, position, kind = MUTATIONS[name]
    published = _digest_file(sqlite_store, tmp_path / "published.json")
    folder = _export(sqlite_store, tmp_path / "export")
    lines = _mutate_file(name, _lines(folder))
    _write_lines(folder, lines)
    (folder / "digest.json").unlink()
    write_digest(digest_of(lines, time=read_digest(published).time), folder / "digest.json")

    alone = verifier.verify_export(folder)
    found = _first(verifier.verify_export(folder, published))

    assert not [f for f in alone.findings if "digest.json" in f.message]
    assert (found.position, found.message.split(":")[0]) == (position, kind), str(found)


def test_a_byte_edited_in_the_sqlite_file_itself_is_caught(
    sqlite_store: Store, tmp_path: Path
) -> None:
    earlier = _digest_file(sqlite_store, tmp_path / "earlier.json")
    path = Path(sqlite_store.url)
    before = [sqlite_store.table.state(position) for position in range(1, EVENTS + 1)]
    data = bytearray(path.read_bytes())
    data[data.index(b"Tibro") + 1] ^= 0x01  # as with a hex editor
    path.write_bytes(bytes(data))
    (edited,) = [
        position
        for position in range(1, EVENTS + 1)
        if sqlite_store.table.state(position) != before[position - 1]
    ]

    found = _first(_verify(sqlite_store, earlier))

    assert (found.position, found.message.split(":")[0]) == (edited, "changed")


def test_a_state_that_is_no_longer_json_is_named_even_without_a_digest(
    sqlite_store: Store,
) -> None:
    sqlite_store.table.set_state(8, sqlite_store.table.state(8)[:-1])

    found = _first(_verify(sqlite_store))

    assert found.position == 8
    assert "the state is not JSON" in found.message


def test_a_published_digest_vouches_for_the_states_of_the_events_it_covers(
    sqlite_store: Store, tmp_path: Path
) -> None:
    """Their states are not parsed again: the digest covers their bytes. A state that was
    not JSON when the digest was taken shows without it; one after it shows either way."""
    for position in (8, EVENTS):
        sqlite_store.table.set_state(position, sqlite_store.table.state(position)[:-1])
    app = sqlite_store.open()
    covering_8 = digest_of(log_records(app)[:12], time=datetime(2024, 1, 1, tzinfo=UTC))
    app.close()
    published = write_digest(covering_8, tmp_path / "published.json")

    with_it = _verify(sqlite_store, published).findings
    without = _verify(sqlite_store).findings

    assert [(f.position, f.message[:30]) for f in with_it] == [
        (EVENTS, "changed: the state is not JSON")
    ]
    assert [(f.position, f.message[:30]) for f in without] == [
        (8, "changed: the state is not JSON"),
        (EVENTS, "changed: the state is not JSON"),
    ]


def test_an_event_deleted_inside_a_stream_shows_without_a_digest(sqlite_store: Store) -> None:
    sqlite_store.table.delete(10)

    found = _first(_verify(sqlite_store))

    assert found.position == 11
    assert "goes from v1 to v3: an event of it is missing" in found.message


def test_a_digest_without_leaves_still_catches_a_change_but_only_says_up_to_where(
    sqlite_store: Store, tmp_path: Path
) -> None:
    earlier = _digest_file(sqlite_store, tmp_path / "earlier.json", leaves=False)
    flip_a_byte(sqlite_store)

    found = _first(_verify(sqlite_store, earlier))

    assert str(found).startswith(f"at or before position {EVENTS}: rewritten: the first 17")


def test_a_digest_without_leaves_names_a_truncation(sqlite_store: Store, tmp_path: Path) -> None:
    earlier = _digest_file(sqlite_store, tmp_path / "earlier.json", leaves=False)
    truncate_the_tail(sqlite_store)

    found = _first(_verify(sqlite_store, earlier))

    assert (found.position, found.message.split(":")[0]) == (15, "truncated")


def test_reordered_lines_are_named(sqlite_store: Store, tmp_path: Path) -> None:
    folder = _export(sqlite_store, tmp_path / "export")
    lines = _lines(folder)
    lines[6], lines[7] = lines[7], lines[6]
    _write_lines(folder, lines)

    findings = verifier.verify_export(folder).findings

    assert "position 7: reordered: it comes after position 8" in [str(f) for f in findings]


def test_a_broken_line_is_named_by_its_line_and_the_position_before(
    sqlite_store: Store, tmp_path: Path
) -> None:
    folder = _export(sqlite_store, tmp_path / "export")
    text = (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
    text[4] = text[4][:-2]
    (folder / "events.jsonl").write_text("\n".join(text) + "\n", encoding="utf-8")

    findings = [str(finding) for finding in sorted(verifier.verify_export(folder).findings)]

    assert findings[0].startswith("position 5: missing: digest.json has an event here")
    assert findings[1].startswith("line 5, after 4: not a line of JSON")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"state": 5}, "state must be text"),
        ({"position": "5"}, "whole numbers from 1"),
        ({"originator_version": 0}, "whole numbers from 1"),
        ({"topic": ""}, "must be text"),
        ({"extra": 1}, "expected an object of the fields"),
        ({"state": None, "state_base64": "!!"}, "expected an object of the fields"),
    ],
)
def test_a_line_that_is_not_an_event_is_named(
    sqlite_store: Store, tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    folder = _export(sqlite_store, tmp_path / "export")
    lines = _lines(folder)
    lines[4].update(change)
    _write_lines(folder, lines)

    findings = [str(finding) for finding in verifier.verify_export(folder).findings]

    unplaced = "position" in change or problem.startswith("expected")
    label = "line 5, after 4: " if unplaced else "line 5, position 5: "
    assert [f for f in findings if f.startswith(label) and problem in f], findings


# --- intact stores and exports ----------------------------------------------------------------


def test_an_intact_store_and_its_export_verify(store: Store, tmp_path: Path) -> None:
    earlier = _digest_file(store, tmp_path / "earlier.json")
    folder = _export(store, tmp_path / "export")

    from_store = _verify(store, earlier)
    from_export = verifier.verify_export(folder, earlier)

    assert from_store.intact, from_store.report()
    assert from_export.intact, from_export.report()
    assert from_store.root == from_export.root == read_digest(earlier).root
    assert from_store.report().startswith(f"intact: {EVENTS} events, root {from_store.root}")


def test_a_log_that_grew_still_extends_an_earlier_digest(store: Store, tmp_path: Path) -> None:
    earlier = _digest_file(store, tmp_path / "earlier.json")
    app = store.open()
    app.record(RegisterBody(body_id="vux", name="Vux-nätverket"))
    app.close()

    verdict = _verify(store, earlier)

    assert verdict.intact, verdict.report()
    assert verdict.events == EVENTS + 1
    assert f"extends {earlier}: 17 events" in verdict.report()


@pytest.mark.parametrize(("size", "leaves"), [(17, True), (17, False), (5, True), (5, False)])
def test_the_root_is_the_logs_whether_a_digest_covers_all_of_it_or_not(
    sqlite_store: Store, tmp_path: Path, size: int, leaves: bool
) -> None:
    app = sqlite_store.open()
    records = log_records(app)
    part = digest_of(records[:size], time=datetime(2024, 1, 1, tzinfo=UTC), leaves=leaves)
    verdict = verify_store(app, write_digest(part, tmp_path / "part.json"))
    app.close()

    assert verdict.intact, verdict.report()
    assert verdict.root == digest_of(records, time=part.time).root


def test_a_gap_in_positions_is_not_an_error(sqlite_store: Store, tmp_path: Path) -> None:
    """A PostgreSQL sequence skips the numbers of rolled-back writes."""
    sqlite_store.table.move(EVENTS, EVENTS + 5)
    digest = _digest_file(sqlite_store, tmp_path / "digest.json")
    folder = _export(sqlite_store, tmp_path / "export")

    assert read_digest(digest).last_position == EVENTS + 5
    assert _verify(sqlite_store, digest).intact
    assert verifier.verify_export(folder, digest).intact


def test_a_gap_left_by_postgresql_is_not_an_error(tmp_path: Path, fresh_postgres_url: str) -> None:
    _record_scenario(fresh_postgres_url)
    PostgresTable(fresh_postgres_url).skip_a_position()
    app = Governance(fresh_postgres_url, clock=StepClock())
    (position,) = app.record(RegisterBody(body_id="vux", name="Vux-nätverket")).positions
    verdict = verify_store(app)
    app.close()

    assert position == EVENTS + 2
    assert verdict.intact, verdict.report()


def test_an_empty_store_has_the_empty_root(tmp_path: Path) -> None:
    app = Governance(str(tmp_path / "empty.db"))

    digest = take_digest(app)

    assert (digest.tree_size, digest.last_position, digest.leaves) == (0, 0, ())
    assert digest.root == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert verify_store(app).report().startswith("intact: 0 events")
    app.close()


# --- digests, signatures, consistency ----------------------------------------------------


def test_a_digest_round_trips_through_its_file(app: Governance, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    digest = sign_digest(take_digest(app), key)

    path = write_digest(digest, tmp_path / "digest.json")

    assert read_digest(path) == digest
    assert position_of_digest(path) == EVENTS
    assert position_of_digest(path, app) == EVENTS
    with pytest.raises(AuditError, match="exists already"):
        write_digest(digest, path)


def test_position_of_a_digest_the_record_no_longer_matches(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = _digest_file(sqlite_store, tmp_path / "digest.json")
    flip_a_byte(sqlite_store)
    app = sqlite_store.open()

    with pytest.raises(DigestError, match="first difference is at position 8"):
        position_of_digest(path, app)
    app.close()


@pytest.mark.parametrize(
    "text",
    ["", "[]", '{"format": "other"}', '{"format": "governance-digest/1", "tree_size": -1}'],
)
def test_a_file_that_is_not_a_digest_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "bad.json").write_text(text)

    with pytest.raises(DigestError, match="is not a governance digest"):
        read_digest(tmp_path / "bad.json")


def test_a_digest_whose_leaves_do_not_give_its_root_is_refused(
    app: Governance, tmp_path: Path
) -> None:
    data = json.loads(take_digest(app).to_json())
    data["leaves"][3][1] = "0" * 64
    (tmp_path / "bad.json").write_text(json.dumps(data))

    with pytest.raises(DigestError, match="do not give its root"):
        read_digest(tmp_path / "bad.json")
    assert "inconsistent: its leaves do not give its root" in str(
        _first(verify_store(app, tmp_path / "bad.json"))
    )


def _hex(i: int) -> str:
    return f"{i:064x}"


_LEAVES: list[list[Any]] = [[3, _hex(1)], [5, _hex(2)]]
_TWO_LEAVES = {
    "format": "governance-digest/1",
    "tree_size": 2,
    "root": verifier.merkle_root([bytes.fromhex(leaf) for _, leaf in _LEAVES]).hex(),
    "last_position": 5,
    "time": "2024-01-01T00:00:00+00:00",
    "leaves": _LEAVES,
}
_NOT_A_DIGEST = "not a digest: see tree_size, last_position, root, time and leaves"
_NOT_INCREASING = "inconsistent: its leaves do not increase or do not match its tree_size"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),
        ({"leaves": None}, None),  # None: without "leaves", a digest taken root-only
        ({"leaves": "x"}, _NOT_A_DIGEST),
        ({"leaves": [[3, _hex(1), 0], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[3, _hex(1)], {"5": _hex(2)}]}, _NOT_A_DIGEST),
        ({"leaves": [[0, _hex(1)], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[True, _hex(1)], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [["3", _hex(1)], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[3, "A" * 64], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[3, _hex(1)[:-1]], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[3, _hex(1)[:-2] + " 1"], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"leaves": [[3, _hex(1)[:-1] + "é"], [5, _hex(2)]]}, _NOT_A_DIGEST),
        ({"root": "A" * 64}, _NOT_A_DIGEST),
        ({"root": None}, _NOT_A_DIGEST),
        ({"time": 5}, _NOT_A_DIGEST),
        ({"tree_size": True}, _NOT_A_DIGEST),
        ({"tree_size": 3}, _NOT_INCREASING),
        ({"leaves": [[5, _hex(1)], [5, _hex(2)]]}, _NOT_INCREASING),
        ({"leaves": [[5, _hex(1)], [3, _hex(2)]], "last_position": 3}, _NOT_INCREASING),
        ({"last_position": 6}, "inconsistent: its last leaf is not at its last_position"),
        ({"root": _hex(9)}, "inconsistent: its leaves do not give its root"),
    ],
)
def test_the_verifier_reads_a_digest_only_when_it_is_one(
    tmp_path: Path, change: dict[str, Any], problem: str | None
) -> None:
    data = {**_TWO_LEAVES, **change}
    if change.get("leaves", []) is None:
        del data["leaves"]
    (tmp_path / "d.json").write_text(json.dumps(data))

    digest, findings = verifier.read_digest(tmp_path / "d.json", "D")

    expected = [] if problem is None else [problem]
    assert ([f.message for f in findings], digest is None) == (expected, problem is not None)


def _keys(tmp_path: Path) -> tuple[Path, Path]:
    return generate_keys(tmp_path / "keys")


def test_signatures_are_checked_with_the_auditors_key(app: Governance, tmp_path: Path) -> None:
    private, public = _keys(tmp_path)
    _, other_public = generate_keys(tmp_path / "other")
    signed = write_digest(
        sign_digest(take_digest(app), load_private_key(private)), tmp_path / "s.json"
    )
    unsigned = write_digest(take_digest(app), tmp_path / "u.json")
    forged = json.loads(signed.read_text())
    forged["time"] = "2020-01-01T00:00:00+00:00"
    (tmp_path / "forged.json").write_text(json.dumps(forged))

    good = verify_store(app, signed, public)
    assert good.intact, good.report()
    assert f"signature of {signed}: good" in good.report()
    assert "bad signature" in str(_first(verify_store(app, signed, other_public)))
    assert "bad signature" in str(_first(verify_store(app, tmp_path / "forged.json", public)))
    assert "not signed" in str(_first(verify_store(app, unsigned, public)))
    assert (private.stat().st_mode & 0o777) == 0o600


def test_raw_key_files_work_too(app: Governance, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    (tmp_path / "key").write_bytes(
        key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    )
    (tmp_path / "key.pub").write_bytes(
        key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    )
    signed = sign_digest(take_digest(app), load_private_key(tmp_path / "key"))

    verdict = verify_store(app, write_digest(signed, tmp_path / "d.json"), tmp_path / "key.pub")

    assert verdict.intact, verdict.report()


def test_a_file_that_is_not_a_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "key").write_bytes(b"not a key")

    with pytest.raises(AuditError, match="not an Ed25519 private key"):
        load_private_key(tmp_path / "key")


def test_consistency_with_an_earlier_digest(store: Store, tmp_path: Path) -> None:
    app = store.open()
    earlier = take_digest(app)
    app.record(RegisterBody(body_id="vux", name="Vux-nätverket"))

    result = check_consistency(app, earlier)
    app.close()

    assert result.consistent, result.message
    assert result.message.startswith(f"consistent: the log of {EVENTS + 1} events")
    assert result.proof  # 17 is no power of two: the proof has nodes


def test_a_rewritten_past_is_inconsistent_even_in_a_replaced_database(
    tmp_path: Path,
) -> None:
    """Someone records the same minutes again into a fresh file and puts it in place."""
    url = str(tmp_path / "governance.db")
    _record_scenario(url)
    earlier = read_digest(_digest_file(Store(url, SQLiteTable(url)), tmp_path / "e.json"))
    Path(url).unlink()
    app = Governance(url, clock=StepClock(datetime(2026, 1, 6, tzinfo=UTC)))
    app.record(*SETUP)  # the same minutes, recorded a day later: other bytes
    app.record(NOV_17)
    app.record(DEC_8)

    result = check_consistency(app, earlier)
    app.close()

    assert not result.consistent
    assert result.message.startswith(
        f"the log was rewritten: the first {EVENTS} events no longer give root {earlier.root}"
    )
    assert result.message.endswith("the first difference is at position 1")


def test_a_truncated_log_is_inconsistent(sqlite_store: Store, tmp_path: Path) -> None:
    earlier = read_digest(_digest_file(sqlite_store, tmp_path / "e.json"))
    truncate_the_tail(sqlite_store)
    app = sqlite_store.open()

    result = check_consistency(app, earlier)
    app.close()

    assert result.message.startswith("the log was truncated: it has 14 events, up to position 14")


# --- export paths ------------------------------------------------------------------------------


def _nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def test_an_export_writes_the_four_files(app: Governance, tmp_path: Path) -> None:
    result = export_log(app, tmp_path / "export")

    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == sorted(EXPORT_FILES)
    assert result.digest == read_digest(tmp_path / "export" / "digest.json")
    assert len(_lines(tmp_path / "export")) == EVENTS
    assert "python3 verify.py ." in (tmp_path / "export" / "README.md").read_text()


def test_an_export_into_an_empty_folder_is_allowed(app: Governance, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()

    export_log(app, tmp_path / "export")

    assert (tmp_path / "export" / "events.jsonl").exists()


def test_an_export_folder_that_is_a_symlink_is_refused(app: Governance, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "export").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(ExportError, match="it is a symbolic link"):
        export_log(app, tmp_path / "export")
    assert _nothing_in(tmp_path / "elsewhere")


@pytest.mark.parametrize("existed", [True, False], ids=["empty folder", "new folder"])
@pytest.mark.parametrize("swapped", ["the folder", "its parent"])
def test_a_folder_swapped_for_a_symlink_after_the_check_gets_nothing_outside_it(
    app: Governance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool, swapped: str
) -> None:
    """DIR is checked before the log is read and written after: a symbolic link put in
    its place (or its parent's) in between must not lead the files elsewhere."""
    outside = tmp_path / "outside"
    outside.mkdir()
    parent = tmp_path / "exports"
    folder = parent / "2024"
    folder.mkdir(parents=True) if existed else parent.mkdir()
    reading = read_stored_log

    def swap_then_read(*args: Any, **kwargs: Any) -> Any:
        moved = parent if swapped == "its parent" else folder
        moved.rename(moved.with_name(moved.name + "-moved"))
        moved.symlink_to(outside)
        if swapped == "its parent":
            (outside / "2024").mkdir()
        return reading(*args, **kwargs)

    monkeypatch.setattr(export_module, "read_stored_log", swap_then_read)

    export_log(app, folder)

    written = sorted(
        Path(folder, name).relative_to(tmp_path).as_posix()
        for folder, _, names in os.walk(tmp_path)  # not into symbolic links
        for name in names
        if not name.startswith("governance.db")
    )
    real = "exports-moved/2024" if swapped == "its parent" else "exports/2024-moved"
    assert written == sorted(f"{real}/{name}" for name in EXPORT_FILES)


def test_an_export_path_through_a_symlinked_parent_is_refused(
    app: Governance, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "parent").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(ExportError, match="passes through a symbolic link"):
        export_log(app, tmp_path / "parent" / "export")
    assert _nothing_in(tmp_path / "elsewhere")


def test_an_export_path_with_dot_dot_is_refused(
    app: Governance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")

    with pytest.raises(ExportError, match=r"a path with '\.\.'"):
        export_log(app, Path("export/../../outside"))
    assert not (tmp_path / "outside").exists()
    assert _nothing_in(tmp_path / "here")


def test_an_export_never_overwrites(app: Governance, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "events.jsonl").write_text("mine")

    with pytest.raises(ExportError, match=r"it is not empty \(events.jsonl\)"):
        export_log(app, tmp_path / "export")
    assert [p.name for p in (tmp_path / "export").iterdir()] == ["events.jsonl"]
    assert (tmp_path / "export" / "events.jsonl").read_text() == "mine"


def test_an_export_onto_a_file_is_refused(app: Governance, tmp_path: Path) -> None:
    (tmp_path / "export").write_text("mine")

    with pytest.raises(ExportError, match="not a folder"):
        export_log(app, tmp_path / "export")


# --- the verifier stands alone -------------------------------------------------------------


def test_the_exported_verifier_runs_without_any_installed_package(
    app: Governance, tmp_path: Path
) -> None:
    export_log(app, tmp_path / "export")
    script = tmp_path / "export" / "verify.py"

    # -I -S: no site-packages at all, so neither governance nor cryptography
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(tmp_path / "export")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith(f"intact: {EVENTS} events, root ")


def test_the_verifier_runs_as_a_module_without_warnings(app: Governance, tmp_path: Path) -> None:
    export_log(app, tmp_path / "export")

    run = subprocess.run(
        [sys.executable, "-m", "governance.audit.verify", str(tmp_path / "export")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (run.returncode, run.stderr) == (0, "")


def test_the_verifier_needs_the_standard_library_alone() -> None:
    tree = ast.parse(Path(verifier.__file__).read_text(encoding="utf-8"))

    def imported(nodes: Iterable[ast.AST]) -> set[str]:
        names = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names.add((node.module or "").split(".")[0])
        return names

    assert imported(tree.body) <= sys.stdlib_module_names
    assert imported(ast.walk(tree)) - sys.stdlib_module_names == {"cryptography"}


# --- the command line ------------------------------------------------------------------


def _cli(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_the_commands_for_an_auditor(sqlite_store: Store, tmp_path: Path) -> None:
    url = sqlite_store.url
    digest = str(tmp_path / "d.json")
    keys = tmp_path / "keys"

    assert _cli("audit", "keygen", str(keys)).exit_code == 0
    private, public = str(keys / "digest-key.pem"), str(keys / "digest-key.pub.pem")
    made = _cli("audit", "digest", "--store", url, "--sign", private, "-o", digest)
    verified = _cli("audit", "verify", "--store", url, "--digest", digest, "--key", public)
    exported = _cli("audit", "export", str(tmp_path / "export"), "--store", url)
    from_export = _cli("audit", "verify", str(tmp_path / "export"), "--digest", digest)
    consistent = _cli("audit", "consistency", digest, "--store", url)

    assert made.exit_code == 0, made.output
    assert f"digest of {EVENTS} events written to {digest}" in made.output
    assert verified.exit_code == 0, verified.output
    assert verified.output.startswith(f"intact: {EVENTS} events, root ")
    assert exported.exit_code == 0, exported.output
    assert from_export.exit_code == 0, from_export.output
    assert consistent.exit_code == 0, consistent.output
    assert consistent.output.startswith(f"consistent: the log of {EVENTS} events")


def test_the_commands_exit_1_naming_the_position(sqlite_store: Store, tmp_path: Path) -> None:
    url = sqlite_store.url
    digest = str(tmp_path / "d.json")
    assert _cli("audit", "digest", "--store", url, "-o", digest).exit_code == 0
    flip_a_byte(sqlite_store)

    verified = _cli("audit", "verify", "--store", url, "--digest", digest)
    consistent = _cli("audit", "consistency", digest, "--store", url, "--json")

    assert verified.exit_code == 1
    assert verified.output.startswith("not intact: position 8: changed")
    assert consistent.exit_code == 1
    assert json.loads(consistent.stdout)["consistent"] is False


def test_the_commands_refuse_what_they_must(sqlite_store: Store, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path)

    exported = _cli("audit", "export", str(tmp_path / "link"), "--store", sqlite_store.url)
    missing = _cli("audit", "verify", "--store", str(tmp_path / "nothing.db"))
    both = _cli("audit", "verify", str(tmp_path), "--store", sqlite_store.url)

    assert exported.exit_code == 1
    assert "error: refusing" in exported.output
    assert missing.exit_code == 1
    assert "no record at" in missing.output
    assert not (tmp_path / "nothing.db").exists()
    assert both.exit_code == 2


def test_log_records_are_what_the_export_writes(app: Governance, tmp_path: Path) -> None:
    export_log(app, tmp_path / "export")

    assert _lines(tmp_path / "export") == log_records(app)
